/**
 * String similarities, written to agree with DuckDB's jaro_similarity, jaro_winkler_similarity and levenshtein so
 * that a pair scores the same in the batch engine and in memory. Strings are compared by UTF-16 code unit; the
 * standardised values they run on are ASCII.
 */
export const jaro = (a: string, b: string): number => {
  const la = a.length
  const lb = b.length
  // DuckDB scores an empty string 0 against anything, itself included.
  if (la === 0 || lb === 0) return 0
  if (a === b) return 1
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1)
  const matchedB = new Uint8Array(lb)
  const matchedA = new Uint8Array(la)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window)
    const to = Math.min(lb - 1, i + window)
    for (let j = from; j <= to; j++) {
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
  const t = transpositions / 2
  return (matches / la + matches / lb + (matches - t) / matches) / 3
}

/** Jaro-Winkler with prefix scale 0.1 over at most 4 characters, boosting only similarities above 0.7. */
export const jaroWinkler = (a: string, b: string): number => {
  const j = jaro(a, b)
  if (j <= 0.7) return j
  let prefix = 0
  const max = Math.min(4, a.length, b.length)
  while (prefix < max && a[prefix] === b[prefix]) prefix++
  return j + prefix * 0.1 * (1 - j)
}

export const levenshtein = (a: string, b: string): number => {
  if (a === b) return 0
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  let previous = new Array<number>(b.length + 1)
  let current = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
    }
    ;[previous, current] = [current, previous]
  }
  return previous[b.length]!
}

/** Jaccard similarity of two lists taken as sets. */
export const jaccard = (a: readonly string[], b: readonly string[]): number => {
  const sa = new Set(a)
  const sb = new Set(b)
  let shared = 0
  for (const x of sa) if (sb.has(x)) shared++
  const union = sa.size + sb.size - shared
  return union === 0 ? 0 : shared / union
}
