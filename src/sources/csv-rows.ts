import { createReadStream } from 'node:fs'
import { CsvError } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { JustIdError } from '../core/errors.ts'

export interface CsvRow {
  fields: string[]
  /** 1-based line on which the row starts. */
  line: number
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

const parseQuoted = (file: string, text: string, delimiter: string, line: number): string[] => {
  try {
    const rows = parseSync(text, {
      delimiter,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
    }) as string[][]
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
    const rows = parseSync(texts.join('\n'), {
      delimiter,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
    }) as string[][]
    if (rows.length === texts.length) return rows
  } catch {
    // Located below, record by record.
  }
  return texts.map((t, i) => parseQuoted(file, t, delimiter, lines[i]!))
}

/**
 * The rows of a CSV file (header included), in the arrays in which they were read. Most rows hold no quote and are
 * split directly, which is several times faster than csv-parse's character-by-character reading; rows with quotes
 * (RFC 4180, possibly spanning lines) are handed to csv-parse whole. Values are trimmed; blank lines are skipped.
 */
export async function* csvRows(file: string, delimiter: string): AsyncGenerator<CsvRow[]> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })
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
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (pending !== null) {
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
      quoted(line, lineNo, rows)
    }
  }
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = rest + chunk
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
      flushQuoted()
      if (rows.length > 0) yield rows
    }
  } finally {
    stream.destroy()
  }
  const rows: CsvRow[] = []
  if (rest !== '') take(rest, rows)
  flushQuoted()
  if (pending !== null) {
    throw new JustIdError(
      'file_unreadable',
      `${file} line ${pendingLine}: a quoted field is never closed (the file may be cut short, or a quote is missing)`,
    )
  }
  if (rows.length > 0) yield rows
}
