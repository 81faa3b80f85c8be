export type ValueStatus = 'ok' | 'missing' | 'invalid' | 'placeholder' | 'junk'

export interface Parsed {
  value: string | null
  status: ValueStatus
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
}
/** Dates that systems put in when the real one is unknown: they say nothing about the person. */
const PLACEHOLDERS = new Set(['1900-01-01', '1901-01-01', '1970-01-01', '1800-01-01', '9999-12-31', '0001-01-01'])

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)[\s,-]+(\d{2}|\d{4})$/
const MONTH_NAME_DAY = /^([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2}|\d{4})$/

const pad = (n: number): string => String(n).padStart(2, '0')

/** Two-digit years pivot to the latest century that does not put the date in the future. */
const fullYear = (y: string, today: Date): number => {
  if (y.length === 4) return Number(y)
  const yy = Number(y)
  const century = Math.floor(today.getUTCFullYear() / 100) * 100
  return century + yy > today.getUTCFullYear() ? century - 100 + yy : century + yy
}

const build = (year: number, month: number, day: number, today: Date): Parsed => {
  const iso = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`
  if (PLACEHOLDERS.has(iso)) return { value: null, status: 'placeholder' }
  const d = new Date(Date.UTC(year, month - 1, day))
  const real = month >= 1 && month <= 12 && d.getUTCDate() === day && d.getUTCMonth() === month - 1
  if (!real || year < 1900 || d.getTime() > today.getTime()) return { value: null, status: 'invalid' }
  return { value: iso, status: 'ok' }
}

/**
 * Parses a date of birth in the forms sources use (ISO, dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy, yyyymmdd,
 * "3 March 1985", "03-MAR-1985", "March 3, 1985") into ISO yyyy-mm-dd. Day-first, as in UK systems.
 */
export const parseDate = (raw: string | null | undefined, today: Date = new Date()): Parsed => {
  const s = (raw ?? '').trim().toLowerCase()
  if (s === '') return { value: null, status: 'missing' }
  let m = ISO.exec(s) ?? COMPACT.exec(s)
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), today)
  m = DAY_FIRST.exec(s)
  if (m) return build(fullYear(m[3]!, today), Number(m[2]), Number(m[1]), today)
  m = DAY_MONTH_NAME.exec(s)
  if (m && MONTHS[m[2]!.slice(0, 4)] !== undefined) {
    return build(fullYear(m[3]!, today), monthOf(m[2]!), Number(m[1]), today)
  }
  m = MONTH_NAME_DAY.exec(s)
  if (m && monthOf(m[1]!) > 0) return build(fullYear(m[3]!, today), monthOf(m[1]!), Number(m[2]), today)
  return { value: null, status: 'invalid' }
}

const monthOf = (name: string): number => MONTHS[name.slice(0, 4)] ?? MONTHS[name.slice(0, 3)] ?? 0
