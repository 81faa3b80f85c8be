import { priorWeight } from '../model/fellegi-sunter.ts'
import type { Comparison, LinkageModel } from '../model/model.ts'
import { tfColumnsOf } from '../model/model.ts'
import type { Database } from './database.ts'
import { comparisonToSql, partialWeightSql, tfAdjustmentSql } from './sql/comparisons.ts'
import type { SqlDialect } from './sql/dialect.ts'
import { duckdbDialect } from './sql/dialect.ts'
import { guardIndexSql, guardOutcomeSql } from './sql/guards.ts'
import { tfColumnOf } from './term-frequencies.ts'

/** A comparison's name as a safe SQL identifier part. */
export const sqlName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_]+/g, '_')
export const gammaColumn = (c: Comparison): string => `gamma_${sqlName(c.name)}`
export const weightColumn = (c: Comparison): string => `weight_${sqlName(c.name)}`

/**
 * The SELECT that scores pairs given as (rid_l, rid_r, rule) by `pairsSql`: the gamma and partial weight of each
 * comparison (term-frequency adjustment included), the guard that capped the weight if any, the match weight and
 * the match probability. Generated from the model, so the SQL and the in-memory scorer cannot drift apart.
 * `records`: the table the pairs' records are read from, a few of them when only those are scored.
 */
export const scoringSql = (
  model: LinkageModel,
  pairsSql: string,
  d: SqlDialect = duckdbDialect,
  records = 'records',
): string => {
  const gammas = model.comparisons.map((c) => `${comparisonToSql(c, d)} AS ${gammaColumn(c)}`)
  const tfValues = tfColumnsOf(model).map(
    (col) => `l.${tfColumnOf(col)} AS tf_l_${col}, r.${tfColumnOf(col)} AS tf_r_${col}`,
  )
  const weights = model.comparisons.map((c) => {
    const gamma = gammaColumn(c)
    const tf = c.levels
      .map((level, i) =>
        level.tf
          ? ` + CASE WHEN ${gamma} = ${i} THEN ${tfAdjustmentSql(level, `tf_l_${level.tf.column}`, `tf_r_${level.tf.column}`, d)} ELSE 0 END`
          : '',
      )
      .join('')
    return `${partialWeightSql(c, gamma)}${tf} AS ${weightColumn(c)}`
  })
  const raw = [`${priorWeight(model.prior)}::DOUBLE`, ...model.comparisons.map(weightColumn)].join(' + ')
  const columns = [...model.comparisons.map(gammaColumn), ...model.comparisons.map(weightColumn)]
  // Guards read the records again, but only for pairs whose weight a guard could cap: most pairs are far below. Each
  // guard's condition is evaluated once per pair, and only the pairs a guard caps are kept for the join back.
  const lowestCap = Math.min(...model.guards.map((g) => g.capWeight))
  const capped = guardOutcomeSql(model.guards, 'g.guard_index', 'raw_weight', d)
  const guardStage =
    model.guards.length === 0
      ? ''
      : `, guarded AS MATERIALIZED (
      SELECT * FROM (
        SELECT p.rid_l, p.rid_r, ${guardIndexSql(model.guards, 'p.raw_weight', d)} AS guard_index
        FROM raw p JOIN ${records} l ON l.rid = p.rid_l JOIN ${records} r ON r.rid = p.rid_r
        WHERE p.raw_weight > ${lowestCap}
      ) WHERE guard_index IS NOT NULL
    )`
  const weight = capped.weight
  const guard = capped.guard
  const join =
    model.guards.length === 0 ? '' : 'LEFT JOIN guarded g ON g.rid_l = raw.rid_l AND g.rid_r = raw.rid_r'
  return `
    WITH gammas AS MATERIALIZED (
      SELECT p.rid_l, p.rid_r, p.rule,
        ${[...gammas, ...tfValues].join(',\n        ')}
      FROM (${pairsSql}) p
      JOIN ${records} l ON l.rid = p.rid_l
      JOIN ${records} r ON r.rid = p.rid_r
    ), raw AS MATERIALIZED (
      SELECT rid_l, rid_r, rule, ${columns.join(', ')}, ${raw} AS raw_weight
      FROM (SELECT *, ${weights.join(',\n        ')} FROM gammas)
    )${guardStage}
    SELECT raw.rid_l, raw.rid_r, raw.rule, ${columns.map((c) => `raw.${c}`).join(', ')},
      ${guard} AS guard,
      ${weight} AS match_weight,
      1 / (1 + pow(2, -(${weight}))) AS match_probability
    FROM raw ${join}`
}

/** Scores every candidate pair into the `scored` table; returns the score columns for outputs. */
export const scorePairs = async (db: Database, model: LinkageModel): Promise<string[]> => {
  await db.run(
    `CREATE OR REPLACE TABLE scored AS ${scoringSql(model, 'SELECT rid_l, rid_r, rule FROM candidates')}`,
  )
  return [
    'match_weight',
    'match_probability',
    'guard',
    'rule',
    ...model.comparisons.flatMap((c) => [gammaColumn(c), weightColumn(c)]),
  ]
}
