import { fieldOfColumn } from '../core/column-names.ts'
import { attributeKey, type StandardisedRecord } from '../core/standardised.ts'
import {
  damerauLevenshtein,
  dayMonthSwapped,
  jaccard,
  jaroWinkler,
  levenshtein,
  nearName,
} from './similarity.ts'

/**
 * A comparison level's condition: a small closed language over the two records of a pair, as data, so that one
 * definition is both evaluated in memory (here) and rendered to SQL (src/batch/sql). Columns are the snake_case
 * column names of the records table: a field of StandardisedRecord in snake_case (`surname`, `date_of_birth`,
 * `name_tokens`), or `other_<name>` for the other identifier `<name>` (lower case, anything but letters, digits
 * and _ folded to _).
 *
 * Two-valued logic throughout: any test that meets a missing value is false (never unknown), in memory and in SQL,
 * so `not` of it is true. A comparison's null level comes first, so its other levels never see a missing value.
 */
export type Condition =
  /** Any of the columns missing (null, or an empty list) on either side. */
  | { kind: 'null'; columns: string[] }
  | { kind: 'exact'; column: string }
  | { kind: 'jaroWinkler'; column: string; atLeast: number }
  | { kind: 'levenshtein'; column: string; atMost: number }
  /** Off the default comparisons: about ten times slower than Levenshtein in DuckDB. */
  | { kind: 'damerauLevenshtein'; column: string; atMost: number }
  /** Jaccard similarity of two lists taken as sets; two empty lists are not similar. */
  | { kind: 'tokenJaccard'; column: string; atLeast: number }
  /** The two lists share an element. */
  | { kind: 'listOverlap'; column: string }
  /**
   * l.a = r.b and l.b = r.a: forename and surname recorded the wrong way round. With `atMost`, one of the two equal
   * and the other within that Damerau-Levenshtein distance, for names of four letters or more (`nearName`: a swap with
   * a typo, "ZHENG, Toyn" and "Zheng Tony"; "TANG, Lei" and "WEI, Tang" are twins).
   */
  | { kind: 'swapped'; columns: [string, string]; atMost?: number }
  /**
   * l.column is among r.list, or r.column among l.list: a middle name used as the forename. With `except`, a value
   * equal to the other side's `except` column does not count, so one shared word is not evidence twice (a forename
   * that is the other's surname is the surname comparison's evidence). With `atMost`, a word within that
   * Damerau-Levenshtein distance counts too, for words of four letters or more (`nearName`), and a value that near
   * the other side's `except` value does not count either.
   */
  | { kind: 'inTokens'; column: string; list: string; except?: string; atMost?: number }
  /** One side is a single letter, the first letter of the other. */
  | { kind: 'initial'; column: string }
  /** Either side's value is one of `values` (one record's forename a spelling of Muhammad). */
  | { kind: 'eitherIn'; column: string; values: string[] }
  /**
   * The two values, in either order, are one of `pairs`, each written `a|b` with a < b: name variants learned from
   * records an identifier links (src/model/learned-variants.ts).
   */
  | { kind: 'pairIn'; column: string; pairs: string[] }
  /** Two different ISO dates with the same year and day and month exchanged (American order). */
  | { kind: 'dayMonthSwapped'; column: string }
  /** Two numbers (years of birth) at most `atMost` apart; a value that is not a number is missing. */
  | { kind: 'numberWithin'; column: string; atMost: number }
  /** Two ISO dates at most `days` apart. */
  | { kind: 'dateWithinDays'; column: string; days: number }
  /** Two ISO dates at most `years` calendar years apart (29 February plus a year is 28 February, as DuckDB). */
  | { kind: 'dateWithinYears'; column: string; years: number }
  | { kind: 'and'; all: Condition[] }
  | { kind: 'or'; any: Condition[] }
  | { kind: 'not'; condition: Condition }
  | { kind: 'else' }

/** Columns that hold lists (VARCHAR[] in SQL). */
export const LIST_COLUMNS = new Set([
  'surname_parts',
  'name_tokens',
  'alias_names',
  'address_tokens',
  'known_names',
  'forename_other_groups',
  'name_one_edit',
  'name_word_one_edit',
  'name_joined_family_first',
])

/** The column of the other identifier `name`: `other_<name>`, folded to lower-case letters, digits and _. */
export const otherIdColumn = (name: string): string =>
  `other_${name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')}`

