import { GENERATION_YEARS, personIdentifiersOf, SAME_BIRTH } from '../model/guards.ts'
import type { Guard } from '../model/model.ts'
import type { HouseholdPairCounts } from '../model/relatives.ts'
import { estimateRulePairs } from './blocking.ts'
import type { Database } from './database.ts'
import { type LinkType, pairScopeSql } from './pair-scope.ts'
import { conditionToSql } from './sql/conditions.ts'
import { duckdbDialect } from './sql/dialect.ts'
import { guardConditionSql } from './sql/guards.ts'

/** Pairs of one surname at one postcode compared at most: the counts are shares, and a sample of records keeps them. */
const PAIRS_COUNTED = 2_000_000

/** Records whose every pair is compared to see how two people's birth dates differ (two million pairs). */
const RANDOM_RECORDS = 2_000

/** Fewer years apart than this, a birth date is as likely mistyped or guessed from an age as replaced. */
const REPLACED_NEAR_YEARS = 8

/** The columns the count needs; without any of them the guard's pattern cannot be seen on the data. */
export const HOUSEHOLD_COLUMNS = ['postcode', 'surname', 'forename', 'date_of_birth'] as const

/**
 * Counts the pairs at one postcode under one surname, both dated, that the likely-relatives guard's pattern holds for
 * (by whether their birth dates are alike) and those with one forename too, and among them those the
 * generations-apart guard holds for; and how often sexes differ and identifiers agree among them
 * (src/model/relatives.ts). The join is on
 * postcode and surname, not on the candidate pairs: blocking on birth dates would over-represent the pattern's pairs
 * with one birth date. Sampled by hashing record ids with the seed, as training samples, when there are more pairs.
 */
