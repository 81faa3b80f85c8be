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

/**
 * Folds text to comparable lower-case ASCII: diacritics stripped, apostrophes dropped ("O'Brien" → "obrien"), other
 * punctuation and hyphens turned into single spaces, trimmed.
 */
export const foldText = (s: string): string => {
  let t = s.toLowerCase()
  if (!ASCII.test(t)) {
    t = t
      .replace(SPECIAL, (c) => SPECIAL_LETTERS[c] ?? c)
      .normalize('NFKD')
      .replace(COMBINING, '')
  }
  return t.replace(APOSTROPHES, '').replace(NON_ALPHANUMERIC, ' ').trim()
}

/** Folded tokens of a text, in order. */
export const tokensOf = (s: string | null | undefined): string[] => {
  if (!s) return []
  const folded = foldText(s)
  return folded === '' ? [] : folded.split(' ')
}
