/**
 * The few SQL spellings that differ between engines. Everything else the generator writes is portable SQL, so
 * another engine (e.g. a distributed one) needs only its own dialect.
 */
export interface SqlDialect {
  jaroWinkler(a: string, b: string): string
  levenshtein(a: string, b: string): string
  /** Number of distinct elements the two lists share. */
  listIntersectionSize(a: string, b: string): string
  /** Number of distinct elements in either list. */
  listUnionSize(a: string, b: string): string
  listLength(a: string): string
  listContains(list: string, value: string): string
  /** Whole days between two ISO date strings. */
  daysBetween(a: string, b: string): string
  log2(x: string): string
}

export const duckdbDialect: SqlDialect = {
  jaroWinkler: (a, b) => `jaro_winkler_similarity(${a}, ${b})`,
  levenshtein: (a, b) => `levenshtein(${a}, ${b})`,
  listIntersectionSize: (a, b) => `len(list_intersect(${a}, ${b}))`,
  listUnionSize: (a, b) => `len(list_distinct(list_concat(${a}, ${b})))`,
  listLength: (a) => `len(${a})`,
  listContains: (list, value) => `list_contains(${list}, ${value})`,
  daysBetween: (a, b) => `date_diff('day', CAST(${a} AS DATE), CAST(${b} AS DATE))`,
  log2: (x) => `log2(${x})`,
}
