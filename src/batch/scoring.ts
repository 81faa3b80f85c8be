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
 * The SELECT giving pairs (rid_l, rid_r, rule) by `pairsSql` the gamma of each comparison and the term frequencies
 * of both records' values: what scoring weighs, and what the prior counts patterns of (src/batch/training.ts).
 */
export const gammasSql = (
  model: Pick<LinkageModel, 'comparisons'>,
  pairsSql: string,
  d: SqlDialect = duckdbDialect,
  records = 'records',
): string => {
  const gammas = model.comparisons.map((c) => `${comparisonToSql(c, d)} AS ${gammaColumn(c)}`)
  const tfValues = tfColumnsOf(model).map(
    (col) => `l.${tfColumnOf(col)} AS tf_l_${col}, r.${tfColumnOf(col)} AS tf_r_${col}`,
  )
  return `SELECT p.rid_l, p.rid_r, p.rule,
        ${[...gammas, ...tfValues].join(',\n        ')}
      FROM (${pairsSql}) p
      JOIN ${records} l ON l.rid = p.rid_l
      JOIN ${records} r ON r.rid = p.rid_r`
}

/** Every candidate pair, as scoring reads them. */
const CANDIDATE_PAIRS = 'SELECT rid_l, rid_r, rule FROM candidates'

/** The candidate pairs' gammas made once into a table, with the SELECT that made them. */
export interface CandidateGammas {
  table: string
  sql: string
}

/**
 * The candidate pairs' gammas into the `candidate_gammas` table: training counts the prior's patterns from it and
 * scoring weighs it, so no pair is compared twice.
 */
export const createCandidateGammas = async (
  db: Database,
  comparisons: Comparison[],
): Promise<CandidateGammas> => {
  const sql = gammasSql({ comparisons }, CANDIDATE_PAIRS)
  await db.run(`CREATE OR REPLACE TABLE candidate_gammas AS ${sql}`)
  return { table: 'candidate_gammas', sql }
}

/**
 * The SELECT that scores pairs given as (rid_l, rid_r, rule) by `pairsSql`: the gamma and partial weight of each
 * comparison (term-frequency adjustment included), the guard that capped the weight if any, the match weight and
 * the match probability. Generated from the model, so the SQL and the in-memory scorer cannot drift apart.
 * `records`: the table the pairs' records are read from, a few of them when only those are scored. `gammasTable`:
 * the pairs' gammas already made (gammasSql), read instead of comparing the pairs.
 */
export const scoringSql = (
  model: LinkageModel,
  pairsSql: string,
  d: SqlDialect = duckdbDialect,
  records = 'records',
  gammasTable?: string,
): string => {
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
    WITH ${gammasTable === undefined ? `gammas AS MATERIALIZED (${gammasSql(model, pairsSql, d, records)}), ` : ''}raw AS MATERIALIZED (
      SELECT rid_l, rid_r, rule, ${columns.join(', ')}, ${raw} AS raw_weight
      FROM (SELECT *, ${weights.join(',\n        ')} FROM ${gammasTable ?? 'gammas'})
    )${guardStage}
    SELECT raw.rid_l, raw.rid_r, raw.rule, ${columns.map((c) => `raw.${c}`).join(', ')},
      ${guard} AS guard,
      ${weight} AS match_weight,
      1 / (1 + pow(2, -(${weight}))) AS match_probability
    FROM raw ${join}`
}

/**
 * Scores every candidate pair into the `scored` table; returns the score columns for outputs. `gammas`: the
 * candidates' gammas training made, read when they were made by the model's own comparisons.
 */
export const scorePairs = async (
  db: Database,
  model: LinkageModel,
  gammas?: CandidateGammas,
): Promise<string[]> => {
  const reuse = gammas !== undefined && gammas.sql === gammasSql(model, CANDIDATE_PAIRS)
  await db.run(
    `CREATE OR REPLACE TABLE scored AS ${scoringSql(model, CANDIDATE_PAIRS, duckdbDialect, 'records', reuse ? gammas.table : undefined)}`,
  )
  if (gammas !== undefined) await db.run(`DROP TABLE IF EXISTS ${gammas.table}`)
  return [
    'match_weight',
    'match_probability',
    'guard',
    'rule',
    ...model.comparisons.flatMap((c) => [gammaColumn(c), weightColumn(c)]),
  ]
}
