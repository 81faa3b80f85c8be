import type { StandardisedRecord } from '../core/standardised.ts'

/**
 * The layout of the `records` table that blocking, training and scoring read: one row per standardised record,
 * one column per field of StandardisedRecord (snake_case), lists as VARCHAR[], other identifiers as other_<name>.
 */
export type ScalarField = {
  [K in keyof StandardisedRecord]: StandardisedRecord[K] extends string | null ? K : never
}[keyof StandardisedRecord]
export type ListField = {
  [K in keyof StandardisedRecord]: StandardisedRecord[K] extends string[] ? K : never
}[keyof StandardisedRecord]

export const SCALAR_FIELDS: readonly ScalarField[] = [
  'forename',
  'middleNames',
  'surname',
  'forenameMetaphone',
  'surnameMetaphone',
  'forenameGroup',
  'surnameGroup',
  'suffix',
  'dateOfBirth',
  'sex',
  'postcode',
  'postcodeArea',
  'postcodeDistrict',
  'postcodeSector',
  'town',
  'pnc',
  'cro',
  'prisonNumber',
  'crn',
  'nino',
  'email',
  'phone',
]

export const LIST_FIELDS: readonly ListField[] = ['surnameParts', 'nameTokens', 'addressTokens']

/** Columns computed in SQL from the fields, for blocking keys. */
export const DERIVED_COLUMNS: Record<string, string> = {
  dob_year: 'substr(date_of_birth, 1, 4)',
  dob_month_day: 'substr(date_of_birth, 6, 5)',
  forename_initial: 'substr(forename, 1, 1)',
  surname_initial: 'substr(surname, 1, 1)',
  // The same key for "john smith" and "smith john", so forename/surname swaps meet in one block.
  name_pair_key: 'CASE WHEN forename < surname THEN forename || \' \' || surname ELSE surname || \' \' || forename END',
}

/** A field name in SQL: snake_case of the TypeScript name. */
export const columnOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** An "other identifier" column in SQL: other_<name>, with anything but letters, digits and _ folded to _. */
export const otherIdColumn = (name: string): string =>
  `other_${name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')}`
