import type { Condition } from '../../model/conditions.ts'
import { LIST_COLUMNS } from '../../model/conditions.ts'
import { NEAR_NAME_MIN_LENGTH } from '../../model/similarity.ts'
import type { SqlDialect } from './dialect.ts'

/** Longer than any hand-written list of names (the spellings of Muhammad). */
const LONG_LIST = 32

/**
 * The right side of an IN. A list learned from the data (hundreds of names or name pairs) as a subquery, which DuckDB
 * matches by a hash join: a list of constants is compared value by value on every pair, 10 s over 3,000,000 pairs for
 * 500 names.
 */
const inList = (values: readonly string[], d: SqlDialect): string => {
  const quoted = values.map((v) => d.quote(v)).join(', ')
  return values.length > LONG_LIST ? `(SELECT unnest([${quoted}]))` : `(${quoted})`
}

const l = (c: string) => `l.${c}`
const r = (c: string) => `r.${c}`
/** In parentheses, so that it composes with AND and OR. */
const group = (sql: string) => `(${sql})`

/**
 * Renders a condition over the pair's two rows, aliased `l` and `r`, as a predicate for a CASE WHEN (or a WHERE), where
 * a NULL counts as false: the two-valued logic of the in-memory evaluator, in which a comparison that meets a missing
 * value is false, never unknown. Only `not` must turn a NULL into true, which its CASE does. No coalesce(…, false)
 * around each test: DuckDB evaluates a WHEN's AND and OR only on the rows still undecided, but a function's or a
 * NOT's arguments on every row, so the expensive tests (edit distances, list filters) would run on every pair.
 */
export const conditionToSql = (c: Condition, d: SqlDialect): string => {
  switch (c.kind) {
    case 'null':
      return `(${c.columns
        .flatMap((col) =>
          LIST_COLUMNS.has(col)
            ? [`coalesce(${d.listLength(l(col))}, 0) = 0`, `coalesce(${d.listLength(r(col))}, 0) = 0`]
            : [`${l(col)} IS NULL`, `${r(col)} IS NULL`],
        )
        .join(' OR ')})`
    case 'exact':
      return group(`${l(c.column)} = ${r(c.column)}`)
    case 'jaroWinkler':
      return group(`${d.jaroWinkler(l(c.column), r(c.column))} >= ${c.atLeast}`)
    case 'levenshtein':
      return group(`${d.levenshtein(l(c.column), r(c.column))} <= ${c.atMost}`)
    case 'damerauLevenshtein':
      return group(d.damerauLevenshteinWithin(l(c.column), r(c.column), c.atMost))
    case 'tokenJaccard': {
      // shared / (|l| + |r| - shared): the union from the sizes, as lists hold distinct values; the same division
      // as in memory, so boundary cases round alike.
      const sizes = `(${d.listLength(l(c.column))} + ${d.listLength(r(c.column))})`
      const shared = d.listIntersectionSize(l(c.column), r(c.column))
      return group(`${sizes} > 0 AND ${shared}::DOUBLE / (${sizes} - ${shared}) >= ${c.atLeast}`)
    }
    case 'listOverlap':
      return group(`${d.listIntersectionSize(l(c.column), r(c.column))} > 0`)
    case 'swapped': {
      const [x, y] = c.columns
      const atMost = c.atMost
      if (atMost === undefined) return group(`${l(x)} = ${r(y)} AND ${l(y)} = ${r(x)}`)
      // CASE, not AND: DuckDB computes both sides of an AND in a projection, and the edit distance is wanted only for
      // the few pairs sharing one of the two names.
      const near = (a: string, b: string) =>
        `(${a} = ${b} OR (least(length(${a}), length(${b})) >= ${NEAR_NAME_MIN_LENGTH} AND ` +
        `${d.damerauLevenshteinWithin(a, b, atMost)}))`
      return group(
        `CASE WHEN ${l(x)} = ${r(y)} THEN ${near(l(y), r(x))} WHEN ${l(y)} = ${r(x)} THEN ${near(l(x), r(y))} ELSE false END`,
      )
    }
    case 'inTokens': {
      // "IS DISTINCT FROM", and a CASE that is true for a missing `except` value: it excludes nothing, as in memory.
      const unless = (side: typeof l, value: string) => {
        if (c.except === undefined) return ''
        const other = side(c.except)
        if (c.atMost === undefined) return ` AND ${value} IS DISTINCT FROM ${other}`
        return (
          ` AND CASE WHEN ${other} IS NULL THEN true WHEN ${value} = ${other} THEN false ` +
          `WHEN least(length(${value}), length(${other})) >= ${NEAR_NAME_MIN_LENGTH} ` +
          `THEN NOT ${d.damerauLevenshteinWithin(value, other, c.atMost)} ELSE true END`
        )
      }
      const among = (words: string, value: string) =>
        c.atMost === undefined
          ? d.listContains(words, value)
          : d.listContainsNear(words, value, c.atMost, NEAR_NAME_MIN_LENGTH)
      return group(
        `${group(`${among(r(c.list), l(c.column))}${unless(r, l(c.column))}`)} OR ` +
          group(`${among(l(c.list), r(c.column))}${unless(l, r(c.column))}`),
      )
    }
    case 'eitherIn': {
      const among = inList(c.values, d)
      return group(`${l(c.column)} IN ${among} OR ${r(c.column)} IN ${among}`)
    }
    case 'pairIn': {
      if (c.pairs.length === 0) return 'false'
      const a = l(c.column)
      const b = r(c.column)
      const key = `CASE WHEN ${a} < ${b} THEN ${a} || '|' || ${b} ELSE ${b} || '|' || ${a} END`
      return group(`${key} IN ${inList(c.pairs, d)}`)
    }
    case 'initial': {
      const a = l(c.column)
      const b = r(c.column)
      return group(
        `(length(${a}) = 1 AND ${a} = substr(${b}, 1, 1)) OR (length(${b}) = 1 AND ${b} = substr(${a}, 1, 1))`,
      )
    }
    case 'dayMonthSwapped': {
      const a = l(c.column)
      const b = r(c.column)
      return group(
        `${a} <> ${b} AND substr(${a}, 1, 4) = substr(${b}, 1, 4) AND substr(${a}, 6, 2) = substr(${b}, 9, 2) ` +
          `AND substr(${a}, 9, 2) = substr(${b}, 6, 2)`,
      )
    }
    case 'numberWithin':
      return group(
        `abs(TRY_CAST(${l(c.column)} AS DOUBLE) - TRY_CAST(${r(c.column)} AS DOUBLE)) <= ${c.atMost}`,
      )
    case 'dateWithinDays':
      return group(`abs(${d.daysBetween(d.toDate(l(c.column)), d.toDate(r(c.column)))}) <= ${c.days}`)
    case 'dateWithinYears': {
      const a = d.toDate(l(c.column))
      const b = d.toDate(r(c.column))
      // Not least()/greatest(): they skip NULLs, and a missing date must make the test false.
      return group(
        `(${a} <= ${b} AND ${d.addYears(a, c.years)} >= ${b}) OR (${b} < ${a} AND ${d.addYears(b, c.years)} >= ${a})`,
      )
    }
    case 'and':
      return `(${c.all.map((x) => conditionToSql(x, d)).join(' AND ')})`
    case 'or':
      return `(${c.any.map((x) => conditionToSql(x, d)).join(' OR ')})`
    case 'not':
      return `CASE WHEN ${conditionToSql(c.condition, d)} THEN false ELSE true END`
    case 'else':
      return 'true'
  }
}