export const ATTRIBUTE_PREFIX = 'attr_'
/** The column of the attribute `key` (a place of birth, an occupation): attr_<key>, by the rule of `attributeKey`. */
export const attrColumn = (key: string): string => `${ATTRIBUTE_PREFIX}${attributeKey(key)}`

const prefix = (value: string | null, start: number, length: number): string | null =>
  value === null ? null : value.slice(start, start + length)
/** The last `length` characters, as SQL's right() gives them (the whole value when shorter). */
const suffix = (value: string | null, length: number): string | null =>
  value === null ? null : [...value].slice(-length).join('')

/** The value of email_extra and email_digits where a local part holds nothing more: not empty, so no key is empty. */
export const NOTHING = '-'

/**
 * What an email's local part holds beyond the record's own name words, in letters and digits, name words removed in
 * the order the record lists them: "87" of "claire.wadley87" for Claire Wadley; `NOTHING` when nothing or one letter
 * (an initial, "j" of "jwood") is left.
 */
const emailExtra = (local: string, nameTokens: readonly string[]): string => {
  let rest = local
  for (const token of nameTokens) rest = rest.replaceAll(token, '')
  rest = rest.replace(/[^a-z0-9]/g, '')
  return /^[a-z]?$/.test(rest) ? NOTHING : rest
}

/**
 * The names a local part made only of them spells, whatever their order and separators and whether the forename is
 * whole or an initial: its letters sorted, the forename by its initial (email_names); null for any other local part.
 */
const emailNames = (local: string, nameTokens: readonly string[], forename: string | null): string | null => {
  if (emailExtra(local, nameTokens) !== NOTHING) return null
  const named = forename ? local.replaceAll(forename, [...forename][0]!) : local
  return [...named.replace(/[^a-z]/g, '')].sort().join('')
}

/**
 * A name as written and with each one of its letters dropped, each followed by a space and the other name's first
 * letter, as the records table's name_one_edit makes them (letters are code points, as DuckDB's substr counts them).
 */
const oneEdit = (name: string, other: string): string[] => {
  const initial = [...other][0]!
  return oneLetterDropped(name).map((d) => `${d} ${initial}`)
}

/** A name as written and with each one of its letters dropped (name_word_one_edit). */
const oneLetterDropped = (name: string): string[] => {
  const letters = [...name]
  return [name, ...letters.map((_, i) => [...letters.slice(0, i), ...letters.slice(i + 1)].join(''))]
}

/** Two values in order, as SQL's CASE WHEN a < b makes them; missing when either is. */
const orderedPair = (a: string | null, b: string | null): string | null =>
  a === null || b === null ? null : a < b ? `${a} ${b}` : `${b} ${a}`

/**
 * The derived columns of the records table (src/batch/record-table.ts DERIVED_COLUMNS), computed as its SQL does:
 * substr of a missing value is missing, and so is a name pair missing either name. Scoring and the real-time
 * blocking keys both read them here.
 */
export const DERIVED_COLUMN_VALUES: ReadonlyMap<
  string,
  (record: StandardisedRecord) => string | readonly string[] | null
