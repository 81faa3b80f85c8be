import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import type { SourceLayout } from './layout.ts'

/**
 * A copy of a string that does not keep alive the larger one it was cut from. V8 shares the text of substrings of
 * 13 or more characters, and the ids kept here would otherwise hold on to every chunk of the file read.
 */
const ownCopy = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1))

/** What to do when a column taken for the record id turns out not to be one. */
const nameTheIdColumn = (layout: SourceLayout): string =>
  layout.recordIdReason === 'content'
    ? '; the column was taken for the record id because its first values were all present and unique: name the ' +
      'column holding a unique id for each row in a settings file, {"sources": {"<source name>": {"recordId": "<column>"}}}'
    : ''

/**
 * Gives records their ids and checks them as rows stream past: every record needs one, unique within its file. When
 * the file has no record id column, the id is the 1-based data row number. Remembers where each id was first seen so
 * that a repeat names both places. `unit` is how the file counts places: CSV lines or Parquet rows.
 */
export const recordIdCheck = (file: string, layout: SourceLayout, unit: 'line' | 'row') => {
  const column = layout.recordIdColumn
  if (column === null) {
    return (record: PersonRecord, _place: number, row: number): void => {
      record.recordId = String(row)
    }
  }
  const firstSeen = new Map<string, number>()
  return (record: PersonRecord, place: number, _row: number): void => {
    if (record.recordId === '') {
      throw new JustIdError(
        'no_record_id',
        `${file} ${unit} ${place}: the record id (column ${column}) is empty; every row needs one${nameTheIdColumn(layout)}`,
      )
    }
    const earlier = firstSeen.get(record.recordId)
    if (earlier !== undefined) {
      throw new JustIdError(
        'duplicate_record_id',
        `${file} ${unit} ${place}: record id "${record.recordId}" (column ${column}) repeats the one on ` +
          `${unit} ${earlier}; record ids must be unique within a file${nameTheIdColumn(layout)}`,
      )
    }
    firstSeen.set(ownCopy(record.recordId), place)
  }
}
