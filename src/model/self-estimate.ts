/**
 * The model's own estimate of its accuracy, from the match probabilities of the scored pairs, with no truth: a pair
 * of probability p is a match p of the time. Only as good as the model's calibration, which `justid evaluate`
 * checks against the truth where there is one.
 */
export interface SelfEstimate {
  /** Matches expected among the pairs at or above the threshold: the sum of their probabilities. */
  expectedTruePairs: number
  /** Matches expected among all scored pairs. */
  expectedMatches: number
  precision: number
  recall: number
}

export const selfEstimate = (sums: {
  /** Pairs at or above the threshold. */
  pairsAbove: number
  /** Sum of match probabilities over those pairs. */
  probabilityAbove: number
  /** Sum of match probabilities over every scored pair. */
  probabilityAll: number
}): SelfEstimate => ({
  expectedTruePairs: sums.probabilityAbove,
  expectedMatches: sums.probabilityAll,
  // No pair linked: no false link either. No match expected: none missed.
  precision: sums.pairsAbove > 0 ? sums.probabilityAbove / sums.pairsAbove : 1,
  recall: sums.probabilityAll > 0 ? sums.probabilityAbove / sums.probabilityAll : 1,
})
