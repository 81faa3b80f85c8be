/** Errors of one kind, grouped by the comparison level that weighed most in the wrong direction. */
export interface ErrorGroup {
  /** e.g. "surname: different": the level that pushed a missed match down, or a false match up, the most. */
  driver: string
  pairs: number
  /** A few examples by record key, with their contributions in bits. */
  examples: {
    left: string
    right: string
    matchWeight: number
    rows: { label: string; weight: number }[]
    /** The two records' values of the columns compared, read back from the sources (absent in older reports). */
    values?: { column: string; left: string; right: string }[]
  }[]
}

/** Pair-level error analysis of a run against the truth. */
export interface ErrorAnalysis {
  /** Scored pairs at or above the match threshold whose records are different true persons. */
  falseMatches: ErrorGroup[]
  /** Scored pairs of one true person below the match threshold. */
  missedMatches: ErrorGroup[]
  /** True pairs that blocking never proposed, so no comparison could see them. */
  missedNeverBlocked: number
}
