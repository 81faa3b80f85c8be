/**
 * The linkage benchmarks: accuracy on the public FEBRL data sets, accuracy and speed on synthetic justice data, and
 * the 1,000,000-record scale run. Each run is a separate `justid` process so its wall time and peak memory are its
 * own. Prints a table of figures; targets are in docs/linkage.md.
 *
 *   npm run bench                 all benchmarks
 *   npm run bench -- febrl synth  only some (febrl, synth, scale)
 *   npm run bench -- scale [1m 3m 10m]   link at 1, 3 and 10 million records: time, memory and pairs per stage,
 *                                 and their growth (see bench/scale.ts; among all the benchmarks, 1M only)
 *   npm run bench -- seeds        the fairness figures on synthetic data of four seeds (not run by default)
 *   npm run bench -- panel        default-settings link and evaluate on public data and every synth profile
 *                                 (not run by default; see bench/panel.ts); `panel febrl1 synth-historic` runs
 *                                 only those data sets
 *   npm run bench serve -- --index PATH   load on `justid serve` over a person index (see bench/serve-load.ts)
 *   npm run bench eligibility -- --index PATH   eligibility checks per second (see bench/eligibility-load.ts)
 *   npm run bench -- custody [--persons N]   training and scoring time of the custody violence estimate for
 *                                 1,000,000 persons (not run by default; see bench/custody.ts)
 *   npm run bench -- standardise [--data DIR]   records a second per core of parsing, standardising and writing
 *                                 staging rows, on one thread (not run by default; see bench/standardise.ts)
 *   npm run bench -- soak [--seconds 60]   a soak run of the API on a small synthetic index: fails on a 5xx or
 *                                 memory growth over a bound (not run by default; see bench/soak.ts)
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { custodyBench, personsArg } from './custody.ts'
import { eligibilityLoad } from './eligibility-load.ts'
import { type Measured, measuredJustid } from './measured-run.ts'
import { runPanel } from './panel.ts'
import { runScale, SCALE_SIZES } from './scale.ts'
import { indexArg, serveLoad } from './serve-load.ts'
import { soak, soakOptions } from './soak.ts'
import { dataArg, standardiseBench } from './standardise.ts'

const root = path.resolve(import.meta.dirname, '..')
const work = path.join(root, 'bench', 'results')
const shared = path.resolve(root, '..', 'shared', 'data')
const log = path.join(work, 'runs.jsonl')

const justid = (argv: string[]): Measured & { stdout: string } => {
  const run = measuredJustid(root, log, argv)
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr)
    throw new Error(`justid ${argv[0]} failed (exit ${run.status})`)
  }
  return { ...run.measured, stdout: run.stdout }
}

interface Evaluation {
  pairwise: { precision: number; recall: number; f1: number }
  bCubed: { f1: number }
  falseMatchRate: number
  groups: {
    attribute: string
    groups: { group: string; recall: number; falseMatchRate: number; truePairs: number }[]
    gaps: string[]
  }[]
}
const evaluation = (out: string): Evaluation =>
  JSON.parse(readFileSync(path.join(out, 'evaluation.json'), 'utf8')) as Evaluation
const runInfo = (out: string) =>
  JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as {
    summary: { records: number; candidatePairs: number }
  }

const rows: Record<string, string | number>[] = []
const f = (x: number, d = 4) => Number(x.toFixed(d))

const linkAndEvaluate = (name: string, sources: string[], truth: string[], target: string) => {
  const out = path.join(work, name)
  rmSync(out, { recursive: true, force: true })
  const link = justid(['link', '--out', out, ...sources])
  justid(['evaluate', '--out', out, ...truth])
  const e = evaluation(out)
  const info = runInfo(out)
  rows.push({
    benchmark: name,
    records: info.summary.records,
    candidatePairs: info.summary.candidatePairs,
    seconds: f(link.seconds, 1),
    peakMiB: Math.round(link.peakMiB),
    precision: f(e.pairwise.precision),
    recall: f(e.pairwise.recall),
    f1: f(e.pairwise.f1),
    bCubedF1: f(e.bCubed.f1),
    target,
  })
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`)
  // The fairness figures: recall and false-match rate per group, against the overall figures.
  for (const breakdown of e.groups) {
    process.stdout.write(
      `  by ${breakdown.attribute} (overall recall ${f(e.pairwise.recall)}, false-match rate ${f(e.falseMatchRate)}):\n`,
    )
    for (const g of breakdown.groups) {
      process.stdout.write(
        `    ${g.group.padEnd(18)} recall ${f(g.recall)} (${f((g.recall - e.pairwise.recall) * 100, 1)} points)  ` +
          `false-match rate ${f(g.falseMatchRate)}  true pairs ${g.truePairs}\n`,
      )
    }
    for (const gap of breakdown.gaps) process.stdout.write(`    ${gap}\n`)
  }
}

const synthRecords = (name: string, people: number, seed = 11) => {
  const data = path.join(work, `${name}-data`)
  if (!existsSync(path.join(data, 'truth.csv')))
    justid(['synth', '--people', String(people), '--seed', String(seed), '--out', data])
  return data
}

/**
 * One seed's figures can sit on either side of a target by chance: the fairness figures over several seeds, per
 * name-origin group, as the recall gap to overall (points) and the false-match rate as a multiple of overall.
 */
