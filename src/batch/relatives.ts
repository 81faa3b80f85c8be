import { GENERATION_YEARS, personIdentifiersOf, SAME_BIRTH } from '../model/guards.ts'
import type { Guard } from '../model/model.ts'
import type { BirthMeasure, HouseholdPairCounts } from '../model/relatives.ts'
import type { Database } from './database.ts'
import { recordsSampledForPairs } from './pair-sample.ts'
import { type LinkType, pairScopeSql } from './pair-scope.ts'
import { conditionToSql } from './sql/conditions.ts'
import { duckdbDialect } from './sql/dialect.ts'

/** Pairs of one surname at one address compared at most: the counts are shares, and a sample of records keeps them. */
const PAIRS_COUNTED = 500_000

/** Records whose every pair is compared to see how two people's birth dates differ (half a million pairs). */
const RANDOM_RECORDS = 1_000

/** Fewer years apart than this, a birth date is as likely mistyped or guessed from an age as replaced. */
const REPLACED_NEAR_YEARS = 8

/** What the count compares households by: one address (SQL over a record) and births by date or by year. */
export interface HouseholdKeys {
  household: string
  birth: BirthMeasure
}

/**
 * The keys the count needs, or undefined where the guard's pattern cannot be seen: a surname and forename; one
 * address, the postcode where the file has one, else the address's words, sorted (a file that gives a street address
 * and no postcode, or none recognised); and births, by whole date, else by the birth year an age or a year gives (a
 * voter register).
 */
export const householdKeysOf = (available: ReadonlySet<string>): HouseholdKeys | undefined => {
  if (!available.has('surname') || !available.has('forename')) return undefined
  const household = available.has('postcode')
    ? 'postcode'
    : available.has('address_tokens')
      ? `nullif(array_to_string(list_sort(address_tokens), ' '), '')`
      : undefined
  const birth = available.has('date_of_birth') ? 'date' : available.has('birth_year') ? 'year' : undefined
  return household && birth ? { household, birth } : undefined
}

/**
 * Counts the pairs at one address under one surname (`keys`, from householdKeysOf), both with a birth date or year,
 * that the likely-relatives guard's pattern holds for (by whether their births are alike) and those with one
 * forename too, and among them those the
 * generations-apart guard holds for; and how often sexes differ and identifiers agree among them
 * (src/model/relatives.ts). The join is on address and surname, not on the candidate pairs: blocking on birth dates
 * would over-represent the pattern's pairs with one birth date. Sampled as training samples its sessions.
 */
