/**
 * The panel (`npm run bench -- panel`): default-settings `justid link` then `justid evaluate` on public data sets
 * and on every synthetic profile, one row each, so a change is judged on data shaped unlike our own as well as on
 * ours. A run that fails prints its error in its row and the panel goes on. The table is also written to
 * bench/results/panel.json so two runs can be compared.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ProfileManifest } from '../src/synth/profile-output.ts'
import { measuredJustid } from './measured-run.ts'
import { type PanelTruth, trueCandidatePairs, truePairsOf, truthOf } from './panel-truth.ts'

interface DataSet {
  name: string
  /** Writes the data when it is generated; returns the files to link and where the truth is. */
  prepare(): { sources: string[]; truth: PanelTruth }
}

export interface PanelRow {
  dataSet: string
  records?: number
  candidatePairs?: number
  truePairs?: number
  blockingRecall?: number
  prior?: number
  truePrior?: number
  /** Estimated prior over the true one: the model is calibrated when this is near 1. */
  priorRatio?: number
  precision?: number
  recall?: number
  f1?: number
  bestF1?: number
  /** The name-origin group whose recall is furthest below overall, and by how many points. */
  worstOrigin?: string
  seconds?: number
  error?: string
}

interface Child {
  ok: boolean
  seconds: number
  error: string
}

