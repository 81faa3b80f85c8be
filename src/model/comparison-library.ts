import type { Condition } from './conditions.ts'
import type { Comparison, ComparisonLevel } from './model.ts'

/**
 * The comparison library: named comparisons any column can be given (in the settings file's `comparisons` key, or by
 * the defaults), each an ordered list of named levels. A level is written as a short phrase ("exact",
 * "jaro-winkler >= 0.9", "within 31 days") that is both what a user types and the label the report shows, so a
 * comparison's description is generated from its levels, never written by hand.
 */

/** A level kind: how its phrase reads, and the condition it stands for on a column. */
interface LevelKind {
  /** The phrase, with `N` where a number goes. */
  phrase: string
  pattern: RegExp
  condition: (column: string, n: number) => Condition
  /** Starting m and u: EM refines m, random pairs give u, so these only need to be in the right order. */
  m: number
  u: number
  /** Whether an exact match on a rare value counts more (term-frequency adjusted). */
  tf?: boolean
}

const NUMBER = String.raw`(\d+(?:\.\d+)?)`

const LEVEL_KINDS: readonly LevelKind[] = [
  {
    phrase: 'exact',
    pattern: /^exact$/,
    condition: (column) => ({ kind: 'exact', column }),
    m: 0.8,
    u: 0.01,
    tf: true,
  },
  {
    phrase: 'jaro-winkler >= N',
    pattern: new RegExp(`^jaro-winkler >= ${NUMBER}$`),
    condition: (column, atLeast) => ({ kind: 'jaroWinkler', column, atLeast }),
    m: 0.05,
    u: 0.02,
  },
  {
    phrase: 'levenshtein <= N',
    pattern: new RegExp(`^levenshtein <= ${NUMBER}$`),
    condition: (column, atMost) => ({ kind: 'levenshtein', column, atMost }),
    m: 0.05,
    u: 0.005,
  },
  {
    phrase: 'damerau-levenshtein <= N',
    pattern: new RegExp(`^damerau-levenshtein <= ${NUMBER}$`),
    condition: (column, atMost) => ({ kind: 'damerauLevenshtein', column, atMost }),
    m: 0.05,
    u: 0.005,
  },
  {
    phrase: 'day and month swapped',
    pattern: /^day and month swapped$/,
    condition: (column) => ({ kind: 'dayMonthSwapped', column }),
    m: 0.01,
    u: 0.00001,
  },
  {
    phrase: 'within N days',
    pattern: new RegExp(`^within ${NUMBER} days$`),
    condition: (column, days) => ({ kind: 'dateWithinDays', column, days }),
    m: 0.02,
    u: 0.005,
  },
  {
    phrase: 'within N years',
    pattern: new RegExp(`^within ${NUMBER} years$`),
    condition: (column, years) => ({ kind: 'dateWithinYears', column, years }),
    m: 0.02,
    u: 0.05,
  },
  {
    phrase: 'initial',
    pattern: /^initial$/,
    condition: (column) => ({ kind: 'initial', column }),
    m: 0.01,
    u: 0.01,
  },
  {
    phrase: 'word overlap >= N',
    pattern: new RegExp(`^word overlap >= ${NUMBER}$`),
    condition: (column, atLeast) => ({ kind: 'tokenJaccard', column, atLeast }),
    m: 0.1,
    u: 0.01,
  },
  {
    phrase: 'a word shared',
    pattern: /^a word shared$/,
    condition: (column) => ({ kind: 'listOverlap', column }),
    m: 0.1,
    u: 0.05,
  },
]

/** The phrases a level may be written as, for error messages and docs. */
export const LEVEL_PHRASES: readonly string[] = LEVEL_KINDS.map((k) => k.phrase)

/** The level a phrase names on a column, or undefined when the phrase is not one of LEVEL_PHRASES. */
export const levelOf = (phrase: string, column: string): ComparisonLevel | undefined => {
  const text = phrase.trim().toLowerCase().replace(/\s+/g, ' ')
  for (const kind of LEVEL_KINDS) {
    const match = kind.pattern.exec(text)
    if (!match) continue
    const n = match[1] === undefined ? 0 : Number(match[1])
    return {
      label: text,
      condition: kind.condition(column, n),
      m: kind.m,
      u: kind.u,
      ...(kind.tf ? { tf: { column, weight: 1, minU: 1e-6 } } : {}),
    }
  }
  return undefined
}

