import { statfs } from 'node:fs/promises'
import { availableParallelism, totalmem } from 'node:os'
import path from 'node:path'
import bytes from 'bytes'
import { JustIdError } from '../core/errors.ts'

/**
 * A run's resources, decided before its heavy stages: DuckDB's memory limit, threads and temporary-file limit from
 * what the machine has, and whether the candidate pairs blocking would build fit in them. At ten million records a
 * run once spilled 60 GB of temporary files and filled the disk with nothing to show; it now stops before blocking
 * builds its pairs, saying what it would need, what is free and what to change. The decisions are pure functions;
 * only `readMachine` asks the system.
 */

/** What the machine offers: its memory, the free disk where DuckDB spills, its cores. */
export interface Machine {
  memoryBytes: number
  freeDiskBytes: number
  cores: number
}

/** The limits a run's DuckDB opens with, each with where it came from. */
export interface EngineLimits {
  memoryLimitBytes: number
  /** `--memory-limit`, or the machine's memory. */
  memoryFrom: 'option' | 'machine'
  threads: number
  /** The most temporary files DuckDB may write; a watchdog stops the run beyond it (database.ts). */
  maxTempBytes: number
  maxTempFrom: 'option' | 'machine'
  freeDiskBytes: number
  machineMemoryBytes: number
}

/**
 * DuckDB's share of the machine's memory: the rest is Node's (the clustering's typed arrays, the report, the
 * standardising workers) and the system's. DuckDB's own default, 80%, left a 10M run no room for them.
 */
export const MEMORY_SHARE = 0.5

/**
 * The share of the free disk DuckDB may fill with temporary files: the outputs are written to the same folder, and
 * the disk is shared with the person index, other runs and the system.
 */
export const TEMP_DISK_SHARE = 0.5

/** Options naming a limit, as the command line spells them (also LinkOptions' fields). */
export const MEMORY_OPTION = '--memory-limit'
export const TEMP_OPTION = '--max-temp-size'

/** A size as given to an option ("4GB", "512MB", a number of bytes), in bytes; 1 KB = 1,024 bytes. */
export const parseSize = (value: string, option: string): number => {
  const parsed = bytes.parse(value)
  if (parsed === null || !Number.isFinite(parsed) || parsed <= 0)
    throw new JustIdError('usage', `${option} must be a size such as 4GB or 512MB, not "${value}"`)
  return parsed
}

/** A size for people: "12.5 GB". */
export const formatSize = (n: number): string =>
  bytes(Math.max(0, Math.round(n)), { unitSeparator: ' ', decimalPlaces: 1 }) ?? `${n} B`

export const engineLimits = (
  machine: Machine,
  options: { memoryLimit?: string; maxTempSize?: string; threads?: number },
): EngineLimits => ({
  memoryLimitBytes:
    options.memoryLimit === undefined
      ? Math.floor(machine.memoryBytes * MEMORY_SHARE)
      : parseSize(options.memoryLimit, MEMORY_OPTION),
  memoryFrom: options.memoryLimit === undefined ? 'machine' : 'option',
  threads: options.threads ?? machine.cores,
  maxTempBytes:
    options.maxTempSize === undefined
      ? Math.floor(machine.freeDiskBytes * TEMP_DISK_SHARE)
      : parseSize(options.maxTempSize, TEMP_OPTION),
  maxTempFrom: options.maxTempSize === undefined ? 'machine' : 'option',
  freeDiskBytes: machine.freeDiskBytes,
  machineMemoryBytes: machine.memoryBytes,
})

/**
 * The machine's memory and cores, and the free disk of the folder DuckDB will spill into: the output folder, or the
 * nearest folder above it that exists (a run makes it).
 */
export const readMachine = async (folder: string): Promise<Machine> => {
  let dir = path.resolve(folder)
  for (;;) {
    try {
      const fs = await statfs(dir)
      return { memoryBytes: totalmem(), freeDiskBytes: fs.bavail * fs.bsize, cores: availableParallelism() }
    } catch (e) {
      const parent = path.dirname(dir)
      if (parent === dir) throw e
      dir = parent
    }
  }
}

