import { foldText, tokensOf } from './text.ts'

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'doctor',
  'prof',
  'professor',
  'rev',
  'revd',
  'reverend',
  'sir',
  'lord',
  'lady',
  'dame',
  'master',
  'fr',
  'father',
  'sister',
  'capt',
  'captain',
  'major',
  'col',
  'sgt',
  'hon',
])

/**
 * The sex a courtesy title gives: Mr and Master a man's, Mrs, Miss and Ms a woman's (Sir and Lord, Lady and Dame
 * too). Mx, Dr and the rest say nothing of it.
 */
const SEX_OF_TITLE = new Map<string, 'm' | 'f'>([
  ['mr', 'm'],
  ['master', 'm'],
  ['sir', 'm'],
  ['lord', 'm'],
  ['mrs', 'f'],
  ['miss', 'f'],
  ['ms', 'f'],
  ['lady', 'f'],
  ['dame', 'f'],
])

/** Whether a value is a courtesy title alone ("Mr", "Mrs.", "DR"). */
export const isTitle = (raw: string): boolean => TITLES.has(foldText(raw))

/**
 * The sex a title gives, from a title field ("Mrs") or the first word of a name field with more words after it
 * ("Mr John Smith"); null when there is none or it says nothing of sex.
 */
export const sexOfTitle = (raw: string | null | undefined): 'm' | 'f' | null => {
  if (!raw) return null
  const words = tokensOf(foldText(raw))
  return words.length > 0 ? (SEX_OF_TITLE.get(words[0]!) ?? null) : null
}
/** Generational suffixes, each spelling mapped to one form so "Jnr" and "Junior" agree. */
const SUFFIXES: ReadonlyMap<string, string> = new Map([
  ['jr', 'jr'],
  ['jnr', 'jr'],
  ['junior', 'jr'],
  ['sr', 'snr'],
  ['snr', 'snr'],
  ['senior', 'snr'],
  ['ii', 'ii'],
  ['iii', 'iii'],
  ['iv', 'iv'],
])
/**
 * The generational suffix a suffix field holds ("JR", "Sr.", "III"), in one form; null when it holds none. Voter
 * registers and US extracts keep it in a column of its own beside the names.
 */
export const suffixOf = (raw: string | null | undefined): string | null => {
  const words = tokensOf(raw)
  return words.length === 1 ? (SUFFIXES.get(words[0]!) ?? null) : null
}

/** Whether a value is a generational suffix alone ("Jr", "SR.", "III"). */
export const isSuffix = (raw: string): boolean => suffixOf(raw) !== null

