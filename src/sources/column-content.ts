import {
  centuryStartOf,
  dateOrderOf,
  daySerialOf,
  parseDate,
  parseDateFrom,
  twoDigitYearOf,
  withoutTimeOfDay,
} from '../standardise/dates.ts'
import { isNinoFiller, normaliseCro, normaliseNino, normalisePnc } from '../standardise/identifiers.ts'
import type { NameVariants } from '../standardise/name-variants.ts'
import { isSuffix, isTitle } from '../standardise/names.ts'
import { foldText } from '../standardise/text.ts'

/** What the values of a column look like, whatever its header says. */
export const CONTENT_KINDS = [
  'empty',
  'email',
  'nino',
  'pnc',
  'cro',
  'ukPostcode',
  'date',
  'sex',
  'title',
  'suffix',
  'phone',
  'year',
  'month',
  'day',
  'integer',
  'amount',
  'idLike',
  'streetAddress',
  'name',
  'fullName',
  'text',
  'mixed',
] as const
export type ContentKind = (typeof CONTENT_KINDS)[number]

/** Each kind in words, for people. */
export const KIND_IN_WORDS: Record<ContentKind, string> = {
  empty: 'nothing (empty)',
  email: 'email addresses',
  nino: 'NI numbers',
  pnc: 'PNC numbers',
  cro: 'CRO numbers',
  ukPostcode: 'UK postcodes',
  date: 'dates',
  sex: 'sex codes',
  title: 'titles (Mr, Mrs)',
  suffix: 'generational suffixes (Jr, Sr, III)',
  phone: 'phone numbers',
  year: 'years',
  month: 'months (1-12)',
  day: 'days of the month (1-31)',
  integer: 'whole numbers',
  amount: 'amounts or measurements (numbers with decimals)',
  idLike: 'codes of letters and digits',
  streetAddress: 'street addresses (a street, with or without its house number)',
  name: 'single names',
  fullName: 'names of several words',
  text: 'free text',
  mixed: 'values of no one kind',
}

/** Values of one column read from the first rows of a file. */
export interface ColumnSample {
  /** Rows read. */
  rows: number
  /** The first non-empty values, trimmed, in file order (at most the sampling limit). */
  values: string[]
  /** Non-empty values among the rows read (may exceed `values.length` when the limit was reached). */
  filled: number
  /** Count of each distinct non-empty value among the rows read. */
  counts: Map<string, number>
}

/** What the content of a column says, for detection and for `justid profile`. */
export interface ContentProfile {
  kind: ContentKind
  /** Share of the sampled values fitting `kind` (1 for empty columns). */
  fit: number
  /** Share of rows read with a value. */
  completeness: number
  distinct: number
  /** Every sampled row has a value and no value repeats. */
  unique: boolean
  /** Rows with a value over distinct values: 1 when no value repeats, large for a handful of codes. */
  rowsPerValue: number
  /** Characters in the middle value by length: an identifier has enough of them to tell people apart. */
  medianLength: number
  /** Whole numbers rising from row to row, as a file's running number does: no fact about the person. */
  runningNumber?: true
  /** Share of the values (or of their first words) found in the forename variant table. */
  forenameShare: number
  /** Most frequent values with their counts, most frequent first. */
  top: { value: string; count: number }[]
  /** A column of dates written month first (mm/dd/yyyy); absent for day-first and other forms. */
  monthFirst?: true
  /**
   * Whole numbers that could be spreadsheet day numbers up to today, but for a few typos or placeholders: dates
   * exported as numbers, when the header says the column is a date.
   */
  daySerials?: true
  /** Of a column of dates, the middle year of those that read as dates: a birth date lies decades before events. */
  medianYear?: number
  /** Of a column of dates with two-digit years: the first year of the hundred they stand for, where they show it. */
  centuryFrom?: number
}

/** Share of values a kind must fit to be the column's kind: a few typos or placeholders do not change it. */
const FIT = 0.8
const TOP_VALUES = 5

