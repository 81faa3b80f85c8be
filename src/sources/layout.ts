import { JustIdError } from '../core/errors.ts'
import type { ContentKind, ContentProfile } from './column-content.ts'
import { KIND_IN_WORDS } from './column-content.ts'
import type { HeaderHint } from './header-hints.ts'
import {
  aboutSomeoneElse,
  eventWordsOf,
  groupOrPlace,
  headerHint,
  headerWords,
  notAboutThePerson,
} from './header-hints.ts'
import type { ColumnRole } from './roles.ts'
import { endsInId, headerKey, isIdLike, knownRole } from './roles.ts'
import type { SourceSettings } from './settings.ts'

/** Why a column has its role: named in the settings, by its header, by its values, or by both. */
export type RoleReason = 'settings' | 'header' | 'content' | 'header+content'

export interface ColumnMapping {
  /** Position of the column in each row. */
  index: number
  /** The header as in the file, trimmed. */
  header: string
  role: ColumnRole | 'ignore'
  reason: RoleReason
  /** The role is a likely reading rather than a certain one: worth confirming in the settings. */
  guess: boolean
  /** What the values look like, when they were sampled. */
  content?: ContentKind
  /** Why a column was left unused, or where its header and values disagree. */
  note?: string
  /** A date column written month first (mm/dd/yyyy, as US systems write dates), as its values show. */
  monthFirst?: true
  /** A birth date column of two-digit years: the first year of the hundred they stand for, as its values show. */
  centuryFrom?: number
  /** A birth date column holding spreadsheet day numbers (36210 for 1999-02-19), as its values show. */
  daySerials?: true
  /** Of an age column: the position of the date of the event it was the age on ("age_at_hearing", "hearing_date"). */
  ageOn?: number
  /**
   * Of an identifier column no known role covers: the key its values are compared under, where another source holds
   * the same identifier under another header (identifier-alignment.ts); the header otherwise.
   */
  identifierKey?: string
}

/** The key records give an identifier column's values under: what alignment chose, else its header. */
export const otherIdKey = (column: ColumnMapping): string => column.identifierKey ?? column.header

export interface SourceLayout {
  columns: ColumnMapping[]
  /** Header of the column whose values are the record ids; null when the ids are the row numbers (1 = first data row). */
  recordIdColumn: string | null
  recordIdReason: RoleReason | 'row number'
  /** Columns whose role was not recognised: carried as extra attributes, never used as evidence. */
  unknownColumns: string[]
  /** Columns naming the true person (test data): kept out of the records so they can never be evidence. */
  truthColumns: string[]
  /** The file has no header line: its columns are named by their place (column_1, …) and their values decide. */
  noHeaderLine?: true
}

/** A cell that is a number or a date, as the first line of a file without a header would have. */
const looksLikeData = (cell: string): boolean => /\d/.test(cell) && /^[\d\s/.:+-]+$/.test(cell)

/**
 * Whether a first line is a record rather than a header: no cell names a role or an id, and some cell is a number or
 * a date, as in an extract written without its header line.
 */
export const firstLineIsData = (cells: readonly string[]): boolean => {
  const trimmed = cells.map((c) => c.trim())
  return !trimmed.some((h) => knownRole(h) || isIdLike(h)) && trimmed.some(looksLikeData)
}

/** The names of a file's columns when it has no header line: by their place, as the settings may name them. */
export const namesByPlace = (width: number): string[] =>
  Array.from({ length: width }, (_, i) => `column_${i + 1}`)

/** Whether the settings name one of these cells as a column: then the first line is the header they name. */
export const settingsNameOneOf = (cells: readonly string[], settings: SourceSettings = {}): boolean => {
  const names = cells.map((c) => c.trim())
  const named = [
    ...Object.keys(settings.columns ?? {}),
    ...(settings.recordId === undefined ? [] : [settings.recordId]),
  ]
  return named.some((name) => columnNamed(name, names) >= 0)
}

