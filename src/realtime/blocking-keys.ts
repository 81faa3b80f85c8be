import type { BlockingRule } from '../blocking/rule.ts'
import { fieldOfColumn } from '../core/column-names.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { ATTRIBUTE_PREFIX, columnValue, DERIVED_COLUMN_VALUES, LIST_COLUMNS } from '../model/conditions.ts'

type Read = (record: StandardisedRecord) => string | null

const textOf = (v: string | readonly string[] | null): string | null =>
  v === null ? null : typeof v === 'string' ? v : v.length > 0 ? v.join(' ') : null

/** Readers by column, made once: the column name is turned into a field name on first use only. */
const FIELDS = new Map<string, Read>()
const fieldOf = (column: string): Read => {
  let read = FIELDS.get(column)
  if (!read) {
    const field = fieldOfColumn(column)
    // Derived columns, other identifiers and attributes (attr_<key>, keys of the rules of the data) go through the
    // model's reader; a plain field is read directly, as it is on every probe.
    const derived = DERIVED_COLUMN_VALUES.get(column)
    read = derived
      ? (record) => textOf(derived(record))
      : column.startsWith('other_') || column.startsWith(ATTRIBUTE_PREFIX)
        ? (record) => textOf(columnValue(record, column))
        : (record) => textOf((record as unknown as Record<string, string | string[] | null>)[field] ?? null)
    FIELDS.set(column, read)
  }
  return read
}

/** A key column's value on a record, derived columns included; null when missing or empty. */
export const keyValue = (record: StandardisedRecord, column: string): string | null => {
  const v = fieldOf(column)(record)
  return v === '' ? null : v
}

// A separator no standardised value holds, so ("a b", "c") and ("a", "b c") stay different keys.
const SEPARATOR = '\u001f'

/** Key values joined; a list column takes `listValue`. Null when any is missing. */
const joinedKey = (
  record: StandardisedRecord,
  keys: readonly string[],
  listValue: string | null,
): string | null => {
  let key = ''
  for (let i = 0; i < keys.length; i++) {
    const column = keys[i]!
    const v = LIST_COLUMNS.has(column) ? listValue : keyValue(record, column)
    if (v === null) return null
    key = i === 0 ? v : key + SEPARATOR + v
  }
  return key
}

/**
 * The record's key under a blocking rule without a list column: its key values joined, or null when any is missing.
 * Two records are candidates under the rule exactly when their keys are equal and not null, as the SQL join
 * `l.k = r.k` decides.
 */
export const blockingKey = (record: StandardisedRecord, rule: Pick<BlockingRule, 'keys'>): string | null =>
  joinedKey(record, rule.keys, null)

/**
 * The record's keys under a blocking rule. A rule on a list column (name_tokens) gives a key per distinct value of
 * the list, as the SQL unnests it; any other rule gives its one key, or none when a key value is missing.
 */
export const blockingKeys = (record: StandardisedRecord, rule: Pick<BlockingRule, 'keys'>): string[] => {
  const list = rule.keys.find((k) => LIST_COLUMNS.has(k))
  if (list === undefined) {
    const key = joinedKey(record, rule.keys, null)
    return key === null ? [] : [key]
  }
  const values = columnValue(record, list)
  if (!Array.isArray(values)) return []
  const keys = new Set<string>()
  for (const value of values) {
    const key = value === '' ? null : joinedKey(record, rule.keys, value)
    if (key !== null) keys.add(key)
  }
  return [...keys]
}

/** Whether some rule gives the record a key: without one it could never be found (`MatchOptions`). */
export const hasBlockingKey = (
  record: StandardisedRecord,
  rules: readonly Pick<BlockingRule, 'keys'>[],
): boolean => rules.some((rule) => blockingKeys(record, rule).length > 0)