export const countHouseholdPairs = async (
  db: Database,
  twins: Guard,
  generations: Guard | undefined,
  options: { seed: number; linkType?: LinkType; available: ReadonlySet<string> },
): Promise<HouseholdPairCounts> => {
  const keys = ['postcode', 'surname']
  // On every block, as a training session counts its keys' pairs (src/batch/training.ts).
  const pairs = await estimateRulePairs(
    db,
    { name: keys.join(' + '), keys, allBlocks: true },
    options.linkType,
  )
  const f = pairs > 0 ? Math.sqrt(Math.min(1, PAIRS_COUNTED / pairs)) : 1
  const records =
    f < 1
      ? `(SELECT * FROM records WHERE hash(rid, ${options.seed}) % 1000000 < ${Math.ceil(f * 1_000_000)})`
      : 'records'
  const d = duckdbDialect
  const pattern = guardConditionSql(twins, d)
  const sameBirth = conditionToSql(SAME_BIRTH, d)
  const generationsApart = generations ? guardConditionSql(generations, d) : 'false'
  // Birth dates that differ as a date replaced by another would, but less than a generation: another day, month and
  // year, the years 8 to 14 apart. No parent is born so close to a child; a date a few years out is a typo or an age
  // guessed, which lands near and never a generation away, so it is not counted.
  const years = `abs(try_cast(substr(l.date_of_birth, 1, 4) AS INTEGER) - try_cast(substr(r.date_of_birth, 1, 4) AS INTEGER))`
  const replacedNear = `${years} BETWEEN ${REPLACED_NEAR_YEARS} AND ${GENERATION_YEARS - 1}
    AND substr(l.date_of_birth, 6, 2) <> substr(r.date_of_birth, 6, 2)
    AND substr(l.date_of_birth, 9, 2) <> substr(r.date_of_birth, 9, 2)`
  // The patterns as the guards see them but before their identifier exemption, to count how often an identifier agrees.
  const patternAnyId = conditionToSql(twins.when, d)
  const generationsAnyId = generations ? conditionToSql(generations.when, d) : 'false'
  const identifiers = personIdentifiersOf(options.available)
  const bothIds =
    identifiers.length > 0
      ? `(${identifiers.map((c) => `(l.${c} IS NOT NULL AND r.${c} IS NOT NULL)`).join(' OR ')})`
      : 'false'
  const idAgrees = twins.unless ? conditionToSql(twins.unless, d) : 'false'
  const bothSexes = options.available.has('sex') ? '(l.sex IS NOT NULL AND r.sex IS NOT NULL)' : 'false'
  const sameName = 'l.forename = r.forename'
  const [row] = await db.rows(`SELECT
      count(*) FILTER (WHERE ${pattern} AND ${sameBirth} AND ${bothSexes}) AS pattern_sexed,
      count(*) FILTER (WHERE ${pattern} AND ${sameBirth} AND ${bothSexes} AND l.sex <> r.sex) AS pattern_sex_differs,
      count(*) FILTER (WHERE ${sameName} AND ${sameBirth} AND ${bothSexes}) AS same_name_sexed,
      count(*) FILTER (WHERE ${sameName} AND ${sameBirth} AND ${bothSexes} AND l.sex <> r.sex) AS same_name_sex_differs,
      count(*) FILTER (WHERE ${patternAnyId} AND ${sameBirth} AND ${bothIds}) AS pattern_with_ids,
      count(*) FILTER (WHERE ${patternAnyId} AND ${sameBirth} AND ${bothIds} AND ${idAgrees}) AS pattern_id_agrees,
      count(*) FILTER (WHERE ${sameName} AND ${sameBirth} AND ${bothIds}) AS same_name_with_ids,
      count(*) FILTER (WHERE ${sameName} AND ${sameBirth} AND ${bothIds} AND ${idAgrees}) AS same_name_id_agrees,
      count(*) FILTER (WHERE ${sameName} AND ${generationsAnyId} AND ${bothIds}) AS generations_with_ids,
      count(*) FILTER (WHERE ${sameName} AND ${generationsAnyId} AND ${bothIds} AND ${idAgrees}) AS generations_id_agrees,
      count(*) FILTER (WHERE ${pattern} AND ${sameBirth}) AS pattern_same_birth,
      count(*) FILTER (WHERE ${pattern} AND NOT coalesce(${sameBirth}, false)) AS pattern_other_birth,
      count(*) FILTER (WHERE l.forename = r.forename) AS same_name,
      count(*) FILTER (WHERE l.forename = r.forename AND ${sameBirth}) AS same_name_same_birth,
      count(*) FILTER (WHERE l.forename = r.forename AND ${generationsApart}) AS same_name_generations_apart,
      count(*) FILTER (WHERE l.forename = r.forename AND ${replacedNear}) AS same_name_replaced_near
    FROM ${records} l JOIN ${records} r
      ON l.postcode = r.postcode AND l.surname = r.surname AND l.rid < r.rid ${pairScopeSql(options.linkType)}
    WHERE l.date_of_birth IS NOT NULL AND r.date_of_birth IS NOT NULL`)
  // Among two people's dates, as a replaced date is to the one it replaced: how often a generation apart, how often near.
  const [random] = await db.rows(`WITH dated AS (
      SELECT * FROM records WHERE date_of_birth IS NOT NULL ORDER BY hash(rid, ${options.seed}) LIMIT ${RANDOM_RECORDS})
    SELECT count(*) FILTER (WHERE ${generationsApart}) AS generations_apart,
      count(*) FILTER (WHERE ${replacedNear}) AS replaced_near
    FROM dated l JOIN dated r ON l.rid < r.rid`)
  const n = (column: string): number => Number(row?.[column] ?? 0)
  return {
    bySex: {
      pattern: n('pattern_sexed'),
      patternDiffers: n('pattern_sex_differs'),
      sameName: n('same_name_sexed'),
      sameNameDiffers: n('same_name_sex_differs'),
    },
    byIdentifier: {
      pattern: n('pattern_with_ids'),
      patternAgrees: n('pattern_id_agrees'),
      sameName: n('same_name_with_ids'),
      sameNameAgrees: n('same_name_id_agrees'),
      generations: n('generations_with_ids'),
      generationsAgree: n('generations_id_agrees'),
    },
    randomGenerationsApart: Number(random?.generations_apart ?? 0),
    randomReplacedNear: Number(random?.replaced_near ?? 0),
    sameNameReplacedNear: Number(row?.same_name_replaced_near ?? 0),
    patternSameBirth: Number(row?.pattern_same_birth ?? 0),
    patternOtherBirth: Number(row?.pattern_other_birth ?? 0),
    sameName: Number(row?.same_name ?? 0),
    sameNameSameBirth: Number(row?.same_name_same_birth ?? 0),
    sameNameGenerationsApart: Number(row?.same_name_generations_apart ?? 0),
  }
}