const MONTH_WORDS = new Set([
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october'],
  ...[
    'november',
    'december',
    'jan',
    'feb',
    'mar',
    'apr',
    'jun',
    'jul',
    'aug',
    'sep',
    'sept',
    'oct',
    'nov',
    'dec',
  ],
])
const SEX_CODES = new Set([
  'm',
  'f',
  'male',
  'female',
  'u',
  'unknown',
  'x',
  'man',
  'woman',
  'not known',
  'nk',
])

const thisYear = (): number => new Date().getUTCFullYear()
const inRange = (n: number, low: number, high: number): boolean =>
  Number.isInteger(n) && n >= low && n <= high
/** Four-digit years from 1000 to now: historical records hold birth dates long before 1900. */
const isYear = (s: string): boolean => /^\d{4}$/.test(s) && inRange(Number(s), 1000, thisYear())
const isMonthDay = (month: number, day: number): boolean => inRange(month, 1, 12) && inRange(day, 1, 31)

/** The shapes dates are written in: ISO, yyyymmdd, day-first numeric, and with a month name. */
const DATE_SHAPES: ((s: string) => boolean)[] = [
  (s) => {
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?$/i.exec(s)
    return m !== null && isYear(m[1]!) && isMonthDay(Number(m[2]), Number(m[3]))
  },
  (s) => {
    const m = /^(\d{4})(\d{2})(\d{2})(?:\.0+)?$/.exec(s)
    return m !== null && isYear(m[1]!) && isMonthDay(Number(m[2]), Number(m[3]))
  },
  (s) => {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: .*)?$/.exec(s)
    // Day first or month first: either way both parts fit a month and a day.
    return m !== null && (isMonthDay(Number(m[2]), Number(m[1])) || isMonthDay(Number(m[1]), Number(m[2])))
  },
  (s) => {
    const words = withoutTimeOfDay(s)
      .toLowerCase()
      .split(/[\s,./-]+/)
    return (
      words.some((w) => MONTH_WORDS.has(w)) && words.some((w) => /^\d{2,4}$/.test(w)) && words.length <= 4
    )
  },
]

const NAME_WORD = /^[\p{L}][\p{L}'’.-]*$/u
const wordsOf = (s: string): string[] => s.split(/[\s,]+/).filter((w) => w !== '')
const isNameLike = (s: string, low: number, high: number): boolean => {
  const words = wordsOf(s)
  return (
    s.length <= 40 && words.length >= low && words.length <= high && words.every((w) => NAME_WORD.test(w))
  )
}

/**
 * A street address in one field ("6 Tullaroop Street", "Flat 2, 14a High Road", "Hauptstr. 12"): a house number
 * beside words of a street. Systems that keep the address in one column rarely name it in words we know.
 */
const isStreetAddress = (s: string): boolean => {
  const words = s.split(/[\s,]+/).filter((w) => w !== '')
  return (
    s.length <= 80 &&
    words.length >= 2 &&
    words.length <= 10 &&
    words.some((w) => /^\d{1,5}[a-z]?$/i.test(w) || /^\d{1,5}-\d{1,5}$/.test(w)) &&
    words.some((w) => /^\p{L}{3,}/u.test(w))
  )
}

/**
 * Words that name a kind of street, closing its name ("Miller Street", "Wylly Place") or, in the languages that
 * put it first or join it on, opening it or ending its last word ("Rue de la Paix", "Via Roma", "Hauptstrasse",
 * "Kerkstraat").
 */
const STREET_TYPES = new Set([
  'street',
  'st',
  'road',
  'rd',
  'avenue',
  'ave',
  'av',
  'place',
  'pl',
  'crescent',
  'cres',
  'close',
  'cl',
  'drive',
  'dr',
  'lane',
  'ln',
  'way',
  'court',
  'ct',
  'circuit',
  'cct',
  'terrace',
  'tce',
  'parade',
  'pde',
  'grove',
  'gardens',
  'square',
  'sq',
  'boulevard',
  'blvd',
  'highway',
  'hwy',
  'row',
  'walk',
  'mews',
  'circle',
  'esplanade',
  'rise',
])
const STREET_FIRST = new Set([
  'rue',
  'avenue',
  'boulevard',
  'via',
  'viale',
  'piazza',
  'calle',
  'avenida',
  'rua',
  'praça',
  'plaza',
])
const STREET_ENDINGS = /(strasse|str\.?|weg|gasse|platz|allee|straat|laan|plein|gatan|gata|vej|veien)$/

/**
 * A street's name without a house number ("miller street", "Hauptstrasse"), as systems that keep the number in a
 * column of its own write it: words whose last (or, where the language puts it first, first) names a kind of street.
 */
const isStreetName = (s: string): boolean => {
  const words = s
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((w) => w !== '')
  if (words.length === 0 || words.length > 6 || s.length > 60 || /\d/.test(s)) return false
  const last = words[words.length - 1]!
  return (
    (words.length >= 2 && (STREET_TYPES.has(last.replace(/\.$/, '')) || STREET_FIRST.has(words[0]!))) ||
    STREET_ENDINGS.test(last)
  )
}

const DECIMAL = /^[-+]?[£$€]?(?:\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,4})$/

