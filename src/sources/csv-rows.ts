import { isUtf8 } from 'node:buffer'
import { createReadStream } from 'node:fs'
import { CsvError } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { JustIdError } from '../core/errors.ts'
import { type FileEncoding, windows1252 } from './encoding.ts'

/**
 * Longest line (a record, quoted line breaks included) read, in characters. Reading stops there rather than holding
 * an endless line in memory: a 200 MB line once ran the process out of heap.
 */
export const MAX_LINE_CHARS = 1 << 20
/** Longest value of one field: no name, date, address or identifier comes near it. */
export const MAX_FIELD_CHARS = 1 << 16

/** "column 3 (surname)": a column by position, with its header name when known. Never a value. */
export const columnName = (index: number, headers?: readonly string[]): string =>
  `column ${index + 1}${headers?.[index] ? ` (${headers[index]})` : ''}`

const tooLong = (file: string, line: number, column: string, what: string): JustIdError =>
  new JustIdError(
    'value_too_long',
    `${file} line ${line}, ${column}: ${what}; check that the file is CSV and that its quotes are balanced`,
  )

/** The first field of `fields` longer than MAX_FIELD_CHARS refused with file, line and column. */
export const checkFieldLengths = (
  file: string,
  fields: readonly string[],
  line: number,
  headers?: readonly string[],
): void => {
  for (let i = 0; i < fields.length; i++) {
    if (fields[i]!.length > MAX_FIELD_CHARS)
      throw tooLong(
        file,
        line,
        columnName(i, headers),
        `a value longer than ${MAX_FIELD_CHARS.toLocaleString('en-GB')} characters`,
      )
  }
}

/** Where the end of a buffer cuts a UTF-8 character in two: the bytes from there wait for the next chunk. */
const completeLength = (bytes: Buffer): number => {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back]!
    if ((b & 0xc0) === 0x80) continue
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
    return need > back ? bytes.length - back : bytes.length
  }
  return bytes.length
}

/**
 * The line and field of the first byte that is not UTF-8. Decoding would replace it silently, and two ids that differ
 * only there would become one. Lines split at the newline byte, which UTF-8 never uses inside a character.
 */
const invalidUtf8 = (
  file: string,
  bytes: Buffer,
  firstLine: number,
  fieldsBefore: number,
  delimiter: string,
  headers?: readonly string[],
): JustIdError => {
  let line = firstLine
  let start = 0
  for (;;) {
    const newline = bytes.indexOf(0x0a, start)
    const end = newline < 0 ? bytes.length : newline
    const text = bytes.subarray(start, end)
    if (!isUtf8(text)) {
      let field = line === firstLine ? fieldsBefore : 0
      let fieldStart = 0
      const d = delimiter.charCodeAt(0)
      for (let i = 0; i <= text.length; i++) {
        if (i < text.length && text[i] !== d) continue
        if (!isUtf8(text.subarray(fieldStart, i))) break
        field++
        fieldStart = i + 1
      }
      return new JustIdError(
        'invalid_encoding',
        `${file} line ${line}, ${columnName(field, headers)}: not valid UTF-8, though the file's first letters beyond ` +
          'ASCII were; save the whole file as UTF-8 (a value read with its bytes replaced could match another ' +
          'record wrongly)',
      )
    }
    if (newline < 0) break
    start = newline + 1
    line++
  }
  return new JustIdError('invalid_encoding', `${file} line ${line}: the file ends inside a UTF-8 character`)
}

export interface CsvRow {
  fields: string[]
  /** 1-based line on which the row starts. */
  line: number
}

/** Delimiters outside quotes in a partial line: the field its end falls in, for a message. */
const fieldsIn = (text: string, delimiter: string): number => {
  let fields = 0
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (ch === delimiter && !quoted) fields++
  }
  return fields
}

/**
 * Whether a record that starts with `text` continues past its end, i.e. the text ends inside a quoted field. A quote
 * opens a quoted field only at the start of a field (after blanks); elsewhere it is literal, as csv-parse reads it
 * with relax_quotes.
 */
