/** Entries each cache holds at most: bounded so that memory stays flat however many records are read. */
export const MEMO_LIMIT = 100_000

/**
 * A copy of a key that does not keep alive the text it was cut from: a value read from a file is a slice of a whole
 * chunk of it, and a cache of such keys held most of a source file in memory.
 */
const detached = (s: string): string => ` ${s}`.slice(1)

/**
 * Caches a pure function of one string. Names, dates and postcodes repeat across millions of records, so most
 * calls become one map lookup. The cache is cleared when full, which keeps memory flat without bookkeeping. A limit
 * of 0 caches nothing: the plain function, which the cached one must always agree with.
 * Cached results are shared between callers and must not be mutated.
 */
export const memo = <T>(f: (s: string) => T, limit = MEMO_LIMIT): ((s: string) => T) => {
  if (limit === 0) return f
  const cache = new Map<string, T>()
  return (s) => {
    let v = cache.get(s)
    if (v === undefined) {
      v = f(s)
      if (cache.size >= limit) cache.clear()
      cache.set(detached(s), v)
    }
    return v
  }
}
