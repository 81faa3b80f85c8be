/**
 * The scale benchmark: `justid link` on synthetic justice extracts of about 1, 3 and 10 million records (generated
 * once by `justid synth` and kept in the bench folder), each in its own process, then `justid evaluate`. Prints per
 * size and stage the time, the peak memory by the stage's end and the pairs the stage worked on, then per size the
 * totals and their growth against the size before: time and memory should grow no faster than the pairs.
 *
 *   npm run bench -- scale            1M, 3M and 10M (10M: about 4 minutes to generate, 15 or more to link)
 *   npm run bench -- scale 1m 3m      only those sizes
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type Measured, measuredJustid } from './measured-run.ts'

/** Sizes by name: people generated (about two records each). */
export const SCALE_SIZES: Record<string, number> = { '1m': 500_000, '3m': 1_500_000, '10m': 5_000_000 }

interface RunSummary {
  records: number
  candidatePairs: number
  matches: number
  stageSeconds: Record<string, number>
  stagePeakMiB?: Record<string, number>
  resources?: { memoryLimitBytes: number; maxTempBytes: number; peakTempBytes?: number }
}

/** The pairs each stage works on: blocking, training, scoring and writing every candidate, clustering the matches. */
const stagePairs = (s: RunSummary, stage: string): number | '' =>
  stage === 'read' ? '' : stage === 'clustering' ? s.matches : s.candidatePairs

const f = (x: number, d = 1) => Number(x.toFixed(d))

export const runScale = (
  root: string,
  work: string,
  log: string,
  names: readonly string[],
): Record<string, string | number>[] => {
  const justid = (argv: string[]): Measured => {
    const run = measuredJustid(root, log, argv)
    if (run.status !== 0) {
      process.stderr.write(run.stdout + run.stderr)
      throw new Error(`justid ${argv[0]} failed (exit ${run.status})`)
    }
    return run.measured
  }
  const totals: Record<string, string | number>[] = []
  for (const name of names) {
    const people = SCALE_SIZES[name]
    if (people === undefined) throw new Error(`no scale size ${name}: ${Object.keys(SCALE_SIZES).join(', ')}`)
    const data = path.join(work, `synth-${name}-data`)
    if (!existsSync(path.join(data, 'truth.csv')))
      justid(['synth', '--people', String(people), '--seed', '11', '--out', data])
    const out = path.join(work, `scale-${name}`)
    rmSync(out, { recursive: true, force: true })
    const sources = ['court', 'prison', 'probation'].map((s) => path.join(data, `${s}.csv`))
    const link = justid(['link', '--out', out, ...sources])
    const s = (JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as { summary: RunSummary })
      .summary
    const stages = Object.keys(s.stageSeconds).map((stage) => ({
      size: name,
      stage,
      seconds: f(s.stageSeconds[stage] ?? 0),
      peakMiB: s.stagePeakMiB?.[stage] ?? '',
      pairs: stagePairs(s, stage),
    }))
    console.table(stages)
    justid(['evaluate', '--out', out, '--truth', path.join(data, 'truth.csv')])
    const e = JSON.parse(readFileSync(path.join(out, 'evaluation.json'), 'utf8')) as {
      pairwise: { precision: number; recall: number; f1: number }
    }
    const previous = totals.at(-1)
    const ratio = (key: string, value: number) =>
      previous ? f(value / Number(previous[key]), 2) : ('' as const)
    const row = {
      size: name,
      records: s.records,
      candidatePairs: s.candidatePairs,
      seconds: f(link.seconds),
      peakMiB: Math.round(link.peakMiB),
      spillMiB: Math.round((s.resources?.peakTempBytes ?? 0) / 1024 ** 2),
      precision: f(e.pairwise.precision, 4),
      recall: f(e.pairwise.recall, 4),
      f1: f(e.pairwise.f1, 4),
    }
    totals.push({
      ...row,
      'records×': ratio('records', row.records),
      'pairs×': ratio('candidatePairs', row.candidatePairs),
      'seconds×': ratio('seconds', row.seconds),
      'memory×': ratio('peakMiB', row.peakMiB),
    })
    process.stdout.write(`${JSON.stringify(totals.at(-1))}\n`)
  }
  return totals
}
