/**
 * JustID as a library: `import { link, evaluate, openMatcher, scorePair } from 'justid'`. The same functions the
 * `justid` command line runs, for a TypeScript service that links or matches without spawning the CLI. Every
 * error a caller can act on is a `JustIdError` with a `code` and a message that names the file, row or field,
 * never a value.
 */

import type { LinkType } from './batch/pair-scope.ts'
import { type Evaluation, evaluateLinkRun, type TruthSource } from './link/evaluate-run.ts'
import type { Progress } from './link/progress.ts'
import { runLink } from './link/run-link.ts'
import type { LinkSummary } from './link/summary.ts'
import { openIndexStore } from './person-index/store/open-store.ts'
import {
  type OpenRealtimeIndex,
  openRealtimeIndex,
  type RealtimeIndexOptions,
} from './realtime/memory-index.ts'
import { parseSourceArg, type SourceSpec } from './sources/index.ts'

export { type ErrorCode, isJustIdError, JustIdError } from './core/errors.ts'
export type { StandardisedRecord } from './core/standardised.ts'
export type { Evaluation, TruthSource } from './link/evaluate-run.ts'
export type { IndexSummary, LinkSummary } from './link/summary.ts'
export type { LinkageModel, PairScore, WaterfallRow } from './model/index.ts'
export { explainPair, parseModel, scorePair } from './model/index.ts'
export type { RealtimeIndexOptions } from './realtime/memory-index.ts'
export { standardiseInput } from './realtime/probe.ts'
export type { MatchCandidate, MatchResult, MatchStatus, RecordInput } from './realtime/types.ts'
export type { LinkType, Progress, SourceSpec }

export interface LinkOptions {
  /** `FILE` or `NAME=FILE` as on the command line (CSV or Parquet), or a name and a file. */
  sources: (string | SourceSpec)[]
  /** Folder for clusters.csv, pairs.parquet, model.json, report.html and the rest, written all or none. */
  outDir: string
  /** A settings file (docs/settings.md). */
  settingsFile?: string
  /** A trained model.json to reuse, skipping training. */
  modelFile?: string
  /** A person index (a file path or a postgres:// URL) that keeps Justice IDs across runs. */
  index?: string
  /** With `index`: train a new model instead of reusing the one the index holds. */
  retrain?: boolean
  threads?: number
  /** DuckDB's memory limit before it spills to disk ("12GB"); default half the machine's memory. */
  memoryLimit?: string
  /** The most temporary files DuckDB may write ("20GB"); default half the free disk. */
  maxTempSize?: string
  linkType?: LinkType
  /** Stages of the run as it goes; by default none are reported. */
  progress?: Progress
  /** What the run would print as a warning; by default a Node process warning (`process.emitWarning`). */
  onWarning?: (message: string) => void
}

const noProgress: Progress = { stage() {}, update() {}, end() {} }

/** Links person records into persons, as `justid link` does, and returns what the command prints a summary of. */
export const link = (options: LinkOptions): Promise<LinkSummary> =>
  runLink({
    ...options,
    sources: options.sources.map((s) => (typeof s === 'string' ? parseSourceArg(s) : s)),
    progress: options.progress ?? noProgress,
    onWarning: options.onWarning ?? ((message) => process.emitWarning(message, 'JustIdWarning')),
  })

export interface EvaluateOptions {
  /** The `outDir` of a finished link run. */
  outDir: string
  /**
   * The true person of each record: a CSV file (`source,record_id,person_id`), the name of a source column that
   * holds it, or FEBRL-style record ids.
   */
  truth: string | TruthSource
  /** Columns of the truth file to measure accuracy per group by (e.g. name origin, sex, age band). */
  groupBy?: string[]
}

/**
 * Measures a link run against the truth, as `justid evaluate` does: writes evaluation.json, adds the figures to
 * report.html and returns them.
 */
export const evaluate = (options: EvaluateOptions): Promise<Evaluation> =>
  evaluateLinkRun({
    outDir: options.outDir,
    truth:
      typeof options.truth === 'string' ? { kind: 'file-or-column', value: options.truth } : options.truth,
    groupBy: options.groupBy,
  })

/** The real-time matcher over a person index held in memory; `close()` also closes the index it opened. */
export type Matcher = OpenRealtimeIndex

/**
 * Opens a person index (a file path or a postgres:// URL) and loads it into memory for real-time matching, as
 * `justid serve` does: `match(record)` answers "who is this?" in milliseconds. The index must exist.
 */
export const openMatcher = async (index: string, options: RealtimeIndexOptions = {}): Promise<Matcher> => {
  const store = await openIndexStore(index, { create: false })
  try {
    const m = await openRealtimeIndex(store, options)
    return {
      meta: () => m.meta(),
      scoreRecords: (left, right) => m.scoreRecords(left, right),
      match: (input, matchOptions) => m.match(input, matchOptions),
      search: (query) => m.search(query),
      person: (id) => m.person(id),
      recordKeysOf: (id) => m.recordKeysOf(id),
      upsert: (source, recordId, input) => m.upsert(source, recordId, input),
      remove: (source, recordId) => m.remove(source, recordId),
      decide: (decision) => m.decide(decision),
      stats: () => m.stats(),
      sources: () => m.sources(),
      oversizedBuckets: () => m.oversizedBuckets(),
      close: async () => {
        await m.close()
        await store.close()
      },
    }
  } catch (e) {
    await store.close().catch(() => undefined)
    throw e
  }
}