/** Named comparisons by the kind of value they compare, each its levels before "different". */
export const COMPARISON_LIBRARY = {
  name: {
    what: 'a name',
    levels: ['exact', 'damerau-levenshtein <= 1', 'jaro-winkler >= 0.92', 'jaro-winkler >= 0.8', 'initial'],
  },
  date: {
    what: 'a date',
    levels: [
      'exact',
      'day and month swapped',
      'levenshtein <= 1',
      'within 31 days',
      'within 1 years',
      'within 10 years',
    ],
  },
  postcode: { what: 'a postcode', levels: ['exact', 'levenshtein <= 1'] },
  email: { what: 'an email address', levels: ['exact', 'jaro-winkler >= 0.88'] },
  phone: { what: 'a phone number', levels: ['exact', 'levenshtein <= 1'] },
  identifier: { what: 'an identifier', levels: ['exact', 'damerau-levenshtein <= 1'] },
  string: { what: 'text', levels: ['exact', 'jaro-winkler >= 0.9', 'jaro-winkler >= 0.7'] },
  exact: { what: 'a value that either matches or not', levels: ['exact'] },
  numeric: { what: 'a number', levels: ['exact', 'levenshtein <= 1'] },
  words: { what: 'a list of words', levels: ['word overlap >= 0.7', 'word overlap >= 0.4', 'a word shared'] },
} as const satisfies Record<string, { what: string; levels: readonly string[] }>

export type LibraryComparisonName = keyof typeof COMPARISON_LIBRARY
export const LIBRARY_COMPARISON_NAMES = Object.keys(COMPARISON_LIBRARY) as LibraryComparisonName[]

/** "exact (term-frequency adjusted), jaro-winkler >= 0.9, else": what a comparison weighs, from its levels. */
export const describeLevels = (levels: readonly ComparisonLevel[]): string =>
  levels
    .filter((l) => !l.isNull)
    .map((l) => (l.tf ? `${l.label} (term-frequency adjusted)` : l.label))
    .join(', ')

export interface ComparisonSpec {
  /** The records-table column compared. */
  column: string
  comparison: LibraryComparisonName
  /** The comparison's name in the model and the report; the column by default. */
  name?: string
  /** Level phrases replacing the library's, in order; "different" is always added last. */
  levels?: readonly string[]
}

/**
 * A comparison from the library: a null level, the named levels in order, then "different". Throws with the
 * phrase that is not a level (callers validate settings first, so this names a programming error).
 */
export const libraryComparison = (spec: ComparisonSpec): Comparison => {
  const { column } = spec
  const entry = COMPARISON_LIBRARY[spec.comparison]
  const phrases = spec.levels ?? entry.levels
  const levels = phrases.map((phrase) => {
    const level = levelOf(phrase, column)
    if (!level) throw new Error(`"${phrase}" is not a comparison level (${LEVEL_PHRASES.join('; ')})`)
    return level
  })
  const matching = levels.reduce((a, l) => a + (l.m ?? 0), 0)
  const all: ComparisonLevel[] = [
    { label: 'null', condition: { kind: 'null', columns: [column] }, isNull: true },
    ...levels,
    { label: 'different', condition: { kind: 'else' }, m: Math.max(0.02, 1 - matching), u: 0.95 },
  ]
  return {
    name: spec.name ?? column,
    description: `${column} compared as ${entry.what}: ${describeLevels(all)}`,
    levels: all,
  }
}

/**
 * The model's comparisons with those a settings file gives: one with the name of a default comparison replaces it in
 * place; others are added after the defaults.
 */
export const withComparisons = (
  defaults: readonly Comparison[],
  given: readonly Comparison[],
): Comparison[] => {
  const byName = new Map(given.map((c) => [c.name, c]))
  const replaced = defaults.map((c) => byName.get(c.name) ?? c)
  const defaultNames = new Set(defaults.map((c) => c.name))
  return [...replaced, ...given.filter((c) => !defaultNames.has(c.name))]
}
