import type { StandardisedRecord } from '../core/standardised.ts'
import { comparisonLevelIndex, NULL_GAMMA } from './comparisons.ts'
import { levelWeight, priorWeight, probabilityOfWeight } from './fellegi-sunter.ts'
import { applyGuards } from './guards.ts'
import type { LinkageModel } from './model.ts'
import { withSexFromForename } from './sex-from-forename.ts'
import { type TermFrequencyLookup, tfAdjustmentOfPair } from './term-frequency.ts'

export interface ComparisonScore {
  name: string
  /** The level reached: an index into the comparison's levels, or -1 for the null level. */
  levelIndex: number
  label: string
  /** log2(m/u) of the level, 0 at the null level. */
  partialWeight: number
  /** Term-frequency adjustment in bits, 0 when the level has none or no frequencies were given. */
  tfAdjustment: number
}

export interface PairScore {
  matchWeight: number
  matchProbability: number
  comparisons: ComparisonScore[]
  /** The guard that capped the weight, if any. */
  guard?: string
}

/**
 * Scores one pair in memory: the same model, levels and arithmetic as the SQL the engine runs. A record with no sex
 * is first given the one its forename bears in the model's learned table, as the engine gave its records.
 */
export const scorePair = (
  model: LinkageModel,
  left: StandardisedRecord,
  right: StandardisedRecord,
  tf?: TermFrequencyLookup,
): PairScore => {
  const l = withSexFromForename(left, model.sexFromForename)
  const r = withSexFromForename(right, model.sexFromForename)
  let weight = priorWeight(model.prior)
  const comparisons = model.comparisons.map((comparison): ComparisonScore => {
    const levelIndex = comparisonLevelIndex(comparison, l, r)
    if (levelIndex === NULL_GAMMA) {
      return { name: comparison.name, levelIndex, label: 'null', partialWeight: 0, tfAdjustment: 0 }
    }
    const level = comparison.levels[levelIndex]!
    const partialWeight = levelWeight(level.m ?? 0.5, level.u ?? 0.5)
    const tfAdjustment = tf ? tfAdjustmentOfPair(level, l, r, tf) : 0
    weight += partialWeight + tfAdjustment
    return { name: comparison.name, levelIndex, label: level.label, partialWeight, tfAdjustment }
  })
  const guarded = applyGuards(model.guards, l, r, weight)
  return {
    matchWeight: guarded.weight,
    matchProbability: probabilityOfWeight(guarded.weight),
    comparisons,
    ...(guarded.guard ? { guard: guarded.guard } : {}),
  }
}

export interface WaterfallRow {
  kind: 'prior' | 'comparison' | 'tf' | 'guard'
  label: string
  /** Bits added to the running match weight by this row. */
  weight: number
}

/**
 * The bars of a waterfall chart explaining a score, in order: the prior, each comparison's level, each
 * term-frequency adjustment, and the guard's cut if one capped the weight. The rows sum to `score.matchWeight`, the
 * final bar, which the chart draws itself.
 */
export const explainPair = (model: LinkageModel, score: PairScore): WaterfallRow[] => {
  const rows: WaterfallRow[] = [{ kind: 'prior', label: 'prior', weight: priorWeight(model.prior) }]
  for (const c of score.comparisons) {
    rows.push({ kind: 'comparison', label: `${c.name}: ${c.label}`, weight: c.partialWeight })
    if (c.tfAdjustment !== 0)
      rows.push({ kind: 'tf', label: `${c.name}: term frequency`, weight: c.tfAdjustment })
  }
  if (score.guard) {
    const uncapped = rows.reduce((sum, row) => sum + row.weight, 0)
    rows.push({ kind: 'guard', label: `guard: ${score.guard}`, weight: score.matchWeight - uncapped })
  }
  return rows
}
