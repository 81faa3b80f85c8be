/**
 * Every rate the generator uses, in one place, so a user can make data harder or easier and docs/synth.md can
 * document each. Rates are probabilities in [0, 1]: "per person" rates are drawn once for a person, "per record"
 * rates once for each record (or each name field of a record where said).
 */
export interface ErrorRates {
  /** Per person: appears in each source (a person in none is put in court). */
  inCourt: number
  inPrison: number
  inProbation: number
  /** Per person in the source: has a further court appearance / prison re-admission (repeated, geometric). */
  repeatCourtAppearance: number
  prisonReadmission: number
  /** Per re-admission: a new prison number is issued instead of the old one being reused. */
  newPrisonNumber: number
  /** Per person in probation: has a second, duplicate case record (with its own CRN). */
  probationDuplicate: number

  /** Per record: identifier columns filled. */
  courtPnc: number
  prisonPnc: number
  prisonCro: number
  probationPnc: number
  probationCro: number
  probationNino: number
  /** Per person: has a CRO number at all / a National Insurance number at all. */
  hasCro: number
  hasNino: number
  /** Per filled identifier: one digit mistyped (the check character then fails), or a junk value. */
  identifierTypo: number
  identifierJunk: number

  /** Per name field: keyboard typo (neighbour substitution, transposition, deletion, insertion). */
  nameTypo: number
  /** Per name field: OCR confusion (rn→m, 0/O, 1/l, 5/S). */
  nameOcr: number
  /** Per name field: phonetic respelling (ph↔f, ck↔k, ie↔y, double↔single letters). */
  namePhonetic: number
  /** Per record with middle names: middle names left out. */
  missingMiddleName: number
  /** Per record with a multi-word surname or forename: one word dropped. */
  missingNameWord: number
  /** Per record: forename and surname swapped. */
  forenameSurnameSwap: number
  /** Per record whose forename has a nickname: the nickname used instead. */
  nickname: number
  /** Per record whose forename or surname has transliteration variants: another spelling used. */
  transliteration: number
  /** Per woman aged 25+: married during her history; per record after the marriage: the new surname used. */
  marriage: number
  marriedSurnameUsed: number
  /** Per person: has an anglicised alias (east Asian origin, other origins at a quarter of this rate). */
  alias: number
  /** Per record of a person with an alias: the alias forename used. */
  aliasUsed: number
  /**
   * Per prison / probation record of a person with an alias: the other name listed in the record's aliases column,
   * as prison and probation case systems keep alias lists (court extracts do not carry them).
   */
  aliasRecordedPrison: number
  aliasRecordedProbation: number

  /** Per record: day and month of birth swapped (only where both are 12 or less and differ). */
  dobDayMonthSwap: number
  /** Per record: one digit of the date of birth mistyped. */
  dobDigitTypo: number
  dobMissing: number
  /** Per record: sex left blank. */
  sexMissing: number
  /** Per record: postcode left blank / address lines left blank. */
  postcodeMissing: number
  addressMissing: number
  /** Per person: number of later addresses is geometric with this rate. */
  addressMove: number

  /** Per person: the pair is a twin pair / a parent and child with the same full name / two namesakes. */
  twins: number
  parentChildSameName: number
  /** Per parent-child pair: the child's records carry "Jr" (court) or "Junior" (other sources) sometimes. */
  juniorSuffix: number
  commonNamesakes: number

  /** Per record of an Arabic-origin person: the father's name recorded as the surname. */
  arabicPatronymicAsSurname: number
  /** Per record of a person whose family name has "Al-"/"El-": the prefix dropped. */
  alPrefixDropped: number
  /** Per Sikh person's record: Singh/Kaur recorded as surname (the rest as middle), or the family name alone. */
  sikhSurnameVariant: number
  /** Per person with a leading Mohammed: record uses the forename Mohammed rather than the name they use. */
  leadingMohammedForename: number
  /** Per record of an East Asian-origin person: family name recorded first (forename and surname swapped). */
  eastAsianNameOrderSwap: number
  /** Per record of an Eastern European woman: the masculine surname form used. */
  masculineSurnameForm: number
}

export const defaultErrorRates: ErrorRates = {
  inCourt: 0.8,
  inPrison: 0.45,
  inProbation: 0.55,
  repeatCourtAppearance: 0.06,
  prisonReadmission: 0.12,
  newPrisonNumber: 0.15,
  probationDuplicate: 0.05,

  courtPnc: 0.4,
  prisonPnc: 0.85,
  prisonCro: 0.35,
  probationPnc: 0.5,
  probationCro: 0.3,
  probationNino: 0.4,
  hasCro: 0.6,
  hasNino: 0.9,
  identifierTypo: 0.01,
  identifierJunk: 0.01,

  nameTypo: 0.02,
  nameOcr: 0.005,
  namePhonetic: 0.015,
  missingMiddleName: 0.3,
  missingNameWord: 0.1,
  forenameSurnameSwap: 0.01,
  nickname: 0.1,
  transliteration: 0.25,
  marriage: 0.25,
  marriedSurnameUsed: 0.7,
  alias: 0.35,
  aliasUsed: 0.3,
  aliasRecordedPrison: 0.6,
  aliasRecordedProbation: 0.4,

  dobDayMonthSwap: 0.02,
  dobDigitTypo: 0.01,
  dobMissing: 0.01,
  sexMissing: 0.02,
  postcodeMissing: 0.05,
  addressMissing: 0.03,
  addressMove: 0.4,

  twins: 0.004,
  parentChildSameName: 0.003,
  juniorSuffix: 0.3,
  commonNamesakes: 0.01,

  arabicPatronymicAsSurname: 0.3,
  alPrefixDropped: 0.4,
  sikhSurnameVariant: 0.5,
  leadingMohammedForename: 0.5,
  eastAsianNameOrderSwap: 0.2,
  masculineSurnameForm: 0.3,
}

/**
 * A profile's person-level rates: the defaults, then every rate its own error table names as the defaults do
 * (`nameTypo`, `dobMissing`…), then what it sets apart from its table.
 */
export const ratesFrom = (
  errors: Readonly<Record<string, number>>,
  overrides: Partial<ErrorRates> = {},
): ErrorRates => ({
  ...defaultErrorRates,
  ...Object.fromEntries(Object.entries(errors).filter(([name]) => name in defaultErrorRates)),
  ...overrides,
})
