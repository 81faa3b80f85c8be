import { croCheckCharacter, pncCheckCharacter } from '../core/check-characters.ts'
import type { Parsed } from './parsed.ts'
import { INVALID, JUNK, MISSING, ok } from './parsed.ts'

/** Values systems put in an identifier field to mean "not known", compared without spaces or punctuation. */
const JUNK_VALUES = new Set([
  'UNKNOWN',
  'UNK',
  'NA',
  'NK',
  'NONE',
  'NIL',
  'NULL',
  '0',
  '123456',
  '1234567',
  '12345678',
  '123456789',
  'TBC',
  'TBA',
  'NOTKNOWN',
  'NOTGIVEN',
  'NOTAPPLICABLE',
  'REFUSED',
])
const NOT_ID_CHARACTERS = /[^A-Z0-9/]+/g
const SAME_CHARACTER = /^(.)\1*$/

/** Upper case without spaces or punctuation other than "/", which PNC and CRO numbers need to split. */
const compact = (raw: string | null | undefined): string =>
  (raw ?? '').toUpperCase().replace(NOT_ID_CHARACTERS, '')

/**
 * A value that means "not known". PNC, CRO, NINO, prison number and CRN are matched against their pattern first:
 * no junk value fits one, and most values are valid, so this runs only for the values that fail.
 */
const isJunk = (text: string): boolean => {
  const bare = text.includes('/') ? text.replaceAll('/', '') : text
  return JUNK_VALUES.has(bare) || SAME_CHARACTER.test(bare)
}

const PNC_SLASHED = /^(\d{2}|\d{4})\/(\d{1,7})([A-Z])$/
const PNC_BARE = /^(\d{3,11})([A-Z])$/
/**
 * A serial of zeros: PNC and CRO serials are issued from 1, and a zero serial's check letter is still right
 * ("000000/00Z"), so systems that require a number in the field put it in for "not known".
 */
const ZERO_SERIAL_PNC = /^(?:\d{2}|\d{4})\/?0+[A-Z]$/
const ZERO_SERIAL_CRO = /^0+\/?\d{2}[A-Z]$/

const pncOf = (yearText: string, serialText: string, check: string): string | null => {
  if (serialText.length === 0 || serialText.length > 7) return null
  const yy = Number(yearText.slice(-2))
  const year = yearText.length === 4 ? Number(yearText) : yy >= 40 ? 1900 + yy : 2000 + yy
  if (year < 1900 || year > 2099) return null
  const serial = Number(serialText)
  if (pncCheckCharacter(year, serial) !== check) return null
  return `${year}/${String(serial).padStart(7, '0')}${check}`
}

/**
 * Police National Computer number as "YYYY/NNNNNNNC" (four-digit year, serial padded to seven digits, check letter
 * verified). Two-digit years of 40 and above are 19xx. Without a slash the year may be two or four digits: the
 * reading whose check letter is right wins.
 */
export const normalisePnc = (raw: string | null | undefined): Parsed => {
  if (!raw) return MISSING
  const text = compact(raw)
  if (text === '') return MISSING
  if (ZERO_SERIAL_PNC.test(text)) return JUNK
  const slashed = PNC_SLASHED.exec(text)
  if (slashed) {
    const pnc = pncOf(slashed[1]!, slashed[2]!, slashed[3]!)
    return pnc ? ok(pnc) : INVALID
  }
  const bare = PNC_BARE.exec(text)
  if (!bare) return isJunk(text) ? JUNK : INVALID
  const digits = bare[1]!
  const check = bare[2]!
  const pnc =
    (digits.length >= 5 ? pncOf(digits.slice(0, 4), digits.slice(4), check) : null) ??
    pncOf(digits.slice(0, 2), digits.slice(2), check)
  return pnc ? ok(pnc) : INVALID
}

const CRO = /^(\d{1,6})\/?(\d{2})([A-Z])$/
const CRO_SF = /^SF(\d{2})\/?(\d{1,6})([A-Z])$/

/**
 * Criminal Records Office number as "NNNNNN/YYC" (serial padded to six digits, check letter verified), or the
 * fingerprint-only form "SFYY/NNNNNNC", which has no check letter rule and is accepted as written.
 */
export const normaliseCro = (raw: string | null | undefined): Parsed => {
  if (!raw) return MISSING
  const text = compact(raw)
  if (text === '') return MISSING
  if (ZERO_SERIAL_CRO.test(text)) return JUNK
  const sf = CRO_SF.exec(text)
  if (sf) return ok(`SF${sf[1]}/${sf[2]!.padStart(6, '0')}${sf[3]}`)
  const m = CRO.exec(text)
  if (!m) return isJunk(text) ? JUNK : INVALID
  const serial = Number(m[1])
  if (croCheckCharacter(Number(m[2]), serial) !== m[3]) return INVALID
  return ok(`${String(serial).padStart(6, '0')}/${m[2]}${m[3]}`)
}

/**
 * A CRO number as compared between records: the fingerprint-only SF series is another series, which one person may
 * hold beside a CRO number ("SF 09/561528P" and "561528/09P"), so it is set aside. Kept, it read as a second CRO
 * number and split the person's records as conflicting identifiers.
 */
export const comparableCro = (raw: string | null | undefined): Parsed => {
  const cro = normaliseCro(raw)
  return cro.value?.startsWith('SF') ? MISSING : cro
}

