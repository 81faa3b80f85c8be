import type { ErrorAnalysis, GroupBreakdown, PairwiseMetrics } from '../evaluate/index.ts'
import type { ReviewerAgreement } from '../evaluate/reviewer-labels.ts'
import type { SourceMapping } from '../sources/column-mapping.ts'

/**
 * Everything the link report shows, gathered by the run and kept as JSON beside the outputs so the report can be
 * re-rendered (e.g. after an evaluation) without rerunning the link. Only record keys and level labels: no values.
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
    /** Each source's columns: the role given, why, and what is done with it (absent in reports of older runs). */
    mapping?: SourceMapping[]
  }
  comparisons: {
    name: string
    description: string
    levels: { label: string; m: number | null; u: number | null; weight: number | null; pairs: number }[]
  }[]
  /** Probability that two records drawn at random are the same person. */
  prior: number
  training: {
    sessions: { rule: string; iterations: { iteration: number; maxMChange: number }[]; converged: boolean }[]
    uSampleSize: number
    /** Comparison levels no training session could estimate (left at their defaults). */
    neverTrained: string[]
    /** Name pairs learned from identifier-linked records, by comparison (absent in reports of older runs). */
    learnedVariants?: { comparison: string; pairs: string[] }[]
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
  }[]
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
