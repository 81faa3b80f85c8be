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

/**
 * A postcode ending an address written whole in one field, as extracts and benchmarks keep it ("185 Albert Street,
 * Bradford BD18 7NL", FEBRL's "12 smith street, kingston 2600"): a UK postcode, or a number of four or five digits
 * (a US ZIP+4 too) after the words of a place. A box number ("PO Box 2600") is no postcode.
 */
const UK_POSTCODE_AT_END = /(?:^|[\s,])([a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2})$/i
const NUMBER_AT_END = /(?:^|,)\s*((?:\p{L}[\p{L}.'-]*\s+)+)(\d{4,5}(?:-\d{4})?)$/u
const BOX = /\bbox\s*$/i

/** The address lines with the postcode that ends the last of them split off, or null when none ends it. */
export const postcodeInAddress = (lines: readonly string[]): { postcode: string; lines: string[] } | null => {
  let last = lines.length - 1
  while (last >= 0 && lines[last]!.trim() === '') last--
  if (last < 0) return null
  const line = lines[last]!.trim()
  const uk = UK_POSTCODE_AT_END.exec(line)
  const number = uk ? null : NUMBER_AT_END.exec(line)
  if (number && BOX.test(number[1]!)) return null
  const postcode = uk?.[1] ?? number?.[2]
  if (postcode === undefined) return null
  const rest = line.slice(0, line.length - postcode.length).replace(/[\s,]+$/, '')
  return { postcode, lines: [...lines.slice(0, last), ...(rest === '' ? [] : [rest])] }
}

/** Last words of a street ("Rose Court"), which the last part of an address written in one field is not when it is the town. */
const STREET_WORDS = new Set([...STREET_TYPES.values(), 'way', 'walk', 'row', 'mews', 'hill', 'view', 'rise'])

/**
 * The town of an address written in one field with commas ("12 High St, Leeds"): the last part, when it holds no
 * number and does not end as a street does ("Flat 2, Rose Court" names no town).
 */
const townOfOneLine = (line: string, addressLine: (line: string) => AddressLine): string | null => {
  const comma = line.lastIndexOf(',')
  if (comma < 0) return null
  const { folded, tokens } = addressLine(line.slice(comma + 1))
  if (folded === '' || DIGIT.test(folded) || STREET_WORDS.has(tokens.at(-1)!)) return null
  return folded
}

export interface ParsedAddress {
  /** Folded tokens of every line, street types expanded, de-duplicated and sorted. */
  addressTokens: string[]
  /** The last line when there are two or more lines, folded (street types as written). */
  town: string | null
}

/**
 * Address lines (most specific first, postcode apart) as a token set and a town. The canonical record has no
 * town field: sources list the town last, so with two or more lines the last one is taken as the town, and of one
 * line with commas its last part (`townOfOneLine`). A line saying there is no address ("No Fixed Abode", "NFA") is
 * left out.
 */
export const parseAddress = (
  lines: readonly string[],
  addressLine: (line: string) => AddressLine = cachedAddressLine,
): ParsedAddress => {
  const tokens: string[] = []
  let town: string | null = null
  let only = ''
  let nonEmptyLines = 0
  for (const line of lines) {
    const { folded, tokens: lineTokens } = addressLine(line)
    if (folded === '' || NO_ADDRESS.has(folded)) continue
    nonEmptyLines++
    town = folded
    only = line
    for (const t of lineTokens) tokens.push(t)
  }
  if (nonEmptyLines === 1) town = townOfOneLine(only, addressLine)
  return { addressTokens: sortedUnique(tokens), town }
}
