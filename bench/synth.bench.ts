/**
 * Speed and memory of the synthetic data generator: writes a population to a temporary folder and prints
 * records per second, total seconds and peak resident memory.
 *
 *   npx tsx bench/synth.bench.ts [--people N]   (default 520,000 people, about 1,000,000 records)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { writeSyntheticData } from '../src/synth/index.ts'

const flag = process.argv.indexOf('--people')
const people = flag >= 0 ? Number(process.argv[flag + 1]) : 520_000
if (!Number.isInteger(people) || people < 1) {
  process.stderr.write('--people takes a whole number of at least 1\n')
  process.exit(2)
}

const outDir = await mkdtemp(path.join(tmpdir(), 'justid-synth-bench-'))
try {
  const summary = await writeSyntheticData({ people, seed: 1, outDir })
  const records = summary.records.court + summary.records.prison + summary.records.probation
  const line = (label: string, value: string): void => {
    process.stdout.write(`${label.padEnd(22)} ${value}\n`)
  }
  line('people', people.toLocaleString('en-GB'))
  line('records', records.toLocaleString('en-GB'))
  line('records per person', (records / people).toFixed(2))
  line('seconds', summary.seconds.toFixed(1))
  line('records per second', Math.round(records / summary.seconds).toLocaleString('en-GB'))
  line('peak RSS (KB)', process.resourceUsage().maxRSS.toLocaleString('en-GB'))
} finally {
  await rm(outDir, { recursive: true, force: true })
}
