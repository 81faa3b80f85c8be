import type { StandardisedRecord } from '../core/standardised.ts'

/**
 * Sex read from the forename, learned from the run's own records. A register without a sex column (council tax,
 * an electoral roll) beside records that give one (a sex column, or a title read as sex) leaves the sex comparison
 * and the household guard's "unless the sexes differ" blind for every pair with that register: "Mohammed Malik"
 * and "Farzana Malik" at one address then read as one person under two forenames. Where the records that do give a
 * sex show a forename borne by one sex only, a record with that forename and no sex is given it. Nothing is
 * hand-written: a forename both sexes bear (Sam, Alex, Jean, Andrea) is learned as neither, and a run in which no
 * record gives a sex learns nothing.
 */

/** For one forename, how many people the records that give a sex show bearing it, by sex. */
export interface ForenameSexCount {
  forename: string
  male: number
  female: number
}

/** The forenames learned as borne by one sex, each list sorted; carried in model.json for the real-time API. */
export interface SexFromForename {
  male: string[]
  female: string[]
}

/**
 * People (counted as distinct surnames, so one person's many records count once) a forename must be seen with a
 * sex before it is trusted. Below this a name seen only on men may be a rare name of either sex: for a name given to
 * men seven times in ten, five people chosen at random are all men about one time in six, ten people one time in
 * thirty-five; a forename seen so rarely decides few pairs either way.
 */
export const MIN_PEOPLE = 5
/**
 * The share of those people who must be of one sex. A sex or title mistyped on a record or two stays within it
 * (19 men and 1 woman is 95%); a name a tenth of whose bearers are of the other sex is not one sex's.
 */
export const MIN_SHARE = 0.95

/** The forenames seen with a sex for at least MIN_PEOPLE people, at least MIN_SHARE of them of one sex. */
export const learnSexFromForename = (counts: readonly ForenameSexCount[]): SexFromForename => {
  const male: string[] = []
  const female: string[] = []
  for (const { forename, male: m, female: f } of counts) {
    const people = m + f
    // One letter is an initial, which either sex bears.
    if (forename.length < 2 || people < MIN_PEOPLE) continue
    if (m >= MIN_SHARE * people) male.push(forename)
    else if (f >= MIN_SHARE * people) female.push(forename)
  }
  return { male: male.sort(), female: female.sort() }
}

/** Each table's look-up, built once: the real-time API reads the model's table for every probe. */
const lookups = new WeakMap<SexFromForename, ReadonlyMap<string, 'm' | 'f'>>()

const lookupOf = (table: SexFromForename): ReadonlyMap<string, 'm' | 'f'> => {
  let sexes = lookups.get(table)
  if (!sexes) {
    const built = new Map<string, 'm' | 'f'>()
    for (const name of table.male) built.set(name, 'm')
    for (const name of table.female) built.set(name, 'f')
    lookups.set(table, built)
    sexes = built
  }
  return sexes
}

/**
 * The standardised record with the sex its forename says when it gives none: what the batch does in SQL
 * (src/batch/sex-from-forename.ts), for a record the real-time API standardises. A sex the record gives is kept.
 */
export const withSexFromForename = (
  record: StandardisedRecord,
  table: SexFromForename | undefined,
): StandardisedRecord => {
  if (record.sex !== null || !table) return record
  const sex = record.forename === null ? undefined : lookupOf(table).get(record.forename)
  return sex === undefined ? record : { ...record, sex }
}
