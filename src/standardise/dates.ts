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
/**
 * Dates no birth can have, which systems put in for "unknown". Real dates used that way (1900-01-01, 1970-01-01)
 * are not listed: a historical register holds real births on them, so they are measured on the data instead
 * (`overRepresentedDates`) and set aside only where far more people share them than any real date.
 */
const SENTINELS = new Set(['0001-01-01', '9999-12-31'])

/**
 * The earliest year of birth taken as real: parish registers and censuses reach back to the 16th century, and an
 * earlier year is far more likely a slip ("0985" for 1985) than a person.
 */
const EARLIEST_YEAR = 1500

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?$/
/** yyyymmdd, also as a data frame writes a number column that has gaps: as a float ("19990219.0"). */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\.0+)?$/
/** A weekday before a long-form date ("Friday, 19 February 1999"), as word processors and spreadsheets write it. */
const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: .*)?$/
/**
 * A time of day after a date, as database exports write a date column: Oracle's "17-JAN-1999 00:00:00" and
 * "17-JAN-99 12.00.00.000000000 AM", SQL Server's "Jan 17 1999 12:00AM".
 */
const TIME = String.raw`(?:\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:am|pm)?)?`
const TRAILING_TIME = new RegExp(`${TIME}$`, 'i')

/** A date's text without the time of day a database export put after it. */
export const withoutTimeOfDay = (s: string): string => s.replace(TRAILING_TIME, '')

const DAY_MONTH_NAME = new RegExp(
  String.raw`^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([a-z]+)\.?[\s,./-]*(\d{2}|\d{4})${TIME}$`,
)
const MONTH_NAME_DAY = new RegExp(
  String.raw`^([a-z]+)\.?[\s-]*(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{2}|\d{4})${TIME}$`,
)

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
  if (SENTINELS.has(iso)) return { value: null, status: 'placeholder' }
  if (year < EARLIEST_YEAR || !isCalendarDate(year, month, day)) return INVALID
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

/** Day 0 of spreadsheet dates (Excel, LibreOffice): 1899-12-30, so that day 61 is 1900-03-01 as they count it. */
const SERIAL_EPOCH = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000
/** A day number as spreadsheets and their exports write a date cell: "36210", or "36210.0" from a data frame. */
const DAY_SERIAL = /^(\d{1,5})(?:\.0+)?$/

/** The spreadsheet day number of a date, for telling whether a column of numbers can be dates up to today. */
export const daySerialOf = (date: Date): number => Math.floor((date.getTime() - SERIAL_EPOCH) / DAY_MS)

/**
 * A spreadsheet day number ("36210" for 1999-02-19) as an ISO date, or null when the value is no day number. Only
 * for a column known to hold dates (its header says so): alone, a whole number is no date.
 */
export const dateOfDaySerial = (raw: string): string | null => {
  const m = DAY_SERIAL.exec(raw.trim())
  if (!m || Number(m[1]) < 1) return null
  return new Date(SERIAL_EPOCH + Number(m[1]) * DAY_MS).toISOString().slice(0, 10)
}

/** Which of a numeric date's first two parts is the day: UK systems write it first, US systems the month. */
export type DateOrder = 'dayFirst' | 'monthFirst'

/**
 * The order a column's numeric dates are written in, from its values: a first part over 12 can only be a day, a
 * second part over 12 only a day too. Month first where such days stand second at least three times as often as
 * first (a few typos either way do not turn a column); day first otherwise, and where nothing tells.
 */
export const dateOrderOf = (values: Iterable<string>): DateOrder => {
  let dayFirst = 0
  let monthFirst = 0
  for (const v of values) {
    const m = DAY_FIRST.exec(v.trim().toLowerCase())
    if (!m) continue
    if (Number(m[1]) > 12) dayFirst++
    else if (Number(m[2]) > 12) monthFirst++
  }
  return monthFirst > 0 && monthFirst >= 3 * dayFirst ? 'monthFirst' : 'dayFirst'
}