/** The two checks: before blocking builds the candidate pairs, and before they are trained on and scored. */
export type Check = 'blocking' | 'scoring'

/**
 * Bytes a candidate pair takes in DuckDB at each check. Blocking: the candidates table (three integers, 12 bytes)
 * and the hash tables that build it (a pair made distinct, or looked up in the pairs of earlier rules). Scoring: the
 * scored table, a gamma and a partial weight per comparison (352 bytes a pair for the 38 columns of justice extracts
 * at 1M records, measured as an in-memory table), with the candidates beside it until the outputs are written.
 */
export const BYTES_PER_PAIR: Record<Check, number> = { blocking: 40, scoring: 400 }

/** Bytes a candidate pair takes in pairs.parquet on disk (38 MB for 1.94 million pairs at 1M records). */
export const OUTPUT_BYTES_PER_PAIR = 20

/** Free disk left untouched by a run whatever its limits: outputs are renamed into place, logs still written. */
export const DISK_RESERVE = 1024 ** 3

/** What a stage is about to work on, and what DuckDB already holds (the records, the candidates). */
export interface PairsEstimate {
  check: Check
  /**
   * Before blocking, at most this many candidate pairs: the sum of the rules' own counts, before de-duplication (6
   * times the pairs they make together on justice extracts at 1M records); before scoring, the candidate pairs.
   */
  candidatePairs: number
  /** The rule proposing the most pairs, to name in a message. */
  largestRule?: { name: string; pairs: number }
  /** DuckDB's memory in use and temporary storage now (database.ts memoryInUse). */
  inUseBytes: number
}

/** A run's need, judged before blocking: go (with how much it expects to spill) or stop with a message. */
export type Verdict =
  | { go: true; needBytes: number; spillBytes: number; outputBytes: number }
  | { go: false; needBytes: number; spillBytes: number; outputBytes: number; message: string }

const count = (n: number): string => Math.round(n).toLocaleString('en-GB')

/**
 * Whether the candidate pairs fit: DuckDB holds the records and every pair until the outputs are written, in memory
 * up to its limit and in temporary files beyond; the outputs need disk too. A run stops when what it would spill is
 * over the temporary-file limit, or what it would spill and write is over the free disk (less a reserve).
 */
export const judgePairs = (estimate: PairsEstimate, limits: EngineLimits): Verdict => {
  const needBytes = estimate.inUseBytes + estimate.candidatePairs * BYTES_PER_PAIR[estimate.check]
  const spillBytes = Math.max(0, needBytes - limits.memoryLimitBytes)
  const outputBytes = estimate.check === 'scoring' ? estimate.candidatePairs * OUTPUT_BYTES_PER_PAIR : 0
  const figures = { needBytes, spillBytes, outputBytes }
  const overTemp = spillBytes > limits.maxTempBytes
  const overDisk = spillBytes + outputBytes > limits.freeDiskBytes - DISK_RESERVE
  if (!overTemp && !overDisk) return { go: true, ...figures }
  const largest = estimate.largestRule
    ? ` (the largest rule, "${estimate.largestRule.name}", ${count(estimate.largestRule.pairs)})`
    : ''
  const why = overTemp
    ? `${formatSize(spillBytes)} beyond DuckDB's memory limit of ${formatSize(limits.memoryLimitBytes)} (${limitOrigin(limits, 'memory')}) to spill into temporary files, over their limit of ${formatSize(limits.maxTempBytes)} (${limitOrigin(limits, 'temp')})`
    : `${formatSize(spillBytes)} of temporary files and ${formatSize(outputBytes)} of outputs, over the ${formatSize(limits.freeDiskBytes)} of disk free (${formatSize(DISK_RESERVE)} kept back)`
  return {
    go: false,
    ...figures,
    message:
      `${estimate.check === 'blocking' ? `stopped before building the candidate pairs: at most ${count(estimate.candidatePairs)} pairs` : `stopped before scoring: ${count(estimate.candidatePairs)} candidate pairs`}${largest} ` +
      `would need about ${formatSize(needBytes)} in DuckDB with the records loaded, ${why}. Narrow the blocking rules ` +
      `(a key more on the largest, or a lower maxPairsPerRule in the settings), give more memory (${MEMORY_OPTION}) ` +
      `or temporary disk (${TEMP_OPTION}), or free disk space`,
  }
}

