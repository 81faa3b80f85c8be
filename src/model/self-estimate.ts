/**
 * The model's own estimate of its accuracy, from the match probabilities of the scored pairs, with no truth: a pair
 * of probability p is a match p of the time. Only as good as the model's calibration, which `justid evaluate`
 * checks against the truth where there is one. A pair a relatives guard capped is left out: its probability is the
 * guard's cap (0 bits, one half, where a person decides), not an estimate, and a file with households holds many
 * such pairs of relatives, which counted as half a match each made the estimated recall far too low (0.76 against
 * 0.93 on the synthetic tenancy records).
 */
export interface SelfEstimate {
  /** Matches expected among the pairs at or above the threshold: the sum of their probabilities. */
  expectedTruePairs: number
  /** Matches expected among the scored pairs, but those a guard capped below the threshold. */
  expectedMatches: number
  /**
   * Pairs a guard capped below the threshold, left out of the estimate. One a learned cap left at or above it is
   * linked, so it counts, as in the expected true pairs: recall stays at most 1.
   */
  pairsCapped: number
  precision: number
  recall: number
}

export const selfEstimate = (sums: {
  /** Pairs at or above the threshold. */
  pairsAbove: number
  /** Sum of match probabilities over those pairs. */
  probabilityAbove: number
  /** Sum of match probabilities over every scored pair but those a guard capped below the threshold. */
  probabilityAll: number
  /** Pairs a guard capped below the threshold. */
  pairsCapped: number
}): SelfEstimate => ({
  expectedTruePairs: sums.probabilityAbove,
  expectedMatches: sums.probabilityAll,
  pairsCapped: sums.pairsCapped,
  // No pair linked: no false link either. No match expected: none missed.
  precision: sums.pairsAbove > 0 ? sums.probabilityAbove / sums.pairsAbove : 1,
  recall: sums.probabilityAll > 0 ? sums.probabilityAbove / sums.probabilityAll : 1,
})
