import { JustIdError } from '../core/errors.ts'
import type { ColumnRole } from './roles.ts'
import { endsInId, headerKey, isIdLike, knownRole } from './roles.ts'
import type { SourceSettings } from './settings.ts'

export interface ColumnMapping {
  /** Position of the column in each row. */
  index: number
  /** The header as in the file, trimmed. */
  header: string
  role: ColumnRole | 'ignore'
}

export interface SourceLayout {
  columns: ColumnMapping[]
  /** Header of the column whose values are the record ids. */
  recordIdColumn: string
  /** Columns whose role was not recognised: carried as extra attributes, never used as evidence. */
  unknownColumns: string[]
  /** Columns naming the true person (test data): kept out of the records so they can never be evidence. */
  truthColumns: string[]
}

/** A cell that is a number or a date, as the first line of a file without a header would have. */
const looksLikeData = (cell: string): boolean => /\d/.test(cell) && /^[\d\s/.:+-]+$/.test(cell)

const checkHeaderNames = (headers: readonly string[], file: string): void => {
  headers.forEach((h, i) => {
    if (h === '') {
      throw new JustIdError(
        'no_header',
        `${file}: column ${i + 1} of the header has no name; give every column a name in the first line`,
      )
    }
  })
  const seen = new Map<string, number>()
  headers.forEach((h, i) => {
    const folded = h.toLowerCase()
    const earlier = seen.get(folded)
    if (earlier !== undefined) {
      throw new JustIdError(
        'no_header',
        `${file}: columns ${earlier + 1} and ${i + 1} of the header are both named "${h}"; header names must be unique`,
      )
    }
    seen.set(folded, i)
  })
}

/** Finds the column a settings file names: as written, else ignoring case, else as a header key. */
const columnNamed = (name: string, headers: readonly string[]): number => {
  const wanted = name.trim()
  const exact = headers.indexOf(wanted)
  if (exact >= 0) return exact
  const folded = headers.findIndex((h) => h.toLowerCase() === wanted.toLowerCase())
  if (folded >= 0) return folded
  return headers.findIndex((h) => headerKey(h) === headerKey(wanted))
}

const settingsColumns = (headers: readonly string[], file: string, settings: SourceSettings) => {
  const index = (name: string): number => {
    const i = columnNamed(name, headers)
    if (i < 0) {
      throw new JustIdError(
        'unknown_column',
        `the settings for ${file} name a column "${name}" that the file does not have; its columns are: ${headers.join(', ')}`,
      )
    }
    return i
  }
  const roles = new Map<number, ColumnRole | 'ignore'>()
  for (const [name, role] of Object.entries(settings.columns ?? {})) roles.set(index(name), role)
  return { roles, recordId: settings.recordId === undefined ? undefined : index(settings.recordId) }
}

const noRecordId = (headers: readonly string[], file: string): JustIdError =>
  new JustIdError(
    'no_record_id',
    `${file}: no record id column; none of its columns (${headers.join(', ')}) is named record_id, rec_id, id or ` +
      'ends in _id. Name the column holding a unique id for each row in a settings file: ' +
      '{"sources": {"<source name>": {"recordId": "<column>"}}}',
  )

/**
 * Works out what each column holds from its header; a settings file overrides. Throws when the header is missing
 * or malformed, when the settings name a column the file does not have, or when no record id column is found.
 */
export const detectLayout = (
  headers: string[],
  file: string,
  settings: SourceSettings = {},
): SourceLayout => {
  const trimmed = headers.map((h) => h.trim())
  const fromSettings = settingsColumns(trimmed, file, settings)
  const named = fromSettings.roles.size > 0 || fromSettings.recordId !== undefined
  if (!named && !trimmed.some((h) => knownRole(h) || isIdLike(h)) && trimmed.some(looksLikeData)) {
    throw new JustIdError(
      'no_header',
      `${file}: the first line looks like data, not a header (no column name is recognised and some cells are ` +
        'numbers or dates); add a first line naming the columns, e.g. record_id,forename,surname,date_of_birth',
    )
  }
  checkHeaderNames(trimmed, file)

  const roles: (ColumnRole | 'ignore' | undefined)[] = trimmed.map(
    (h, i) => fromSettings.roles.get(i) ?? knownRole(h),
  )
  let recordIdIndex = fromSettings.recordId
  if (recordIdIndex !== undefined) {
    // A column detected as the record id by its name gives way to the one the settings name.
    roles.forEach((role, i) => {
      if (role === 'recordId' && i !== recordIdIndex && !fromSettings.roles.has(i)) roles[i] = 'extra'
    })
    if (roles[recordIdIndex] === undefined || roles[recordIdIndex] === 'extra')
      roles[recordIdIndex] = 'recordId'
  } else {
    recordIdIndex = roles.indexOf('recordId')
    if (recordIdIndex < 0) {
      recordIdIndex = trimmed.findIndex((h, i) => roles[i] === undefined && endsInId(h))
      if (recordIdIndex >= 0) roles[recordIdIndex] = 'recordId'
    }
    // Source-local keys, unique per row in some extracts; they stay evidence as well.
    if (recordIdIndex < 0) recordIdIndex = roles.indexOf('crn')
    if (recordIdIndex < 0) recordIdIndex = roles.indexOf('prisonNumber')
  }
  const recordIdColumn = trimmed[recordIdIndex]
  if (recordIdColumn === undefined) throw noRecordId(trimmed, file)

  const columns: ColumnMapping[] = trimmed.map((header, index) => {
    const role = roles[index] ?? (isIdLike(header) ? 'otherId' : 'extra')
    // Only one column is the record id; another named like one is an identifier of some other kind.
    return { index, header, role: role === 'recordId' && index !== recordIdIndex ? 'otherId' : role }
  })
  return {
    columns,
    recordIdColumn,
    unknownColumns: columns.filter((c) => c.role === 'extra').map((c) => c.header),
    truthColumns: columns.filter((c) => c.role === 'truth').map((c) => c.header),
  }
}
