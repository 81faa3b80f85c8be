import type { BlockingRule } from '../blocking/rule.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { jaroWinkler } from '../model/similarity.ts'

/**
 * Keys that find a person by name (spelt as given, or sounding alike, either order) or by birth date. Every block
 * (allBlocks): a search lists what a person asked for, not candidate pairs for the model.
 */
export const SEARCH_RULES: readonly BlockingRule[] = [
  { name: 'search: surname', keys: ['surname'], allBlocks: true },
  { name: 'search: surname sound', keys: ['surname_metaphone'], allBlocks: true },
  { name: 'search: name pair', keys: ['name_pair_key'], allBlocks: true },
  {
    name: 'search: forename and surname sound',
    keys: ['forename_metaphone', 'surname_metaphone'],
    allBlocks: true,
  },
  { name: 'search: date of birth', keys: ['date_of_birth'], allBlocks: true },
]

/** Below this name similarity a record sharing only a birth date or a sound is not a plausible answer. */
export const MIN_NAME_SIMILARITY = 0.7

/** How alike each name given is to `a`, 0..1, remembered: a search's candidates share a few names between them. */
const similarTo = (a: string | null): ((b: string | null) => number) => {
  if (a === null) return () => 0
  const known = new Map<string, number>()
  return (b) => {
    if (b === null) return 0
    let s = known.get(b)
    if (s === undefined) {
      s = a === b ? 1 : jaroWinkler(a, b)
      known.set(b, s)
    }
    return s
  }
}

/** The same nickname or variant group, a shared nickname's other groups included, is as good as the same name. */
const sameGroup = (q: StandardisedRecord, r: StandardisedRecord): boolean =>
  q.forenameGroup !== null &&
  r.forenameGroup !== null &&
  (q.forenameGroup === r.forenameGroup ||
    q.forenameOtherGroups.includes(r.forenameGroup) ||
    r.forenameOtherGroups.includes(q.forenameGroup))

/**
 * How alike a record's names are to the query's, 0..1: forename and surname in either order; the surname alone for a
 * one-word query. One per search, so each name met is compared with the query's once.
 */
const nameScorer = (query: StandardisedRecord): ((record: StandardisedRecord) => number) => {
  const toSurname = similarTo(query.surname)
  const toForename = similarTo(query.forename)
  return (record) => {
    const surname = toSurname(record.surname)
    if (query.forename === null) return Math.max(surname, toSurname(record.forename))
    const forename = sameGroup(query, record) ? 1 : toForename(record.forename)
    return Math.max((forename + surname) / 2, (toForename(record.surname) + toSurname(record.forename)) / 2)
  }
}

export const nameSimilarity = (query: StandardisedRecord, record: StandardisedRecord): number =>
  nameScorer(query)(record)

/** 1 for the same date, 0.5 for the same year with day and month exchanged or one of them different, else 0. */
export const dateSimilarity = (a: string, b: string | null): number => {
  if (b === null) return 0
  if (a === b) return 1
  if (a.slice(0, 4) !== b.slice(0, 4)) return 0
  const swapped = a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7)
  return swapped || a.slice(5, 7) === b.slice(5, 7) || a.slice(8, 10) === b.slice(8, 10) ? 0.5 : 0
}

/**
 * How well a record fits the query, 0..1, or null when its name is too far off; a birth date given weighs 30%. One
 * scorer serves a whole search.
 */
export const searchScorer = (query: StandardisedRecord): ((record: StandardisedRecord) => number | null) => {
  const name = nameScorer(query)
  return (record) => {
    const similarity = name(record)
    if (similarity < MIN_NAME_SIMILARITY) return null
    return query.dateOfBirth === null
      ? similarity
      : 0.7 * similarity + 0.3 * dateSimilarity(query.dateOfBirth, record.dateOfBirth)
  }
}

export const searchScore = (query: StandardisedRecord, record: StandardisedRecord): number | null =>
  searchScorer(query)(record)

/** A standardised name for display: its words capitalised. */
export const displayName = (r: StandardisedRecord): string =>
  [r.forename, r.middleNames, r.surname]
    .filter((part): part is string => part !== null)
    .join(' ')
    .replace(/\b[a-z]/g, (c) => c.toUpperCase())
