import type { StandardisedRecord } from '../core/standardised.ts'
import { comparisonLevelIndex, NULL_GAMMA } from './comparisons.ts'
import { evaluateCondition, valueOf } from './conditions.ts'
import { levelWeight, priorWeight, probabilityOfWeight } from './fellegi-sunter.ts'
import type { ComparisonLevel, LinkageModel } from './model.ts'

/** Term frequency of a value in a column (share of records holding it), when known. */
export type TermFrequencyLookup = (column: string, value: string) => number | undefined

export interface ComparisonScore {
  name: string
  gamma: number
  label: string
  partialWeight: number
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
 * The term-frequency adjustment of a level, in bits: log2(u / tf), scaled by the level's tf weight. With tf below u
 * (a rare value) it is positive; above u (a common value) negative. The larger of the two sides' frequencies is used,
 * which is the cautious choice when a fuzzy level joins two different values.
 */
export const tfAdjustment = (level: ComparisonLevel, tfLeft: number | undefined, tfRight: number | undefined): number => {
  if (!level.tf || level.u === undefined) return 0
  const known = [tfLeft, tfRight].filter((x): x is number => x !== undefined)
  if (known.length === 0) return 0
  const tf = Math.max(...known, level.tf.minU)
  return level.tf.weight * Math.log2(level.u / tf)
}

/** Scores one pair in memory: the same model, levels and arithmetic as the SQL the engine runs. */
export const scorePair = (
  model: LinkageModel,
  l: StandardisedRecord,
  r: StandardisedRecord,
  tf?: TermFrequencyLookup,
): PairScore => {
  let weight = priorWeight(model.prior)
  const comparisons = model.comparisons.map((comparison): ComparisonScore => {
    const gamma = comparisonLevelIndex(comparison, l, r)
    if (gamma === NULL_GAMMA) return { name: comparison.name, gamma, label: 'null', partialWeight: 0, tfAdjustment: 0 }
    const level = comparison.levels[gamma]!
    const partialWeight = levelWeight(level.m ?? 0.5, level.u ?? 0.5)
    let adjustment = 0
    if (level.tf && tf) {
      const lv = valueOf(l, level.tf.column)
      const rv = valueOf(r, level.tf.column)
      adjustment = tfAdjustment(
        level,
        typeof lv === 'string' ? tf(level.tf.column, lv) : undefined,
        typeof rv === 'string' ? tf(level.tf.column, rv) : undefined,
      )
    }
    weight += partialWeight + adjustment
    return { name: comparison.name, gamma, label: level.label, partialWeight, tfAdjustment: adjustment }
  })
  let guard: string | undefined
  for (const g of model.guards) {
    if (evaluateCondition(g.when, l, r) && !(g.unless && evaluateCondition(g.unless, l, r)) && weight > g.capWeight) {
      weight = g.capWeight
      guard = g.name
      break
    }
  }
  return { matchWeight: weight, matchProbability: probabilityOfWeight(weight), comparisons, ...(guard ? { guard } : {}) }
}

export interface WaterfallRow {
  label: string
  weight: number
}

/** The bars of a waterfall chart explaining a score: prior, each comparison, each TF adjustment, any guard. */
export const explainPair = (model: LinkageModel, score: PairScore): WaterfallRow[] => {
  const rows: WaterfallRow[] = [{ label: 'prior', weight: priorWeight(model.prior) }]
  let total = rows[0]!.weight
  for (const c of score.comparisons) {
    rows.push({ label: `${c.name}: ${c.label}`, weight: c.partialWeight })
    total += c.partialWeight
    if (c.tfAdjustment !== 0) {
      rows.push({ label: `${c.name}: term frequency`, weight: c.tfAdjustment })
      total += c.tfAdjustment
    }
  }
  if (score.guard) rows.push({ label: `guard: ${score.guard}`, weight: score.matchWeight - total })
  return rows
}
