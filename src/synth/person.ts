import { type Address, drawAddress, drawMove } from './address.ts'
import { type CivilDate, civilFromDay, type Day, dayFromCivil } from './dates.ts'
import { croNumber, nino, pncNumber } from './identifiers.ts'
import {
  anglicisedFemale,
  anglicisedMale,
  commonName,
  drawForename,
  drawOrigin,
  drawSurname,
  feminineSurname,
  type NameOrigin,
  sikhFamilyNames,
  sikhForenames,
} from './names/index.ts'
import { draw, type Random, weighted } from './random.ts'
import type { ErrorRates } from './rates.ts'

export type Sex = 'm' | 'f'

/** How a person's name is built, where the origin's convention makes it recorded differently between sources. */
export type NameConvention =
  | { kind: 'plain' }
  /** forename, father's name (kept as first middle name), family name (the surname). */
  | { kind: 'patronymic'; father: string }
  /** Singh or Kaur, with an optional family name (the surname when present). */
  | { kind: 'sikh'; title: 'Singh' | 'Kaur'; family: string | null }
  /** Registered forename Mohammed; the person uses their first middle name. */
  | { kind: 'leadingMohammed' }
  | { kind: 'familyNameFirst' }
  /** A woman whose surname is the feminine form of the masculine surname given here. */
  | { kind: 'feminineSurname'; masculine: string }

/** A person in the generated population: the truth their records are noisy views of. */
export interface Person {
  index: number
  id: string
  origin: NameOrigin
  sex: Sex
  dob: CivilDate
  forename: string
  middleNames: string[]
  surname: string
  convention: NameConvention
  /** Surname taken on marriage and the day from which records may use it. */
  married: { surname: string; on: Day } | null
  alias: string | null
  /** True for the child of a parent with the same full name, who may be recorded as "Jr". */
  junior: boolean
  /** Addresses over time, the first from birth, each later one from the given day. */
  addresses: { from: Day; address: Address }[]
  pnc: string
  cro: string | null
  nino: string | null
}

const ageBands = weighted<[number, number]>([
  [[18, 24], 0.2],
  [[25, 34], 0.32],
  [[35, 44], 0.24],
  [[45, 54], 0.14],
  [[55, 64], 0.07],
  [[65, 80], 0.03],
])

const YEAR = 365.25

const drawDob = (random: Random, today: Day): Day => {
  const [lo, hi] = draw(random, ageBands)
  return today - Math.floor((lo + random.next() * (hi + 1 - lo)) * YEAR)
}

const personId = (index: number): string => `P${String(index + 1).padStart(7, '0')}`

/**
 * A person's number and id, and the identifiers issued to them: the PNC and CRO numbers of the year `issued`, a CRO
 * and NI number only by the rates. Spread last into a person, so its draws come after the rest of the person's.
 */
export const issuedIdentity = (
  random: Random,
  index: number,
  issued: number,
  rates: ErrorRates,
): Pick<Person, 'index' | 'id' | 'pnc' | 'cro' | 'nino'> => ({
  index,
  id: personId(index),
  pnc: pncNumber(index, issued),
  cro: random.chance(rates.hasCro) ? croNumber(index, issued) : null,
  nino: random.chance(rates.hasNino) ? nino(index) : null,
})

/** British and Irish people mostly have a middle name, others less often. */
const middleNames = (random: Random, origin: NameOrigin, sex: Sex, forename: string): string[] => {
  const n = random.next()
  const count = origin === 'british' || origin === 'irish' ? (n < 0.5 ? 1 : n < 0.6 ? 2 : 0) : n < 0.3 ? 1 : 0
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const name = drawForename(random, origin, sex)
    if (name !== forename && !names.includes(name)) names.push(name)
  }
  return names
}

/** A name drawn by the conventions of its origin (patronymics, Sikh names, family name first…). */
export const drawName = (
  random: Random,
  origin: NameOrigin,
  sex: Sex,
): Pick<Person, 'forename' | 'middleNames' | 'surname' | 'convention'> => {
  const forename = drawForename(random, origin, sex)
  const surname = drawSurname(random, origin)
  if (origin === 'arabic') {
    const father = drawForename(random, 'arabic', 'm')
    return { forename, middleNames: [father], surname, convention: { kind: 'patronymic', father } }
  }
  if (origin === 'south_asian' && random.chance(0.25)) {
    const title = sex === 'm' ? 'Singh' : 'Kaur'
    const family = random.chance(0.7) ? random.pick(sikhFamilyNames) : null
    return {
      forename: random.pick(sikhForenames),
      middleNames: family ? [title] : [],
      surname: family ?? title,
      convention: { kind: 'sikh', title, family },
    }
  }
  if (origin === 'south_asian' && sex === 'm' && random.chance(0.2)) {
    const used = drawForename(random, origin, 'm')
    if (used !== 'Mohammed')
      return { forename: 'Mohammed', middleNames: [used], surname, convention: { kind: 'leadingMohammed' } }
  }
  if (origin === 'east_asian')
    return { forename, middleNames: [], surname, convention: { kind: 'familyNameFirst' } }
  if (origin === 'eastern_european' && sex === 'f') {
    const feminine = feminineSurname(surname)
    if (feminine !== surname)
      return {
        forename,
        middleNames: middleNames(random, origin, sex, forename),
        surname: feminine,
        convention: { kind: 'feminineSurname', masculine: surname },
      }
  }
  return {
    forename,
    middleNames: middleNames(random, origin, sex, forename),
    surname,
    convention: { kind: 'plain' },
  }
}

