/**
 * Runs one `justid` command in its own process and appends its wall time and peak resident memory (which includes
 * DuckDB's native memory) as one JSON line to the file named by JUSTID_BENCH_OUT, so the parent can report them.
 */
import { appendFileSync } from 'node:fs'
import { run } from '../src/cli/main.ts'

const started = performance.now()
const code = await run(process.argv.slice(2))
const seconds = (performance.now() - started) / 1000
const peakMiB = process.resourceUsage().maxRSS / 1024
const out = process.env.JUSTID_BENCH_OUT
if (out) appendFileSync(out, `${JSON.stringify({ argv: process.argv.slice(2), code, seconds, peakMiB })}\n`)
process.exitCode = code
