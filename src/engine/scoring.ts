import { priorWeight } from '../model/fellegi-sunter.ts'
import type { Comparison, LinkageModel } from '../model/model.ts'
import type { Database } from './database.ts'
import { sqlString } from './database.ts'
import { comparisonToSql, partialWeightSql, tfAdjustmentSql } from './sql/comparisons.ts'
import { conditionToSql } from './sql/conditions.ts'
import type { SqlDialect } from './sql/dialect.ts'
import { duckdbDialect } from './sql/dialect.ts'
import { tfTableOf } from './term-frequencies.ts'

/** A comparison's name as a safe SQL identifier part. */
export const sqlName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_]+/g, '_')
export const gammaColumn = (c: Comparison): string => `gamma_${sqlName(c.name)}`
export const weightColumn = (c: Comparison): string => `weight_${sqlName(c.name)}`

/**
 * The SELECT that scores pairs given as (rid_l, rid_r, rule) by `pairsSql`: the gamma and partial weight of each
 * comparison (term-frequency adjustment included), the guard that capped the weight if any, the match weight and
 * the match probability. Generated from the model, so the SQL and the in-memory scorer cannot drift apart.
 */
export const scoringSql = (model: LinkageModel, pairsSql: string, d: SqlDialect = duckdbDialect): string => {
  const tfColumns = [...new Set(model.comparisons.flatMap((c) => c.levels.flatMap((l) => (l.tf ? [l.tf.column] : []))))]
  const tfJoins = tfColumns
    .map(
      (col) =>
        `LEFT JOIN ${tfTableOf(col)} tfl_${col} ON tfl_${col}.value = l.${col} ` +
        `LEFT JOIN ${tfTableOf(col)} tfr_${col} ON tfr_${col}.value = r.${col}`,
    )
    .join('\n      ')
  const gammas = model.comparisons.map((c) => `${comparisonToSql(c, d)} AS ${gammaColumn(c)}`)
  const tfValues = tfColumns.map((col) => `tfl_${col}.tf AS tf_l_${col}, tfr_${col}.tf AS tf_r_${col}`)
  const guards = model.guards.map(
    (g, i) =>
      `(${conditionToSql(g.when, d)}${g.unless ? ` AND NOT ${conditionToSql(g.unless, d)}` : ''}) AS guard_${i}`,
  )
  const weights = model.comparisons.map((c) => {
    const gamma = gammaColumn(c)
    const tf = c.levels
      .map((level, i) =>
        level.tf ? ` + CASE WHEN ${gamma} = ${i} THEN ${tfAdjustmentSql(level, `tf_l_${level.tf.column}`, `tf_r_${level.tf.column}`, d)} ELSE 0 END` : '',
      )
      .join('')
    return `${partialWeightSql(c, gamma)}${tf} AS ${weightColumn(c)}`
  })
  const raw = [`${priorWeight(model.prior)}::DOUBLE`, ...model.comparisons.map(weightColumn)].join(' + ')
  const capped =
    model.guards.length === 0
      ? 'raw_weight'
      : `CASE ${model.guards.map((g, i) => `WHEN guard_${i} AND raw_weight > ${g.capWeight} THEN ${g.capWeight}::DOUBLE`).join(' ')} ELSE raw_weight END`
  const guardName =
    model.guards.length === 0
      ? 'NULL::VARCHAR'
      : `CASE ${model.guards.map((g, i) => `WHEN guard_${i} AND raw_weight > ${g.capWeight} THEN ${sqlString(g.name)}`).join(' ')} END`
  const gammaNames = model.comparisons.map(gammaColumn)
  const weightNames = model.comparisons.map(weightColumn)
  return `
    WITH gammas AS (
      SELECT p.rid_l, p.rid_r, p.rule,
        ${[...gammas, ...tfValues, ...guards].join(',\n        ')}
      FROM (${pairsSql}) p
      JOIN records l ON l.rid = p.rid_l
      JOIN records r ON r.rid = p.rid_r
      ${tfJoins}
    ), weights AS (
      SELECT *, ${weights.join(',\n        ')}
      FROM gammas
    ), raw AS (
      SELECT *, ${raw} AS raw_weight FROM weights
    )
    SELECT rid_l, rid_r, rule, ${[...gammaNames, ...weightNames].join(', ')},
      ${guardName} AS guard,
      ${capped} AS match_weight,
      1 / (1 + pow(2, -(${capped}))) AS match_probability
    FROM raw`
}

/** Scores every candidate pair into the `scored` table; returns the score columns for outputs. */
export const scorePairs = async (db: Database, model: LinkageModel): Promise<string[]> => {
  await db.run(`CREATE OR REPLACE TABLE scored AS ${scoringSql(model, 'SELECT rid_l, rid_r, rule FROM candidates')}`)
  return [
    'match_weight',
    'match_probability',
    'guard',
    'rule',
    ...model.comparisons.flatMap((c) => [gammaColumn(c), weightColumn(c)]),
  ]
}