const fairnessAcrossSeeds = (seeds: readonly number[]) => {
  const byGroup = new Map<string, { gap: number[]; ratio: number[] }>()
  for (const seed of seeds) {
    const name = seed === 11 ? 'synth-100k' : `synth-100k-seed${seed}`
    const data = synthRecords(name, 50_000, seed)
    const out = path.join(work, name)
    rmSync(out, { recursive: true, force: true })
    justid([
      'link',
      '--out',
      out,
      ...['court', 'prison', 'probation'].map((s) => path.join(data, `${s}.csv`)),
    ])
    justid(['evaluate', '--out', out, '--truth', path.join(data, 'truth.csv')])
    const e = evaluation(out)
    for (const g of e.groups.find((b) => b.attribute === 'name_origin')?.groups ?? []) {
      const row = byGroup.get(g.group) ?? { gap: [], ratio: [] }
      row.gap.push((g.recall - e.pairwise.recall) * 100)
      row.ratio.push(g.falseMatchRate / e.falseMatchRate)
      byGroup.set(g.group, row)
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const span = (xs: number[], d: number) =>
    `${mean(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)} to ${Math.max(...xs).toFixed(d)})`
  process.stdout.write(
    `fairness over seeds ${seeds.join(', ')} (synthetic data, about 100,000 records each):\n`,
  )
  for (const [group, { gap, ratio }] of [...byGroup].sort(([a], [b]) => a.localeCompare(b))) {
    const met = gap.filter((g, i) => g >= -2 && ratio[i]! <= 2).length
    process.stdout.write(
      `  ${group.padEnd(18)} recall vs overall ${span(gap, 1)} points  false-match rate ${span(ratio, 2)}x  ` +
        `both targets met in ${met} of ${seeds.length}\n`,
    )
  }
}

const wanted = new Set(process.argv.slice(2))
const want = (name: string) => wanted.size === 0 || wanted.has(name)
mkdirSync(work, { recursive: true })

if (want('febrl')) {
  for (const file of ['febrl1.csv', 'febrl2.csv']) {
    const source = path.join(shared, file)
    if (!existsSync(source)) {
      process.stdout.write(`skipping ${file}: not found in ${shared}\n`)
      continue
    }
    linkAndEvaluate(file.replace('.csv', ''), [source], ['--febrl-ids'], 'F1 >= 0.99')
  }
}
if (want('synth')) {
  // About 2 records per person: 50,000 people make about 100,000 records.
  const data = synthRecords('synth-100k', 50_000)
  const sources = ['court', 'prison', 'probation'].map((s) => path.join(data, `${s}.csv`))
  linkAndEvaluate(
    'synth-100k',
    sources,
    ['--truth', path.join(data, 'truth.csv')],
    'F1 >= 0.97, precision >= 0.99, < 15 s',
  )
}
if (want('scale')) {
  // Named, the scale benchmark runs every size (or those named after it); among all the benchmarks, 1M only.
  const named = [...wanted].filter((a) => a in SCALE_SIZES)
  const sizes = !wanted.has('scale') ? ['1m'] : named.length > 0 ? named : Object.keys(SCALE_SIZES)
  rows.push(...runScale(root, work, log, sizes))
}

if (wanted.has('seeds')) fairnessAcrossSeeds([11, 12, 13, 14])
if (wanted.has('panel')) {
  // Names after `panel` that are not other benchmarks choose panel data sets.
  const benchmarks = new Set([
    'febrl',
    'synth',
    'scale',
    ...Object.keys(SCALE_SIZES),
    'seeds',
    'serve',
    'eligibility',
    'panel',
    'soak',
    'custody',
    'standardise',
  ])
  await runPanel(
    root,
    work,
    shared,
    [...wanted].filter((a) => !benchmarks.has(a) && !a.startsWith('-')),
  )
}

if (want('serve')) {
  const index = indexArg(process.argv.slice(2))
  if (index) rows.push(...(await serveLoad(index)))
  else
    process.stdout.write('skipping serve: give --index PATH, a person index written by justid link --index\n')
}

if (want('eligibility')) {
  const index = indexArg(process.argv.slice(2))
  if (index) rows.push(...(await eligibilityLoad(index)))
  else
    process.stdout.write(
      'skipping eligibility: give --index PATH, a person index written by justid link --index\n',
    )
}

let failed = false
if (wanted.has('custody')) rows.push(...custodyBench(personsArg(process.argv.slice(2))))
if (wanted.has('standardise'))
  rows.push(
    ...(await standardiseBench(dataArg(process.argv.slice(2)) ?? synthRecords('synth-200k', 100_000), work)),
  )
if (wanted.has('soak')) {
  const { figures, passed } = await soak(path.join(work, 'soak'), soakOptions(process.argv.slice(2)))
  rows.push(figures)
  failed ||= !passed
}

if (rows.length > 0) console.table(rows)
if (failed) process.exitCode = 1
