import type { StandardisedRecord } from '../core/standardised.ts'
import { columnValue } from './conditions.ts'
import type { ComparisonLevel } from './model.ts'

/** Term frequency of a value in a column (the share of records holding it), when known. */
export type TermFrequencyLookup = (column: string, value: string) => number | undefined

/**
 * The term-frequency adjustment of a level, in bits, added to its partial weight log2(m/u):
 * weight × log2(u / max(tf, minU)). A value rarer than the level's average agreement (tf < u) counts more, a common
 * one ("smith") less. When the two sides' frequencies differ (a fuzzy level joining two values) the larger is used:
 * the cautious choice, it never inflates the evidence. Unknown on both sides: no adjustment.
 */
export const tfAdjustment = (
  level: ComparisonLevel,
  tfLeft: number | undefined,
  tfRight: number | undefined,
): number => {
  if (!level.tf || level.u === undefined) return 0
  const known = [tfLeft, tfRight].filter((x): x is number => x !== undefined)
  if (known.length === 0) return 0
  const tf = Math.max(...known, level.tf.minU)
  return level.tf.weight * Math.log2(level.u / tf)
}

/** The adjustment of a level on a pair, looking up the frequencies of both sides' values. */
export const tfAdjustmentOfPair = (
  level: ComparisonLevel,
  l: StandardisedRecord,
  r: StandardisedRecord,
  lookup: TermFrequencyLookup,
): number => {
  if (!level.tf) return 0
  const column = level.tf.column
  const frequency = (record: StandardisedRecord): number | undefined => {
    const v = columnValue(record, column)
    return typeof v === 'string' ? lookup(column, v) : undefined
  }
  return tfAdjustment(level, frequency(l), frequency(r))
}

/**
 * Term frequencies computed from records in memory: for each column, the share of records (with a value there)
 * that hold each value, as the engine's tf tables hold them.
 */
export const termFrequencies = (
  records: readonly StandardisedRecord[],
  columns: readonly string[],
): TermFrequencyLookup => {
  const tables = new Map<string, Map<string, number>>()
  for (const column of columns) {
    const counts = new Map<string, number>()
    let total = 0
    for (const record of records) {
      const v = columnValue(record, column)
      if (typeof v !== 'string') continue
      counts.set(v, (counts.get(v) ?? 0) + 1)
      total++
    }
    tables.set(column, new Map([...counts].map(([value, n]) => [value, n / total])))
  }
  return (column, value) => tables.get(column)?.get(value)
}
