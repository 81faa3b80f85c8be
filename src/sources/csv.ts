import { open } from 'node:fs/promises'
import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import { checkFieldLengths, csvRows, parseCsv } from './csv-rows.ts'
import { detectEncoding, type FileEncoding, windows1252 } from './encoding.ts'
import { firstLineIsData, namesByPlace, type SourceLayout, settingsNameOneOf } from './layout.ts'
import { toPersonRecord } from './person-record.ts'
import { recordIdCheck } from './record-ids.ts'
import type { SourceSettings } from './settings.ts'

const DELIMITERS = [',', ';', '\t', '|'] as const
/** The header must end within this many bytes; a longer first line is not a header. */
const HEADER_BYTES = 1 << 20

/** The delimiter that occurs most often outside quotes in the header line; a comma when none does. */
export const sniffDelimiter = (line: string): string => {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]))
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  }
  let best = ','
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d
  return best
}

/** Lines read before the header to look for a title above it. */
const TITLE_LINES = 5

/**
 * The first non-blank lines (at most `count`), each up to its line break outside quotes, without a byte order mark:
 * the rows csvRows yields first, for a file whose first rows hold no value spanning lines.
 */
const firstLines = (text: string, count: number): string[] => {
  const lines: string[] = []
  let start = text.replace(/^\uFEFF/, '')
  while (lines.length < count) {
    start = start.replace(/^([ \t]*\r?\n)+/, '')
    if (start === '') break
    let quoted = false
    let end = start.length
    for (let i = 0; i < start.length; i++) {
      const ch = start[i]
      if (ch === '"') quoted = !quoted
      else if (!quoted && (ch === '\n' || ch === '\r')) {
        end = i
        break
      }
    }
    lines.push(start.slice(0, end))
    start = start.slice(end).replace(/^\r/, '')
  }
  return lines
}

const filledCells = (cells: readonly string[]): number => cells.filter((c) => c.trim() !== '').length

/** A header names several columns; a title above it ("Court extract 01/12/2025", "Run on,01/12/2025") one or two. */
const TITLE_CELLS = 2
const HEADER_CELLS = 4

const NO_TITLE = { header: 0, titles: 0 }

/**
 * Which of the first lines is the header, and how many rows above it are a title, as a spreadsheet's report writes
 * its name and date of export above the header (rows of empty values between are skipped as blank lines): lines of
 * one or two values, followed by a header naming at least four columns. A file without a header keeps its first
 * rows, however sparse.
 */
const headerAfterTitle = (
  lines: readonly string[],
  delimiter: string,
): { header: number; titles: number } => {
  let titles = 0
  for (let i = 0; i < lines.length; i++) {
    // A line csv-parse cannot read (a quote never closed) is no header; reading the records reports it.
    let cells: string[]
    try {
      cells = parseCsv(lines[i]!, delimiter)[0] ?? []
    } catch {
      return NO_TITLE
    }
    const filled = filledCells(cells)
    if (filled >= HEADER_CELLS) return firstLineIsData(cells) ? NO_TITLE : { header: i, titles }
    if (filled > TITLE_CELLS) return NO_TITLE
    if (filled > 0) titles++
  }
  return NO_TITLE
}

/** A spreadsheet's totals line under the records ("Total,2717"): a word of totals and at most one value beside it. */
const TOTALS = /^(?:grand\s+)?(?:totals?|sum|count)\s*:?$/i
const isTotalsRow = (fields: readonly string[]): boolean =>
  fields.length > 0 && TOTALS.test(fields[0]!) && filledCells(fields) <= TITLE_CELLS

export interface CsvHeader {
  /** The column names: the header line's, or by place (column_1, …) when the file has none. */
  headers: string[]
  /** False when the first line is a record, not a header (`firstLineIsData`). */
  headerLine: boolean
  delimiter: string
  /** How the file's bytes are read (src/sources/encoding.ts). */
  encoding: FileEncoding
  /** Rows of a title above the header line, skipped. */
  titleLines: number
}

