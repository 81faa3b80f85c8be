import { createReadStream, existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { CsvError, parse } from 'csv-parse'
import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import { emptyIdentifiers } from '../core/record.ts'
import { openDatabase, sqlString } from '../engine/database.ts'
import type { SourceLayout, SourceSettings } from './columns.ts'
import { detectLayout } from './columns.ts'

export interface SourceSpec {
  name: string
  file: string
}

/** `NAME=FILE` or `FILE` (the name is then the file name without its extension). */
export const parseSourceArg = (arg: string): SourceSpec => {
  const eq = arg.indexOf('=')
  const name = eq > 0 ? arg.slice(0, eq) : path.basename(arg).replace(/\.[^.]*$/, '')
  const file = eq > 0 ? arg.slice(eq + 1) : arg
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) {
    throw new JustIdError(
      'usage',
      `source "${arg}": a source name starts with a letter and holds only letters, digits, _ and - (use NAME=FILE)`,
    )
  }
  if (file === '') throw new JustIdError('usage', `source "${arg}" names no file`)
  return { name, file }
}

export interface OpenSource {
  spec: SourceSpec
  layout: SourceLayout
  /** The records in batches, streamed so that files larger than memory can be read. */
  batches(size?: number): AsyncIterable<PersonRecord[]>
  rowsRead(): number
}

const nonEmpty = (v: string | undefined): string | null => {
  const t = v?.trim()
  return t ? t : null
}

/** One row of a source as a canonical record, by the roles of its columns. */
export const toPersonRecord = (source: string, values: string[], layout: SourceLayout): PersonRecord => {
  const record: PersonRecord = {
    source,
    recordId: '',
    forename: null,
    middleNames: [],
    surname: null,
    fullName: null,
    aliases: [],
    dateOfBirth: null,
    sex: null,
    addressLines: [],
    postcode: null,
    identifiers: emptyIdentifiers(),
    email: null,
    phone: null,
    extra: {},
  }
  let town: string | null = null
  for (const c of layout.columns) {
    const v = nonEmpty(values[c.index])
    if (c.header === layout.recordIdColumn) record.recordId = v ?? ''
    if (v === null) continue
    switch (c.role) {
      case 'forename':
        record.forename = record.forename ? `${record.forename} ${v}` : v
        break
      case 'middleNames':
        record.middleNames.push(v)
        break
      case 'surname':
        record.surname = v
        break
      case 'fullName':
        record.fullName = v
        break
      case 'alias':
        record.aliases.push(...v.split(/[;|]/).map((a) => a.trim()).filter(Boolean))
        break
      case 'dateOfBirth':
        record.dateOfBirth = v
        break
      case 'sex':
        record.sex = v
        break
      case 'addressLine':
        record.addressLines.push(v)
        break
      case 'town':
        town = v
        break
      case 'postcode':
        record.postcode = v
        break
      case 'pnc':
      case 'cro':
      case 'prisonNumber':
      case 'crn':
      case 'nino':
        record.identifiers[c.role] = v
        break
      case 'otherId':
        record.identifiers.other[c.header] = v
        break
      case 'email':
        record.email = v
        break
      case 'phone':
        record.phone = v
        break
      case 'extra':
        record.extra[c.header] = v
        break
      default:
        break
    }
  }
  // The town goes last among the address lines, where standardisation looks for it.
  if (town !== null) record.addressLines.push(town)
  return record
}

const checkReadable = (file: string): void => {
  if (!existsSync(file)) throw new JustIdError('file_not_found', `${file}: no such file`)
  const stat = statSync(file)
  if (!stat.isFile()) throw new JustIdError('file_unreadable', `${file} is not a file`)
  if (stat.size === 0) throw new JustIdError('empty_file', `${file} is empty: a source needs a header row and records`)
}

const csvMessage = (file: string, e: unknown): JustIdError => {
  if (e instanceof CsvError) {
    const line = (e as CsvError & { lines?: number }).lines
    const where = line ? `${file}, line ${line}` : file
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      return new JustIdError('wrong_field_count', `${where}: the row has a different number of fields from the header`)
    }
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new JustIdError('file_unreadable', `${where}: a quoted field is never closed (the file may be cut short)`)
    }
    return new JustIdError('file_unreadable', `${where}: not valid CSV (${e.code})`)
  }
  if (e instanceof JustIdError) return e
  return new JustIdError('file_unreadable', `${file}: cannot be read (${e instanceof Error ? e.message : String(e)})`)
}