> = new Map<string, (record: StandardisedRecord) => string | readonly string[] | null>([
  ['dob_year', (r) => r.birthYear],
  ['dob_month_day', (r) => prefix(r.dateOfBirth, 5, 5) ?? r.birthMonthDay],
  ['forename_initial', (r) => prefix(r.forename, 0, 1)],
  ['surname_initial', (r) => prefix(r.surname, 0, 1)],
  [
    'name_pair_key',
    ({ forename: f, surname: s }) => (f === null || s === null ? null : f < s ? `${f} ${s}` : `${s} ${f}`),
  ],
  ['name_pair_prefix', ({ forename: f, surname: s }) => orderedPair(prefix(f, 0, 3), prefix(s, 0, 3))],
  ['name_pair_suffix', ({ forename: f, surname: s }) => orderedPair(suffix(f, 3), suffix(s, 3))],
  ['name_pair_sound', (r) => orderedPair(r.forenameMetaphone, r.surnameMetaphone)],
  ['email_local', (r) => (r.email === null ? null : r.email.split('@')[0]!)],
  ['email_extra', (r) => (r.email === null ? null : emailExtra(r.email.split('@')[0]!, r.nameTokens))],
  [
    'email_names',
    (r) => (r.email === null ? null : emailNames(r.email.split('@')[0]!, r.nameTokens, r.forename)),
  ],
  [
    'email_digits',
    (r) => (r.email === null ? null : r.email.split('@')[0]!.replace(/[^0-9]/g, '') || NOTHING),
  ],
  ['phone_last8', (r) => (r.phone === null ? null : r.phone.slice(-8))],
  [
    'given_names',
    (r) => (r.forename === null || !r.middleNames ? r.forename : `${r.forename} ${r.middleNames}`),
  ],
  [
    'name_joined',
    ({ forename: f, middleNames: m, surname: s }) =>
      !f || !s ? null : `${f}${m ?? ''}${s}`.replaceAll(' ', ''),
  ],
  [
    'name_joined_family_first',
    ({ forename: f, middleNames: m, surname: s }) =>
      !f || !s ? [] : [`${s}${f}${m ?? ''}`.replaceAll(' ', '')],
  ],
  [
    'known_names',
    (r) => (r.aliasNames.length === 0 ? r.nameTokens : [...new Set([...r.nameTokens, ...r.aliasNames])]),
  ],
  [
    'name_one_edit',
    ({ forename: f, surname: s }) => (!f || !s ? [] : [...new Set([...oneEdit(f, s), ...oneEdit(s, f)])]),
  ],
  [
    'name_word_one_edit',
    ({ forename: f, surname: s }) => [
      ...new Set([...(f ? oneLetterDropped(f) : []), ...(s ? oneLetterDropped(s) : [])]),
    ],
  ],
])

/** A column's value on a standardised record: a string, a list, or null. */
export const columnValue = (
  record: StandardisedRecord,
  column: string,
): string | readonly string[] | null => {
  if (column.startsWith('other_')) {
    for (const [name, value] of Object.entries(record.otherIds))
      if (otherIdColumn(name) === column) return value
    return null
  }
  if (column.startsWith(ATTRIBUTE_PREFIX))
    return record.attributes[column.slice(ATTRIBUTE_PREFIX.length)] ?? null
  const derived = DERIVED_COLUMN_VALUES.get(column)
  if (derived) return derived(record)
  const v = (record as unknown as Record<string, unknown>)[fieldOfColumn(column)]
  if (v === undefined || v === null) return null
  return Array.isArray(v) ? (v as string[]) : String(v)
}

