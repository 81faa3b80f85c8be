import { NULL_GAMMA } from '../../model/comparisons.ts'
import { levelWeight } from '../../model/fellegi-sunter.ts'
import type { Comparison, ComparisonLevel } from '../../model/model.ts'
import { conditionToSql } from './conditions.ts'
import type { SqlDialect } from './dialect.ts'

/** A comparison's gamma as a CASE expression: the first level whose condition holds; the null level is -1. */
export const comparisonToSql = (comparison: Comparison, d: SqlDialect): string => {
  const whens = comparison.levels.map(
    (level, i) => `WHEN ${conditionToSql(level.condition, d)} THEN ${level.isNull ? NULL_GAMMA : i}`,
  )
  return `CASE ${whens.join(' ')} ELSE ${NULL_GAMMA} END`
}

/** The partial weight of a comparison given its gamma column, in bits. */
export const partialWeightSql = (comparison: Comparison, gamma: string): string => {
  const whens = comparison.levels
    .map((level, i) =>
      level.isNull
        ? null
        : `WHEN ${gamma} = ${i} THEN ${levelWeight(level.m ?? 0.5, level.u ?? 0.5)}::DOUBLE`,
    )
    .filter((w): w is string => w !== null)
  return `CASE ${whens.join(' ')} ELSE 0::DOUBLE END`
}

/**
 * The term-frequency adjustment of a level in SQL, given the columns holding the term frequencies of the left and
 * right values; as `tfAdjustment` in the model: weight × log2(u / max(tf_l, tf_r, minU)).
 */
export const tfAdjustmentSql = (
  level: ComparisonLevel,
  tfLeft: string,
  tfRight: string,
  d: SqlDialect,
): string => {
  if (!level.tf || level.u === undefined) return '0'
  const tf = `greatest(coalesce(${tfLeft}, 0), coalesce(${tfRight}, 0), ${level.tf.minU})`
  return `CASE WHEN ${tfLeft} IS NULL AND ${tfRight} IS NULL THEN 0::DOUBLE ELSE ${level.tf.weight}::DOUBLE * ${d.log2(`${level.u} / ${tf}`)} END`
}
