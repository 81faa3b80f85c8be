import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import type { SourceLayout } from './layout.ts'

/**
 * A copy of a string that does not keep alive the larger one it was cut from. V8 shares the text of substrings of
 * 13 or more characters, and the ids kept here would otherwise hold on to every chunk of the file read.
 */
const ownCopy = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1))

/**
 * Checks record ids as rows stream past: every record needs one, unique within its file. Remembers where each id
 * was first seen so that a repeat names both places. `unit` is how the file counts places: CSV lines or Parquet rows.
 */
export const recordIdCheck = (file: string, layout: SourceLayout, unit: 'line' | 'row') => {
  const firstSeen = new Map<string, number>()
  return (record: PersonRecord, place: number): void => {
    if (record.recordId === '') {
      throw new JustIdError(
        'no_record_id',
        `${file} ${unit} ${place}: the record id (column ${layout.recordIdColumn}) is empty; every row needs one`,
      )
    }
    const earlier = firstSeen.get(record.recordId)
    if (earlier !== undefined) {
      throw new JustIdError(
        'duplicate_record_id',
        `${file} ${unit} ${place}: record id "${record.recordId}" (column ${layout.recordIdColumn}) repeats the one on ` +
          `${unit} ${earlier}; record ids must be unique within a file`,
      )
    }
    firstSeen.set(ownCopy(record.recordId), place)
  }
}
