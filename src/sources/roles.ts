/** What a column of a source holds. `extra` columns are carried along but never used as evidence. */
export const COLUMN_ROLES = [
  'recordId',
  'forename',
  'middleNames',
  'surname',
  'fullName',
  'alias',
  'dateOfBirth',
  /** A birth date split over columns (year, month, day): assembled into one date; a year alone is still evidence. */
  'birthYear',
  'birthMonth',
  'birthDay',
  /** An age in whole years, where a source keeps no birth date: an approximate year of birth. */
  'age',
  'sex',
  /** A courtesy title (Mr, Mrs, Miss, Ms): the person's sex where no column gives it. */
  'title',
  /** A generational suffix in a column of its own (Jr, Sr, III), as US registers keep it: tells a parent from a child. */
  'nameSuffix',
  'addressLine',
  'town',
  'postcode',
  'pnc',
  'cro',
  'prisonNumber',
  'crn',
  'nino',
  'email',
  'phone',
  'otherId',
  /** Any other attribute worth comparing (a place of birth, an occupation): evidence as `attr_<header key>`. */
  'attribute',
  'truth',
  'extra',
] as const
export type ColumnRole = (typeof COLUMN_ROLES)[number]

/**
 * A header as compared against known names: trimmed, case-folded, with runs of spaces, hyphens, dots and
 * underscores as one underscore, so that " Date of Birth", "date-of-birth" and "DATE_OF_BIRTH" are one name.
 */
export const headerKey = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s.\-_]+/g, '_')
    .replace(/^_|_$/g, '')

const KNOWN_HEADERS = new Map<string, ColumnRole>()
const known = (role: ColumnRole, ...keys: string[]): void => {
  for (const k of keys) KNOWN_HEADERS.set(k, role)
}
known('recordId', 'record_id', 'rec_id', 'id', 'recordid', 'recid')
known(
  'forename',
  'first_name',
  'firstname',
  'given_name',
  'givenname',
  'given_names',
  'forename',
  'forenames',
)
known('middleNames', 'middle_name', 'middle_names', 'middlename', 'middlenames')
known('surname', 'surname', 'last_name', 'lastname', 'family_name', 'familyname')
known('fullName', 'name', 'full_name', 'fullname', 'defendant_name', 'offender_name', 'person_name')
known('alias', 'alias', 'aliases', 'aka', 'other_names', 'also_known_as')
known('dateOfBirth', 'dob', 'date_of_birth', 'birth_date', 'birthdate', 'dateofbirth')
known('age', 'age', 'age_years', 'age_in_years', 'current_age')
known('sex', 'sex', 'gender')
known(
  'addressLine',
  'address',
  'street',
  'street_address',
  'street_number',
  'house_number',
  'address_line',
  'addressline',
)
known('town', 'suburb', 'town', 'city', 'locality', 'post_town')
known('postcode', 'postcode', 'post_code', 'postal_code', 'zip', 'zip_code', 'zipcode')
known('email', 'email', 'email_address', 'e_mail')
known('phone', 'phone', 'telephone', 'mobile', 'phone_number', 'telephone_number', 'mobile_number')
known('pnc', 'pnc', 'pnc_number', 'pnc_id', 'pnc_no')
known('cro', 'cro', 'cro_number', 'cro_no')
known('prisonNumber', 'prison_number', 'noms_number', 'noms_id', 'prisoner_number', 'nomis_number', 'noms_no')
known('crn', 'crn', 'case_reference', 'probation_case_reference', 'case_reference_number')
known('nino', 'nino', 'ni_number', 'national_insurance_number', 'ni_no')
known('otherId', 'soc_sec_id', 'ssn')
known(
  'truth',
  'person_id',
  'cluster',
  'cluster_id',
  'true_id',
  'truth',
  'entity_id',
  'match_id',
  'true_match_id',
)

/** Numbered address columns: address_1, address_line_2, address2, addressline3. */
const NUMBERED_ADDRESS = /^address_?(line_?)?\d+$/

/** The role a header names by itself, or undefined when it is not one of the common names. */
export const knownRole = (header: string): ColumnRole | undefined => {
  const key = headerKey(header)
  return KNOWN_HEADERS.get(key) ?? (NUMBERED_ADDRESS.test(key) ? 'addressLine' : undefined)
}

/** Names that look like some identifier (booking_id, licence_no, court_ref) though not one we know. */
export const isIdLike = (header: string): boolean => /_(id|number|no|ref)$/.test(headerKey(header))

export const endsInId = (header: string): boolean => headerKey(header).endsWith('_id')
