import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** What bench/child.ts records of one `justid` process: its exit code, wall time and peak memory. */
export interface Measured {
  code: number
  seconds: number
  peakMiB: number
}

const lines = (log: string): string[] =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []

/**
 * Runs `justid ARGV` in its own process through bench/child.ts, which appends its measurement to `log`; returns the
 * process's exit status and output with that measurement (zeros when the child recorded none).
 */
export const measuredJustid = (
  root: string,
  log: string,
  argv: readonly string[],
): { status: number | null; stdout: string; stderr: string; measured: Measured } => {
  const before = lines(log).length
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench', 'child.ts'), ...argv],
    {
      cwd: root,
      env: { ...process.env, JUSTID_BENCH_OUT: log },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const recorded = lines(log)[before]
  const measured = recorded
    ? (JSON.parse(recorded) as Measured)
    : { code: child.status ?? 1, seconds: 0, peakMiB: 0 }
  return { status: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '', measured }
}