/** Prefixes written apart or together ("Mc Donald", "McDonald"): joined to the next word, never dropped. */
const JOINED_PREFIXES = new Set(['o', 'mc', 'mac', 'fitz'])
/** Particles often dropped or attached by other systems: "al hassan" is also found as "hassan". */
const PARTICLES = new Set([
  'al',
  'el',
  'bin',
  'ibn',
  'van',
  'von',
  'de',
  'da',
  'di',
  'del',
  'della',
  'der',
  'den',
  'du',
  'dos',
  'das',
  'la',
  'le',
  'ter',
  'ten',
])
const WHITESPACE = /\s+/
/** What separates the words of a whole name: anything but letters, digits, apostrophes and dashes ("Mr.Smith"). */
const WORD_SEPARATOR = /[^\p{L}\p{M}\p{N}'’‘`´ʼ\p{Pd}]+/u
const DIGIT = /\d/
const WORD = /[^\s,]+/g
const LETTER = /\p{L}/u
const LOOKALIKE_DIGIT = /[0158]/g
const LOOKALIKE_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B' }

/**
 * Digits inside a name word read as the letters a scanner mistook them for ("Zh0u", "5un", "Wi11iam"): a name holds
 * no digits of its own. "1" is "I" in a capitalised word or at a word's start, "l" elsewhere ("Wi11iam", "SM1TH").
 */
export const readLookalikeDigits = (raw: string): string =>
  DIGIT.test(raw)
    ? raw.replace(WORD, (word) => {
        if (!LETTER.test(word)) return word
        const upper = word === word.toUpperCase()
        return word.replace(LOOKALIKE_DIGIT, (d, at: number) => {
          const letter = LOOKALIKE_LETTER[d]!
          if (upper || (d === '1' && at === 0)) return letter
          return d === '1' ? 'l' : letter.toLowerCase()
        })
      })
    : raw

export interface ParsedName {
  forename: string | null
  middleNames: string[]
  surname: string | null
  /** "jr", "snr", "ii", "iii" or "iv". */
  suffix: string | null
}

/**
 * Drops titles at the start and generational suffixes after the first word; the suffix is returned, not lost.
 * A lone word is kept even if it looks like a title: "Lord" and "Sir" are also surnames.
 */
const clean = (words: string[]): { words: string[]; suffix: string | null } => {
  let start = 0
  while (start < words.length - 1 && TITLES.has(words[start]!)) start++
  let suffix: string | null = null
  const kept: string[] = []
  for (let i = start; i < words.length; i++) {
    const w = words[i]!
    const s = i > start ? SUFFIXES.get(w) : undefined
    if (s) suffix = s
    else kept.push(w)
  }
  return { words: kept, suffix }
}

/**
 * The Arabic article, which no family name is alone: "AL" in a surname field is what is left of "Al-Qahtani" cut at its
 * hyphen by a system or a clerk, and says nothing of the name.
 */
const ARTICLES = new Set(['al', 'el'])

/**
 * A surname without its leading Arabic article ("al obaidi" → "obaidi"): "Al-Obaidi", "El Obaidi" and "Obaidi" are
 * one family name, the article kept by some systems and clerks and dropped by others. A surname of the article alone
 * gives itself.
 */
export const withoutArticle = (surname: string): string => {
  const space = surname.indexOf(' ')
  return space > 0 && ARTICLES.has(surname.slice(0, space)) ? surname.slice(space + 1) : surname
}

/**
 * Surname with "o", "mc", "mac" and "fitz" joined to the word after them: "mc donald" → "mcdonald". An Arabic article
 * alone is no surname.
 */
export const canonicalSurname = (tokens: readonly string[]): string | null => {
  if (tokens.length === 1 && ARTICLES.has(tokens[0]!)) return null
  const out: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    const next = tokens[i + 1]
    if (JOINED_PREFIXES.has(t) && next !== undefined && next.length > 1) {
      out.push(t + next)
      i++
    } else out.push(t)
  }
  return out.length > 0 ? out.join(' ') : null
}

const givenNames = (words: readonly string[]): { forename: string | null; middleNames: string[] } => {
  const tokens = words.flatMap((w) => w.split(' '))
  return { forename: tokens[0] ?? null, middleNames: tokens.slice(1) }
}

const isUpperWord = (w: string): boolean => w === w.toUpperCase() && /\p{Lu}.*\p{Lu}/u.test(w)

const fromParts = (given: string[], surname: string[]): ParsedName => {
  const g = clean(given)
  const s = clean(surname)
  return {
    ...givenNames(g.words),
    surname: canonicalSurname(s.words.flatMap((w) => w.split(' '))),
    suffix: s.suffix ?? g.suffix,
  }
}

const foldWords = (text: string): string[] =>
  text
    .split(WHITESPACE)
    .map(foldText)
    .filter((w) => w !== '')

/** One side of a "SURNAME, Forenames" name, read: the forenames side, or the surname side. */
export interface NameSides {
  given(part: string): { forename: string | null; middleNames: string[]; suffix: string | null }
  surname(part: string): { surname: string | null; suffix: string | null }
}

/**
 * The sides of "SURNAME, Forenames" read apart: digits are read as letters word by word and a word never spans the
 * comma, so each side reads the same alone, as a cache of sides (surnames, forenames) can.
 */
export const NAME_SIDES: NameSides = {
  given: (part) => {
    const g = clean(foldWords(readLookalikeDigits(part)))
    return { ...givenNames(g.words), suffix: g.suffix }
  },
  surname: (part) => {
    const s = clean(foldWords(readLookalikeDigits(part)))
    return { surname: canonicalSurname(s.words.flatMap((w) => w.split(' '))), suffix: s.suffix }
  },
}

/**
 * Parses a whole name held in one field. A comma means "SURNAME, Forenames"; otherwise a run of all-capitals words
 * among mixed-case words is the surname ("John SMITH", "SMITH John"); otherwise the last word is the surname, with
 * any particles or prefixes before it ("Jan van der Berg", "Ali al Hassan"). Hyphenated words stay together.
 */
