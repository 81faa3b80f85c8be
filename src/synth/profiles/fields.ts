import { typo } from '../corrupt.ts'
import { type CivilDate, civilFromDay, dayFromCivil } from '../dates.ts'
import type { Person } from '../person.ts'
import { draw, type Random, weighted } from '../random.ts'

/** Field-level faults and formats shared by the profiles. */

export const blankOr = (random: Random, missing: number, value: string): string =>
  random.chance(missing) ? '' : value

/** How many records a person has, from weights for 1, 2, 3… records. */
export const recordCounts = (weights: readonly number[]) =>
  weighted(weights.map((w, i) => [i + 1, w] as const))

export const drawCount = (random: Random, counts: ReturnType<typeof recordCounts>): number =>
  draw(random, counts)

/** The year right but month and day made up, as a record transcribed from an age or a partial entry is. */
export const onlyYearRight = (random: Random, dob: CivilDate): CivilDate => {
  const start = dayFromCivil(dob.year, 1, 1)
  return civilFromDay(start + random.int(0, dayFromCivil(dob.year + 1, 1, 1) - start - 1))
}

/** Letters only, accents dropped, lower case: what an email address keeps of a name. */
const emailPart = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')

const domains = weighted([
  ['gmail.com', 30],
  ['hotmail.co.uk', 15],
  ['outlook.com', 12],
  ['yahoo.co.uk', 10],
  ['btinternet.com', 6],
  ['icloud.com', 6],
  ['live.co.uk', 4],
  ['example.org', 2],
] as const)

/** An email address made from a person's name in one of the ways people choose them. */
export const emailOf = (random: Random, person: Person): string => {
  const first = emailPart(person.forename)
  const last = emailPart(person.surname)
  const year = String(person.dob.year % 100).padStart(2, '0')
  const local = random.pick([
    `${first}.${last}`,
    `${first}${last}`,
    `${first[0] ?? ''}${last}`,
    `${first}.${last}${year}`,
    `${last}.${first}`,
    `${first}${random.int(1, 99)}`,
    `${first}_${last}`,
  ])
  return `${local}@${draw(random, domains)}`
}

/** An email as one record holds it: mistyped in the part before @ now and then. */
export const mistypedEmail = (random: Random, email: string): string => {
  const at = email.indexOf('@')
  return typo(random, email.slice(0, at)) + email.slice(at)
}

/** A UK mobile number's eleven digits (07xxx xxxxxx). */
export const mobileNumber = (random: Random): string =>
  `07${random.int(100, 999)}${String(random.int(0, 999_999)).padStart(6, '0')}`

/** The ways the same number is written: 07700 900123, 07700900123, +44 7700 900123. */
export const formattedPhone = (random: Random, digits: string): string => {
  switch (random.int(0, 2)) {
    case 0:
      return `${digits.slice(0, 5)} ${digits.slice(5)}`
    case 1:
      return digits
    default:
      return `+44 ${digits.slice(1, 5)} ${digits.slice(5)}`
  }
}

export const ordinalRecordId =
  (prefix: string, width = 0) =>
  (n: number): string =>
    `${prefix}${String(n + 1).padStart(width, '0')}`

/** A person's addresses' postcodes, one picked per record: people are recorded at addresses over their lives. */
export const someAddress = (random: Random, person: Person) => random.pick(person.addresses).address
