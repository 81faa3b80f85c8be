import type { ReviewOutcome } from '../person-index/types.ts'

/** A decision overrules the model when it says "not the same" at or above the join weight, or "same" below it. */
export const overrulesModel = (outcome: ReviewOutcome, weight: number, join: number): boolean =>
  (outcome === 'not_same_person' && weight >= join) || (outcome === 'same_person' && weight < join)