/**
 * Parses a date of birth in the forms sources use into ISO yyyy-mm-dd: ISO (with or without a time), yyyymmdd,
 * day-first numeric forms as in UK systems (dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy) and textual forms
 * ("3 March 1985", "03-MAR-1985", "March 3, 1985", "3rd Mar 85"). Dates from 1500 to today are valid, historical
 * ones included; impossible, earlier and future dates are `invalid`, and the sentinels no birth can have
 * (0001-01-01, 9999-12-31) are `placeholder`.
 * `today` is injectable so tests do not depend on the clock. `order`: month-first numeric forms (mm/dd/yyyy, as US
 * systems write them) where a column's values say so (`dateOrderOf`).
 */
export const parseDate = (
  raw: string | null | undefined,
  today: Date = new Date(),
  order: DateOrder = 'dayFirst',
): Parsed => {
  const s = (raw ?? '').trim().toLowerCase().replace(WEEKDAY, '')
  if (s === '') return MISSING
  let m = ISO.exec(s) ?? COMPACT.exec(s)
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), today)
  m = DAY_FIRST.exec(s)
  if (m)
    return order === 'monthFirst'
      ? buildYearOf(m[3]!, Number(m[1]), Number(m[2]), today)
      : buildYearOf(m[3]!, Number(m[2]), Number(m[1]), today)
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

/** The two-digit year of a date written with one ("03/05/20", "17-JAN-20"), or null for any other value. */
export const twoDigitYearOf = (raw: string): number | null => {
  const s = withoutTimeOfDay(raw.trim().toLowerCase().replace(WEEKDAY, ''))
  const m = DAY_FIRST.exec(s) ?? DAY_MONTH_NAME.exec(s) ?? MONTH_NAME_DAY.exec(s)
  return m && m[3]!.length === 2 ? Number(m[3]) : null
}

/** Fewer two-digit years than this say too little of the span a column's births cover. */
const CENTURY_SAMPLE = 100
/** A run of this many two-digit years that no birth of a column has is a gap, not chance. */
const CENTURY_GAP = 10

/**
 * The first year of the hundred a column's two-digit birth years stand for, where the column's own years leave no
 * doubt; undefined where they do not. Births of one register cover less than a century, so one run of two-digit
 * years holds none of them (under 0.5% of the column, for typos): the births lie in the years after it, the last of
 * them no later than today. Pensioners born 1915-1960 give 15-60: 1915 to 1960, where the latest century not in the
 * future reads 15-26 as 2015-2026. Births spread over a whole century leave no gap, and then nothing tells.
 */
export const centuryStartOf = (years: readonly number[], today: Date = new Date()): number | undefined => {
  if (years.length < CENTURY_SAMPLE) return undefined
  const counts = new Array<number>(100).fill(0)
  for (const y of years) counts[y % 100]!++
  const empty = (y: number): boolean => counts[y % 100]! * 200 < years.length
  // The longest cyclic run of empty years; `gapEnd` is its last year.
  let best = 0
  let gapEnd = -1
  for (let start = 0; start < 100; start++) {
    if (!empty(start) || empty(start + 99)) continue
    let length = 0
    while (length < 100 && empty(start + length)) length++
    if (length > best) {
      best = length
      gapEnd = (start + length - 1) % 100
    }
  }
  if (best < CENTURY_GAP || best === 100) return undefined
  const first = (gapEnd + 1) % 100
  const span = 99 - best
  const last = (first + span) % 100
  const thisYear = today.getUTCFullYear()
  const lastYear = thisYear - ((thisYear - last + 100) % 100)
  return lastYear - span
}

/**
 * A date of birth as ISO, its two-digit year read in the hundred years from `from` (a column's `centuryStartOf`)
 * rather than in the latest century not in the future.
 */