/**
 * Reads the header line alone, so the layout is known before any record is read. A first line that is a record (an
 * extract written without its header) names the columns by their place, unless the settings name one of its cells.
 */
export const readCsvHeader = async (file: string, settings?: SourceSettings): Promise<CsvHeader> => {
  const encoding = await detectEncoding(file)
  const handle = await open(file, 'r')
  let text: string
  let truncated: boolean
  try {
    const buffer = Buffer.alloc(HEADER_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0)
    const bytes = buffer.subarray(0, bytesRead)
    text = encoding === 'windows-1252' ? windows1252.decode(bytes) : bytes.toString('utf8')
    truncated = bytesRead === HEADER_BYTES
  } finally {
    await handle.close()
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw new JustIdError(
      'empty_file',
      `${file} is empty: a source needs a header line and at least one record`,
    )
  }
  const lines = firstLines(text, TITLE_LINES + 1)
  if (truncated && lines[0]!.length === text.length) {
    throw new JustIdError(
      'no_header',
      `${file}: the first line is longer than 1 MB, so it is not a header line`,
    )
  }
  // The delimiter is the header's: a title line may hold none.
  const { header, titles: titleLines } = headerAfterTitle(lines, sniffDelimiter(lines.at(-1)!))
  const line = lines[header]!
  const delimiter = sniffDelimiter(line)
  const cells = parseCsv(line, delimiter)[0] ?? []
  return firstLineIsData(cells) && !settingsNameOneOf(cells, settings)
    ? { headers: namesByPlace(cells.length), headerLine: false, delimiter, encoding, titleLines }
    : { headers: cells, headerLine: true, delimiter, encoding, titleLines }
}

/**
 * The first `limit` data rows of a CSV file as raw fields, for sampling column values. Rows with the wrong number of
 * fields are skipped here: reading the records reports them with their line.
 */
export async function* csvSampleRows(
  file: string,
  header: CsvHeader,
  limit: number,
): AsyncGenerator<string[]> {
  let taken = 0
  let skip = header.titleLines + (header.headerLine ? 1 : 0)
  for await (const read of csvRows(file, header.delimiter, header.headers, header.encoding)) {
    for (const { fields } of read) {
      if (skip > 0) {
        skip--
        continue
      }
      if (fields.length !== header.headers.length || isTotalsRow(fields)) continue
      yield fields
      if (++taken >= limit) return
    }
  }
}

/** Streams the records of a CSV file in batches, checking field counts and record ids as it goes. */
export async function* csvBatches(
  file: string,
  source: string,
  header: CsvHeader,
  layout: SourceLayout,
  size: number,
  counted: (rows: number) => void,
): AsyncGenerator<PersonRecord[]> {
  const expected = layout.columns.length
  const check = recordIdCheck(file, layout, 'line')
  let rows = 0
  let skip = header.titleLines + (header.headerLine ? 1 : 0)
  let batch: PersonRecord[] = []
  for await (const read of csvRows(file, header.delimiter, header.headers, header.encoding)) {
    for (const { fields, line } of read) {
      if (skip > 0) {
        skip--
        continue
      }
      if (isTotalsRow(fields)) continue
      if (fields.length !== expected) {
        throw new JustIdError(
          'wrong_field_count',
          `${file} line ${line}: ${fields.length} fields, expected ${expected} (${header.headerLine ? 'header' : 'first line'} has ${expected} columns); ` +
            'check for a missing or extra delimiter, or a value holding the delimiter without quotes',
        )
      }
      checkFieldLengths(file, fields, line, header.headers)
      const person = toPersonRecord(source, fields, layout)
      check(person, line, rows + 1)
      batch.push(person)
      rows++
      if (batch.length >= size) {
        counted(rows)
        yield batch
        batch = []
      }
    }
  }
  counted(rows)
  if (rows === 0) throw new JustIdError('empty_file', `${file} has a header line but no records`)
  if (batch.length > 0) yield batch
}
