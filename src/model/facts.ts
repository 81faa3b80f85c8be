import { columnsOf } from './conditions.ts'
import type { Comparison } from './model.ts'

/**
 * The fact about a person that a column records. A blocking key on one column of a fact makes its other columns
 * agree among the key's non-matches far more often than among random pairs: one household shares a postcode, its
 * street and its town; a birth year is part of the birth date. So a blocking rule is taken to imply every comparison
 * of the facts its keys record, both when training in a blocked session and when estimating the prior.
 */
const FACTS: readonly { fact: string; columns: RegExp }[] = [
  { fact: 'birth', columns: /^(date_of_birth|dob_.*|birth_.*)$/ },
  // A name pair key, sorted, holds both names; so does a name one typo away beside the other's first letter.
  { fact: 'forename surname', columns: /^(name_pair_(key|prefix|suffix|sound)|name_one_edit)$/ },
  { fact: 'forename', columns: /^forename(_.*)?$/ },
  { fact: 'surname', columns: /^surname(_.*)?$/ },
  { fact: 'location', columns: /^(postcode|address|town)(_.*)?$/ },
  // A list of every name word implies none: records meeting on it share one word, which any of their names may hold.
  { fact: '', columns: /^(known_names|name_tokens|name_word_one_edit)$/ },
]

/** The facts a column records (one, or none for a list of every name word); a column of no known fact is its own. */
export const factsOf = (column: string): string[] => {
  const found = FACTS.find(({ columns }) => columns.test(column))
  if (!found) return [column]
  return found.fact === '' ? [] : found.fact.split(' ')
}

/**
 * Facts that pairs agreeing on one fact share without being one person: a household shares its surname as well as
 * its address, so among pairs blocked on a postcode an agreeing surname is what a family looks like, not evidence
 * of one person (EM there takes households for matches, and a different forename for a typo).
 */
const SHARED_WITH: Readonly<Record<string, readonly string[]>> = {
  location: ['surname'],
  // Namesakes share a forename, and so its sex.
  forename: ['sex'],
}

/** Whether any of `columns` records a fact that one of `keys` records. */
export const recordsFactOf = (keys: readonly string[], columns: readonly string[]): boolean => {
  const agreed = new Set(keys.flatMap(factsOf))
  return columns.some((c) => factsOf(c).some((f) => agreed.has(f)))
}

/** Whether any of `columns` records a fact that one of `keys` records, or that pairs agreeing on the keys share. */
export const sharesFact = (keys: readonly string[], columns: readonly string[]): boolean => {
  const agreed = new Set(keys.flatMap(factsOf).flatMap((f) => [f, ...(SHARED_WITH[f] ?? [])]))
  return columns.some((c) => factsOf(c).some((f) => agreed.has(f)))
}

/** The columns a comparison is about: those of its null level (a value missing there leaves it no evidence). */
export const subjectColumns = (comparison: Comparison): string[] => {
  const condition = comparison.levels.find((l) => l.isNull)?.condition
  if (!condition) return []
  if (condition.kind === 'null') return condition.columns
  if (condition.kind === 'or') return condition.any.flatMap((c) => (c.kind === 'null' ? c.columns : []))
  return []
}

/**
 * Whether a blocking rule's keys leave a comparison nothing to learn or weigh: it is about a fact the keys record
 * or share (a household's surname when blocking on its postcode), or one of its levels reads a column of a fact the
 * keys record (a swap of forename and surname, in a session blocked on both).
 */
export const impliedByKeys = (keys: readonly string[], comparison: Comparison): boolean =>
  sharesFact(keys, subjectColumns(comparison)) ||
  comparison.levels.some((l) => recordsFactOf(keys, columnsOf(l.condition)))