/** Runs `justid` in its own process (bench/child.ts), timed; never throws for a failing run. */
const justid = (root: string, log: string, argv: string[]): Child => {
  const run = measuredJustid(root, log, argv)
  // The CLI reports an error as one line on stderr, "justid: <message>".
  const said = run.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const message = said.find((l) => l.startsWith('justid:')) ?? said.at(-1) ?? `exit ${run.status}`
  return {
    ok: run.status === 0,
    seconds: run.measured.seconds,
    error: run.status === 0 ? '' : message.slice(0, 200),
  }
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

interface RunJson {
  sources: { name: string; file: string; recordIdColumn?: string }[]
  summary: { records: number; candidatePairs: number; linkType?: string; sources: { records: number }[] }
}

interface EvaluationJson {
  pairwise: { precision: number; recall: number; f1: number }
  curve: { f1: number }[]
  groups: { attribute: string; groups: { group: string; recall: number; truePairs: number }[] }[]
}

/** Groups with fewer true pairs than this say more about chance than about the linker. */
const MIN_GROUP_PAIRS = 20

const worstOrigin = (e: EvaluationJson): string | undefined => {
  const groups = e.groups.find((g) => g.attribute === 'name_origin')?.groups ?? []
  const worst = groups
    .filter((g) => g.truePairs >= MIN_GROUP_PAIRS)
    .reduce<(typeof groups)[number] | null>((w, g) => (w === null || g.recall < w.recall ? g : w), null)
  return worst ? `${worst.group} ${((worst.recall - e.pairwise.recall) * 100).toFixed(1)}` : undefined
}

/** All pairs the run's link type lets it compare (as src/batch/pair-scope.ts counts them). */
const comparablePairs = (run: RunJson): number => {
  const sizes = run.summary.sources.map((s) => s.records)
  const all = (run.summary.records * (run.summary.records - 1)) / 2
  const within = sizes.reduce((a, n) => a + (n * (n - 1)) / 2, 0)
  const type = run.summary.linkType ?? 'link_and_dedupe'
  return type === 'link_only' ? all - within : type === 'dedupe_only' ? within : all
}

const r4 = (x: number): number => Number(x.toFixed(4))

export const dataSets = (root: string, work: string, shared: string): DataSet[] => {
  const data = path.join(work, 'panel-data')
  const publicSet = (name: string, file: string, truth: PanelTruth): DataSet => ({
    name,
    prepare: () => ({ sources: [path.join(shared, file)], truth }),
  })
  /** A FEBRL file rewritten as another system would give it: each new file as its header and data lines. */
  const febrlRewritten = (
    name: string,
    file: string,
    rewrite: (header: string, body: string[]) => [file: string, header: string, rows: string[]][],
  ): DataSet => ({
    name,
    prepare() {
      const dir = path.join(data, name)
      mkdirSync(dir, { recursive: true })
      const [header, ...body] = readFileSync(path.join(shared, file), 'utf8').split('\n').filter(Boolean)
      const files = rewrite(header!, body)
      for (const [out, head, rows] of files)
        writeFileSync(path.join(dir, out), `${[head, ...rows].join('\n')}\n`)
      return { sources: files.map(([out]) => path.join(dir, out)), truth: { kind: 'febrl-ids' } }
    },
  })
  /** FEBRL 2 as two files, originals and duplicates, the shape of a link between two extracts. */
  const febrlSplit = febrlRewritten('febrl2-split', 'febrl2.csv', (header, body) => [
    ['febrl2_org.csv', header, body.filter((l) => /^\s*rec-\d+-org/.test(l))],
    ['febrl2_dup.csv', header, body.filter((l) => /^\s*rec-\d+-dup/.test(l))],
  ])
  /**
   * FEBRL 1 as an extract of another country's system would give it: headers in German, birth dates written
   * dd.mm.yyyy. The names and birth date are known by their headers; the address and the identifier only by their
   * values, so this row shows what columns no header explains are worth.
   */
  const dayFirst = (d: string): string =>
    /^\d{8}$/.test(d) ? `${d.slice(6)}.${d.slice(4, 6)}.${d.slice(0, 4)}` : d
  const febrlForeign = febrlRewritten('febrl1-foreign', 'febrl1.csv', (_header, body) => [
    [
      'febrl1_de.csv',
      'ID,Vorname,Nachname,Hausnummer,Strasse,Zusatz,Ort,PLZ,Land,Geburtsdatum,SVNR',
      body.map((line) => {
        const cells = line.split(',').map((c) => c.trim())
        cells[9] = dayFirst(cells[9] ?? '')
        return cells.join(',')
      }),
    ],
  ])
  /** Modest sizes (2,000-20,000 records) so the whole panel takes minutes. */
  const profiles: [string, number][] = [
    ['justice', 3000],
    ['heavy', 2500],
    ['historic', 2500],
    ['contact', 1500],
    ['parts', 5000],
    ['nodob', 3000],
    ['registers', 4000],
  ]
  const synth = ([profile, people]: [string, number]): DataSet => ({
    name: `synth-${profile}`,
    prepare() {
      const dir = path.join(data, profile)
      rmSync(dir, { recursive: true, force: true })
      const made = spawnSync(
        process.execPath,
        [
          path.join(root, 'bin', 'justid.js'),
          'synth',
          '--profile',
          profile,
          '--people',
          String(people),
          '--seed',
          '11',
          '--out',
          dir,
        ],
        { cwd: root, encoding: 'utf8' },
      )
      if (made.status !== 0)
        throw new Error(`synth --profile ${profile} failed: ${made.stderr.trim().split('\n')[0]}`)
      const manifest = readJson<ProfileManifest>(path.join(dir, 'profile.json'))
      return {
        sources: manifest.files.map((f) => path.join(dir, f.file)),
        truth: { kind: 'file', file: path.join(dir, manifest.truth) },
      }
    },
  })
  return [
    publicSet('febrl1', 'febrl1.csv', { kind: 'febrl-ids' }),
    publicSet('febrl2', 'febrl2.csv', { kind: 'febrl-ids' }),
    publicSet('rldata500', 'rldata500.csv', { kind: 'column', column: 'identity' }),
    febrlSplit,
    febrlForeign,
    ...profiles.map(synth),
  ]
}

const truthArgs = (truth: PanelTruth): string[] =>
  truth.kind === 'febrl-ids'
    ? ['--febrl-ids']
    : ['--truth', truth.kind === 'column' ? truth.column : truth.file]

/** Links and evaluates one data set; what could be measured before a failure stays in the row. */
export const measure = async (root: string, work: string, log: string, set: DataSet): Promise<PanelRow> => {
  const row: PanelRow = { dataSet: set.name }
  let prepared: ReturnType<DataSet['prepare']>
  try {
    prepared = set.prepare()
  } catch (e) {
    return { ...row, error: (e as Error).message }
  }
  const out = path.join(work, 'panel', set.name)
  rmSync(out, { recursive: true, force: true })
  const link = justid(root, log, ['link', '--out', out, ...prepared.sources])
  row.seconds = Number(link.seconds.toFixed(1))
  if (!link.ok) return { ...row, error: `link: ${link.error}` }
  const run = readJson<RunJson>(path.join(out, 'run.json'))
  row.records = run.summary.records
  row.candidatePairs = run.summary.candidatePairs
  const persons = truthOf(prepared.truth, run.sources, root)
  row.truePairs = truePairsOf(persons)
  const truePrior = row.truePairs / comparablePairs(run)
  const prior = readJson<{ prior: number }>(path.join(out, 'model.json')).prior
  row.prior = Number(prior.toPrecision(3))
  if (row.truePairs > 0) {
    row.blockingRecall = r4((await trueCandidatePairs(out, persons)) / row.truePairs)
    row.truePrior = Number(truePrior.toPrecision(3))
    row.priorRatio = Number((prior / truePrior).toFixed(2))
  }
  const evaluate = justid(root, log, ['evaluate', '--out', out, ...truthArgs(prepared.truth)])
  if (!evaluate.ok) return { ...row, error: `evaluate: ${evaluate.error}` }
  const e = readJson<EvaluationJson>(path.join(out, 'evaluation.json'))
  row.precision = r4(e.pairwise.precision)
  row.recall = r4(e.pairwise.recall)
  row.f1 = r4(e.pairwise.f1)
  // As evaluate prints it: the best pairwise F1 over match-weight thresholds among the scored pairs.
  if (e.curve.length > 0) row.bestF1 = r4(Math.max(...e.curve.map((p) => p.f1)))
  const origin = worstOrigin(e)
  if (origin) row.worstOrigin = origin
  return row
}

const columns: [keyof PanelRow, string][] = [
  ['dataSet', 'data set'],
  ['records', 'records'],
  ['candidatePairs', 'candidate pairs'],
  ['blockingRecall', 'blocking recall'],
  ['prior', 'prior'],
  ['truePrior', 'true prior'],
  ['priorRatio', 'prior / true'],
  ['precision', 'precision'],
  ['recall', 'recall'],
  ['f1', 'F1'],
  ['bestF1', 'best F1'],
  ['worstOrigin', 'worst origin (recall points)'],
  ['seconds', 'link s'],
]

/** The table as Markdown, ready for docs/linkage.md; a failed row ends with its error. */
export const panelTable = (rows: readonly PanelRow[]): string => {
  const cell = (v: PanelRow[keyof PanelRow]) =>
    v === undefined
      ? ''
      : typeof v === 'number'
        ? v.toLocaleString('en-GB', { maximumSignificantDigits: 6 })
        : v
  const head = `| ${columns.map(([, h]) => h).join(' | ')} | error |\n|${columns.map(() => '---').join('|')}|---|\n`
  return (
    head +
    rows.map((r) => `| ${columns.map(([k]) => cell(r[k])).join(' | ')} | ${r.error ?? ''} |`).join('\n') +
    '\n'
  )
}

interface PanelRun {
  measured: string
  commit: string
  rows: PanelRow[]
}

const compared: (keyof PanelRow)[] = ['blockingRecall', 'precision', 'recall', 'f1', 'bestF1', 'seconds']

/** Each figure's change since the previous run (kept as panel-previous.json), so a change is judged on the panel. */
export const panelChanges = (previous: PanelRun, now: PanelRun): string => {
  const before = new Map(previous.rows.map((r) => [r.dataSet, r]))
  const lines = now.rows.map((r) => {
    const old = before.get(r.dataSet)
    const changes = compared.map((k) => {
      const [a, b] = [old?.[k], r[k]]
      if (typeof a !== 'number' || typeof b !== 'number') return `${k} -`
      const d = b - a
      return `${k} ${d >= 0 ? '+' : ''}${k === 'seconds' ? d.toFixed(1) : d.toFixed(4)}`
    })
    return `  ${r.dataSet.padEnd(18)} ${changes.join('  ')}${r.error ? `  (${r.error})` : ''}`
  })
  return `Changes since ${previous.commit} (${previous.measured}):\n${lines.join('\n')}\n`
}

/**
 * Runs the panel, or only the named data sets (`npm run bench -- panel febrl1 synth-historic`), whose table goes to
 * panel-partial.json and is compared with the same rows of the last whole panel.
 */
export const runPanel = async (
  root: string,
  work: string,
  shared: string,
  only: readonly string[] = [],
): Promise<PanelRow[]> => {
  const log = path.join(work, 'panel-runs.jsonl')
  mkdirSync(path.join(work, 'panel'), { recursive: true })
  const all = dataSets(root, work, shared)
  const unknown = only.filter((name) => !all.some((set) => set.name === name))
  if (unknown.length > 0)
    throw new Error(
      `no panel data set ${unknown.join(', ')} (there are ${all.map((s) => s.name).join(', ')})`,
    )
  const rows: PanelRow[] = []
  for (const set of all.filter((s) => only.length === 0 || only.includes(s.name))) {
    const row = await measure(root, work, log, set)
    rows.push(row)
    process.stdout.write(`${JSON.stringify(row)}\n`)
  }
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim()
  const whole = path.join(work, 'panel.json')
  const file = only.length > 0 ? path.join(work, 'panel-partial.json') : whole
  const previous = existsSync(whole) ? readJson<PanelRun>(whole) : null
  const run: PanelRun = { measured: new Date().toISOString(), commit, rows }
  if (previous && file === whole)
    writeFileSync(path.join(work, 'panel-previous.json'), `${JSON.stringify(previous, null, 2)}\n`)
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`)
  process.stdout.write(`\n${panelTable(rows)}\nWritten to ${file}\n`)
  if (previous) process.stdout.write(`\n${panelChanges(previous, run)}`)
  return rows
}
