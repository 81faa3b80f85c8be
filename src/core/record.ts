/**
 * The canonical person record: one shape for a person as any source describes them, before standardisation.
 * Values are the source's own strings (trimmed, empty as null); standardisation turns them into comparable keys.
 */
export interface PersonRecord {
  /** Name of the source the record came from, e.g. "court", "prison", "probation". */
  source: string
  /** The source's own id for the record; unique within the source. */
  recordId: string
  /** First forename as given. */
  forename: string | null
  /** Middle names as given, in order. */
  middleNames: string[]
  surname: string | null
  /** A whole name in one field ("SURNAME, Forename Middle" or "Forename Surname"), where the source has only that. */
  fullName: string | null
  /** Other names the person is known by, each a whole name. */
  aliases: string[]
  dateOfBirth: string | null
  /** How `dateOfBirth`'s numeric form is ordered, where its column is written month first (mm/dd/yyyy). */
  dateOfBirthOrder?: 'monthFirst'
  /**
   * A birth date split over columns, as registers and statistical extracts keep it; absent when the source has no
   * such columns. Used where `dateOfBirth` is empty: the three make a date, a year alone is still evidence.
   */
  birthYear?: string
  birthMonth?: string
  birthDay?: string
  /**
   * An age in whole years where the source keeps no birth date (voter rolls, custody snapshots): read as an
   * approximate year of birth, this year less the age, where neither a date nor a year of birth is given.
   */
  age?: string
  sex: string | null
  /** A courtesy title as given ("Mr", "Mrs"), where a source keeps one: the sex where no sex column gives it. */
  title?: string
  /** A generational suffix as given ("JR", "III"), where a source keeps it apart from the names. */
  nameSuffix?: string
  /** Address lines, most specific first (street, locality, town), without the postcode. */
  addressLines: string[]
  postcode: string | null
  /** The town or city when the source has a column for it (it is also the last of `addressLines`). */
  town?: string
  identifiers: Identifiers
  email: string | null
  phone: string | null
  /**
   * Other attributes worth comparing (a place of birth, an occupation, a county), by attribute key
   * (`attributeKey` of the column header); absent when the source has none.
   */
  attributes?: Record<string, string>
  /** Any other attribute the source carries, by column name; never used as evidence unless a settings file says so. */
  extra: Record<string, string>
}

export interface Identifiers {
  /** Police National Computer number, e.g. 2012/0052834R. */
  pnc: string | null
  /** Criminal Records Office number, e.g. 012345/12A. */
  cro: string | null
  /** Prison (NOMIS) number, e.g. A1234BC. */
  prisonNumber: string | null
  /** Probation case reference number (CRN), e.g. X123456. */
  crn: string | null
  /** National Insurance number, e.g. QQ123456C. */
  nino: string | null
  /** Other identifiers by column name (e.g. soc_sec_id). */
  other: Record<string, string>
}

/** A record of `source` with nothing known yet: the start of a record read from a row's cells. */
export const emptyPersonRecord = (source: string, recordId: string): PersonRecord => ({
  source,
  recordId,
  forename: null,
  middleNames: [],
  surname: null,
  fullName: null,
  aliases: [],
  dateOfBirth: null,
  sex: null,
  addressLines: [],
  postcode: null,
  identifiers: { pnc: null, cro: null, prisonNumber: null, crn: null, nino: null, other: {} },
  email: null,
  phone: null,
  extra: {},
})

/** Where a record came from in its file, for error messages that a user can act on. */
export interface RecordOrigin {
  file: string
  /** 1-based line of the row in the file, counting the header as line 1. */
  line: number
}
