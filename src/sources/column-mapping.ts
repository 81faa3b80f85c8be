import type { FileEncoding } from './encoding.ts'
import type { ColumnMapping, SourceLayout } from './layout.ts'
import type { ColumnRole } from './roles.ts'

/** The column → role mapping of one source as shown to the user and written to run.json. */
export interface SourceMapping {
  source: string
  file: string
  /** The record id column, or null when the ids are the data row numbers. */
  recordId: string | null
  recordIdReason: SourceLayout['recordIdReason']
  columns: Omit<ColumnMapping, 'index'>[]
  /** Present when the file was not read as UTF-8 (src/sources/encoding.ts). */
  encoding?: 'windows-1252'
  /** Present when the file has no header line: its columns are named by their place and their values decide. */
  noHeaderLine?: true
}

export const mappingOf = (
  source: { name: string; file: string },
  layout: SourceLayout,
  encoding: FileEncoding = 'utf-8',
): SourceMapping => ({
  source: source.name,
  file: source.file,
  recordId: layout.recordIdColumn,
  recordIdReason: layout.recordIdReason,
  columns: layout.columns.map(({ index: _index, ...column }) => column),
  ...(encoding === 'windows-1252' ? { encoding } : {}),
  ...(layout.noHeaderLine ? { noHeaderLine: true as const } : {}),
})

/** What JustID does with a column of each role, in words. */
const USE_OF_ROLE: Record<ColumnRole | 'ignore', string> = {
  recordId: 'the record id',
  forename: 'compared as a forename',
  middleNames: 'compared as middle names',
  surname: 'compared as a surname',
  fullName: 'split into forename, middle names and surname, and compared',
  alias: 'other names the person is known by: blocked on and compared with the names',
  dateOfBirth: 'compared as the date of birth',
  birthYear: 'birth year',
  birthMonth: 'birth month',
  birthDay: 'birth day',
  age: 'compared as an approximate year of birth (this year less the age), where no birth date is given',
  sex: 'compared as sex',
  title: 'the sex it gives, where no sex column does, compared as sex',
  nameSuffix: 'the generational suffix: a junior and a senior of one name are kept apart',
  addressLine: 'part of the address',
  town: 'compared as the town',
  postcode: 'compared as a postcode',
  pnc: 'compared as a PNC number (check character verified)',
  cro: 'compared as a CRO number (check character verified)',
  prisonNumber: 'compared as a prison number',
  crn: 'compared as a case reference number',
  nino: 'compared as an NI number',
  email: 'compared as an email address',
  phone: 'compared as a phone number',
  otherId: 'compared as an identifier',
  attribute: 'compared as another attribute of the person',
  truth: 'the true person (test data): kept out of the evidence, used by `justid evaluate --truth`',
  extra: 'not used',
  ignore: 'left out (settings)',
}

const BIRTH_PARTS: readonly ColumnRole[] = ['birthYear', 'birthMonth', 'birthDay']

/** What JustID will do with a column, e.g. "birth year: assembled with bm, bd into a birth date". */
export const useOf = (mapping: SourceMapping, column: SourceMapping['columns'][number]): string => {
  if (column.header === mapping.recordId) {
    return column.role === 'recordId' ? 'the record id' : `the record id, and ${USE_OF_ROLE[column.role]}`
  }
  if (column.role === 'extra') return column.note ?? 'not used'
  const use = USE_OF_ROLE[column.role]
  if (BIRTH_PARTS.includes(column.role as ColumnRole)) {
    const others = mapping.columns.filter((c) => c !== column && BIRTH_PARTS.includes(c.role as ColumnRole))
    return others.length === 0
      ? `${use}: compared alone`
      : `${use}: assembled with ${others.map((c) => c.header).join(', ')} into a birth date`
  }
  return column.note ? `${use} (${column.note})` : use
}

const recordIdLine = (m: SourceMapping): string =>
  m.recordId === null
    ? 'record ids: the row number (no column of unique ids found)'
    : `record ids: ${m.recordId} (${m.recordIdReason === 'content' ? 'content: unique in the rows sampled, a guess' : m.recordIdReason})`

/** The mapping as lines of text: one per column, with the role, the reason and what is done with it. */
export const formatMapping = (mappings: readonly SourceMapping[]): string[] => {
  const lines: string[] = []
  for (const m of mappings) {
    const read =
      (m.encoding ? '; read as Windows-1252, not UTF-8 (its bytes say so)' : '') +
      (m.noHeaderLine
        ? '; no header line (the first line is a record): columns named by their place, their values decide'
        : '')
    lines.push(`Columns of ${m.source} (${m.file}): ${recordIdLine(m)}${read}`)
    const width = Math.min(24, Math.max(...m.columns.map((c) => c.header.length)))
    for (const c of m.columns) {
      const reason = `${c.reason}${c.guess ? ', a guess' : ''}`
      lines.push(
        `  ${c.header.padEnd(width)}  ${c.role.padEnd(12)} ${`(${reason})`.padEnd(26)} ${useOf(m, c)}`,
      )
    }
  }
  return lines
}

/** Whether a source's mapping has something the user may want to settle: an unused column, a guess, no id column. */
const unsettled = (m: SourceMapping): boolean =>
  m.recordIdReason === 'content' ||
  m.recordId === null ||
  m.columns.some((c) => c.guess || (c.role === 'extra' && c.reason !== 'settings'))

/**
 * A settings file to start from, when a column was left unused or a role was a guess: every column with its role,
 * ready to edit (see docs/settings.md). Undefined when everything was certain.
 */
export const settingsSnippet = (mappings: readonly SourceMapping[]): string | undefined => {
  if (!mappings.some(unsettled)) return undefined
  const sources = Object.fromEntries(
    mappings.map((m) => [
      m.source,
      {
        ...(m.recordId === null ? {} : { recordId: m.recordId }),
        columns: Object.fromEntries(
          m.columns.filter((c) => c.header !== m.recordId).map((c) => [c.header, c.role]),
        ),
      },
    ]),
  )
  return JSON.stringify({ sources }, null, 2)
}