export const drawAddresses = (
  random: Random,
  dob: Day,
  today: Day,
  rates: ErrorRates,
): Person['addresses'] => {
  const addresses = [{ from: dob, address: drawAddress(random) }]
  while (random.chance(rates.addressMove) && addresses.length < 6) {
    const last = addresses[addresses.length - 1]!
    const from = Math.max(last.from + 180, today - random.int(30, 12 * 365))
    if (from >= today) break
    addresses.push({ from, address: drawMove(random, last.address) })
  }
  return addresses
}

/** Draws one person, not related to anyone else. */
export const drawPerson = (random: Random, index: number, today: Day, rates: ErrorRates): Person => {
  const origin = drawOrigin(random)
  const sex: Sex = random.chance(0.82) ? 'm' : 'f'
  const dobDay = drawDob(random, today)
  const dob = civilFromDay(dobDay)
  const name = drawName(random, origin, sex)
  const aliasRate = origin === 'east_asian' ? rates.alias : rates.alias / 4
  const alias =
    origin !== 'british' && origin !== 'irish' && random.chance(aliasRate)
      ? random.pick(sex === 'm' ? anglicisedMale : anglicisedFemale)
      : null
  const adultFrom = dayFromCivil(dob.year + 18, dob.month, Math.min(dob.day, 28))
  const married =
    sex === 'f' && today - dobDay > 25 * YEAR && random.chance(rates.marriage)
      ? {
          surname: drawSurname(random, random.chance(0.7) ? origin : drawOrigin(random)),
          on: random.int(adultFrom + 2 * 365, today - 30),
        }
      : null
  // The PNC number is issued at the first arrest, before anything in the history (which spans at most 15 years).
  const firstArrest = random.int(adultFrom - 2 * 365, Math.max(adultFrom, today - 15 * 365))
  const pncYear = civilFromDay(Math.max(firstArrest, dayFromCivil(1975, 1, 1))).year
  return {
    origin,
    sex,
    dob,
    ...name,
    married,
    alias,
    junior: false,
    addresses: drawAddresses(random, dobDay, today, rates),
    ...issuedIdentity(random, index, pncYear, rates),
  }
}

/** Identifiers and id of another person built on a relative's details. */
const asNewPerson = (random: Random, base: Person, index: number, today: Day, rates: ErrorRates): Person => {
  const fresh = drawPerson(random, index, today, rates)
  return { ...base, index, id: fresh.id, pnc: fresh.pnc, cro: fresh.cro, nino: fresh.nino, married: null }
}

/** A twin: same surname, date of birth and address; a different forename. */
export const twinOf = (
  random: Random,
  first: Person,
  index: number,
  today: Day,
  rates: ErrorRates,
): Person => {
  const twin = asNewPerson(random, first, index, today, rates)
  let forename = drawForename(random, first.origin, twin.sex)
  for (let i = 0; forename === first.forename && i < 10; i++)
    forename = drawForename(random, first.origin, twin.sex)
  // A twin's anglicised name, if any, is their own.
  const alias =
    first.alias === null ? null : random.pick(twin.sex === 'm' ? anglicisedMale : anglicisedFemale)
  return {
    ...twin,
    alias,
    forename,
    middleNames: first.middleNames.length > 0 ? [drawForename(random, first.origin, twin.sex)] : [],
  }
}

/** A parent's adult child with the parent's full name, living at the same address. */
export const namesakeChildOf = (
  random: Random,
  parent: Person,
  index: number,
  today: Day,
  rates: ErrorRates,
): Person | null => {
  const parentDob = dayFromCivil(parent.dob.year, parent.dob.month, parent.dob.day)
  const childDob = parentDob + Math.floor(random.int(19, 35) * YEAR) + random.int(0, 364)
  if (today - childDob < 18 * YEAR) return null
  const child = asNewPerson(random, parent, index, today, rates)
  return {
    ...child,
    dob: civilFromDay(childDob),
    junior: true,
    addresses: [{ from: childDob, address: parent.addresses[parent.addresses.length - 1]!.address }],
  }
}

/** Two unrelated people with one of the commonest names of their origin, born within a year of each other. */
export const namesakes = (random: Random, index: number, today: Day, rates: ErrorRates): [Person, Person] => {
  const first = drawPerson(random, index, today, rates)
  const name = commonName(random, first.origin, first.sex)
  const a: Person = { ...first, ...name, convention: { kind: 'plain' } }
  const second = drawPerson(random, index + 1, today, rates)
  const dob = dayFromCivil(a.dob.year, a.dob.month, a.dob.day) + random.int(-365, 365)
  const b: Person = {
    ...second,
    origin: a.origin,
    sex: a.sex,
    forename: a.forename,
    surname: a.surname,
    convention: { kind: 'plain' },
    dob: civilFromDay(Math.min(dob, today - Math.ceil(18 * YEAR))),
  }
  return [a, b]
}

export const addressOn = (person: Person, day: Day): Address => {
  let current = person.addresses[0]!.address
  for (const a of person.addresses) if (a.from <= day) current = a.address
  return current
}