const checkHeaderNames = (headers: readonly string[], file: string): void => {
  headers.forEach((h, i) => {
    if (h === '') {
      throw new JustIdError(
        'no_header',
        `${file}: column ${i + 1} of the header has no name; give every column a name in the first line`,
      )
    }
  })
}

/**
 * Headers told apart where one is repeated (two columns named "name", as a join of two tables or a hand-made sheet
 * writes them): the second is "name_2", the third "name_3". The positions of the repeated ones are returned too.
 */
const distinctHeaders = (headers: readonly string[]): { names: string[]; repeated: Set<number> } => {
  const folded = headers.map((h) => h.toLowerCase())
  const taken = new Set(folded)
  const repeated = new Set<number>()
  const seen = new Map<string, number>()
  const names = headers.map((h, i) => {
    const n = (seen.get(folded[i]!) ?? 0) + 1
    seen.set(folded[i]!, n)
    if (folded.indexOf(folded[i]!) !== folded.lastIndexOf(folded[i]!)) repeated.add(i)
    if (n === 1) return h
    let k = n
    while (taken.has(`${folded[i]}_${k}`)) k++
    taken.add(`${folded[i]}_${k}`)
    return `${h}_${k}`
  })
  return { names, repeated }
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

/** The kinds of values that fit each role; a role missing here accepts any values. */
const FITTING_CONTENT: Partial<Record<ColumnRole, readonly ContentKind[]>> = {
  forename: ['name', 'fullName'],
  middleNames: ['name', 'fullName'],
  surname: ['name', 'fullName'],
  fullName: ['name', 'fullName'],
  alias: ['name', 'fullName', 'text'],
  dateOfBirth: ['date'],
  birthYear: ['year'],
  birthMonth: ['month'],
  // A day column of a small sample may hold no day after the 12th.
  birthDay: ['day', 'month'],
  // Ages of a small sample may all be 31 or under.
  age: ['integer', 'day', 'month'],
  sex: ['sex'],
  title: ['title'],
  nameSuffix: ['suffix'],
  town: ['name', 'fullName'],
  addressLine: ['streetAddress', 'name', 'fullName', 'text', 'integer', 'idLike', 'mixed'],
  postcode: ['ukPostcode', 'integer', 'year', 'idLike', 'mixed'],
  email: ['email'],
  phone: ['phone', 'integer'],
  pnc: ['pnc', 'idLike'],
  cro: ['cro', 'idLike'],
  nino: ['nino', 'idLike'],
  prisonNumber: ['idLike'],
  crn: ['idLike'],
  otherId: ['idLike', 'integer', 'year'],
  recordId: ['idLike', 'integer', 'year'],
}

const SEX_CODE_COUNT = 4

/** Whether the sampled values fit a role: undefined when nothing was sampled or the role takes any values. */
const fits = (role: ColumnRole, content: ContentProfile | undefined): boolean | undefined => {
  const fitting = FITTING_CONTENT[role]
  if (!content || !fitting || content.kind === 'empty') return undefined
  // Sex is often coded in digits (1, 2, 9): a handful of codes fits it whatever they are.
  if (role === 'sex' && content.distinct <= SEX_CODE_COUNT) return true
  return fitting.includes(content.kind)
}

/** Roles read from the values alone: kinds that say what they are whatever the header. */
const ROLE_OF_CONTENT: Partial<Record<ContentKind, ColumnRole>> = {
  email: 'email',
  nino: 'nino',
  pnc: 'pnc',
  cro: 'cro',
  ukPostcode: 'postcode',
  phone: 'phone',
  sex: 'sex',
  title: 'title',
  suffix: 'nameSuffix',
  date: 'dateOfBirth',
  streetAddress: 'addressLine',
}
/** Roles a record may hold in several columns (address lines), so values decide each such column, not the first. */
const REPEATABLE = new Set<ColumnRole>(['addressLine'])
/** Kinds whose check characters or shape leave no doubt, so the role they give is no guess. */
const CERTAIN_CONTENT = new Set<ContentKind>(['email', 'nino', 'pnc', 'cro', 'ukPostcode'])

/** Why a column of each kind of value no person has is not used (kinds a person has are weighed: PERSON_VALUES). */
const UNUSED_CONTENT: Partial<Record<ContentKind, string>> = {
  empty: 'no values',
  date: 'dates, not taken for the birth date',
  text: 'free text',
  year: 'years, with no birth month or day beside them',
  month: 'small numbers',
  day: 'small numbers',
  mixed: 'values of no recognised kind',
  amount: 'amounts or measurements, not the person',
}

const BIRTH_PARTS = new Set<ColumnRole>(['birthYear', 'birthMonth', 'birthDay'])

interface Decision {
  role: ColumnRole | 'ignore'
  reason: RoleReason
  guess: boolean
  note?: string
  /** A birth date column of spreadsheet day numbers. */
  daySerials?: true
}

/** The role a second column of a name gives: a second forename is a middle name. */
const ordinalRole = (role: ColumnRole, ordinal: number | null): ColumnRole => {
  if (ordinal === null || ordinal < 2) return role
  if (role === 'forename') return 'middleNames'
  // A second surname (German and Spanish double names) is another name the person is known by: as an alias its words
  // join the record's known names, for blocking and comparison, without replacing the surname compared.
  if (role === 'surname') return 'alias'
  return role
}

const confirmed = (role: ColumnRole, content: ContentProfile | undefined): Decision => {
  const fit = fits(role, content)
  return { role, reason: fit ? 'header+content' : 'header', guess: false }
}

/**
 * The role a header gives, weighed against the values. A birth date column holding years alone is a birth year
 * (historical records often give no more); one of whole numbers up to today's, a date exported from a spreadsheet as
 * its day number. Values that plainly contradict an exact header name are noted and the role kept; they set a hint
 * from the header's words aside ("first_seen" holding dates is no forename).
 */
const fromHeader = (role: ColumnRole, content: ContentProfile | undefined, exactName: boolean): Decision => {
  if (role === 'dateOfBirth' && content?.kind === 'year')
    return { role: 'birthYear', reason: 'header+content', guess: false, note: 'holds years only' }
  if (role === 'dateOfBirth' && content?.daySerials)
    return {
      role,
      reason: 'header+content',
      guess: false,
      note: 'written as spreadsheet day numbers',
      daySerials: true,
    }
  if (fits(role, content) !== false || content?.kind === 'mixed') return confirmed(role, content)
  const values = KIND_IN_WORDS[content!.kind]
  return exactName
    ? { role, reason: 'header', guess: true, note: `the values look like ${values}` }
    : {
        role: 'extra',
        reason: 'header+content',
        guess: true,
        note: `not used: the header suggests ${role} but the values look like ${values}`,
      }
}

/**
 * "Other names" heads the names after the first on UK forms (Forename, Other names, Surname) as often as the names
 * someone is also known by. Single names, one a row, are the former; whole names the latter.
 */
const middleNamesUnderOtherNames = (
  header: string,
  content: ContentProfile | undefined,
): Decision | undefined =>
  headerKey(header) === 'other_names' && content?.kind === 'name'
    ? {
        role: 'middleNames',
        reason: 'header+content',
        guess: false,
        note: 'single names: the names after the first',
      }
    : undefined

/** Birth date parts named by a bare word ("by", "month") count only beside another part, with values that fit. */
const birthPartsTogether = (
  decisions: (Decision | undefined)[],
  bare: Map<number, HeaderHint>,
  contents: readonly (ContentProfile | undefined)[],
): void => {
  const fitting = [...bare].filter(([i, h]) => fits(h.role, contents[i]) !== false)
  const named = decisions.filter((d) => d && BIRTH_PARTS.has(d.role as ColumnRole)).length
  const sampled = contents.some((c) => c !== undefined)
  // Unsampled (header alone), only the full set of year, month and day is convincing.
  const enough = sampled ? fitting.length + named >= 2 : fitting.length === 3
  for (const [i, h] of fitting) if (enough) decisions[i] = confirmed(h.role, contents[i])
}

/** Whether any decided column already holds one of these roles. */
const hasRole = (decisions: readonly (Decision | undefined)[], ...roles: ColumnRole[]): boolean =>
  decisions.some((d) => d !== undefined && roles.includes(d.role as ColumnRole))

const byContent = (role: ColumnRole, kind: ContentKind): Decision => ({
  role,
  reason: 'content',
  guess: !CERTAIN_CONTENT.has(kind),
})

/** A forename column holds clearly more names of the forename table than a surname column (which holds some). */
const FORENAME_SHARE = 0.3
/** A name column known by its values alone is filled on at least this share of the rows. */
const NAME_COMPLETENESS = 0.5
const FORENAME_MARGIN = 0.15

/**
 * Names told by their values where the headers say nothing. The variant table holds forenames and some surname
 * spellings, so columns are told apart by comparison: the column of single words with the most names in the table
 * is the forename, and one with clearly fewer the surname (of several, the most varied: surnames vary more than
 * towns do). A column of several name words is the full name when no name column is known.
 */
const namesByContent = (
  decisions: (Decision | undefined)[],
  open: number[],
  contents: readonly (ContentProfile | undefined)[],
): void => {
  const share = (i: number) => contents[i]?.forenameShare ?? 0
  // A person's forename and surname are given on most records: a column of names filled on fewer rows is a second
  // forename or surname (RLdata's fname_c2), not the one compared.
  const filled = (i: number) => (contents[i]?.completeness ?? 0) >= NAME_COMPLETENESS
  const single = open
    .filter((i) => contents[i]!.kind === 'name' && filled(i))
    .sort((a, b) => share(b) - share(a))
  const several = open
    .filter((i) => contents[i]!.kind === 'fullName' && filled(i))
    .sort((a, b) => share(b) - share(a))
  const give = (i: number, role: ColumnRole): void => {
    decisions[i] = byContent(role, contents[i]!.kind)
  }
  const known = (role: ColumnRole) => decisions.findIndex((d) => d?.role === role)
  let forename = known('forename')
  const surname = known('surname')
  if (forename < 0 && known('fullName') < 0) {
    const best = single[0]
    const fewer = (i: number) => share(i) <= share(best!) - FORENAME_MARGIN
    const clearer = surname >= 0 ? contents[surname] === undefined || fewer(surname) : single.some(fewer)
    if (best !== undefined && share(best) >= FORENAME_SHARE && clearer) {
      give(best, 'forename')
      forename = best
    }
  }
  if (surname < 0 && forename >= 0 && known('fullName') < 0) {
    const ceiling = contents[forename] ? share(forename) - FORENAME_MARGIN : FORENAME_SHARE
    const candidates = single.filter((i) => decisions[i] === undefined && share(i) <= ceiling)
    candidates.sort((a, b) => contents[b]!.distinct - contents[a]!.distinct)
    if (candidates[0] !== undefined) give(candidates[0], 'surname')
  }
  if (forename < 0 && surname < 0 && known('fullName') < 0 && several[0] !== undefined) {
    if (share(several[0]) >= FORENAME_SHARE) give(several[0], 'fullName')
  }
}

/** A header that says the column is a date of some kind; not the birth date, or a hint would have said so. */
const namesADate = (header: string): boolean =>
  headerWords(header).words.some((w) => w === 'date' || w === 'day' || w === 'year')

/**
 * A birth date comes before every date a system records about the person (a record created, a case opened, a
 * hearing) by the person's age: decades in any population but one of infants.
 */
const YEARS_BEFORE_EVENTS = 10

/**
 * Of the date columns no header explains, the one that is most likely the birth date: the only one, or, of several,
 * the one whose dates lie at least YEARS_BEFORE_EVENTS before those of every other (as a birth date does before
 * the date a record was entered); otherwise none, as nothing tells them apart.
 */
const birthDateAmong = (
  dates: readonly number[],
  contents: readonly (ContentProfile | undefined)[],
): number => {
  if (dates.length <= 1) return dates[0] ?? -1
  const year = (i: number) => contents[i]!.medianYear ?? Number.NaN
  const [earliest, ...rest] = [...dates].sort((a, b) => year(a) - year(b))
  return rest.every((i) => year(i) - year(earliest!) >= YEARS_BEFORE_EVENTS) ? earliest! : -1
}

/** Roles from the values for the columns neither settings nor header decided. */
const decideByContent = (
  decisions: (Decision | undefined)[],
  headers: readonly string[],
  contents: readonly (ContentProfile | undefined)[],
): void => {
  const open = headers
    .map((_h, i) => i)
    .filter(
      (i) =>
        decisions[i] === undefined &&
        contents[i] !== undefined &&
        notAboutThePerson(headers[i]!) === undefined,
    )
  const birthDate = birthDateAmong(
    open.filter((i) => contents[i]!.kind === 'date'),
    contents,
  )
  for (const i of open) {
    const kind = contents[i]!.kind
    const role = ROLE_OF_CONTENT[kind]
    if (role === undefined || (!REPEATABLE.has(role) && hasRole(decisions, role))) continue
    // A header naming some other date ("hearing_date", "date_of_death") says what it is.
    if (
      role === 'dateOfBirth' &&
      (i !== birthDate || hasRole(decisions, ...BIRTH_PARTS) || namesADate(headers[i]!))
    )
      continue
    decisions[i] = byContent(role, kind)
  }
  birthPartsByContent(decisions, open, contents)
  namesByContent(
    decisions,
    open.filter((i) => decisions[i] === undefined),
    contents,
  )
}

/**
 * A birth date in three columns side by side that no header explains: a column of years beside two of small numbers,
 * year first (year, month, day) or last (day, month, year), the month always in the middle. Only where nothing else
 * gives a birth date; a year column alone may be any year, so it stays unused.
 */
const birthPartsByContent = (
  decisions: (Decision | undefined)[],
  open: readonly number[],
  contents: readonly (ContentProfile | undefined)[],
): void => {
  if (hasRole(decisions, 'dateOfBirth', ...BIRTH_PARTS)) return
  const kindAt = (i: number) =>
    open.includes(i) && decisions[i] === undefined ? contents[i]!.kind : undefined
  const small = (i: number) => kindAt(i) === 'month' || kindAt(i) === 'day'
  const triples = open
    .filter((i) => kindAt(i) === 'year')
    .flatMap((y) => [
      ...(small(y + 1) && small(y + 2) && kindAt(y + 1) === 'month' ? [[y, y + 1, y + 2] as const] : []),
      ...(small(y - 1) && small(y - 2) && kindAt(y - 1) === 'month' ? [[y, y - 1, y - 2] as const] : []),
    ])
  // Two readings, or two such runs, and the values cannot say which is the birth date.
  if (triples.length !== 1) return
  const [year, month, day] = triples[0]!
  decisions[year] = byContent('birthYear', 'year')
  decisions[month] = byContent('birthMonth', 'month')
  decisions[day] = byContent('birthDay', contents[day]!.kind)
}

const UNIQUE_ID_CONTENT = new Set<ContentKind>(['idLike', 'integer', 'year'])

/** The record id: settings, a known header, an id-like header with unique values, a unique code column, or none. */
const chooseRecordId = (
  decisions: (Decision | undefined)[],
  headers: readonly string[],
  contents: readonly (ContentProfile | undefined)[],
  fromSettings: number | undefined,
  settingsRoles: ReadonlyMap<number, ColumnRole | 'ignore'>,
): { index: number; reason: SourceLayout['recordIdReason'] } => {
  if (fromSettings !== undefined) {
    // A column detected as the record id by its name gives way to the one the settings name.
    decisions.forEach((d, i) => {
      if (d?.role === 'recordId' && i !== fromSettings && !settingsRoles.has(i))
        decisions[i] = { ...d, role: 'extra', guess: false }
    })
    const d = decisions[fromSettings]
    if (d === undefined || d.role === 'extra')
      decisions[fromSettings] = { role: 'recordId', reason: 'settings', guess: false }
    return { index: fromSettings, reason: 'settings' }
  }
  const sampled = contents.some((c) => c !== undefined)
  // Unsampled, a name is taken on trust; sampled, it must hold a value on every row and no repeats.
  const unique = (i: number) => !sampled || contents[i]?.unique === true
  const named = decisions.findIndex((d) => d?.role === 'recordId')
  if (named >= 0) return { index: named, reason: decisions[named]!.reason }
  const idHeader = headers.findIndex(
    (h, i) => decisions[i] === undefined && (sampled ? isIdLike(h) : endsInId(h)) && unique(i),
  )
  if (idHeader >= 0) {
    decisions[idHeader] = { role: 'recordId', reason: sampled ? 'header+content' : 'header', guess: false }
    return { index: idHeader, reason: decisions[idHeader]!.reason }
  }
  // Source-local keys, unique per row in some extracts; they stay evidence as well.
  for (const role of ['crn', 'prisonNumber'] as const) {
    const i = decisions.findIndex((d, j) => d?.role === role && unique(j))
    if (i >= 0) return { index: i, reason: sampled ? 'header+content' : 'header' }
  }
  const code = headers.findIndex(
    (h, i) =>
      (decisions[i] === undefined || decisions[i]!.role === 'otherId') &&
      contents[i]?.unique === true &&
      UNIQUE_ID_CONTENT.has(contents[i]!.kind) &&
      !aboutSomeoneElse(h),
  )
  if (code >= 0) {
    decisions[code] = { role: 'recordId', reason: 'content', guess: true }
    return { index: code, reason: 'content' }
  }
  return { index: -1, reason: 'row number' }
}

/** A person keeps about one value of an identifier: more rows a value than this, and the codes are shared. */
const ROWS_PER_IDENTIFIER = 2
/** Codes shorter than this are categories (a house number, a district), too few to tell people apart. */
const IDENTIFIER_LENGTH = 4
/**
 * Fewer distinct values than this are a handful of categories (a region, a record type, the system a row came
 * from): shared by large shares of the records, they tell people apart too little to weigh, and are as often about
 * the record as about the person.
 */
const CATEGORY_VALUES = 10

/** Kinds of value a person has (words, codes): used where no header explains them. */
const PERSON_VALUES = new Set<ContentKind>(['name', 'fullName', 'integer', 'idLike'])

/** Why sampled values of a kind a person has are still not weighed, if they are not; the first that fits wins. */
const UNWEIGHED_VALUES: readonly { applies: (c: ContentProfile) => boolean; why: string }[] = [
  { applies: (c) => c.distinct < CATEGORY_VALUES, why: 'a handful of categories' },
  { applies: (c) => c.runningNumber === true, why: 'a running number' },
]

const fromValues = (role: 'attribute' | 'otherId', values: string): Decision => ({
  role,
  reason: 'content',
  guess: true,
  note: `header not recognised; ${values}`,
})

/**
 * A column neither settings nor header explain is still evidence when its values are of a kind a person has, since
 * every usable column is evidence and extracts of systems we never saw name columns in their own words and
 * languages ("Strasse", "PLZ", "SVNR"). Words (a street, a town, a place) and codes that many records share are
 * compared as text, their weight trained on the data; numbers and codes with about one value a record are an
 * identifier. A header about someone else, a protected characteristic or an event, a handful of categories, a running
 * number, other dates and free text stay unused, each with why.
 */
const unexplained = (header: string, content: ContentProfile | undefined): Decision => {
  const group = groupOrPlace(header)
  if (group) return { role: 'extra', reason: 'header', guess: false, note: `not used: ${group}` }
  // An id of someone else ("officer_id", "victim_ref") is no identifier of the person; a case's may be.
  if (isIdLike(header) && !aboutSomeoneElse(header))
    return { role: 'otherId', reason: 'header', guess: false }
  const personValues = content !== undefined && PERSON_VALUES.has(content.kind)
  const why =
    notAboutThePerson(header) ??
    (personValues
      ? UNWEIGHED_VALUES.find((u) => u.applies(content))?.why
      : content && UNUSED_CONTENT[content.kind])
  if (personValues && why === undefined) {
    if (content.kind === 'name' || content.kind === 'fullName') return fromValues('attribute', 'words')
    return content.rowsPerValue <= ROWS_PER_IDENTIFIER && content.medianLength >= IDENTIFIER_LENGTH
      ? fromValues('otherId', 'codes of about one record each')
      : fromValues('attribute', 'codes shared by records')
  }
  return {
    role: 'extra',
    reason: content ? 'content' : 'header',
    guess: false,
    note: `not used: ${why ?? 'header and values not recognised'}`,
  }
}

/** Words of a header naming the list a record is in, as a census or a survey names its year. */
const RECORD_WORDS = new Set([
  'census',
  'survey',
  'record',
  'return',
  'enumeration',
  'register',
  'roll',
  'list',
])

/**
 * The column of the year a record was made in, where a list gives one ("census_year", "year" of a survey): a
 * census gives each person's age in its own year, so one person's ages in two censuses ten years apart differ by
 * ten, and only read against the year do they give one year of birth. A column of years with no other role, headed
 * `year` alone or naming the list ("census_year", "survey_year"); the year of an offence or an event says nothing
 * of when the age was taken.
 */
const yearOfRecord = (
  columns: readonly ColumnMapping[],
  contents: readonly (ContentProfile | undefined)[],
  age: ColumnMapping,
): ColumnMapping | undefined => {
  const years = columns.filter((c) => {
    const words = headerWords(c.header).words
    return (
      c !== age &&
      c.role === 'extra' &&
      contents[c.index]?.kind === 'year' &&
      words.includes('year') &&
      (words.length === 1 || words.some((w) => RECORD_WORDS.has(w)))
    )
  })
  return years.length === 1 ? years[0] : undefined
}

/**
 * An age at an event ("age_at_hearing", "Age on Arrest"), as court lists and custody records give it, was the age on
 * that event's date, not today: read as today's, it puts the birth year as many years late as the event is old. It
 * is read against the date column named for the same event ("hearing_date"); with none, it says nothing of the
 * year and is left unused.
 */
const agesOnEvents = (columns: ColumnMapping[], contents: readonly (ContentProfile | undefined)[]): void => {
  for (const age of columns) {
    if (age.role !== 'age' || age.reason === 'settings') continue
    const events = eventWordsOf(age.header)
    if (events.length === 0) {
      const taken = yearOfRecord(columns, contents, age)
      if (taken) {
        age.ageOn = taken.index
        age.note = `the age in the year of ${taken.header}`
        taken.note = `not compared: the year ${age.header} was taken in`
      }
      continue
    }
    const on = columns.find(
      (c) =>
        c !== age &&
        (contents[c.index] === undefined ? namesADate(c.header) : contents[c.index]!.kind === 'date') &&
        eventWordsOf(c.header).some((w) => events.includes(w)),
    )
    if (on) {
      age.ageOn = on.index
      age.note = `the age on ${on.header}`
    } else {
      Object.assign(age, {
        role: 'extra',
        guess: false,
        note: 'not used: an age at an event the file gives no date of',
      })
    }
  }
}

/**
 * Works out what each column holds: the settings first, then the header (exact names, then hints from its words),
 * then the sampled values (`contents`, by column; none when only the header is known). Every column gets a role
 * and the reason for it. The record id is the column the settings or a header name, else an id-like column whose
 * sampled values are all present and unique, else the row number. Throws when the header is missing or malformed or
 * when the settings name a column the file does not have.
 */
export const detectLayout = (
  headers: string[],
  file: string,
  settings: SourceSettings = {},
  contents: readonly (ContentProfile | undefined)[] = [],
): SourceLayout => {
  // A column with neither a name nor a value (the trailing comma of a spreadsheet's export) is named by its place and
  // left unused; an unnamed column holding values is still refused, as nobody can say what it holds.
  const unnamed = headers.map((h, i) =>
    h.trim() === '' && contents[i]?.kind === 'empty' ? `column_${i + 1}` : h.trim(),
  )
  checkHeaderNames(unnamed, file)
  const { names: trimmed, repeated } = distinctHeaders(unnamed)
  const fromSettings = settingsColumns(trimmed, file, settings)
  const named = fromSettings.roles.size > 0 || fromSettings.recordId !== undefined
  if (!named && firstLineIsData(trimmed)) {
    throw new JustIdError(
      'no_header',
      `${file}: the first line looks like data, not a header (no column name is recognised and some cells are ` +
        'numbers or dates); add a first line naming the columns, e.g. record_id,forename,surname,date_of_birth',
    )
  }

  const decisions: (Decision | undefined)[] = trimmed.map(() => undefined)
  const bareBirthParts = new Map<number, HeaderHint>()
  trimmed.forEach((h, i) => {
    const set = fromSettings.roles.get(i)
    if (set !== undefined) {
      decisions[i] = { role: set, reason: 'settings', guess: false }
      return
    }
    // A repeated header says nothing of which column is which: the values decide, but for address lines (a record
    // has several, so each keeps the role).
    const headerRole = knownRole(unnamed[i]!) ?? headerHint(unnamed[i]!)?.hint.role
    if (repeated.has(i) && !(headerRole && REPEATABLE.has(headerRole))) return
    const known = knownRole(h)
    if (known !== undefined) {
      decisions[i] = middleNamesUnderOtherNames(h, contents[i]) ?? fromHeader(known, contents[i], true)
      return
    }
    const hinted = headerHint(h)
    if (hinted?.hint.birthPartAlone) bareBirthParts.set(i, hinted.hint)
    else if (hinted)
      decisions[i] = fromHeader(ordinalRole(hinted.hint.role, hinted.ordinal), contents[i], false)
  })
  birthPartsTogether(decisions, bareBirthParts, contents)
  decideByContent(decisions, trimmed, contents)
  const recordId = chooseRecordId(decisions, trimmed, contents, fromSettings.recordId, fromSettings.roles)

  const columns: ColumnMapping[] = trimmed.map((header, index) => {
    const content = contents[index]
    const d: Decision = decisions[index] ?? unexplained(header, content)
    // Only one column is the record id; another named like one is an identifier of some other kind.
    const role = d.role === 'recordId' && index !== recordId.index ? 'otherId' : d.role
    // The settings' date order wins over the values': a sample whose days are all 12 or less cannot tell.
    const monthFirst =
      role === 'dateOfBirth' &&
      (settings.dateOrder === undefined ? content?.monthFirst === true : settings.dateOrder === 'monthFirst')
    const writtenAs = monthFirst
      ? `written month first${settings.dateOrder ? ' (settings)' : ''}`
      : role === 'dateOfBirth' && settings.dateOrder === 'dayFirst' && content?.monthFirst
        ? 'written day first (settings)'
        : undefined
    const repeatedHeader =
      repeated.has(index) && d.reason !== 'settings' && !REPEATABLE.has(d.role as ColumnRole)
        ? `the header "${unnamed[index]}" is repeated: read by its values`
        : undefined
    const centuryFrom = role === 'dateOfBirth' ? content?.centuryFrom : undefined
    const century =
      centuryFrom === undefined
        ? undefined
        : `two-digit years read as ${centuryFrom} to ${Math.min(centuryFrom + 99, new Date().getUTCFullYear())}`
    const notes = [d.note, writtenAs, century, repeatedHeader].filter(Boolean)
    const note = notes.length > 0 ? notes.join('; ') : undefined
    return {
      index,
      header,
      role,
      reason: d.reason,
      guess: d.guess,
      ...(content ? { content: content.kind } : {}),
      ...(note ? { note } : {}),
      ...(monthFirst ? { monthFirst: true as const } : {}),
      ...(centuryFrom !== undefined ? { centuryFrom } : {}),
      ...(role === 'dateOfBirth' && d.daySerials ? { daySerials: true as const } : {}),
    }
  })
  agesOnEvents(columns, contents)
  return {
    columns,
    recordIdColumn: trimmed[recordId.index] ?? null,
    recordIdReason: recordId.reason,
    unknownColumns: columns.filter((c) => c.role === 'extra').map((c) => c.header),
    truthColumns: columns.filter((c) => c.role === 'truth').map((c) => c.header),
  }
}
