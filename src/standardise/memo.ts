/**
 * Caches a pure function of one string. Names, dates and postcodes repeat across millions of records, so most
 * calls become one map lookup. The cache is cleared when full, which keeps memory flat without bookkeeping.
 * Cached results are shared between callers and must not be mutated.
 */
export const memo = <T>(f: (s: string) => T, limit = 100_000): ((s: string) => T) => {
  const cache = new Map<string, T>()
  return (s) => {
    let v = cache.get(s)
    if (v === undefined) {
      v = f(s)
      if (cache.size >= limit) cache.clear()
      cache.set(s, v)
    }
    return v
  }
}
