/**
 * String similarities for the in-memory scorer, matching DuckDB's `jaro_similarity`, `jaro_winkler_similarity`,
 * `levenshtein` and `damerau_levenshtein` exactly, so that a pair scores the same in batch and in real time.
 * DuckDB compares UTF-8 bytes, not characters ("é" is two bytes from "e"), so non-ASCII strings are compared here
 * as UTF-8 bytes too. Standardised values are ASCII, where bytes and characters coincide.
 */

type Units = ArrayLike<number>

const encoder = new TextEncoder()

const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}

/** The units DuckDB compares: char codes when ASCII (the fast, common case), otherwise UTF-8 bytes. */
const unitsOf = (s: string): Units => {
  if (isAscii(s)) {
    const out = new Uint8Array(s.length)
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
    return out
  }
  return encoder.encode(s)
}

const equalUnits = (a: Units, b: Units): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const jaroOfUnits = (a: Units, b: Units): number => {
  const la = a.length
  const lb = b.length
  // DuckDB scores an empty string 0 against anything, itself included.
  if (la === 0 || lb === 0) return 0
  if (equalUnits(a, b)) return 1
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1)
  const matchedA = new Uint8Array(la)
  const matchedB = new Uint8Array(lb)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const to = Math.min(lb - 1, i + window)
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if (!matchedB[j] && a[i] === b[j]) {
        matchedA[i] = 1
        matchedB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let j = 0
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue
    while (!matchedB[j]) j++
    if (a[i] !== b[j]) transpositions++
    j++
  }
  // Half the transpositions, rounded down, as DuckDB (rapidfuzz) counts them.
  const halfTranspositions = Math.floor(transpositions / 2)
  return (matches / la + matches / lb + (matches - halfTranspositions) / matches) / 3
}

/** Jaro similarity in [0, 1]; 0 when either string is empty (as DuckDB). */
export const jaro = (a: string, b: string): number => jaroOfUnits(unitsOf(a), unitsOf(b))

/** Jaro-Winkler with prefix scale 0.1 over at most 4 units, boosting only similarities above 0.7 (as DuckDB). */
export const jaroWinkler = (a: string, b: string): number => {
  const ua = unitsOf(a)
  const ub = unitsOf(b)
  const j = jaroOfUnits(ua, ub)
  if (j <= 0.7) return j
  let prefix = 0
  const max = Math.min(4, ua.length, ub.length)
  while (prefix < max && ua[prefix] === ub[prefix]) prefix++
  return j + prefix * 0.1 * (1 - j)
}

/** Edits (insert, delete, substitute) from a to b. */
export const levenshtein = (a: string, b: string): number => {
  if (a === b) return 0
  const ua = unitsOf(a)
  const ub = unitsOf(b)
  if (ua.length === 0) return ub.length
  if (ub.length === 0) return ua.length
  let previous = new Array<number>(ub.length + 1)
  let current = new Array<number>(ub.length + 1)
  for (let j = 0; j <= ub.length; j++) previous[j] = j
  for (let i = 1; i <= ua.length; i++) {
    current[0] = i
    for (let j = 1; j <= ub.length; j++) {
      const cost = ua[i - 1] === ub[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
    }
    ;[previous, current] = [current, previous]
  }
  return previous[ub.length]!
}

/**
 * Edits from a to b counting a swap of two adjacent units as one edit, with no limit on later edits of swapped units
 * (the unrestricted distance, as DuckDB's `damerau_levenshtein`). Ten times slower than Levenshtein in DuckDB, so
 * the default comparisons do not use it.
 */
export const damerauLevenshtein = (a: string, b: string): number => {
  if (a === b) return 0
  const ua = unitsOf(a)
  const ub = unitsOf(b)
  const la = ua.length
  const lb = ub.length
  if (la === 0) return lb
  if (lb === 0) return la
  const infinity = la + lb
  const width = lb + 2
  // d[(i + 1) * width + (j + 1)] is the distance between the first i units of a and the first j units of b.
  const d = new Array<number>((la + 2) * width).fill(0)
  d[0] = infinity
  for (let i = 0; i <= la; i++) {
    d[(i + 1) * width] = infinity
    d[(i + 1) * width + 1] = i
  }
  for (let j = 0; j <= lb; j++) {
    d[j + 1] = infinity
    d[width + j + 1] = j
  }
  const lastRowOf = new Map<number, number>()
  for (let i = 1; i <= la; i++) {
    let lastMatchColumn = 0
    for (let j = 1; j <= lb; j++) {
      const i1 = lastRowOf.get(ub[j - 1]!) ?? 0
      const j1 = lastMatchColumn
      const cost = ua[i - 1] === ub[j - 1] ? 0 : 1
      if (cost === 0) lastMatchColumn = j
      d[(i + 1) * width + j + 1] = Math.min(
        d[i * width + j]! + cost,
        d[(i + 1) * width + j]! + 1,
        d[i * width + j + 1]! + 1,
        d[i1 * width + j1]! + (i - i1 - 1) + 1 + (j - j1 - 1),
      )
    }
    lastRowOf.set(ua[i - 1]!, i)
  }
  return d[(la + 1) * width + lb + 1]!
}

/** Jaccard similarity of two lists taken as sets; 0 when both are empty. */
export const jaccard = (a: readonly string[], b: readonly string[]): number => {
  const sa = new Set(a)
  const sb = new Set(b)
  let shared = 0
  for (const x of sa) if (sb.has(x)) shared++
  const union = sa.size + sb.size - shared
  return union === 0 ? 0 : shared / union
}

/** Names this short differ by a letter as different names do ("Lei", "Wei"), not as a typo does. */
export const NEAR_NAME_MIN_LENGTH = 4

/**
 * One name, allowing `atMost` mistyped or transposed letters in names of at least `NEAR_NAME_MIN_LENGTH` letters
 * ("Mrwan", "Marwan").
 */
export const nearName = (a: string, b: string, atMost: number): boolean =>
  a === b ||
  (atMost > 0 && Math.min(a.length, b.length) >= NEAR_NAME_MIN_LENGTH && damerauLevenshtein(a, b) <= atMost)

/** Two different ISO dates (yyyy-mm-dd) of one year with day and month exchanged (American order). */
export const dayMonthSwapped = (a: string, b: string): boolean =>
  a !== b &&
  a.slice(0, 4) === b.slice(0, 4) &&
  a.slice(5, 7) === b.slice(8, 10) &&
  a.slice(8, 10) === b.slice(5, 7)
