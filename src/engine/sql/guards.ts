import type { Guard } from '../../model/model.ts'
import { conditionToSql } from './conditions.ts'
import type { SqlDialect } from './dialect.ts'

/** Whether a guard holds on the pair `l`, `r`: its `when` is true and its `unless` (if any) is not. */
export const guardConditionSql = (guard: Guard, d: SqlDialect): string =>
  guard.unless
    ? `(${conditionToSql(guard.when, d)} AND NOT ${conditionToSql(guard.unless, d)})`
    : conditionToSql(guard.when, d)

/**
 * The capped weight and the name of the guard that capped it (NULL when none did), given the expression of the
 * uncapped weight: the first guard that holds and is below the weight wins, as `applyGuards` in memory.
 */
export const guardSql = (
  guards: readonly Guard[],
  rawWeight: string,
  d: SqlDialect,
): { weight: string; guard: string } => {
  if (guards.length === 0) return { weight: rawWeight, guard: 'CAST(NULL AS VARCHAR)' }
  const when = guards.map((g) => `WHEN ${rawWeight} > ${g.capWeight} AND ${guardConditionSql(g, d)}`)
  return {
    weight: `CASE ${when.map((w, i) => `${w} THEN CAST(${guards[i]!.capWeight} AS DOUBLE)`).join(' ')} ELSE ${rawWeight} END`,
    guard: `CASE ${when.map((w, i) => `${w} THEN ${d.quote(guards[i]!.name)}`).join(' ')} END`,
  }
}
