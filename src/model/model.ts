import type { Condition } from './conditions.ts'
import type { SexFromForename } from './sex-from-forename.ts'

/** Term-frequency adjustment of an exact-match level: a match on a rare value counts more than on a common one. */
export interface TermFrequency {
  column: string
  /** Share of the full adjustment applied, 0..1. */
  weight: number
  /** Floor under the term frequency, so a value seen once does not give an unbounded weight. */
  minU: number
}

export interface ComparisonLevel {
  label: string
  condition: Condition
  /** The null level: a value missing on either side, no evidence either way (weight 0). */
  isNull?: boolean
  /**
   * The null level only: the narrower condition training uses, where scoring sets the comparison aside on pairs that
   * another comparison weighs (the town beside the same postcode district). Its m and u stay those of all pairs, so
   * its levels weigh as they did everywhere else.
   */
  trainingCondition?: Condition
  /** P(this level | the records are the same person). */
  m?: number
  /** P(this level | the records are different people). */
  u?: number
  tf?: TermFrequency
}

/** A comparison: ordered levels, the first whose condition holds wins; levels[0] is the null level. */
export interface Comparison {
  name: string
  description: string
  levels: ComparisonLevel[]
}

/**
 * How clustering treats a pair a guard capped (src/cluster): `cannot_link`, never in one person, even through other
 * pairs; `likely_relatives`, apart unless the person is known under both forenames; `none`, only capped (a birth
 * date can be wrong in the data, and clustering weighs the dates itself).
 */
export type GuardConstraint = 'cannot_link' | 'likely_relatives' | 'none'

/**
 * The relatives a guard's pattern describes, where training learns its cap from how often the data shows them
 * (src/model/relatives.ts): `twins`, one address and one birth date under different forenames; `parent_and_child`,
 * one name a generation apart.
 */
export type GuardRelatives = 'twins' | 'parent_and_child'

/** A rule that caps a pair's weight: evidence that the pair are relatives rather than one person. */
export interface Guard {
  name: string
  description: string
  when: Condition
  unless?: Condition
  capWeight: number
  constraint: GuardConstraint
  /** Present where training learns the cap from the data; absent, the cap stays as written. */
  relatives?: GuardRelatives
}

export interface TrainingSummary {
  seed: number
  uSamplePairs: number
  priorFrom: string
  sessions: {
    rule: string
    pairs: number
    converged: boolean
    iterations: { iteration: number; maxMChange: number; prior: number }[]
    /**
     * The share of matches among the session's pairs, when it was fixed rather than learnt: fewer than two of the
     * comparisons the session trains tell people apart, and EM on one alone can call any share matches.
     */
    fixedMatchShare?: number
    /** m of each level this session trained, before sessions are averaged (absent in older models). */
    m?: { comparison: string; level: string; m: number }[]
  }[]
  neverTrained: string[]
  /** What the data said about the likely-relatives guard's pairs, and the cap it led to (src/model/relatives.ts). */
  relatives?: string
}

export interface LinkageModel {
  version: 1
  /** P(match) for two records drawn at random. */
  prior: number
  comparisons: Comparison[]
  guards: Guard[]
  /** undatedOnly, maxBlock: only pairs in which a record lacks a whole birth date, of blocks of at most so many records. */
  blockingRules: { name: string; keys: string[]; undatedOnly?: boolean; maxBlock?: number }[]
  /** The rules were chosen from the data: a run with few pairs compares every one (src/blocking/plan.ts). */
  allPairsWhenFew?: boolean
  thresholds: { match: number; reviewLow: number }
  /**
   * Forenames learned as one sex's from the run's records (src/model/sex-from-forename.ts): a record with no sex is
   * given its forename's, in the batch and in the real-time API alike. Absent in older models: nothing is read so.
   */
  sexFromForename?: SexFromForename
  training?: TrainingSummary
}

/** The term-frequency columns a model uses, for the engine to build tf tables. */
export const tfColumnsOf = (model: Pick<LinkageModel, 'comparisons'>): string[] => [
  ...new Set(model.comparisons.flatMap((c) => c.levels.flatMap((l) => (l.tf ? [l.tf.column] : [])))),
]

/** A comparison as training compares pairs: its null level's training condition, where it has one. */
export const asTrained = (comparison: Comparison): Comparison =>
  comparison.levels.some((l) => l.trainingCondition)
    ? {
        ...comparison,
        levels: comparison.levels.map((l) =>
          l.trainingCondition ? { ...l, condition: l.trainingCondition } : l,
        ),
      }
    : comparison
