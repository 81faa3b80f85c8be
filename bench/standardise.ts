/**
 * Standardisation speed per core: a synthetic extract's CSV sources read on one thread, in three timed stages as
 * `justid link` runs them in each worker (src/batch/staging-rows.ts): (a) parsing CSV to records, (b) standardising
 * them, (c) writing the staging rows. One thread, so records a second of the process's CPU time is per core (the
 * wall time is printed too: on a shared machine it also counts other processes' turns). The memo caches start
 * empty, as in a worker.
 *
 *   npm run bench -- standardise [--data DIR]   DIR holds court.csv, prison.csv, probation.csv (`justid synth`);
 *                                               by default a 100,000-person set made under bench/results
 */
import { once } from 'node:events'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type StagingExtras, stagingRows } from '../src/batch/staging-rows.ts'
import { emptyCounts } from '../src/core/standardised.ts'
import { openSource } from '../src/sources/index.ts'
import { loadNameVariants, standardiseRecord } from '../src/standardise/index.ts'

export const dataArg = (argv: readonly string[]): string | undefined => {
  const at = argv.indexOf('--data')
  return at >= 0 ? argv[at + 1] : undefined
}

const SOURCES = ['court', 'prison', 'probation'] as const

interface Seconds {
  wall: number
  cpu: number
}
const zero = (): Seconds => ({ wall: 0, cpu: 0 })
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() })
/** Adds the wall and CPU seconds since `from` to `to`. */
const add = (to: Seconds, from: ReturnType<typeof clock>): void => {
  const cpu = process.cpuUsage(from.cpu)
  to.wall += (performance.now() - from.wall) / 1000
  to.cpu += (cpu.user + cpu.system) / 1e6
}

export const standardiseBench = async (
  data: string,
  work: string,
): Promise<Record<string, string | number>[]> => {
  const sources = await Promise.all(
    SOURCES.map((name) => openSource({ name, file: path.join(data, `${name}.csv`) })),
  )
  const variants = loadNameVariants()
  const counts = emptyCounts()
  const extras: StagingExtras = { otherIds: [], attributes: [] }
  const dir = path.join(work, 'standardise-staging')
  mkdirSync(dir, { recursive: true })
  const stages = { parse: zero(), standardise: zero(), write: zero() }
  let n = 0
  // Batch by batch as a worker goes (src/batch/staging-rows.ts), so that the heap and its collection are a worker's.
  for (const [i, source] of sources.entries()) {
    const out = createWriteStream(path.join(dir, `${i}.csv`))
    const closed = once(out, 'close')
    const batches = source.batches()[Symbol.asyncIterator]()
    for (;;) {
      let t = clock()
      const next = await batches.next()
      add(stages.parse, t)
      if (next.done) break
      t = clock()
      const standardised = next.value.map((r) => standardiseRecord(r, variants, counts))
      add(stages.standardise, t)
      t = clock()
      if (!out.write(stagingRows(standardised, i, n, extras))) await once(out, 'drain')
      add(stages.write, t)
      n += next.value.length
    }
    const t = clock()
    out.end()
    await closed
    add(stages.write, t)
  }
  rmSync(dir, { recursive: true, force: true })

  const row = (stage: string, s: Seconds) => ({
    benchmark: `standardise: ${stage}`,
    records: n,
    wallSeconds: Number(s.wall.toFixed(2)),
    cpuSeconds: Number(s.cpu.toFixed(2)),
    recordsPerSecondPerCore: Math.round(n / s.cpu),
    target: stage === 'standardise' ? '>= 150,000 a second per core' : '',
  })
  const { parse, standardise, write } = stages
  const rows = [
    row('parse CSV', parse),
    row('standardise', standardise),
    row('write staging', write),
    row('all three', {
      wall: parse.wall + standardise.wall + write.wall,
      cpu: parse.cpu + standardise.cpu + write.cpu,
    }),
  ]
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`)
  return rows
}