/**
 * A sum of money ("191.00", "1,340.48") or a measurement or score ("35.4"): a number with decimals. A whole number
 * written with one zero decimal ("2600.0") is a data frame's integer column with gaps, which may be an identifier or
 * a postcode, so it is not one.
 */
const isAmount = (s: string): boolean => {
  const m = DECIMAL.exec(s)
  return m !== null && m[1] !== '0'
}

/** Tests of each kind on one value, in order of precedence: the first kind most values fit is the column's. */
const KIND_TESTS: [ContentKind, (s: string) => boolean][] = [
  ['email', (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)],
  // A column where many write the example number (AB123456C) for "not known" still holds NI numbers.
  ['nino', (s) => normaliseNino(s).status === 'ok' || isNinoFiller(s)],
  ['pnc', (s) => /\d/.test(s) && normalisePnc(s).status === 'ok'],
  ['cro', (s) => /\d/.test(s) && normaliseCro(s).status === 'ok'],
  ['ukPostcode', (s) => /^[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}$/i.test(s)],
  ['date', (s) => DATE_SHAPES.some((shape) => shape(s))],
  ['sex', (s) => SEX_CODES.has(s.toLowerCase())],
  ['title', isTitle],
  ['suffix', isSuffix],
  ['phone', (s) => /^(\+|0)\d{9,14}$/.test(s.replace(/[\s().-]/g, ''))],
  ['year', isYear],
  ['month', (s) => (/^\d{1,2}$/.test(s) && inRange(Number(s), 1, 12)) || MONTH_WORDS.has(s.toLowerCase())],
  ['day', (s) => /^\d{1,2}$/.test(s) && inRange(Number(s), 1, 31)],
  ['integer', (s) => /^-?\d+$/.test(s)],
  ['amount', isAmount],
  ['idLike', (s) => /^[a-z0-9][a-z0-9_/.-]*$/i.test(s) && /\d/.test(s)],
  ['streetAddress', (s) => isStreetAddress(s) || isStreetName(s)],
  ['name', (s) => isNameLike(s, 1, 1)],
  ['fullName', (s) => isNameLike(s, 2, 4)],
]

const share = (values: readonly string[], test: (s: string) => boolean): number => {
  let n = 0
  for (const v of values) if (test(v)) n++
  return n / values.length
}

const kindOf = (values: readonly string[], distinct: number): { kind: ContentKind; fit: number } => {
  if (values.length === 0) return { kind: 'empty', fit: 1 }
  for (const [kind, test] of KIND_TESTS) {
    // A sex code column holds a handful of codes; a column of initials or short words is something else.
    if (kind === 'sex' && distinct > SEX_CODES.size) continue
    const fit = share(values, test)
    if (fit >= FIT) return { kind, fit }
  }
  // Single and several name words mixed (forename fields holding middle names): name-like all the same.
  const names = share(values, (s) => isNameLike(s, 1, 4))
  if (names >= FIT) return { kind: 'fullName', fit: names }
  const long = share(values, (s) => s.length > 30 || wordsOf(s).length > 4)
  if (long >= 0.5) return { kind: 'text', fit: long }
  return { kind: 'mixed', fit: 0 }
}

