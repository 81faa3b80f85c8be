import type { StandardisedRecord } from '../core/standardised.ts'
import type { IndexRecord } from '../index/types.ts'

/** The fields a reviewer compares, in reading order, as the index holds them (standardised). */
const FIELDS: { label: string; value: (r: StandardisedRecord) => string; sourceOnly?: boolean }[] = [
  { label: 'Forename', value: (r) => r.forename ?? '' },
  { label: 'Middle names', value: (r) => r.middleNames ?? '' },
  { label: 'Surname', value: (r) => r.surname ?? '' },
  { label: 'Date of birth', value: (r) => r.dateOfBirth ?? '' },
  { label: 'Sex', value: (r) => r.sex ?? '' },
  { label: 'Postcode', value: (r) => r.postcode ?? '' },
  { label: 'Address', value: (r) => r.addressTokens.join(' ') },
  { label: 'Town', value: (r) => r.town ?? '' },
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
