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

const similarity = (a: string | null, b: string | null): number =>
  a === null || b === null ? 0 : a === b ? 1 : jaroWinkler(a, b)

/** The same nickname or variant group, a shared nickname's other groups included, is as good as the same name. */
const sameGroup = (q: StandardisedRecord, r: StandardisedRecord): boolean =>
  q.forenameGroup !== null &&
  r.forenameGroup !== null &&
  (q.forenameGroup === r.forenameGroup ||
    q.forenameOtherGroups.includes(r.forenameGroup) ||
    r.forenameOtherGroups.includes(q.forenameGroup))

const forenameSimilarity = (q: StandardisedRecord, r: StandardisedRecord): number =>
  sameGroup(q, r) ? 1 : similarity(q.forename, r.forename)

/** How alike the names are, 0..1: forename and surname in either order; the surname alone for a one-word query. */
export const nameSimilarity = (query: StandardisedRecord, record: StandardisedRecord): number => {
  const surname = similarity(query.surname, record.surname)
  if (query.forename === null) return Math.max(surname, similarity(query.surname, record.forename))
  const straight = (forenameSimilarity(query, record) + surname) / 2
  const swapped =
    (similarity(query.forename, record.surname) + similarity(query.surname, record.forename)) / 2
  return Math.max(straight, swapped)
}

/** 1 for the same date, 0.5 for the same year with day and month exchanged or one of them different, else 0. */
export const dateSimilarity = (a: string, b: string | null): number => {
  if (b === null) return 0
  if (a === b) return 1
  if (a.slice(0, 4) !== b.slice(0, 4)) return 0
  const swapped = a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7)
  return swapped || a.slice(5, 7) === b.slice(5, 7) || a.slice(8, 10) === b.slice(8, 10) ? 0.5 : 0
}

/** How well a record fits a search, 0..1, or null when its name is too far off; a birth date given weighs 30%. */
export const searchScore = (query: StandardisedRecord, record: StandardisedRecord): number | null => {
  const name = nameSimilarity(query, record)
  if (name < MIN_NAME_SIMILARITY) return null
  return query.dateOfBirth === null
    ? name
    : 0.7 * name + 0.3 * dateSimilarity(query.dateOfBirth, record.dateOfBirth)
}

/** A standardised name for display: its words capitalised. */
export const displayName = (r: StandardisedRecord): string =>
  [r.forename, r.middleNames, r.surname]
    .filter((part): part is string => part !== null)
    .join(' ')
    .replace(/\b[a-z]/g, (c) => c.toUpperCase())
