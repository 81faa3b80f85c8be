import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { CsvError, parse } from 'csv-parse'
import { JustIdError } from '../core/errors.ts'
import { type RecordKey, recordKeyOf } from '../core/record-key.ts'

/** The true person of each record, by record key. Records without a known person are absent. */
export type Truth = Map<RecordKey, string>

const fold = (name: string): string => name.trim().toLowerCase()

const FEBRL_ID = /^rec-(\d+)-(?:org|dup-\d+)$/i

/** The person of a FEBRL-style record id: `rec-N-org` and `rec-N-dup-K` are all person N. */
export const truthFromFebrlId = (recordId: string): string => {
  const match = FEBRL_ID.exec(recordId.trim())
  if (match === null) {
    throw new JustIdError(
      'usage',
      `record id "${recordId}" is not a FEBRL-style id (rec-N-org or rec-N-dup-K): give the truth as a file or column instead`,
    )
  }
  return String(Number(match[1]))
}

export interface TruthFileOptions {
  /** Names of the sources linked; a file without a `source` column is allowed when there is exactly one. */
  sources?: readonly string[]
}

/**
 * Truth from a CSV file with columns source, record_id and person_id (header names trimmed and case-folded; other
 * columns ignored). Rows with an empty person_id are records of unknown person and are left out.
 */
export const truthFromFile = async (file: string, options: TruthFileOptions = {}): Promise<Truth> => {
  try {
    await access(file)
  } catch {
    throw new JustIdError(
      'file_not_found',
      `truth file ${file} does not exist or cannot be read: check the path`,
    )
  }
  const parser = createReadStream(file).pipe(
    parse({ bom: true, skip_empty_lines: true, trim: true, info: true }),
  )
  const truth: Truth = new Map()
  let columns: { source: number | null; recordId: number; personId: number } | null = null
  let line = 1
  try {
    for await (const { record: row, info } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      line = info.lines
      if (columns === null) {
        columns = truthColumns(file, row, options.sources ?? [])
        continue
      }
      const recordId = row[columns.recordId] ?? ''
      const person = row[columns.personId] ?? ''
      if (recordId === '' || person === '') continue
      const source = columns.source === null ? options.sources![0]! : (row[columns.source] ?? '')
      const key = recordKeyOf(source, recordId)
      const earlier = truth.get(key)
      if (earlier !== undefined && earlier !== person) {
        throw new JustIdError(
          'duplicate_record_id',
          `${file} line ${line}: record ${recordId} of source "${source}" is given two different persons`,
        )
      }
      truth.set(key, person)
    }
  } catch (e) {
    if (e instanceof CsvError) {
      // The parser's own message can quote field values, which may be personal data: keep only where and what.
      throw new JustIdError('wrong_field_count', `${file} line ${e.lines ?? line}: not valid CSV (${e.code})`)
    }
    throw e
  }
  if (columns === null)
    throw new JustIdError('empty_file', `truth file ${file} is empty: it needs a header row`)
  return truth
}

const truthColumns = (file: string, header: string[], sources: readonly string[]) => {
  const folded = header.map(fold)
  const find = (name: string): number | null => {
    const at = folded.indexOf(name)
    return at < 0 ? null : at
  }
  const source = find('source')
  const recordId = find('record_id')
  const personId = find('person_id')
  const missing = [
    recordId === null ? 'record_id' : null,
    personId === null ? 'person_id' : null,
    source === null && sources.length !== 1 ? 'source' : null,
  ].filter((c) => c !== null)
  if (recordId === null || personId === null || missing.length > 0) {
    const why =
      source === null && sources.length !== 1
        ? ' (source may be left out only when one source is linked)'
        : ''
    throw new JustIdError(
      'unknown_column',
      `truth file ${file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${why}; ` +
        `it has: ${header.join(', ')}. Expected columns: source, record_id, person_id`,
    )
  }
  return { source, recordId, personId }
}