const limitOrigin = (limits: EngineLimits, which: 'memory' | 'temp'): string =>
  which === 'memory'
    ? limits.memoryFrom === 'option'
      ? `set by ${MEMORY_OPTION}`
      : `${MEMORY_SHARE * 100}% of the machine's ${formatSize(limits.machineMemoryBytes)}, ${MEMORY_OPTION} to change`
    : limits.maxTempFrom === 'option'
      ? `set by ${TEMP_OPTION}`
      : `${TEMP_DISK_SHARE * 100}% of the ${formatSize(limits.freeDiskBytes)} free, ${TEMP_OPTION} to change`

/** The watchdog's stop (database.ts), explained with the limit's origin and what to change. */
export const tempExceededMessage = (limits: EngineLimits): string =>
  `DuckDB's temporary files passed their limit of ${formatSize(limits.maxTempBytes)} (${limitOrigin(limits, 'temp')}) ` +
  'and the run was stopped before it could fill the disk: narrow the blocking rules (a lower maxPairsPerRule in the ' +
  `settings), give more memory (${MEMORY_OPTION}) or temporary disk (${TEMP_OPTION}), or free disk space`

/**
 * JavaScript heap a link run needs: a base for the standardising workers (each inherits the limit; their caches are
 * bounded, src/standardise/memo.ts, but each remembers its source's record ids to refuse repeats) and the report,
 * then about 15 bytes a record for clustering at a million records (its evidence and pairs are typed arrays, outside
 * the heap, issue #20); 100 bytes a record leaves V8's collector room and the record ids theirs.
 */
export const HEAP_BASE_BYTES = 256 * 1024 ** 2
export const HEAP_BYTES_PER_RECORD = 100

/** Node's option for its heap limit, in MB, as NODE_OPTIONS gives it to every `justid` command. */
export const heapOption = (bytes: number): string =>
  `NODE_OPTIONS=--max-old-space-size=${Math.ceil(bytes / 1024 ** 2)}`

/**
 * Whether the records read fit V8's heap limit (`v8.getHeapStatistics().heap_size_limit`): judged once they are
 * read, so that a run too large for the heap stops with what to change, not minutes later with V8's own crash.
 */
export const judgeHeap = (
  records: number,
  heapLimitBytes: number,
): { go: true; needBytes: number } | { go: false; needBytes: number; message: string } => {
  const needBytes = HEAP_BASE_BYTES + records * HEAP_BYTES_PER_RECORD
  if (needBytes <= heapLimitBytes) return { go: true, needBytes }
  return {
    go: false,
    needBytes,
    message:
      `stopped after reading: ${count(records)} records need about ${formatSize(needBytes)} of JavaScript heap and ` +
      `Node's limit is ${formatSize(heapLimitBytes)}. Give Node more and run again: ${heapOption(needBytes)} ` +
      "before the command (the machine needs that much memory free beside DuckDB's limit)",
  }
}

/** What a run's summary and run.json keep of its resources. */
export interface ResourcesSummary extends EngineLimits {
  /** The checks before blocking and before scoring, as far as the run went. */
  checks?: { check: Check; candidatePairs: number; needBytes: number; spillBytes: number }[]
  /** The most temporary storage DuckDB held at a stage's end. */
  peakTempBytes?: number
}
