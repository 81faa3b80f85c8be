import type { Guard } from '../../model/model.ts'
import { conditionToSql } from './conditions.ts'
import type { SqlDialect } from './dialect.ts'

/** Whether a guard holds on the pair `l`, `r`: its `when` is true and its `unless` (if any) is not. */
export const guardConditionSql = (guard: Guard, d: SqlDialect): string =>
  conditionToSql(
    guard.unless ? { kind: 'and', all: [guard.when, { kind: 'not', condition: guard.unless }] } : guard.when,
    d,
  )

/**
 * The position in `guards` of the guard that caps the pair, NULL when none does, given the expression of the
 * uncapped weight: the first guard that holds and is below the weight wins, as `applyGuards` in memory. Computed
 * once per pair; `guardOutcomeSql` turns it into the capped weight and the guard's name.
 */
export const guardIndexSql = (guards: readonly Guard[], rawWeight: string, d: SqlDialect): string =>
  guards.length === 0
    ? 'CAST(NULL AS INTEGER)'
    : `CASE ${guards.map((g, i) => `WHEN ${rawWeight} > ${g.capWeight} AND ${guardConditionSql(g, d)} THEN ${i}`).join(' ')} END`

/** The capped weight and the name of the guard that capped it (NULL when none did), from `guardIndexSql`'s value. */
export const guardOutcomeSql = (
  guards: readonly Guard[],
  index: string,
  rawWeight: string,
  d: SqlDialect,
): { weight: string; guard: string } => {
  if (guards.length === 0) return { weight: rawWeight, guard: 'CAST(NULL AS VARCHAR)' }
  return {
    weight: `CASE ${index} ${guards.map((g, i) => `WHEN ${i} THEN CAST(${g.capWeight} AS DOUBLE)`).join(' ')} ELSE ${rawWeight} END`,
    guard: `CASE ${index} ${guards.map((g, i) => `WHEN ${i} THEN ${d.quote(g.name)}`).join(' ')} END`,
  }
}
