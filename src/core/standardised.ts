/**
 * A standardised record: the canonical record turned into the comparable keys that blocking rules and comparisons
 * read. Text is lower-case ASCII with punctuation folded; every list may be empty; every scalar may be null (a
 * null compares at the null level, weight zero, rather than as a disagreement).
 *
 * This is the one interface between standardisation (pure TypeScript), the DuckDB engine (one column per field,
 * lists as DuckDB lists) and the in-memory scorer used for real-time matching.
 */
export interface StandardisedRecord {
  source: string
  recordId: string

  /** First forename, e.g. "robert". */
  forename: string | null
  /** Middle names joined by single spaces, e.g. "james peter". */
  middleNames: string | null
  /** Surname whole, with hyphens and spaces folded to single spaces: "smith jones", "al hassan". */
  surname: string | null
  /** Surname parts and prefix-free forms: ["smith", "jones"], ["al hassan", "hassan"]; empty when no surname. */
  surnameParts: string[]
  /** Every name token of forenames, middle names and surname, de-duplicated and sorted, for token-set overlap. */
  nameTokens: string[]
  /**
   * Words of the record's listed aliases that its own name does not hold ("michael" for "Tao Yang" listing
   * "Michael Yang"), de-duplicated and sorted: another name the person is known by is evidence, not a disagreement.
   */
  aliasNames: string[]
  /** Double Metaphone primary keys of forename and surname. */
  forenameMetaphone: string | null
  surnameMetaphone: string | null
  /** Nickname / variant group key of the forename ("robert" for bob, rob, robbie; "muhammad" for mohammed). */
  forenameGroup: string | null
  /**
   * The other groups of a nickname shared by several names ("samantha" for sammy, whose group is "samuel"), sorted;
   * empty for most names.
   */
  forenameOtherGroups: string[]
  /** Variant group key of the surname (transliterations, feminine forms: "kowalski" for kowalska). */
  surnameGroup: string | null
  /** Generational suffix kept as a feature: "jr", "snr", "ii", "iii". */
  suffix: string | null

  /** ISO date yyyy-mm-dd, or null when missing, impossible or a placeholder (a sentinel, or measured on the data). */
  dateOfBirth: string | null
  /** Year of birth "yyyy": of the date when there is one, else of a year given without a whole date. */
  birthYear: string | null
  /**
   * Day and month of birth "mm-dd" given without a year (a register's year column left empty); null when the whole
   * date is known (its own day and month are read from it) or either is missing.
   */
  birthMonthDay: string | null
  sex: 'm' | 'f' | null

  /** Normalised UK postcode "sw1a 1aa", and its parts: area "sw", district "sw1a", sector "sw1a 1". */
  postcode: string | null
  postcodeArea: string | null
  postcodeDistrict: string | null
  postcodeSector: string | null
  /** Address tokens other than the postcode (house numbers, street words, locality, town), de-duplicated. */
  addressTokens: string[]
  /** Town or city when the source gives one. */
  town: string | null

  /** Validated identifiers in a canonical form; invalid or junk values are null. */
  pnc: string | null
  cro: string | null
  prisonNumber: string | null
  crn: string | null
  nino: string | null
  email: string | null
  /** Digits only, UK numbers in national form (leading 0). */
  phone: string | null
  /** Other identifier columns, folded (upper case, no spaces or punctuation), by column name. */
  otherIds: Record<string, string>
  /**
   * Other attributes worth comparing (a place of birth, an occupation, a county), folded like names ("new south
   * wales"), by attribute key; each is a records-table column attr_<key>.
   */
  attributes: Record<string, string>
}

/** Identifiers whose disagreement inside one person is a contradiction: validated, person-level numbers. */
export const PERSON_IDENTIFIERS = ['pnc', 'cro', 'nino'] as const
export type PersonIdentifier = (typeof PERSON_IDENTIFIERS)[number]

/**
 * Whether a person identifier carries check characters. A PNC or CRO number mistyped almost always fails its check
 * and is set aside in standardisation, so two valid numbers one typo apart are two numbers. A National Insurance
 * number has none: one character mistyped or two transposed is the same number recorded wrong.
 */
export const CHECKED_IDENTIFIER: Readonly<Record<PersonIdentifier, boolean>> = {
  pnc: true,
  cro: true,
  nino: false,
}

/**
 * The key of an attribute column, in `attributes` and in its records-table column attr_<key>: the header folded
 * to lower-case ASCII letters, digits and single underscores ("Birth Place", "birth-place" and "BIRTH_PLACE" are
 * "birth_place", "Lieu de naissance" is "lieu_de_naissance"). One rule, so every reader agrees on the name.
 */
export const attributeKey = (header: string): string =>
  header
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')

/**
 * A record as an index stored it, completed: fields added to standardisation after it was stored read as for a
 * record that has none (aliases in 2026-11, a nickname's other groups and attributes in 2026-12), and the year of
 * birth (2026-12) is the stored date's (a day and month without a year, 2026-12, read as none), so an older index opens with this version. Re-linking from the sources
 * fills them.
 */
export const completeStoredRecord = (stored: StandardisedRecord): StandardisedRecord => ({
  ...stored,
  aliasNames: stored.aliasNames ?? [],
  forenameOtherGroups: stored.forenameOtherGroups ?? [],
  birthYear: stored.birthYear ?? stored.dateOfBirth?.slice(0, 4) ?? null,
  birthMonthDay: stored.birthMonthDay ?? null,
  attributes: stored.attributes ?? {},
})

/** What standardisation turned into null, and why, counted over a whole load so it can be reported, not hidden. */
export interface StandardisationCounts {
  invalidDate: number
  placeholderDate: number
  /** How many different dates were set aside as over-represented (placeholderDate counts their records). */
  distinctPlaceholderDates: number
  invalidPostcode: number
  invalidPnc: number
  invalidCro: number
  invalidNino: number
  junkIdentifier: number
  /**
   * Identifier values set aside as held by many people (a filler typed where the number was not known), and how
   * many different values.
   */
  sharedIdentifier: number
  distinctSharedIdentifiers: number
}

export const emptyCounts = (): StandardisationCounts => ({
  invalidDate: 0,
  placeholderDate: 0,
  distinctPlaceholderDates: 0,
  invalidPostcode: 0,
  invalidPnc: 0,
  invalidCro: 0,
  invalidNino: 0,
  junkIdentifier: 0,
  sharedIdentifier: 0,
  distinctSharedIdentifiers: 0,
})
