import type { StandardisedRecord } from '../core/standardised.ts'
import type { IndexRecord } from '../index/types.ts'
import { formatDate } from './words.ts'

/** A name as the index holds it (lower case) with its words capitalised, for reading. */
const titleCase = (s: string | null): string =>
  (s ?? '').replace(/(^|[\s'-])([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase())

/**
 * The fields a reviewer compares, in reading order. The index holds each record standardised (lower case, address
 * words de-duplicated), not as its source entered it: names are capitalised and dates written out for reading, and
 * the address is labelled as the words compared.
 */
const FIELDS: { label: string; value: (r: StandardisedRecord) => string; sourceOnly?: boolean }[] = [
  { label: 'Forename', value: (r) => titleCase(r.forename) },
  { label: 'Middle names', value: (r) => titleCase(r.middleNames) },
  { label: 'Surname', value: (r) => titleCase(r.surname) },
  { label: 'Date of birth', value: (r) => formatDate(r.dateOfBirth) },
  { label: 'Sex', value: (r) => (r.sex === 'm' ? 'Male' : r.sex === 'f' ? 'Female' : '') },
  { label: 'Postcode', value: (r) => (r.postcode ?? '').toUpperCase() },
  { label: 'Address words compared', value: (r) => r.addressTokens.join(' ') },
  { label: 'Town', value: (r) => titleCase(r.town) },
  { label: 'PNC number', value: (r) => r.pnc ?? '' },
  { label: 'CRO number', value: (r) => r.cro ?? '' },
  { label: 'Prison number', value: (r) => r.prisonNumber ?? '', sourceOnly: true },
  { label: 'Case reference number (CRN)', value: (r) => r.crn ?? '', sourceOnly: true },
  { label: 'National Insurance number', value: (r) => r.nino ?? '' },
  { label: 'Email', value: (r) => r.email ?? '' },
  { label: 'Phone', value: (r) => r.phone ?? '' },
]

export interface FieldCell {
  value: string
  /**
   * Differs from the first record's value. A value missing on either side is "not recorded", not a difference, and
   * so is a number one source issues to its own records (a prison number, a CRN) beside a record of another source.
   */
  differs: boolean
}

export interface FieldRow {
  label: string
  cells: FieldCell[]
}

/**
 * One row per field, one cell per record, for a side-by-side table. Fields empty on every record are left out:
 * they carry no evidence and only lengthen the table.
 */
export const fieldRows = (records: readonly IndexRecord[]): FieldRow[] =>
  FIELDS.map(({ label, value, sourceOnly }) => {
    const values = records.map((r) => value(r.record))
    const first = values[0] ?? ''
    const cells = values.map((v, i) => ({
      value: v,
      differs:
        i > 0 &&
        v !== '' &&
        first !== '' &&
        v !== first &&
        !(sourceOnly && records[i]!.source !== records[0]!.source),
    }))
    return { label, cells }
  }).filter((row) => row.cells.some((c) => c.value !== ''))
