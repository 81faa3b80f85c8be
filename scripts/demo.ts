/**
 * The demo: generate a small synthetic justice data set, link it into a person index, measure the result against
 * its truth file, and prepare the real-time API on the index, through the same CLI a user runs. Everything goes
 * under demo-out/.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { run } from '../src/cli/main.ts'
import { openIndexStore } from '../src/index/store/open-store.ts'
import { createClient } from '../src/serve/clients.ts'
import { hashPassword } from '../src/web/passwords.ts'

const out = path.resolve('demo-out')
const data = path.join(out, 'data')
const linked = path.join(out, 'link')
const index = path.join(out, 'index.duckdb')

const step = async (title: string, argv: string[]): Promise<void> => {
  process.stdout.write(`\n== ${title}\n$ justid ${argv.join(' ')}\n`)
  const code = await run(argv)
  if (code !== 0) {
    process.stderr.write(`demo: "${title}" failed with exit code ${code}\n`)
    process.exit(code)
  }
}

await step('Generate synthetic court, prison and probation extracts', [
  'synth',
  '--people',
  '3000',
  '--seed',
  '7',
  '--out',
  data,
])
// A fresh index each time, so the demo shows a first run (every person created) rather than a re-run.
rmSync(index, { force: true })
rmSync(`${index}.wal`, { force: true })
await step('Link them into persons, with persistent Justice IDs in a person index', [
  'link',
  '--index',
  index,
  '--out',
  linked,
  path.join(data, 'court.csv'),
  path.join(data, 'prison.csv'),
  path.join(data, 'probation.csv'),
])
await step('Measure the linkage against the truth file', [
  'evaluate',
  '--out',
  linked,
  '--truth',
  path.join(data, 'truth.csv'),
])
await step('Write the algorithmic transparency record', ['transparency', '--out', linked])

process.stdout.write(
  '\n== Register an API client and a reviewer account for the real-time API and the review app\n',
)
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
process.stdout.write(
  `\nDone. Inputs: ${data}\nOutputs: ${linked} (clusters.csv with Justice IDs, pairs.parquet, model.json, report.html, evaluation.json, transparency.html)\n` +
    `Person index: ${index}\n` +
    `Open ${path.join(linked, 'report.html')} in a browser to see the model and why records were linked.\n\n` +
    `Start the real-time API on the demo index:\n  npx justid serve --index ${path.relative(process.cwd(), index)}\n` +
    `then browse http://127.0.0.1:8080/docs, or ask who someone is (the demo client's token, shown only here):\n` +
    `  curl -s http://127.0.0.1:8080/v1/match -H 'Authorization: Bearer ${token}' -H 'X-Purpose: demo' \\\n` +
    `    -H 'Content-Type: application/json' -d '${JSON.stringify({ record: example })}'\n` +
    `The review app is at http://127.0.0.1:8080/ — sign in as demo-reviewer with the password ${password}\n`,
)
