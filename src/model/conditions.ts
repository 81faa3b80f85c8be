import type { StandardisedRecord } from '../core/standardised.ts'
import { jaccard, jaroWinkler, levenshtein } from './similarity.ts'

/**
 * A comparison level's condition: a small closed language over the two records of a pair, as data, so that one
 * definition is both evaluated in memory (here) and rendered to SQL (src/engine/sql). Columns are the snake_case
 * column names of the records table (`surname`, `date_of_birth`, `name_tokens`, `other_<name>`).
 */
export type Condition =
  | { kind: 'null'; columns: string[] }
  | { kind: 'exact'; column: string }
  | { kind: 'jaroWinkler'; column: string; atLeast: number }
  | { kind: 'levenshtein'; column: string; atMost: number }
  | { kind: 'tokenJaccard'; column: string; atLeast: number }
  | { kind: 'listOverlap'; column: string }
  | { kind: 'swapped'; columns: [string, string] }
  | { kind: 'inTokens'; column: string; list: string }
  | { kind: 'initial'; column: string }
  | { kind: 'dayMonthSwapped'; column: string }
  | { kind: 'dateWithinDays'; column: string; days: number }
  | { kind: 'and'; all: Condition[] }
  | { kind: 'or'; any: Condition[] }
  | { kind: 'not'; condition: Condition }
  | { kind: 'else' }

/** Columns that hold lists (VARCHAR[] in SQL). */
export const LIST_COLUMNS = new Set(['surname_parts', 'name_tokens', 'address_tokens'])

const camel = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
const otherIdKey = (name: string): string =>
  `other_${name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')}`

/** A column's value on a standardised record: a string, a list, or null. */
export const valueOf = (record: StandardisedRecord, column: string): string | readonly string[] | null => {
  if (column.startsWith('other_')) {
    for (const [name, value] of Object.entries(record.otherIds)) if (otherIdKey(name) === column) return value
    return null
  }
  if (column === 'dob_year') return record.dateOfBirth?.slice(0, 4) ?? null
  const v = (record as unknown as Record<string, unknown>)[camel(column)]
  if (v === undefined || v === null) return null
  return Array.isArray(v) ? (v as string[]) : String(v)
}

const text = (r: StandardisedRecord, c: string): string | null => {
  const v = valueOf(r, c)
  return typeof v === 'string' ? v : null
}
const list = (r: StandardisedRecord, c: string): readonly string[] => {
  const v = valueOf(r, c)
  return Array.isArray(v) ? v : []
}
const isNull = (r: StandardisedRecord, c: string): boolean =>
  LIST_COLUMNS.has(c) ? list(r, c).length === 0 : text(r, c) === null

const days = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000

/** Evaluates a condition on a pair. Any comparison involving a missing value is false, as in the rendered SQL. */
export const evaluateCondition = (c: Condition, l: StandardisedRecord, r: StandardisedRecord): boolean => {
  switch (c.kind) {
    case 'null':
      return c.columns.some((col) => isNull(l, col) || isNull(r, col))
    case 'exact': {
      const a = text(l, c.column)
      return a !== null && a === text(r, c.column)
    }
    case 'jaroWinkler': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && jaroWinkler(a, b) >= c.atLeast
    }
    case 'levenshtein': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && levenshtein(a, b) <= c.atMost
    }
    case 'tokenJaccard':
      return jaccard(list(l, c.column), list(r, c.column)) >= c.atLeast
    case 'listOverlap': {
      const b = new Set(list(r, c.column))
      return list(l, c.column).some((x) => b.has(x))
    }
    case 'swapped': {
      const [x, y] = c.columns
      const lx = text(l, x)
      const ly = text(l, y)
      return lx !== null && ly !== null && lx === text(r, y) && ly === text(r, x)
    }
    case 'inTokens': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return (a !== null && list(r, c.list).includes(a)) || (b !== null && list(l, c.list).includes(b))
    }
    case 'initial': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      if (a === null || b === null) return false
      return (a.length === 1 && a === b.slice(0, 1)) || (b.length === 1 && b === a.slice(0, 1))
    }
    case 'dayMonthSwapped': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      if (a === null || b === null || a === b) return false
      return a.slice(0, 4) === b.slice(0, 4) && a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7)
    }
    case 'dateWithinDays': {
      const a = text(l, c.column)
      const b = text(r, c.column)
      return a !== null && b !== null && Math.abs(days(a) - days(b)) <= c.days
    }
    case 'and':
      return c.all.every((x) => evaluateCondition(x, l, r))
    case 'or':
      return c.any.some((x) => evaluateCondition(x, l, r))
    case 'not':
      return !evaluateCondition(c.condition, l, r)
    case 'else':
      return true
  }
}

/** Every column a condition reads. */
export const columnsOf = (c: Condition): string[] => {
  switch (c.kind) {
    case 'null':
      return c.columns
    case 'swapped':
      return c.columns
    case 'inTokens':
      return [c.column, c.list]
    case 'and':
      return c.all.flatMap(columnsOf)
    case 'or':
      return c.any.flatMap(columnsOf)
    case 'not':
      return columnsOf(c.condition)
    case 'else':
      return []
    default:
      return [c.column]
  }
}
