import { croCheckCharacter, pncCheckCharacter } from '../core/check-characters.ts'
import type { Parsed } from './dates.ts'

const JUNK = new Set(['UNKNOWN', 'NA', 'NONE', 'NULL', '0', '123456', 'TBC', 'NOTKNOWN', 'REFUSED', 'NK', 'UNK'])
const MISSING: Parsed = { value: null, status: 'missing' }
const INVALID: Parsed = { value: null, status: 'invalid' }

/** Upper case without spaces or punctuation; `junk` for the values systems use to mean "not known". */
const compact = (raw: string | null | undefined): { text: string; junk: boolean } | null => {
  const text = (raw ?? '').toUpperCase().replace(/[^A-Z0-9/]+/g, '')
  if (text === '') return null
  const bare = text.replaceAll('/', '')
  return { text, junk: JUNK.has(bare) || /^(.)\1*$/.test(bare) }
}

const PNC = /^(\d{2}|\d{4})\/?(\d{1,7})([A-Z])$/

/** PNC number as "YYYY/NNNNNNNC", with the check letter verified. Two-digit years: 40 and above are 19xx. */
export const normalisePnc = (raw: string | null | undefined): Parsed => {
  const c = compact(raw)
  if (!c) return MISSING
  if (c.junk) return { value: null, status: 'junk' }
  const m = PNC.exec(c.text)
  if (!m) return INVALID
  const yy = Number(m[1]!.slice(-2))
  const year = m[1]!.length === 4 ? Number(m[1]) : yy >= 40 ? 1900 + yy : 2000 + yy
  const serial = Number(m[2])
  if (pncCheckCharacter(year, serial) !== m[3]) return INVALID
  return { value: `${year}/${String(serial).padStart(7, '0')}${m[3]}`, status: 'ok' }
}

const CRO = /^(\d{1,6})\/?(\d{2})([A-Z])$/
const CRO_SF = /^SF(\d{2})\/?(\d{1,6})([A-Z])$/

/** CRO number as "NNNNNN/YYC" with the check letter verified, or the fingerprint form "SF YY/NNNNNN C". */
export const normaliseCro = (raw: string | null | undefined): Parsed => {
  const c = compact(raw)
  if (!c) return MISSING
  if (c.junk) return { value: null, status: 'junk' }
  const sf = CRO_SF.exec(c.text)
  if (sf) return { value: `SF${sf[1]}/${sf[2]!.padStart(6, '0')}${sf[3]}`, status: 'ok' }
  const m = CRO.exec(c.text)
  if (!m) return INVALID
  const serial = Number(m[1])
  if (croCheckCharacter(Number(m[2]), serial) !== m[3]) return INVALID
  return { value: `${String(serial).padStart(6, '0')}/${m[2]}${m[3]}`, status: 'ok' }
}

const NINO = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])$/
const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'])

/** National Insurance number: two letters (not the never-issued or temporary prefixes), six digits, A–D. */
export const normaliseNino = (raw: string | null | undefined): Parsed => {
  const c = compact(raw)
  if (!c) return MISSING
  const text = c.text.replaceAll('/', '')
  const m = NINO.exec(text)
  if (!m || NINO_BAD_PREFIXES.has(m[1]! + m[2]!)) return c.junk ? { value: null, status: 'junk' } : INVALID
  return { value: text, status: 'ok' }
}

const pattern =
  (re: RegExp) =>
  (raw: string | null | undefined): Parsed => {
    const c = compact(raw)
    if (!c) return MISSING
    if (c.junk) return { value: null, status: 'junk' }
    const text = c.text.replaceAll('/', '')
    return re.test(text) ? { value: text, status: 'ok' } : INVALID
  }

/** Prison (NOMIS) number: A1234BC. */
export const normalisePrisonNumber = pattern(/^[A-Z]\d{4}[A-Z]{2}$/)
/** Probation case reference number: one letter and six digits. */
export const normaliseCrn = pattern(/^[A-Z]\d{6}$/)

/** Any other identifier: upper case without spaces or punctuation. */
export const normaliseOtherId = (raw: string | null | undefined): Parsed => {
  const c = compact(raw)
  if (!c) return MISSING
  if (c.junk) return { value: null, status: 'junk' }
  return { value: c.text.replaceAll('/', ''), status: 'ok' }
}

export const normaliseEmail = (raw: string | null | undefined): Parsed => {
  const s = (raw ?? '').trim().toLowerCase()
  if (s === '') return MISSING
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s) ? { value: s, status: 'ok' } : INVALID
}

/** Phone numbers as digits in UK national form: +44 and 0044 become 0. */
export const normalisePhone = (raw: string | null | undefined): Parsed => {
  let digits = (raw ?? '').replace(/\D/g, '')
  if (digits === '') return MISSING
  if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`
  else if (digits.startsWith('44') && (raw ?? '').trim().startsWith('+')) digits = `0${digits.slice(2)}`
  if (/^(\d)\1*$/.test(digits)) return { value: null, status: 'junk' }
  return digits.length >= 10 ? { value: digits, status: 'ok' } : INVALID
}

export const normaliseSex = (raw: string | null | undefined): 'm' | 'f' | null => {
  const s = (raw ?? '').trim().toLowerCase()
  if (s === 'm' || s === 'male' || s === 'man' || s === '1') return 'm'
  if (s === 'f' || s === 'female' || s === 'woman' || s === '2') return 'f'
  return null
}