export const endsInsideQuotes = (text: string, delimiter: string): boolean => {
  let quoted = false
  let fieldStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++
        else quoted = false
      }
    } else if (ch === delimiter || ch === '\n') {
      fieldStart = true
    } else if (ch === '"' && fieldStart) {
      quoted = true
      fieldStart = false
    } else if (ch !== ' ' && ch !== '\t') {
      fieldStart = false
    }
  }
  return quoted
}

/**
 * The fields of a one-line record whose quotes are all plain: each quoted field is quoted whole ("SMITH, John"),
 * with no blank just inside or outside its quotes, and no unquoted field holds a quote or starts or ends with a
 * blank. There csv-parse (trim, relax_quotes) reads exactly this, and such rows (a name "SURNAME, Forename" on every
 * row) are read several times faster. Anything else gives null, and csv-parse reads the line.
 */
export const plainQuotedFields = (line: string, delimiter: string): string[] | null => {
  if (line === '') return null
  const fields: string[] = []
  const d = delimiter.charCodeAt(0)
  let i = 0
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = ''
      let from = i + 1
      for (;;) {
        const q = line.indexOf('"', from)
        if (q < 0) return null
        value += line.slice(from, q)
        if (line.charCodeAt(q + 1) === 34) {
          value += '"'
          from = q + 2
          continue
        }
        i = q + 1
        break
      }
      if (value !== '' && (isBlank(value.charCodeAt(0)) || isBlank(value.charCodeAt(value.length - 1))))
        return null
      fields.push(value)
      if (i === line.length) return fields
      if (line.charCodeAt(i) !== d) return null
      i++
    } else {
      let end = line.indexOf(delimiter, i)
      if (end < 0) end = line.length
      const value = line.slice(i, end)
      if (value.includes('"')) return null
      if (value !== '' && (isBlank(value.charCodeAt(0)) || isBlank(value.charCodeAt(value.length - 1))))
        return null
      fields.push(value)
      if (end === line.length) return fields
      i = end + 1
    }
  }
}

/** Blanks as String.trim knows them (csv-parse's are among them): one at a field's edge sends the line to csv-parse. */
const isBlank = (c: number): boolean =>
  c <= 32 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff

/**
 * Parses CSV text with the options the header and every row are read by: values trimmed, stray quotes and rows of
 * another length let through (a row's length is checked against the header where it is read).
 */
export const parseCsv = (text: string, delimiter: string): string[][] =>
  parseSync(text, { delimiter, trim: true, relax_quotes: true, relax_column_count: true }) as string[][]

const parseQuoted = (file: string, text: string, delimiter: string, line: number): string[] => {
  try {
    const rows = parseCsv(text, delimiter)
    return rows[0] ?? []
  } catch (e) {
    // csv-parse's own messages quote field values, which may be personal data: only its code is passed on.
    const code = e instanceof CsvError ? e.code : 'parse error'
    throw new JustIdError(
      'file_unreadable',
      `${file} line ${line}: not valid CSV (${code}); check the quotes and delimiters on that line`,
    )
  }
}

/**
 * Parses many quoted records at once: one csv-parse call per chunk rather than per line, which is what makes files
 * with a quoted field on every row (e.g. "SURNAME, Forename") fast. On an error, the records are parsed one by one
 * so that the message names the right line.
 */
const parseQuotedBatch = (file: string, texts: string[], lines: number[], delimiter: string): string[][] => {
  try {
    const rows = parseCsv(texts.join('\n'), delimiter)
    if (rows.length === texts.length) return rows
  } catch {
    // Located below, record by record.
  }
  return texts.map((t, i) => parseQuoted(file, t, delimiter, lines[i]!))
}

const hasValue = (row: CsvRow): boolean => row.fields.some((f) => f !== '')
/** The rows holding a value; most batches have no empty row, and are returned as they are. */
const withValues = (rows: CsvRow[]): CsvRow[] => (rows.every(hasValue) ? rows : rows.filter(hasValue))

/**
 * The rows of a CSV file (header included), in the arrays in which they were read. Most rows hold no quote and are
 * split directly, which is several times faster than csv-parse's character-by-character reading; rows with quotes
 * (RFC 4180, possibly spanning lines) are handed to csv-parse whole. Values are trimmed; blank lines are skipped, and
 * so are rows of empty values (a spreadsheet writes its blank rows as delimiters alone: ",,,,").
 */
