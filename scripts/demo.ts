/**
 * The demo: generate a small synthetic justice data set, link it into a person index, measure the result against
 * its truth file, and prepare the real-time API on the index, through the same CLI a user runs. It prints a short
 * account (what it did, where the outputs are, one line of accuracy, what to try next); everything the commands
 * printed goes to demo.log beside the outputs.
 *
 *   tsx scripts/demo.ts [--people N] [--out DIR]     (default 3,000 people into demo-out/)
 */
import { randomBytes } from 'node:crypto'
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { run } from '../src/cli/main.ts'
import type { GroupBreakdown } from '../src/evaluate/groups.ts'
import type { Evaluation } from '../src/link/evaluate-run.ts'
import type { LinkSummary } from '../src/link/summary.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import { createClient } from '../src/serve/clients.ts'
import { hashPassword } from '../src/web/passwords.ts'

const { values: args } = parseArgs({
  options: { people: { type: 'string', default: '3000' }, out: { type: 'string', default: 'demo-out' } },
})
const out = path.resolve(args.out)
const data = path.join(out, 'data')
const linked = path.join(out, 'link')
const index = path.join(out, 'index.duckdb')
const log = path.join(out, 'demo.log')
const shown = (file: string): string => path.relative(process.cwd(), file) || '.'

const n = (x: number): string => x.toLocaleString('en-GB')
const percent = (x: number): string => (x === 0 || x === 1 ? `${100 * x}%` : `${(100 * x).toFixed(2)}%`)
const interval = ({ low, high }: { low: number; high: number }): string =>
  `${percent(low).slice(0, -1)}–${percent(high)}`
const say = (text: string): void => {
  process.stdout.write(text)
}

/**
 * Runs one CLI command with everything it prints going to the log; its seconds. On failure the command's own
 * error lines are shown too.
 */