/** First letter never D F I Q U V; second never D F I O Q U V; suffix A to D. */
const NINO = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/
/** Prefixes never issued (BG GB NK KN NT ZZ) and the temporary TN. */
const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'])

/**
 * Digits of the example printed on forms and guidance (AB123456C) and of fillers (AA000000A), typed where the
 * number is not known: many people share them in one extract, and a real number has them once in a million.
 */
const NINO_FILLER_DIGITS = /^..(?:123456|(\d)\1{5})/

/** A National Insurance number of the form whose digits are the example's or a filler's: "not known". */
export const isNinoFiller = (raw: string): boolean => {
  const text = compact(raw).replaceAll('/', '')
  return NINO.test(text) && NINO_FILLER_DIGITS.test(text)
}

/** National Insurance number: two letters, six digits and a suffix letter, e.g. "JG103759A". */
export const normaliseNino = (raw: string | null | undefined): Parsed => {
  if (!raw) return MISSING
  const text = compact(raw).replaceAll('/', '')
  if (text === '') return MISSING
  if (NINO.test(text)) {
    if (NINO_FILLER_DIGITS.test(text)) return JUNK
    return NINO_BAD_PREFIXES.has(text.slice(0, 2)) ? INVALID : ok(text)
  }
  return isJunk(text) ? JUNK : INVALID
}

const byPattern =
  (pattern: RegExp) =>
  (raw: string | null | undefined): Parsed => {
    if (!raw) return MISSING
    const text = compact(raw).replaceAll('/', '')
    if (text === '') return MISSING
    if (pattern.test(text)) return ok(text)
    return isJunk(text) ? JUNK : INVALID
  }

/** Prison (NOMIS) number: one letter, four digits, two letters, e.g. "A1234BC". */
export const normalisePrisonNumber = byPattern(/^[A-Z]\d{4}[A-Z]{2}$/)

/** Probation case reference number: one letter and six digits, e.g. "X123456". */
export const normaliseCrn = byPattern(/^[A-Z]\d{6}$/)

/** Any other identifier: upper case without spaces or punctuation; its values may look like junk, so that is checked first. */
export const normaliseOtherId = (raw: string | null | undefined): Parsed => {
  if (!raw) return MISSING
  const text = compact(raw).replaceAll('/', '')
  if (text === '') return MISSING
  return isJunk(text) ? JUNK : ok(text)
}

const EMAIL = /^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$/

/** Email address, trimmed and lower case, with one "@" and a dot in the domain. */
export const normaliseEmail = (raw: string | null | undefined): Parsed => {
  if (!raw) return MISSING
  const s = raw.trim().toLowerCase()
  if (s === '') return MISSING
  if (isJunk(compact(s))) return JUNK
  return EMAIL.test(s) ? ok(s) : INVALID
}

const NON_DIGITS = /\D/g
const INTERNATIONAL_UK = /^\s*(?:\+|00)\s*44/
/** An extension after the number ("0161 496 0000 ext 214", "x12"): the line's, not the number's. */
const EXTENSION = /\s*(?:ext(?:ension)?\.?|x)\s*\d{1,5}\s*$/i

/** Phone number as digits in UK national form: "+44 (0)20 …" and "0044 20 …" become "020 …"; under 10 digits is invalid. */
export const normalisePhone = (raw: string | null | undefined): Parsed => {
  if (!raw) return MISSING
  const text = compact(raw)
  if (text === '') return MISSING
  if (isJunk(text)) return JUNK
  let digits = raw.replace(EXTENSION, '').replace(NON_DIGITS, '')
  if (INTERNATIONAL_UK.test(raw)) {
    digits = digits.slice(digits.startsWith('00') ? 4 : 2)
    if (!digits.startsWith('0')) digits = `0${digits}`
  }
  if (SAME_CHARACTER.test(digits)) return JUNK
  return digits.length >= 10 ? ok(digits) : INVALID
}

/**
 * Words for male and female in the languages of European extracts (German, French, Spanish, Italian, Portuguese,
 * Dutch), accents stripped; German forms code female W (weiblich).
 */
const MALE_WORDS = new Set([
  'mannlich',
  'maennlich',
  'masculin',
  'masculino',
  'maschile',
  'mannelijk',
  'homme',
])
const FEMALE_WORDS = new Set([
  'weiblich',
  'w',
  'feminin',
  'femenino',
  'feminino',
  'femminile',
  'vrouwelijk',
  'femme',
])

/** Most values are plain ASCII, and skip Unicode normalisation. */
const PLAIN = /^[\x20-\x7e]*$/

/** Sex as "m" or "f"; unknown, unstated and other codes (u, x, 0, 9) are null, which compares as no evidence. */
export const normaliseSex = (raw: string | null | undefined): 'm' | 'f' | null => {
  const s = (raw ?? '').trim().toLowerCase()
  switch (s) {
    case 'm':
    case 'male':
    case 'man':
    case '1':
      return 'm'
    case 'f':
    case 'female':
    case 'woman':
    case '2':
      return 'f'
    default: {
      const word = PLAIN.test(s) ? s : s.normalize('NFKD').replace(/\p{M}+/gu, '')
      return MALE_WORDS.has(word) ? 'm' : FEMALE_WORDS.has(word) ? 'f' : null
    }
  }
}