export const parseDateFrom = (
  raw: string,
  from: number,
  order: DateOrder,
  today: Date = new Date(),
): Parsed => {
  const end = new Date(Date.UTC(from + 99, 11, 31))
  return parseDate(raw, end < today ? end : today, order)
}

/** A whole number as sources write one: "3", "03", and "1985.0" from a spreadsheet or data frame export. */
const WHOLE_NUMBER = /^(\d{1,4})(?:\.0+)?$/

/** A month part: 1 to 12, or a month's name or abbreviation ("Mar", "march", "Sept."). */
const monthOf = (raw: string): number | null => {
  const number = WHOLE_NUMBER.exec(raw)
  if (number) return Number(number[1])
  return MONTHS.get(raw.replace(/\.$/, '')) ?? null
}

/** A year part: four digits, or two taking the latest century that is not in the future (as in dates). */
const yearOf = (raw: string, today: Date): number | null => {
  const number = WHOLE_NUMBER.exec(raw)
  if (!number || number[1]!.length === 1 || number[1]!.length === 3) return null
  if (number[1]!.length === 4) return Number(number[1])
  const recent = Math.floor(today.getUTCFullYear() / 100) * 100 + Number(number[1])
  return recent > today.getUTCFullYear() ? recent - 100 : recent
}

export interface BirthDateParts {
  year: string | null | undefined
  month: string | null | undefined
  day: string | null | undefined
}

export interface ParsedBirthDate {
  /** The whole date when all three parts are given and make a real date. */
  date: Parsed
  /** The year "yyyy" when the year part is valid, with or without the rest: a year alone is still evidence. */
  year: string | null
  /**
   * The day and month "mm-dd" when they are given and valid but the year is not: without the year they still tell
   * people apart.
   */
  monthDay?: string
}

const NO_BIRTH_DATE: ParsedBirthDate = Object.freeze({ date: MISSING, year: null })

/**
 * A birth date split over columns (year, month, day), as registers and statistical extracts keep it. The date is
 * `invalid` when a part given is not a year, month or day or the three do not make a real, past date; `missing`
 * when a part is absent, in which case a valid year is still kept.
 */
export const parseBirthDateParts = (parts: BirthDateParts, today: Date = new Date()): ParsedBirthDate => {
  const text = (part: string | null | undefined): string => (part ?? '').trim().toLowerCase()
  const [y, m, d] = [text(parts.year), text(parts.month), text(parts.day)]
  if (y === '' && m === '' && d === '') return NO_BIRTH_DATE
  const year = y === '' ? null : yearOf(y, today)
  const month = m === '' ? null : monthOf(m)
  const day = d === '' ? null : (WHOLE_NUMBER.exec(d)?.[1] ?? null)
  const yearValid = year !== null && year >= EARLIEST_YEAR && year <= today.getUTCFullYear()
  const anyInvalid = (y !== '' && !yearValid) || (m !== '' && month === null) || (d !== '' && day === null)
  const yearText = yearValid ? String(year) : null
  if (anyInvalid) return { date: INVALID, year: yearText }
  if (year === null && month !== null && day !== null && isCalendarDate(2000, month, Number(day)))
    return {
      date: MISSING,
      year: null,
      monthDay: `${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`,
    }
  if (year === null || month === null || day === null) return { date: MISSING, year: yearText }
  return { date: build(year, month, Number(day), today), year: yearText }
}

const AGE = /^(\d{1,3})(?:\.0+)?$/
const OLDEST_AGE = 120

/**
 * The approximate year of birth of an age in whole years (a voter roll's or a custody snapshot's "age"): this year
 * less the age. Ages taken on one day give one person the same year, or one either side across a birthday; null
 * for what is no age.
 */
export const birthYearOfAge = (raw: string | null | undefined, today: Date = new Date()): string | null => {
  const age = AGE.exec((raw ?? '').trim())?.[1]
  if (age === undefined || Number(age) > OLDEST_AGE) return null
  return String(today.getUTCFullYear() - Number(age))
}