export const parseName = (written: string, sides: NameSides = NAME_SIDES): ParsedName => {
  const comma = written.indexOf(',')
  if (comma >= 0) {
    const given = sides.given(written.slice(comma + 1))
    const family = sides.surname(written.slice(0, comma))
    return {
      forename: given.forename,
      middleNames: given.middleNames,
      surname: family.surname,
      suffix: family.suffix ?? given.suffix,
    }
  }
  const whole = readLookalikeDigits(written)

  const raw = whole.split(WORD_SEPARATOR).filter((w) => foldText(w) !== '')
  let start = 0
  while (start < raw.length - 1 && TITLES.has(foldText(raw[start]!))) start++
  const words = raw.slice(start)
  const upper = words.map(isUpperWord)
  const first = upper.indexOf(true)
  if (first >= 0 && upper.includes(false)) {
    let end = first
    while (end < words.length && upper[end]) end++
    const given = [...words.slice(0, first), ...words.slice(end)].map(foldText)
    return fromParts(given, words.slice(first, end).map(foldText))
  }

  const { words: folded, suffix } = clean(words.map(foldText))
  if (folded.length <= 1) {
    return { forename: null, middleNames: [], surname: canonicalSurname(folded), suffix }
  }
  let surnameStart = folded.length - 1
  // After a Vietnamese family name, Van is the middle name Văn ("Nguyen Van Minh"), not the Dutch particle.
  const vietnamese = VIETNAMESE_FAMILY_NAMES.has(folded[0]!)
  while (
    surnameStart > 1 &&
    isPrefix(folded[surnameStart - 1]!) &&
    !(vietnamese && folded[surnameStart - 1] === 'van')
  )
    surnameStart--
  return {
    ...givenNames(folded.slice(0, surnameStart)),
    surname: canonicalSurname(folded.slice(surnameStart).flatMap((w) => w.split(' '))),
    suffix,
  }
}

/**
 * The family names most Vietnamese people hold (Nguyen alone about two in five), which a whole name written in
 * Vietnamese order puts first.
 */
const VIETNAMESE_FAMILY_NAMES = new Set([
  'nguyen',
  'tran',
  'le',
  'pham',
  'hoang',
  'huynh',
  'phan',
  'vu',
  'vo',
  'dang',
  'bui',
  'do',
  'ho',
  'ngo',
  'duong',
  'ly',
])

/** Words that start a surname in a whole name. Not "o": "John O Smith" more likely has a middle initial. */
const isPrefix = (word: string): boolean => PARTICLES.has(word) || (word !== 'o' && JOINED_PREFIXES.has(word))

const NO_NAME: ParsedName = { forename: null, middleNames: [], surname: null, suffix: null }

/**
 * A forename given in its own field, folded, without titles or suffixes: its first word and the rest. A field
 * holding only a title ("Mr") gives no name.
 */
export const cleanForename = (value: string | null): ParsedName => {
  const tokens = tokensOf(value && readLookalikeDigits(value))
  if (tokens.length === 1 && TITLES.has(tokens[0]!)) return NO_NAME
  const { words, suffix } = clean(tokens)
  return { ...givenNames(words), surname: null, suffix }
}

/** A surname given in its own field, folded, without titles or suffixes, prefixes joined. */
export const cleanSurname = (value: string | null): { surname: string | null; suffix: string | null } => {
  const { words, suffix } = clean(tokensOf(value && readLookalikeDigits(value)))
  return { surname: canonicalSurname(words), suffix }
}

/**
 * The forms under which a surname may be found elsewhere: the whole name, each part of a double-barrelled name
 * ("smith jones" → "smith", "jones") and the name without leading particles ("al hassan" → "hassan",
 * "van der berg" → "berg"). A one-word surname gives itself, so list overlap works for every record.
 */
export const surnamePartsOf = (surname: string | null): string[] => {
  if (!surname) return []
  const tokens = surname.split(' ')
  if (tokens.length === 1) return [surname]
  const parts = new Set<string>([surname])
  let start = 0
  while (start < tokens.length - 1 && PARTICLES.has(tokens[start]!)) start++
  if (start > 0) parts.add(tokens.slice(start).join(' '))
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!
    if (!PARTICLES.has(t) && t.length > 1) parts.add(t)
  }
  return [...parts]
}
