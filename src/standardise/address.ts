import { memo } from './memo.ts'
import { sortedUnique } from './sorted-unique.ts'
import { foldText } from './text.ts'

/** Street-type abbreviations, each expanded to one form so "High St" and "High Street" share their tokens. */
const STREET_TYPES: ReadonlyMap<string, string> = new Map([
  ['st', 'street'],
  ['str', 'street'],
  ['rd', 'road'],
  ['ave', 'avenue'],
  ['av', 'avenue'],
  ['ln', 'lane'],
  ['dr', 'drive'],
  ['cres', 'crescent'],
  ['ct', 'court'],
  ['pl', 'place'],
  ['gdns', 'gardens'],
  ['sq', 'square'],
  ['cl', 'close'],
  ['tce', 'terrace'],
  ['gr', 'grove'],
])

const DIGIT = /\d/

/**
 * "St" is Street after a street name ("High St") but Saint at the start of a name ("St Mary's Road",
 * "12 St Albans Way"), so it is expanded only when it follows a word that is not a house number.
 */
const expand = (tokens: readonly string[]): string[] =>
  tokens.map((t, i) => {
    if (t === 'st' && (i === 0 || DIGIT.test(tokens[i - 1]!))) return t
    return STREET_TYPES.get(t) ?? t
  })

export interface AddressLine {
  folded: string
  tokens: string[]
}

/** One address line folded and tokenised. */
export const addressLineOf = (line: string): AddressLine => {
  const folded = foldText(line)
  return { folded, tokens: folded === '' ? [] : expand(folded.split(' ')) }
}
/** Lines (streets, localities, towns) repeat across records, so cached. */
const cachedAddressLine = memo(addressLineOf)

/**
 * Lines saying there is no address, as custody and probation systems write it for the homeless and the unknown.
 * Many people share them, so they are no address at all rather than one all those people live at.
 */
const NO_ADDRESS = new Set([
  'nfa',
  'no fixed abode',
  'no fixed address',
  'homeless',
  'no address',
  'address unknown',
  'unknown',
  'not known',
  'none',
  'n a',
])

export interface ParsedAddress {
  /** Folded tokens of every line, street types expanded, de-duplicated and sorted. */
  addressTokens: string[]
  /** The last line when there are two or more lines, folded (street types as written). */
  town: string | null
}

/**
 * Address lines (most specific first, postcode apart) as a token set and a town. The canonical record has no
 * town field: sources list the town last, so with two or more lines the last one is taken as the town. A line
 * saying there is no address ("No Fixed Abode", "NFA") is left out.
 */
export const parseAddress = (
  lines: readonly string[],
  addressLine: (line: string) => AddressLine = cachedAddressLine,
): ParsedAddress => {
  const tokens: string[] = []
  let town: string | null = null
  let nonEmptyLines = 0
  for (const line of lines) {
    const { folded, tokens: lineTokens } = addressLine(line)
    if (folded === '' || NO_ADDRESS.has(folded)) continue
    nonEmptyLines++
    town = folded
    for (const t of lineTokens) tokens.push(t)
  }
  return { addressTokens: sortedUnique(tokens), town: nonEmptyLines >= 2 ? town : null }
}