export const countHouseholdPairs = async (
  db: Database,
  twins: Guard,
  generations: Guard | undefined,
  keys: HouseholdKeys,
  options: { seed: number; linkType?: LinkType; available: ReadonlySet<string> },
): Promise<HouseholdPairCounts> => {
  const { records } = await recordsSampledForPairs(db, ['household', 'surname'], {
    budget: PAIRS_COUNTED,
    seed: options.seed,
    linkType: options.linkType,
    table: `(SELECT *, ${keys.household} AS household FROM records)`,
  })
  const d = duckdbDialect
  const byDate = keys.birth === 'date'
  const born = byDate ? 'date_of_birth' : 'birth_year'
  const sameBirth = byDate ? conditionToSql(SAME_BIRTH, d) : 'l.birth_year = r.birth_year'
  // The guards' patterns before their identifier exemption, which is counted apart: how often an identifier agrees.
  const twinsPattern = conditionToSql(twins.when, d)
  const generationsPattern = generations ? conditionToSql(generations.when, d) : 'false'
  const identifierAgrees = twins.unless ? conditionToSql(twins.unless, d) : 'false'
  // Birth dates that differ as a date replaced by another would, but less than a generation: another day, month and
  // year, the years 8 to 14 apart. No parent is born so close to a child; a date a few years out is a typo or an age
  // guessed, which lands near and never a generation away, so it is not counted.
  const years = `abs(try_cast(substr(l.date_of_birth, 1, 4) AS INTEGER) - try_cast(substr(r.date_of_birth, 1, 4) AS INTEGER))`
  const replacedNear = !byDate
    ? 'false'
    : `${years} BETWEEN ${REPLACED_NEAR_YEARS} AND ${GENERATION_YEARS - 1}
    AND substr(l.date_of_birth, 6, 2) <> substr(r.date_of_birth, 6, 2)
    AND substr(l.date_of_birth, 9, 2) <> substr(r.date_of_birth, 9, 2)`
  const identifiers = personIdentifiersOf(options.available)
  const bothIds =
    identifiers.length > 0
      ? `(${identifiers.map((c) => `(l.${c} IS NOT NULL AND r.${c} IS NOT NULL)`).join(' OR ')})`
      : 'false'
  const bothSexes = options.available.has('sex') ? 'l.sex IS NOT NULL AND r.sex IS NOT NULL' : 'false'
  // Each test once per pair, and the costly ones only where they can hold: the twins' pattern never holds for one
  // forename (it asks for clearly different ones), and the parents' is counted for one forename only.
  const [row] = await db.rows(`WITH pairs AS (
      SELECT l.forename = r.forename AS same_name,
        CASE WHEN l.forename = r.forename THEN false ELSE coalesce(${twinsPattern}, false) END AS twins,
        CASE WHEN l.forename = r.forename THEN coalesce(${generationsPattern}, false) ELSE false END AS generations,
        CASE WHEN l.forename = r.forename THEN coalesce(${replacedNear}, false) ELSE false END AS replaced_near,
        coalesce(${sameBirth}, false) AS same_birth,
        coalesce(${bothIds}, false) AS both_ids,
        CASE WHEN ${bothIds} THEN coalesce(${identifierAgrees}, false) ELSE false END AS id_agrees,
        coalesce(${bothSexes}, false) AS both_sexes,
        coalesce(l.sex <> r.sex, false) AS sex_differs
      FROM ${records} l JOIN ${records} r
        ON l.household = r.household AND l.surname = r.surname AND l.rid < r.rid ${pairScopeSql(options.linkType)}
      WHERE l.${born} IS NOT NULL AND r.${born} IS NOT NULL)
    SELECT
      count(*) FILTER (WHERE twins AND NOT id_agrees AND same_birth) AS pattern_same_birth,
      count(*) FILTER (WHERE twins AND NOT id_agrees AND NOT same_birth) AS pattern_other_birth,
      count(*) FILTER (WHERE same_name) AS same_name,
      count(*) FILTER (WHERE same_name AND same_birth) AS same_name_same_birth,
      count(*) FILTER (WHERE generations AND NOT id_agrees) AS same_name_generations_apart,
      count(*) FILTER (WHERE replaced_near) AS same_name_replaced_near,
      count(*) FILTER (WHERE twins AND NOT id_agrees AND same_birth AND both_sexes) AS pattern_sexed,
      count(*) FILTER (WHERE twins AND NOT id_agrees AND same_birth AND both_sexes AND sex_differs) AS pattern_sex_differs,
      count(*) FILTER (WHERE same_name AND same_birth AND both_sexes) AS same_name_sexed,
      count(*) FILTER (WHERE same_name AND same_birth AND both_sexes AND sex_differs) AS same_name_sex_differs,
      count(*) FILTER (WHERE twins AND same_birth AND both_ids) AS pattern_with_ids,
      count(*) FILTER (WHERE twins AND same_birth AND id_agrees) AS pattern_id_agrees,
      count(*) FILTER (WHERE same_name AND same_birth AND both_ids) AS same_name_with_ids,
      count(*) FILTER (WHERE same_name AND same_birth AND id_agrees) AS same_name_id_agrees,
      count(*) FILTER (WHERE generations AND both_ids) AS generations_with_ids,
      count(*) FILTER (WHERE generations AND id_agrees) AS generations_id_agrees
    FROM pairs`)
  // Among two people's dates, as a replaced date is to the one it replaced: how often a generation apart, how often near.
  const [random] = await db.rows(`WITH dated AS (
      SELECT * FROM records WHERE ${born} IS NOT NULL ORDER BY hash(rid, ${options.seed}) LIMIT ${RANDOM_RECORDS})
    SELECT count(*) FILTER (WHERE ${generationsPattern}) AS generations_apart,
      count(*) FILTER (WHERE ${replacedNear}) AS replaced_near
    FROM dated l JOIN dated r ON l.rid < r.rid`)
  const n = (column: string): number => Number(row?.[column] ?? 0)
  return {
    birth: keys.birth,
    patternSameBirth: n('pattern_same_birth'),
    patternOtherBirth: n('pattern_other_birth'),
    sameName: n('same_name'),
    sameNameSameBirth: n('same_name_same_birth'),
    sameNameGenerationsApart: n('same_name_generations_apart'),
    sameNameReplacedNear: n('same_name_replaced_near'),
    randomGenerationsApart: Number(random?.generations_apart ?? 0),
    randomReplacedNear: Number(random?.replaced_near ?? 0),
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
  }
}