/**
 * Dates given only in part, as registers and genealogies write them: a year alone ("1851", "abt 1851", "c. 1851",
 * "1851?", "[1851]"), a year and month ("1851-03", "03/1851", "Mar 1851"), or zeros for what is unknown
 * ("1851-00-00", "00/03/1851", "00/00/1851").
 */
const PARTIAL_DATES = [
  /^(?:abt\.?|about|c\.?|ca\.?|circa|~)?\s*(\d{4})$/,
  /^\[?(\d{4})\s*\??\]?$/,
  /^(?:0{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]0{1,2})[/.-](\d{4})$/,
  /^(\d{4})[-/.](?:\d{1,2})(?:[-/.]00?)?$/,
  /^(\d{4})-00-00$/,
  /^(?:\d{1,2})[/.-](\d{4})$/,
  /^[a-z]+\.?,?\s+(\d{4})$/,
]

/**
 * The year of a date given only in part, "yyyy", or null when the text is no such date or its year is before
 * 1500 or after this year. A whole date is `parseDate`'s; this is for what it finds invalid.
 */
export const yearOfPartialDate = (
  raw: string | null | undefined,
  today: Date = new Date(),
): string | null => {
  const s = (raw ?? '').trim().toLowerCase()
  for (const pattern of PARTIAL_DATES) {
    const year = pattern.exec(s)?.[1]
    if (year !== undefined)
      return Number(year) >= EARLIEST_YEAR && Number(year) <= today.getUTCFullYear() ? year : null
  }
  return null
}

/**
 * How many times more people than on a typical date make a date a stand-in for "unknown". Real birth dates spread
 * over tens of thousands of days; even where births crowd (the ages a register holds most of, the many "1 January"
 * births of people whose day was never recorded) a date holds a few times the typical number, not twenty. A date
 * put in for everyone whose birth date is unknown holds a share of the whole file.
 */
const OVER_REPRESENTED = 20

/**
 * Over-represented dates sharing a day and month in at least this many years stand for "day unknown" (a register
 * writing 1 January when only the year is known), not for "unknown": their years are real.
 */
const DAY_UNKNOWN_YEARS = 3

export interface PlaceholderDate {
  date: string
  /** The year is still evidence: the date stands for "day unknown", not for "unknown". */
  keepYear: boolean
}

/**
 * The dates over-represented in a file, to be set aside as placeholders: given how many different people each
 * date is recorded for (counted by surname sound, so one person's many records count once), those held by more
 * than OVER_REPRESENTED times the median of the dates that occur. Measured, not listed: 1900-01-01 once in a
 * historical file is a birth; on a fifth of a court extract's records it is "unknown". One such date (1900-01-01,
 * 1970-01-01) says nothing of the year either; the same day and month over-represented in several years
 * (01-01 of 1850, 1851, 1852, ...) is a year whose day was not known, and the year is kept.
 */
export const overRepresentedDates = (peoplePerDate: ReadonlyMap<string, number>): PlaceholderDate[] => {
  const counts = [...peoplePerDate.values()].filter((n) => n > 0).sort((a, b) => a - b)
  if (counts.length === 0) return []
  const mid = counts.length >> 1
  const median = counts.length % 2 === 1 ? counts[mid]! : (counts[mid - 1]! + counts[mid]!) / 2
  const limit = OVER_REPRESENTED * median
  const dates = [...peoplePerDate].filter(([, n]) => n > limit).map(([date]) => date)
  const yearsOfDay = new Map<string, number>()
  for (const date of dates) yearsOfDay.set(date.slice(5), (yearsOfDay.get(date.slice(5)) ?? 0) + 1)
  return dates.map((date) => ({ date, keepYear: (yearsOfDay.get(date.slice(5)) ?? 0) >= DAY_UNKNOWN_YEARS }))
}
