import type { ErrorAnalysis, GroupBreakdown, PairwiseMetrics } from '../evaluate/index.ts'
import type { ReviewerAgreement } from '../evaluate/reviewer-labels.ts'
import type { SourceMapping } from '../sources/column-mapping.ts'

/** A compared field's value on each side of a pair, as the model saw it after standardisation. */
export interface PairValue {
  column: string
  left: string
  right: string
}

/**
 * Everything the link report shows, gathered by the run and kept as JSON beside the outputs so the report can be
 * re-rendered (e.g. after an evaluation) without rerunning the link. Fields marked optional are absent in the data
 * of older runs. Since #18 it holds some values of records (pairs explained, commonest values, largest blocks), so
 * report-data.json and report.html are personal data, to be kept like the outputs themselves.
 */
export interface LinkReportData {
  title: string
  /** ISO 8601 time the run finished. */
  generatedAt: string
  justidVersion: string
  summary: {
    records: number
    sources: { name: string; records: number }[]
    candidatePairs: number
    /** matchesAlone: matched pairs no other rule proposed (absent in reports of older runs). */
    pairsByBlockingRule: { rule: string; pairs: number; matchesAlone?: number }[]
    matches: number
    persons: number
    seconds: number
    /** Match probability at or above which a pair is a link (shown also as a match weight). */
    threshold: number
    /** Match probability from which a pair goes to review. */
    reviewThreshold?: number
    /** Each source's columns: the role given, why, and what is done with it (absent in reports of older runs). */
    mapping?: SourceMapping[]
    /** Records with no sex given the one their forename bears, from how many forenames (absent when none or older). */
    sexFromForename?: { records: number; forenames: number }
  }
  comparisons: {
    name: string
    description: string
    levels: { label: string; m: number | null; u: number | null; weight: number | null; pairs: number }[]
  }[]
  /** Probability that two records drawn at random are the same person. */
  prior: number
  training: {
    sessions: {
      rule: string
      iterations: { iteration: number; maxMChange: number }[]
      converged: boolean
      /** m of each level this session estimated, before the sessions were averaged. */
      m?: { comparison: string; level: string; m: number }[]
    }[]
    uSampleSize: number
    /** Comparison levels no training session could estimate (left at their defaults). */
    neverTrained: string[]
    /** Name pairs learned from identifier-linked records, by comparison (absent in reports of older runs). */
    learnedVariants?: { comparison: string; pairs: string[] }[]
    /** What the data said about the relatives guards' pairs and the caps it led to (absent in older reports). */
    relatives?: string
  } | null
  /** Counts of scored pairs by match weight. */
  weightHistogram: { binStart: number; binEnd: number; count: number }[]
  clusterSizes: { size: number; clusters: number }[]
  /** A sample of pairs near the threshold, explained term by term; labels like "surname: exact (TF)". */
  waterfalls: {
    left: string
    right: string
    rows: { label: string; weight: number }[]
    final: number
    probability: number
    values?: PairValue[]
  }[]
  /** The commonest values of each term-frequency adjusted level and the match weight an agreement on each gives. */
  termFrequencies?: {
    comparison: string
    level: string
    /** The level's weight before the adjustment. */
    weight: number
    values: { value: string; tf: number; weight: number }[]
  }[]
  /** Share of each source's records with a value in each column the model compares. */
  completeness?: { source: string; column: string; records: number; filled: number }[]
  /** The largest blocks of each blocking rule with keys: the key values many records share. */
  largestBlocks?: { rule: string; key: string; records: number }[]
  /**
   * Records by the match weight of a record compared with itself (a sample when there are many): a record whose
   * own copy scores below the threshold lacks the fields to be linked to anything.
   */
  selfMatch?: { sampled: number; weights: { weight: number; records: number }[] }
  evaluation?: {
    /** The model against reviewers' decisions, kept apart from the truth: they are the uncertain pairs. */
    reviewers?: ReviewerAgreement
    pairwise: PairwiseMetrics
    bCubed: { precision: number; recall: number; f1: number }
    curve: { threshold: number; precision: number; recall: number; f1: number }[]
    /** Accuracy per group of people, one breakdown per attribute of the truth (name origin, sex, age band…). */
    groups?: GroupBreakdown[]
    errors?: ErrorAnalysis
  }
  /** Clusters split or flagged for review, by reason. */
  flagged?: { reason: string; clusters: number }[]
}
