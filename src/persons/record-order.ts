import type { RecordKey } from '../person-index/types.ts'

/**
 * The one order records are taken in when persons are decided: record keys by code point, which is the order DuckDB
 * sorts text in (UTF-8 bytes). Pairs of equal weight are taken in it and ties between clusters go to the smallest
 * key, so the persons of a set of records do not depend on the order of rows in the sources, and a plain batch run
 * (records numbered by DuckDB) and `relink` (records named by key) agree.
 */
export const compareRecordKeys = (a: RecordKey, b: RecordKey): number => {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++
  if (i === n) return a.length - b.length
  return codePointRank(a.charCodeAt(i)) - codePointRank(b.charCodeAt(i))
}

// UTF-16 puts a surrogate (half of a character past U+FFFF) below U+E000-U+FFFF; by code point it is above them.
const codePointRank = (unit: number): number =>
  unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800

const SURROGATE = /[\uD800-\uDFFF]/

/** Sorts keys in place in `compareRecordKeys` order; JavaScript's own string order where that is the same. */
export const sortRecordKeys = (keys: RecordKey[]): RecordKey[] =>
  keys.some((k) => SURROGATE.test(k)) ? keys.sort(compareRecordKeys) : keys.sort()
