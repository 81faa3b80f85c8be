import anyAscii from 'any-ascii'

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  œ: 'oe',
  þ: 'th',
}
const SPECIAL = /[ßæøłđıœþ]/g
const COMBINING = /\p{M}+/gu
const APOSTROPHES = /['’‘`´ʼ]/g
const NON_ALPHANUMERIC = /[^a-z0-9]+/g
/** Most names and addresses are already plain ASCII: they skip Unicode normalisation, the costly step. */
const ASCII = /^[\x20-\x7e]*$/
const NON_ASCII_CHARS = /[^\p{ASCII}]/gu
const LETTER = /\p{L}/u
const DIGIT = /\d/
/**
 * A letter of another script in Latin letters. Other characters stay as they were (punctuation, symbols and other
 * scripts' digits then separate words, as before), and so does a letter read as a code with digits (Linear A's
 * "AB50"): in a name its digits would read as mistyped letters ("0" for "o").
 */
const transliterated = (c: string): string => {
  if (!LETTER.test(c)) return c
  const latin = anyAscii(c)
  return DIGIT.test(latin) ? c : latin
}

/**
 * Folds text to comparable lower-case ASCII: diacritics stripped, other scripts transliterated, apostrophes dropped
 * ("O'Brien" → "obrien"), other punctuation and hyphens turned into single spaces, trimmed.
 */
export const foldText = (s: string): string => {
  let t = s.toLowerCase()
  if (!ASCII.test(t)) {
    t = t
      .replace(SPECIAL, (c) => SPECIAL_LETTERS[c] ?? c)
      .normalize('NFKD')
      .replace(COMBINING, '')
    // Letters of other scripts (Cyrillic, Greek, Arabic, Chinese) as their Latin transliteration ("Иван" → "ivan"):
    // dropped, a name in them would be compared as missing, and it would never meet the same name in Latin letters.
    t = t.replace(NON_ASCII_CHARS, transliterated).toLowerCase()
  }
  return t.replace(APOSTROPHES, '').replace(NON_ALPHANUMERIC, ' ').trim()
}

/** Folded tokens of a text, in order. */
export const tokensOf = (s: string | null | undefined): string[] => {
  if (!s) return []
  const folded = foldText(s)
  return folded === '' ? [] : folded.split(' ')
}
