import { z } from 'zod'
import { weightOfProbability } from './fellegi-sunter.ts'

/**
 * The match weights clustering compares pairs with, resolved once from the probability thresholds (settings,
 * model.json) and passed down: batch clustering, the person index, real-time writes and the review queue read these,
 * never the probabilities again.
 */
export interface WeightThresholds {
  /** A pair at or above this weight joins two records: the match threshold. */
  join: number
  /**
   * Records already together stay together through pairs at or above this lower weight (hysteresis): the review
   * threshold, the bottom of the band a person would look at.
   */
  fracture: number
  /** A person held together only through a bridge below this weight needs attention: `STRONG_MARGIN` above join. */
  strong: number
}

/** A pair this many bits above the match threshold (32 times the odds) is strong evidence on its own. */
export const STRONG_MARGIN = 5

export const weightThresholds = (matchProbability: number, reviewProbability: number): WeightThresholds => {
  const join = weightOfProbability(matchProbability)
  return {
    join,
    fracture: Math.min(join, weightOfProbability(reviewProbability)),
    strong: join + STRONG_MARGIN,
  }
}

/** Weight thresholds as an index stores them, read back. */
export const weightThresholdsSchema = z
  .object({ join: z.number(), fracture: z.number(), strong: z.number() })
  .strict()
  .refine((t) => t.fracture <= t.join && t.join <= t.strong, 'fracture ≤ join ≤ strong')
