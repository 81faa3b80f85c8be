import { tokensOf } from './text.ts'

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'rev', 'revd', 'reverend', 'sir', 'lord', 'lady', 'dame',
  'master', 'fr', 'father', 'sister', 'capt', 'major', 'col', 'sgt', 'hon',
])
const SUFFIXES: Record<string, string> = {
  jr: 'jr', jnr: 'jr', junior: 'jr', sr: 'snr', snr: 'snr', senior: 'snr', ii: 'ii', iii: 'iii', iv: 'iv',
}
/** Prefixes that are often dropped or attached: "al hassan" is also found as "hassan". */
const DROPPABLE_PARTICLES = new Set(['al', 'el', 'van', 'von', 'de', 'da', 'di', 'der', 'den', 'du', 'la', 'le', 'bin', 'ibn', 'abu'])

export interface ParsedName {
  forename: string | null
  middleNames: string[]
  surname: string | null
  suffix: string | null
}

const isUpperWord = (w: string): boolean => /\p{Lu}/u.test(w) && w === w.toUpperCase() && /\p{L}{2,}/u.test(w)

/** Drops titles and suffixes from folded tokens, returning the suffix found (if any). */
const clean = (tokens: string[]): { tokens: string[]; suffix: string | null } => {
  let suffix: string | null = null
  const kept: string[] = []
  tokens.forEach((t, i) => {
    if (i === 0 && TITLES.has(t) && tokens.length > 1) return
    const s = SUFFIXES[t]
    if (s && i > 0) {
      suffix = s
      return
    }
    kept.push(t)
  })
  return { tokens: kept, suffix }
}

/**
 * Parses a whole name held in one field. A comma means "SURNAME, Forenames"; otherwise an all-capitals word among
 * mixed-case words marks the surname ("John SMITH"); otherwise the last word is the surname.
 */
export const parseName = (whole: string): ParsedName => {
  const comma = whole.indexOf(',')
  if (comma >= 0) {
    const surname = clean(tokensOf(whole.slice(0, comma)))
    const given = clean(tokensOf(whole.slice(comma + 1)))
    return {
      forename: given.tokens[0] ?? null,
      middleNames: given.tokens.slice(1),
      surname: surname.tokens.length > 0 ? surname.tokens.join(' ') : null,
      suffix: given.suffix ?? surname.suffix,
    }
  }
  const words = whole.split(/\s+/).filter((w) => w !== '')
  const upper = words.map(isUpperWord)
  const mixed = upper.some((u) => !u)
  const firstUpper = upper.indexOf(true)
  if (mixed && firstUpper > 0) {
    const given = clean(tokensOf(words.slice(0, firstUpper).join(' ')))
    const surname = clean(tokensOf(words.slice(firstUpper).join(' ')))
    return {
      forename: given.tokens[0] ?? null,
      middleNames: given.tokens.slice(1),
      surname: surname.tokens.join(' ') || null,
      suffix: surname.suffix ?? given.suffix,
    }
  }
  const { tokens, suffix } = clean(tokensOf(whole))
  if (tokens.length === 0) return { forename: null, middleNames: [], surname: null, suffix }
  if (tokens.length === 1) return { forename: null, middleNames: [], surname: tokens[0]!, suffix }
  return { forename: tokens[0]!, middleNames: tokens.slice(1, -1), surname: tokens.at(-1)!, suffix }
}

/** Cleans a name given in its own field: folded, titles and suffixes removed. */
export const cleanNameField = (value: string | null): { name: string | null; suffix: string | null } => {
  if (!value) return { name: null, suffix: null }
  const { tokens, suffix } = clean(tokensOf(value))
  return { name: tokens.length > 0 ? tokens.join(' ') : null, suffix }
}

/**
 * The parts of a surname under which it may be found elsewhere: each part of a double-barrelled name, and the name
 * without a leading particle ("al hassan" → "hassan", "van der berg" → "berg").
 */
export const surnamePartsOf = (surname: string | null): string[] => {
  if (!surname) return []
  const tokens = surname.split(' ')
  const parts = new Set<string>([surname])
  if (tokens.length > 1) {
    let start = 0
    while (start < tokens.length - 1 && DROPPABLE_PARTICLES.has(tokens[start]!)) start++
    if (start > 0) parts.add(tokens.slice(start).join(' '))
    for (const t of tokens.slice(start)) if (!DROPPABLE_PARTICLES.has(t) && t.length > 1) parts.add(t)
  }
  return [...parts]
}