const text = (r: StandardisedRecord, c: string): string | null => {
  const v = columnValue(r, c)
  return typeof v === 'string' ? v : null
}
const list = (r: StandardisedRecord, c: string): readonly string[] => {
  const v = columnValue(r, c)
  return Array.isArray(v) ? v : []
}
const isNull = (r: StandardisedRecord, c: string): boolean =>
  LIST_COLUMNS.has(c) ? list(r, c).length === 0 : text(r, c) === null

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** An ISO date as [year, month, day], or null when it is not a real date (SQL's TRY_CAST gives NULL there too). */
const dateParts = (iso: string): [number, number, number] | null => {
  const match = ISO_DATE.exec(iso)
  if (!match) return null
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? [y, m, d] : null
}

const dayNumber = ([y, m, d]: [number, number, number]): number => Date.UTC(y, m - 1, d) / 86_400_000

/** The date `years` after, with the day clamped to the end of the month. */
const addYears = ([y, m, d]: [number, number, number], years: number): [number, number, number] => {
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate()
  return [y + years, m, Math.min(d, lastDay)]
}

const datePair = (l: StandardisedRecord, r: StandardisedRecord, column: string) => {
  const a = text(l, column)
  const b = text(r, column)
  const pa = a === null ? null : dateParts(a)
  const pb = b === null ? null : dateParts(b)
  return pa && pb ? ([pa, pb] as const) : null
}

/** Evaluates a condition on a pair. Any comparison involving a missing value is false, as in the rendered SQL. */
export const evaluateCondition = (c: Condition, l: StandardisedRecord, r: StandardisedRecord): boolean => {
  switch (c.kind) {
    case 'null':
      return c.columns.some((col) => isNull(l, col) || isNull(r, col))
    case 'exact': {
      const a = text(l, c.column)
      return a !== null && a === text(r, c.column)
    }
    case 'jaroWinkler': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && jaroWinkler(a, b) >= c.atLeast
    }
    case 'levenshtein': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && levenshtein(a, b) <= c.atMost
    }
    case 'damerauLevenshtein': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && damerauLevenshtein(a, b) <= c.atMost
    }
    case 'tokenJaccard': {
      const a = list(l, c.column)
      const b = list(r, c.column)
      return (a.length > 0 || b.length > 0) && jaccard(a, b) >= c.atLeast
    }
    case 'listOverlap': {
      const b = new Set(list(r, c.column))
      return list(l, c.column).some((x) => b.has(x))
    }
    case 'swapped': {
      const [x, y] = c.columns
      const lx = text(l, x)
      const ly = text(l, y)
      const ry = text(r, y)
      const rx = text(r, x)
      if (lx === null || ly === null || ry === null || rx === null) return false
      if (c.atMost === undefined) return lx === ry && ly === rx
      return (lx === ry && nearName(ly, rx, c.atMost)) || (ly === rx && nearName(lx, ry, c.atMost))
    }
    case 'inTokens': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      const other = c.except
      const near = (value: string, word: string) =>
        c.atMost === undefined ? value === word : nearName(value, word, c.atMost)
      const counts = (value: string | null, words: readonly string[], excepted: string | null) =>
        value !== null && words.some((w) => near(value, w)) && (excepted === null || !near(value, excepted))
      return (
        counts(a, list(r, c.list), other === undefined ? null : text(r, other)) ||
        counts(b, list(l, c.list), other === undefined ? null : text(l, other))
      )
    }
    case 'eitherIn': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      const values = setOf(c.values)
      return (a !== null && values.has(a)) || (b !== null && values.has(b))
    }
    case 'pairIn': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && setOf(c.pairs).has(pairKey(a, b))
    }
    case 'initial': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      if (a === null || b === null) return false
      return (a.length === 1 && a === b.slice(0, 1)) || (b.length === 1 && b === a.slice(0, 1))
    }
    case 'dayMonthSwapped': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && dayMonthSwapped(a, b)
    }
    case 'numberWithin': {
      const a = numberOf(text(l, c.column))
      const b = numberOf(text(r, c.column))
      return a !== null && b !== null && Math.abs(a - b) <= c.atMost
    }
    case 'dateWithinDays': {
      const dates = datePair(l, r, c.column)
      return dates !== null && Math.abs(dayNumber(dates[0]) - dayNumber(dates[1])) <= c.days
    }
    case 'dateWithinYears': {
      const dates = datePair(l, r, c.column)
      if (dates === null) return false
      const [earlier, later] = dayNumber(dates[0]) <= dayNumber(dates[1]) ? dates : [dates[1], dates[0]]
      return dayNumber(addYears(earlier, c.years)) >= dayNumber(later)
    }
    case 'and':
      return c.all.every((x) => evaluateCondition(x, l, r))
    case 'or':
      return c.any.some((x) => evaluateCondition(x, l, r))
    case 'not':
      return !evaluateCondition(c.condition, l, r)
    case 'else':
      return true
  }
}

/** A decimal number as DuckDB's TRY_CAST(... AS DOUBLE) reads one, or null. */
const numberOf = (value: string | null): number | null => {
  if (value === null || !/^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return null
  return Number(value)
}

/** Two values as one key whichever comes first: the form of `pairIn`'s pairs. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`)

// pairIn and eitherIn conditions are evaluated millions of times in scoring, and a list learned from the data holds
// hundreds of names: each condition's list as a set, made once (keyed by the list, which the condition holds).
const listSets = new WeakMap<readonly string[], ReadonlySet<string>>()
const setOf = (list: readonly string[]): ReadonlySet<string> => {
  let set = listSets.get(list)
  if (set === undefined) {
    set = new Set(list)
    listSets.set(list, set)
  }
  return set
}

/** Every column a condition reads. */
export const columnsOf = (c: Condition): string[] => {
  switch (c.kind) {
    case 'null':
      return c.columns
    case 'swapped':
      return c.columns
    case 'inTokens':
      return c.except === undefined ? [c.column, c.list] : [c.column, c.list, c.except]
    case 'and':
      return c.all.flatMap(columnsOf)
    case 'or':
      return c.any.flatMap(columnsOf)
    case 'not':
      return columnsOf(c.condition)
    case 'else':
      return []
    default:
      return [c.column]
  }
}
