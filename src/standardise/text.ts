const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', ł: 'l', đ: 'd', ı: 'i', œ: 'oe', þ: 'th' }
const SPECIAL = /[ßæøłđıœþ]/g
const COMBINING = /\p{M}+/gu
const APOSTROPHES = /['’‘`´]/g
const NON_ALPHANUMERIC = /[^a-z0-9]+/g

/**
 * Folds text to comparable lower-case ASCII: diacritics stripped, apostrophes dropped ("O'Brien" → "obrien"), other
 * punctuation and hyphens turned into single spaces.
 */
export const foldText = (s: string): string =>
  s
    .toLowerCase()
    .replace(SPECIAL, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(COMBINING, '')
    .replace(APOSTROPHES, '')
    .replace(NON_ALPHANUMERIC, ' ')
    .trim()

/** Folded tokens of a text, in order. */
export const tokensOf = (s: string | null | undefined): string[] => {
  if (!s) return []
  const folded = foldText(s)
  return folded === '' ? [] : folded.split(' ')
}
