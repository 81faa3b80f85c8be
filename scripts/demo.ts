/**
 * The demo: generate a small synthetic justice data set, link it, and measure the result against its truth file,
 * through the same CLI a user runs. Everything goes under demo-out/.
 */
import path from 'node:path'
import { run } from '../src/cli/main.ts'

const out = path.resolve('demo-out')
const data = path.join(out, 'data')
const linked = path.join(out, 'link')

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
await step('Link them into persons', [
  'link',
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
  `\nDone. Inputs: ${data}\nOutputs: ${linked} (clusters.csv, pairs.parquet, model.json, report.html, evaluation.json, transparency.html)\n` +
    `Open ${path.join(linked, 'report.html')} in a browser to see the model and why records were linked.\n`,
)