const step = async (argv: string[]): Promise<number> => {
  appendFileSync(log, `\n$ justid ${argv.join(' ')}\n`)
  const original = { out: process.stdout.write, err: process.stderr.write, tty: process.stderr.isTTY }
  let errors = ''
  const toLog = (keep: boolean) =>
    ((chunk: string | Uint8Array) => {
      appendFileSync(log, chunk)
      if (keep) errors += String(chunk)
      return true
    }) as typeof process.stdout.write
  process.stdout.write = toLog(false)
  process.stderr.write = toLog(true)
  // No progress bars: their redrawing would fill the log.
  process.stderr.isTTY = false
  const started = performance.now()
  let code: number
  try {
    code = await run(argv)
  } finally {
    process.stdout.write = original.out
    process.stderr.write = original.err
    process.stderr.isTTY = original.tty
  }
  if (code !== 0) {
    say(
      `\n${errors}demo: justid ${argv[0]} failed with exit code ${code}; all it printed is in ${shown(log)}\n`,
    )
    process.exit(code)
  }
  return (performance.now() - started) / 1000
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

/** One group attribute as figures: the range of recall and the highest false-match rate, each with its interval. */
const groupLine = (g: GroupBreakdown): string => {
  if (g.groups.length === 0) return ''
  const byRecall = [...g.groups].sort((a, b) => a.recall - b.recall)
  const lowest = byRecall[0]!
  const highest = byRecall.at(-1)!
  const worstFmr = [...g.groups].sort((a, b) => b.falseMatchRate - a.falseMatchRate)[0]!
  return (
    `   by ${g.attribute.replace('_', ' ')}: recall ${percent(lowest.recall)} (${lowest.group}, 95% CI ${interval(lowest.recallInterval)}) ` +
    `to ${percent(highest.recall)}; false-match rate at most ${percent(worstFmr.falseMatchRate)} ` +
    `(${worstFmr.group}, ${interval(worstFmr.falseMatchRateInterval)})\n`
  )
}

await mkdir(out, { recursive: true })
writeFileSync(log, `JustID demo, ${new Date().toISOString()}: everything the commands printed.\n`)
// A fresh index each time, so the demo shows a first run (every person created) rather than a re-run.
rmSync(index, { force: true })
rmSync(`${index}.wal`, { force: true })

say('JustID demo: synthetic records from three justice systems, linked into persons with Justice IDs.\n\n')
const synthSeconds = await step(['synth', '--people', args.people, '--seed', '7', '--out', data])
const truth = readFileSync(path.join(data, 'truth.csv'), 'utf8').trim().split('\n').length - 1
say(
  `1. Generated ${n(truth)} synthetic records of ${n(Number(args.people))} people (${synthSeconds.toFixed(1)} s)\n`,
)

const sources = ['court', 'prison', 'probation'].map((s) => path.join(data, `${s}.csv`))
await step(['link', '--index', index, '--out', linked, ...sources])
const { summary } = readJson<{ summary: LinkSummary }>(path.join(linked, 'run.json'))
const flagged = summary.flagged.reduce((sum, f) => sum + f.clusters, 0)
say(
  `2. Linked them into ${n(summary.persons)} persons, each with a Justice ID in a new person index ` +
    `(${summary.seconds.toFixed(1)} s)\n` +
    `   from ${summary.sources.map((s) => `${s.name} ${n(s.records)}`).join(', ')} records; ` +
    `${n(summary.candidatePairs)} pairs compared; ${n(summary.reviewPairs)} pairs and ${n(flagged)} persons for review\n`,
)

await step(['evaluate', '--out', linked, '--truth', path.join(data, 'truth.csv')])
const e = readJson<Evaluation>(path.join(linked, 'evaluation.json'))
say(
  `3. Accuracy against the truth: precision ${percent(e.pairwise.precision)}, recall ${percent(e.pairwise.recall)}, ` +
    `F1 ${percent(e.pairwise.f1)} (pairs); ${n(e.clusters.exactMatches)} of ${n(e.clusters.trueClusters)} persons exactly right\n`,
)
for (const g of e.groups) say(groupLine(g))

await step(['transparency', '--out', linked])
say('4. Wrote the algorithmic transparency record, with the fields its owner must complete marked\n')

const store = await openIndexStore(index, { create: false })
const { token } = await createClient(store, {
  name: 'demo',
  scopes: ['match', 'person:read', 'record:write', 'admin'],
})
const password = randomBytes(12).toString('base64url')
await store.addStaffUser(
  {
    username: 'demo-reviewer',
    displayName: 'Demo Reviewer',
    role: 'reviewer',
    createdAt: new Date().toISOString(),
    disabled: false,
  },
  await hashPassword(password),
)
// A synthetic record of the index, with its surname mistyped, to show a match through the API.
let example = { forename: 'Jane', surname: 'Doe', dateOfBirth: '1980-01-01' }
for await (const chunk of store.records(1)) {
  const r = chunk[0]?.record
  if (r?.forename && r.surname && r.dateOfBirth)
    example = { forename: r.forename, surname: `${r.surname.slice(0, -1)}`, dateOfBirth: r.dateOfBirth }
  break
}
await store.close()
say('5. Registered an API client and a reviewer account (their secrets are shown below only, not logged)\n')

const outputs: [string, string][] = [
  [path.join(linked, 'report.html'), 'the model and why records were linked: open it in a browser'],
  [path.join(linked, 'clusters.csv'), "each record's Justice ID"],
  [path.join(linked, 'evaluation.json'), 'accuracy overall and per group'],
  [path.join(linked, 'transparency.html'), 'the algorithmic transparency record'],
  [index, 'the person index'],
  [data, 'the synthetic extracts and their truth'],
  [log, 'all the commands printed'],
]
const width = Math.max(...outputs.map(([file]) => shown(file).length))
say(`\nOutputs:\n${outputs.map(([file, what]) => `  ${shown(file).padEnd(width)}  ${what}\n`).join('')}`)
say(
  '\nTry next:\n' +
    `  npx justid serve --index ${shown(index)}    # the API, docs at http://127.0.0.1:8080/docs\n` +
    `  curl -s http://127.0.0.1:8080/v1/match -H 'Authorization: Bearer ${token}' -H 'X-Purpose: demo' \\\n` +
    `    -H 'Content-Type: application/json' -d '${JSON.stringify({ record: example })}'\n` +
    `  http://127.0.0.1:8080/    # the review app: sign in as demo-reviewer, password ${password}\n` +
    `  npx justid profile ${shown(sources[0]!)}    # what JustID reads in each column\n` +
    '  npx justid --help    # every command: link, add, evaluate, serve, ...\n',
)
