import { civilFromDay, type Day, dayFromCivil } from './dates.ts'
import { drawForename, drawOrigin } from './names/index.ts'
import { drawAddresses, drawName, issuedIdentity, type Person, type Sex } from './person.ts'
import type { Random } from './random.ts'
import type { ErrorRates } from './rates.ts'

/**
 * People of a general population for the profiles that are not justice extracts: both sexes equally, birth years in
 * a range the profile chooses (historical registers reach back before 1900), names by the same origin mix and
 * conventions as the justice generator.
 */
export interface Population {
  /** First and last year of birth, both included. */
  bornFrom: number
  bornTo: number
  rates: ErrorRates
}

const dayOfYear = (random: Random, year: number): Day =>
  dayFromCivil(year, 1, 1) + random.int(0, dayFromCivil(year + 1, 1, 1) - dayFromCivil(year, 1, 1) - 1)

/** The last day the person's records may describe: about sixty years after birth, never after 2026. */
const lastRecordDay = (born: Day): Day => Math.min(born + 60 * 365, dayFromCivil(2026, 11, 1))

export const drawCitizen = (random: Random, index: number, population: Population): Person => {
  const origin = drawOrigin(random)
  const sex: Sex = random.chance(0.5) ? 'm' : 'f'
  const born = dayOfYear(random, random.int(population.bornFrom, population.bornTo))
  const dob = civilFromDay(born)
  const issued = Math.max(dob.year + 18, 1975)
  return {
    origin,
    sex,
    dob,
    ...drawName(random, origin, sex),
    married: null,
    alias: null,
    junior: false,
    addresses: drawAddresses(random, born, lastRecordDay(born), population.rates),
    ...issuedIdentity(random, index, issued, population.rates),
  }
}

/** A brother or sister: same surname, birthplace address and parents' conventions, another forename, born near. */
export const siblingOf = (random: Random, first: Person, index: number, population: Population): Person => {
  const fresh = drawCitizen(random, index, population)
  let forename = drawForename(random, first.origin, fresh.sex)
  for (let i = 0; forename === first.forename && i < 10; i++)
    forename = drawForename(random, first.origin, fresh.sex)
  const firstBorn = dayFromCivil(first.dob.year, first.dob.month, first.dob.day)
  const gap = random.int(1, 12) * 365 + random.int(-100, 100)
  // Older or younger, whichever keeps the birth inside the population's years.
  const younger = firstBorn + gap <= dayFromCivil(population.bornTo, 12, 31)
  const born =
    younger && (random.chance(0.5) || firstBorn - gap < dayFromCivil(population.bornFrom, 1, 1))
      ? firstBorn + gap
      : firstBorn - gap
  return {
    ...fresh,
    origin: first.origin,
    surname: first.surname,
    convention: first.convention.kind === 'familyNameFirst' ? first.convention : { kind: 'plain' },
    forename,
    middleNames: [],
    dob: civilFromDay(born),
    addresses: first.addresses,
  }
}

/** A son or daughter given the parent's forename, as was common: same full name, a generation apart. */
export const namesakeChild = (
  random: Random,
  parent: Person,
  index: number,
  population: Population,
): Person => {
  const fresh = drawCitizen(random, index, population)
  const parentBorn = dayFromCivil(parent.dob.year, parent.dob.month, parent.dob.day)
  // A generation later, or earlier (the namesake is the parent) where later would leave the population's years.
  const later = parentBorn + random.int(20, 40) * 365 + random.int(0, 364)
  return {
    ...fresh,
    origin: parent.origin,
    sex: parent.sex,
    forename: parent.forename,
    middleNames: [],
    surname: parent.surname,
    convention: { kind: 'plain' },
    dob: civilFromDay(
      later <= dayFromCivil(population.bornTo, 12, 31) ? later : parentBorn - (later - parentBorn),
    ),
    addresses: parent.addresses,
  }
}

/** How often a person is drawn as a relative of the one before, the hard non-matches of a general population. */
export interface Relatives {
  sibling: number
  namesakeChild: number
}

/** `people` people, some of them siblings or namesake children of the person drawn just before. */
export function* citizens(
  random: Random,
  people: number,
  population: Population,
  relatives: Relatives,
): Generator<Person> {
  let previous: Person | null = null
  for (let i = 0; i < people; i++) {
    const r = random.next()
    const person: Person =
      previous && r < relatives.sibling
        ? siblingOf(random, previous, i, population)
        : previous && r < relatives.sibling + relatives.namesakeChild
          ? namesakeChild(random, previous, i, population)
          : drawCitizen(random, i, population)
    yield person
    previous = person
  }
}