/** An empty sample, to be filled row by row with `addToSample`. */
export const emptySample = (): ColumnSample => ({ rows: 0, values: [], filled: 0, counts: new Map() })

/** Adds one row's value of a column to its sample; at most `limit` values are kept for classification. */
export const addToSample = (sample: ColumnSample, raw: string | undefined, limit: number): void => {
  sample.rows++
  const value = raw?.trim() ?? ''
  if (value === '') return
  sample.filled++
  if (sample.values.length < limit) sample.values.push(value)
  sample.counts.set(value, (sample.counts.get(value) ?? 0) + 1)
}

const topValues = (counts: ReadonlyMap<string, number>): { value: string; count: number }[] =>
  [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_VALUES)
    .map(([value, count]) => ({ value, count }))

/** Enough values rising one after another that the order is no accident. */
const RISING_RUN = 20
const isRising = (values: readonly string[]): boolean =>
  values.length >= RISING_RUN && values.every((v, i) => i === 0 || Number(v) > Number(values[i - 1]))

const twoDigitYears = (values: readonly string[]): number[] =>
  values.map(twoDigitYearOf).filter((y): y is number => y !== null)

const medianYearOf = (
  values: readonly string[],
  monthFirst: boolean,
  centuryFrom: number | undefined,
): number | undefined => {
  const today = new Date()
  const order = monthFirst ? 'monthFirst' : 'dayFirst'
  const years = values
    .map((v) =>
      centuryFrom === undefined
        ? parseDate(v, today, order).value
        : parseDateFrom(v, centuryFrom, order).value,
    )
    .filter((d): d is string => d !== null)
    .map((d) => Number(d.slice(0, 4)))
    .sort((a, b) => a - b)
  return years[years.length >> 1]
}

const couldBeDaySerials = (values: readonly string[]): boolean => {
  const today = daySerialOf(new Date())
  return share(values, (v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= today) >= FIT
}

const medianLengthOf = (values: readonly string[]): number =>
  values.length === 0 ? 0 : values.map((v) => v.length).sort((a, b) => a - b)[values.length >> 1]!

/** Classifies a column's sampled values. `variants` tells forenames from surnames. */
export const profileContent = (sample: ColumnSample, variants: NameVariants): ContentProfile => {
  const { values, rows, filled, counts } = sample
  const { kind, fit } = kindOf(values, counts.size)
  const monthFirst = kind === 'date' && dateOrderOf(values) === 'monthFirst'
  const centuryFrom = kind === 'date' ? centuryStartOf(twoDigitYears(values)) : undefined
  const medianYear = kind === 'date' ? medianYearOf(values, monthFirst, centuryFrom) : undefined
  const forenameShare =
    values.length === 0 ? 0 : share(values, (s) => variants.groupOf(foldText(wordsOf(s)[0] ?? '')) !== null)
  return {
    kind,
    fit,
    completeness: rows === 0 ? 0 : filled / rows,
    distinct: counts.size,
    unique: rows > 0 && filled === rows && counts.size === filled,
    rowsPerValue: counts.size === 0 ? 0 : filled / counts.size,
    medianLength: medianLengthOf(values),
    ...(kind === 'integer' && isRising(values) ? { runningNumber: true as const } : {}),
    forenameShare,
    top: topValues(counts),
    ...(monthFirst ? { monthFirst: true as const } : {}),
    ...(medianYear !== undefined ? { medianYear } : {}),
    ...(centuryFrom !== undefined ? { centuryFrom } : {}),
    ...(kind === 'integer' && couldBeDaySerials(values) ? { daySerials: true as const } : {}),
  }
}
