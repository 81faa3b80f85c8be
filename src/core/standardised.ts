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

  /** ISO date yyyy-mm-dd, or null when missing, impossible or a known placeholder. */
  dateOfBirth: string | null
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
}

/**
 * A record as an index stored it, completed: list fields added to standardisation after it was stored (aliases in
 * 2026-11, a nickname's other groups in 2026-12) read as empty lists, as for a record that has none, so an older
 * index opens with this version. Re-linking from the sources fills them.
 */
export const completeStoredRecord = (stored: StandardisedRecord): StandardisedRecord => ({
  ...stored,
  aliasNames: stored.aliasNames ?? [],
  forenameOtherGroups: stored.forenameOtherGroups ?? [],
})

/** What standardisation turned into null, and why, counted over a whole load so it can be reported, not hidden. */
export interface StandardisationCounts {
  invalidDate: number
  placeholderDate: number
  invalidPostcode: number
  invalidPnc: number
  invalidCro: number
  invalidNino: number
  junkIdentifier: number
}

export const emptyCounts = (): StandardisationCounts => ({
  invalidDate: 0,
  placeholderDate: 0,
  invalidPostcode: 0,
  invalidPnc: 0,
  invalidCro: 0,
  invalidNino: 0,
  junkIdentifier: 0,
})
