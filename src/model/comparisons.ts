import type { StandardisedRecord } from '../core/standardised.ts'
import { evaluateCondition } from './conditions.ts'
import type { Comparison } from './model.ts'

/** The null level's gamma in outputs, as in Splink: "no evidence". */
export const NULL_GAMMA = -1

/**
 * The gamma of a comparison on a pair: the index in `levels` of the first level whose condition holds, or -1 for
 * the null level. Levels are ordered strongest agreement first, so gamma 1 is the closest agreement.
 */
export const comparisonLevelIndex = (
  comparison: Comparison,
  l: StandardisedRecord,
  r: StandardisedRecord,
): number => {
  for (let i = 0; i < comparison.levels.length; i++) {
    const level = comparison.levels[i]!
    if (evaluateCondition(level.condition, l, r)) return level.isNull ? NULL_GAMMA : i
  }
  return NULL_GAMMA
}
