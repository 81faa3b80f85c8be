import { croCheckCharacter, pncCheckCharacter } from '../core/check-characters.ts'
import type { Random } from './random.ts'

/**
 * Identifiers are built from a per-person counter run through a fixed permutation of the number space, so two
 * people never share one (a collision would be a false match the truth file does not know about) while the numbers
 * still look scattered. The permutation is an invertible integer hash on the next power of two, walked until it
 * lands inside the space (cycle walking), which keeps it a bijection on the space itself.
 */
const mix = (x: number, mask: number): number => {
  let h = (x ^ 0x35a7bd) & mask
  h = (h ^ (h >>> 7)) & mask
  h = Math.imul(h, 0x2c1b3c6d) & mask
  h = (h ^ (h >>> 11)) & mask
  h = Math.imul(h, 0x297a2d39) & mask
  return (h ^ (h >>> 9)) & mask
}

const permute = (n: number, space: number): number => {
  const mask = 2 ** Math.ceil(Math.log2(space)) - 1
  let x = n % space
  do x = mix(x, mask)
  while (x >= space)
  return x
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const pad = (n: number, width: number): string => String(n).padStart(width, '0')

export const pncNumber = (counter: number, year: number): string => {
  const serial = permute(counter, 10_000_000)
  return `${year}/${pad(serial, 7)}${pncCheckCharacter(year, serial)}`
}

export const croNumber = (counter: number, year: number): string => {
  const serial = permute(counter, 1_000_000)
  return `${pad(serial, 6)}/${pad(year % 100, 2)}${croCheckCharacter(year, serial)}`
}

/** NOMIS prison number: a letter, four digits, two letters (A1234BC). */
export const prisonNumber = (counter: number): string => {
  let n = permute(counter, 26 * 10_000 * 676)
  const tail = n % 676
  n = Math.floor(n / 676)
  return `${letters[Math.floor(n / 10_000)]}${pad(n % 10_000, 4)}${letters[Math.floor(tail / 26)]}${letters[tail % 26]}`
}

/** Probation case reference number: a letter and six digits (X123456). */
export const crn = (counter: number): string => {
  const n = permute(counter, 26 * 1_000_000)
  return `${letters[Math.floor(n / 1_000_000)]}${pad(n % 1_000_000, 6)}`
}

// National Insurance prefixes never use D, F, I, Q, U or V, nor O as the second letter.
const ninoFirst = 'ABCEGHJKLMNPRSTWXYZ'
const ninoSecond = 'ABCEGHJKLMNPRSTWXYZ'

export const nino = (counter: number): string => {
  let n = permute(counter, ninoFirst.length * ninoSecond.length * 1_000_000 * 4)
  const suffix = 'ABCD'[n % 4]
  n = Math.floor(n / 4)
  const digits = n % 1_000_000
  n = Math.floor(n / 1_000_000)
  return `${ninoFirst[Math.floor(n / ninoSecond.length)]}${ninoSecond[n % ninoSecond.length]}${pad(digits, 6)}${suffix}`
}

/** Values clerks type when an identifier is unknown. */
const junk = ['UNKNOWN', '000000', 'N/A', '0', 'NONE']

/** Replaces one digit with another, as a slip of the keyboard; a check character then no longer matches. */
export const mistypeDigit = (random: Random, value: string): string => {
  const positions: number[] = []
  for (let i = 0; i < value.length; i++) if (value[i]! >= '0' && value[i]! <= '9') positions.push(i)
  if (positions.length === 0) return value
  const at = random.pick(positions)
  const digit = Number(value[at])
  const other = (digit + random.int(1, 9)) % 10
  return value.slice(0, at) + String(other) + value.slice(at + 1)
}

export type IdentifierFault = 'none' | 'typo' | 'junk'

export const identifierFault = (random: Random, typo: number, junkRate: number): IdentifierFault => {
  const r = random.next()
  if (r < typo) return 'typo'
  if (r < typo + junkRate) return 'junk'
  return 'none'
}

export const withFault = (random: Random, value: string, fault: IdentifierFault): string =>
  fault === 'typo' ? mistypeDigit(random, value) : fault === 'junk' ? random.pick(junk) : value