/** Checks ids as rows stream past: every record needs one, unique in its source. */
const idChecker = (file: string, layout: SourceLayout) => {
  const seen = new Set<string>()
  return (record: PersonRecord, line: number) => {
    if (record.recordId === '') {
      throw new JustIdError('no_record_id', `${file}, line ${line}: the record id (column ${layout.recordIdColumn}) is empty`)
    }
    if (seen.has(record.recordId)) {
      throw new JustIdError(
        'duplicate_record_id',
        `${file}, line ${line}: record id in column ${layout.recordIdColumn} repeats an earlier row's; ids must be unique`,
      )
    }
    seen.add(record.recordId)
  }
}

const openCsv = async (spec: SourceSpec, settings?: SourceSettings): Promise<OpenSource> => {
  const csvOptions = { bom: true, ltrim: true, rtrim: true, relax_quotes: false, skip_empty_lines: true }
  const headerParser = createReadStream(spec.file).pipe(parse({ ...csvOptions, to_line: 1 }))
  let headers: string[] | undefined
  try {
    for await (const row of headerParser) headers = row as string[]
  } catch (e) {
    throw csvMessage(spec.file, e)
  }
  if (!headers || headers.every((h) => h.trim() === '')) {
    throw new JustIdError('no_header', `${spec.file}: the first line must be a header naming the columns`)
  }
  const layout = detectLayout(headers, spec.file, settings)
  let rows = 0
  return {
    spec,
    layout,
    rowsRead: () => rows,
    async *batches(size = 10_000) {
      const check = idChecker(spec.file, layout)
      const parser = createReadStream(spec.file).pipe(parse({ ...csvOptions, from_line: 2, info: true }))
      let batch: PersonRecord[] = []
      try {
        for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          if (record.length !== layout.columns.length) {
            throw new JustIdError(
              'wrong_field_count',
              `${spec.file}, line ${info.lines}: ${record.length} fields where the header has ${layout.columns.length}`,
            )
          }
          const person = toPersonRecord(spec.name, record, layout)
          check(person, info.lines)
          rows++
          batch.push(person)
          if (batch.length >= size) {
            yield batch
            batch = []
          }
        }
      } catch (e) {
        throw csvMessage(spec.file, e)
      }
      if (batch.length > 0) yield batch
    },
  }
}

const openParquet = async (spec: SourceSpec, settings?: SourceSettings): Promise<OpenSource> => {
  const reader = `read_parquet(${sqlString(spec.file)})`
  const db = await openDatabase()
  let headers: string[]
  try {
    headers = (await db.rows(`DESCRIBE SELECT * FROM ${reader}`)).map((r) => String(r.column_name))
  } catch (e) {
    db.close()
    throw new JustIdError('file_unreadable', `${spec.file}: not a readable Parquet file (${e instanceof Error ? e.message : e})`)
  }
  db.close()
  const layout = detectLayout(headers, spec.file, settings)
  let rows = 0
  return {
    spec,
    layout,
    rowsRead: () => rows,
    async *batches(size = 10_000) {
      const check = idChecker(spec.file, layout)
      const inner = await openDatabase()
      try {
        const select = headers.map((h) => `"${h.replaceAll('"', '""')}"::VARCHAR`).join(', ')
        let batch: PersonRecord[] = []
        for await (const chunk of inner.chunks(`SELECT ${select} FROM ${reader}`)) {
          for (const values of chunk) {
            const person = toPersonRecord(spec.name, values.map((v) => (v === null ? '' : String(v))), layout)
            rows++
            check(person, rows + 1)
            batch.push(person)
            if (batch.length >= size) {
              yield batch
              batch = []
            }
          }
        }
        if (batch.length > 0) yield batch
      } finally {
        inner.close()
      }
    },
  }
}

/** Opens a CSV or Parquet source: checks it can be read and works out its layout; records stream on demand. */
export const openSource = async (spec: SourceSpec, settings?: SourceSettings): Promise<OpenSource> => {
  checkReadable(spec.file)
  return spec.file.toLowerCase().endsWith('.parquet') ? openParquet(spec, settings) : openCsv(spec, settings)
}
