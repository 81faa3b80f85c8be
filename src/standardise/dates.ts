import type { Parsed } from './parsed.ts'
import { INVALID, MISSING, ok } from './parsed.ts'

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
/** Full month names and their abbreviations (three letters, and "sept"). */
const MONTHS = new Map<string, number>([
  ...MONTH_NAMES.map((name, i): [string, number] => [name, i + 1]),
  ...MONTH_NAMES.map((name, i): [string, number] => [name.slice(0, 3), i + 1]),
  ['sept', 9],
])
/** Dates that systems put in when the real one is unknown: they say nothing about the person. */
const PLACEHOLDERS = new Set([
  '1900-01-01',
  '1901-01-01',
  '1970-01-01',
  '1800-01-01',
  '9999-12-31',
  '0001-01-01',
])

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?$/
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: .*)?$/
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([a-z]+)\.?[\s,./-]*(\d{2}|\d{4})$/
const MONTH_NAME_DAY = /^([a-z]+)\.?[\s-]*(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{2}|\d{4})$/

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

const toIso = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`

/** A real calendar date: rejects 31/02, month 13 and the like. */
const isCalendarDate = (year: number, month: number, day: number): boolean => {
  if (month < 1 || month > 12 || day < 1) return false
  const d = new Date(Date.UTC(2000, month - 1, day))
  d.setUTCFullYear(year)
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

const build = (year: number, month: number, day: number, today: Date): Parsed => {
  const iso = toIso(year, month, day)
  if (PLACEHOLDERS.has(iso)) return { value: null, status: 'placeholder' }
  if (year < 1900 || !isCalendarDate(year, month, day)) return INVALID
  return iso > todayIso(today) ? INVALID : ok(iso)
}

const todayIso = (today: Date): string =>
  toIso(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate())

/** Two-digit years take the latest century that does not put the date in the future. */
const buildYearOf = (year: string, month: number, day: number, today: Date): Parsed => {
  if (year.length === 4) return build(Number(year), month, day, today)
  const century = Math.floor(today.getUTCFullYear() / 100) * 100
  const recent = century + Number(year)
  const future = toIso(recent, month, day) > todayIso(today)
  return build(future ? recent - 100 : recent, month, day, today)
}

/**
 * Parses a date of birth in the forms sources use into ISO yyyy-mm-dd: ISO (with or without a time), yyyymmdd,
 * day-first numeric forms as in UK systems (dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy) and textual forms
 * ("3 March 1985", "03-MAR-1985", "March 3, 1985", "3rd Mar 85"). Impossible, pre-1900 and future dates are
 * `invalid`; the dates systems use for "unknown" (1900-01-01, 1970-01-01, …) are `placeholder`.
 * `today` is injectable so tests do not depend on the clock.
 */
export const parseDate = (raw: string | null | undefined, today: Date = new Date()): Parsed => {
  const s = (raw ?? '').trim().toLowerCase()
  if (s === '') return MISSING
  let m = ISO.exec(s) ?? COMPACT.exec(s)
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), today)
  m = DAY_FIRST.exec(s)
  if (m) return buildYearOf(m[3]!, Number(m[2]), Number(m[1]), today)
  m = DAY_MONTH_NAME.exec(s)
  if (m) {
    const month = MONTHS.get(m[2]!)
    return month ? buildYearOf(m[3]!, month, Number(m[1]), today) : INVALID
  }
  m = MONTH_NAME_DAY.exec(s)
  if (m) {
    const month = MONTHS.get(m[1]!)
    return month ? buildYearOf(m[3]!, month, Number(m[2]), today) : INVALID
  }
  return INVALID
}