export async function* csvRows(
  file: string,
  delimiter: string,
  headers?: readonly string[],
  encoding: FileEncoding = 'utf-8',
): AsyncGenerator<CsvRow[]> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 })
  let carry: Buffer = Buffer.alloc(0)
  let rest = ''
  let lineNo = 0
  let pending: string | null = null
  let pendingLine = 0
  let first = true
  let quotedTexts: string[] = []
  let quotedRows: CsvRow[] = []
  const quoted = (text: string, line: number, rows: CsvRow[]): void => {
    const row: CsvRow = { fields: [], line }
    quotedTexts.push(text)
    quotedRows.push(row)
    rows.push(row)
  }
  const flushQuoted = (): void => {
    if (quotedTexts.length === 0) return
    const parsed = parseQuotedBatch(
      file,
      quotedTexts,
      quotedRows.map((r) => r.line),
      delimiter,
    )
    quotedRows.forEach((r, i) => {
      r.fields = parsed[i] ?? []
    })
    quotedTexts = []
    quotedRows = []
  }
  const take = (raw: string, rows: CsvRow[]): void => {
    lineNo++
    if (raw.length > MAX_LINE_CHARS) {
      const column = columnName(fieldsIn(raw.slice(0, MAX_LINE_CHARS), delimiter), headers)
      throw tooLong(file, lineNo, column, 'a line longer than 1 MB')
    }
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (pending !== null) {
      if (pending.length + line.length > MAX_LINE_CHARS)
        throw tooLong(file, pendingLine, 'a quoted value', 'a record longer than 1 MB across lines')
      pending += `\n${line}`
      if (!endsInsideQuotes(pending, delimiter)) {
        quoted(pending, pendingLine, rows)
        pending = null
      }
      return
    }
    if (line.indexOf('"') < 0) {
      if (line.trim() === '') return
      const fields = line.split(delimiter)
      for (let i = 0; i < fields.length; i++) fields[i] = fields[i]!.trim()
      rows.push({ fields, line: lineNo })
    } else if (endsInsideQuotes(line, delimiter)) {
      pending = line
      pendingLine = lineNo
    } else {
      const fields = plainQuotedFields(line, delimiter)
      if (fields) rows.push({ fields, line: lineNo })
      else quoted(line, lineNo, rows)
    }
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let decoded: string
      if (encoding === 'windows-1252') decoded = windows1252.decode(chunk)
      else {
        const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
        const complete = completeLength(bytes)
        carry = bytes.subarray(complete)
        const whole = bytes.subarray(0, complete)
        if (!isUtf8(whole))
          throw invalidUtf8(file, whole, lineNo + 1, fieldsIn(rest, delimiter), delimiter, headers)
        decoded = whole.toString('utf8')
      }
      let text = rest + decoded
      if (first) {
        text = text.replace(/^\uFEFF/, '')
        first = false
      }
      const rows: CsvRow[] = []
      let start = 0
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        take(text.slice(start, end), rows)
        start = end + 1
      }
      rest = text.slice(start)
      if (rest.length > MAX_LINE_CHARS) {
        const column = columnName(fieldsIn(rest.slice(0, MAX_LINE_CHARS), delimiter), headers)
        throw tooLong(file, lineNo + 1, column, 'a line longer than 1 MB')
      }
      flushQuoted()
      const filled = withValues(rows)
      if (filled.length > 0) yield filled
    }
  } finally {
    stream.destroy()
  }
  if (carry.length > 0) throw invalidUtf8(file, carry, lineNo + 1, 0, delimiter, headers)
  const rows: CsvRow[] = []
  if (rest !== '') take(rest, rows)
  flushQuoted()
  if (pending !== null) {
    throw new JustIdError(
      'file_unreadable',
      `${file} line ${pendingLine}: a quoted field is never closed (the file may be cut short, or a quote is missing)`,
    )
  }
  const filled = withValues(rows)
  if (filled.length > 0) yield filled
}
