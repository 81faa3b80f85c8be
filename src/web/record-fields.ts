import type { EnteredRecord } from '../core/entered-record.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import type { IndexRecord } from '../person-index/types.ts'
import { displayName } from '../realtime/search.ts'
import { formatDate } from './words.ts'

/** A name as the index holds it (lower case) with its words capitalised, for reading. */
const titleCase = (s: string | null): string =>
  (s ?? '').replace(/(^|[\s'-])([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase())

/** A date of birth for people ("26 June 1998"); as written when it could not be read as a date. */
const enteredDate = (e: EnteredRecord): string =>
  e.birthDate ? formatDate(e.birthDate) : (e.dateOfBirth ?? '')

/**
 * The fields a reviewer compares, in reading order. Each is shown as the source entered it (`entered`); a record an
 * older index stored without its entered values is shown as standardised (`standardised`, names capitalised and
 * dates written out for reading), and marked so. Whether two records differ is judged on the values the model
 * compares (`compared`), so "SMITH" beside "Smith" or "M" beside "Male" is no difference.
 */
interface Field {
  label: string
  entered: (e: EnteredRecord) => string
  standardised: (r: StandardisedRecord) => string
  compared: (r: StandardisedRecord) => string
  /** A number one source issues to its own records: beside another source's record it is no difference. */
  sourceOnly?: boolean
}

const same = (standardised: (r: StandardisedRecord) => string) => ({ standardised, compared: standardised })

const FIELDS: Field[] = [
  // First: a source that keeps the whole name in one field ("O'Brien, Seán") has no forename or surname of its own.
  {
    label: 'Full name',
    entered: (e) => (e.forename || e.surname ? '' : (e.fullName ?? '')),
    standardised: () => '',
    compared: () => '',
  },
  {
    label: 'Forename',
    entered: (e) => e.forename ?? '',
    standardised: (r) => titleCase(r.forename),
    compared: (r) => r.forename ?? '',
  },
  {
    label: 'Middle names',
    entered: (e) => e.middleNames.join(' '),
    standardised: (r) => titleCase(r.middleNames),
    compared: (r) => r.middleNames ?? '',
  },
  {
    label: 'Surname',
    entered: (e) => e.surname ?? '',
    standardised: (r) => titleCase(r.surname),
    compared: (r) => r.surname ?? '',
  },
  {
    label: 'Date of birth',
    entered: enteredDate,
    standardised: (r) => formatDate(r.dateOfBirth),
    compared: (r) => r.dateOfBirth ?? '',
  },
  {
    label: 'Sex',
    entered: (e) => e.sex ?? '',
    standardised: (r) => (r.sex === 'm' ? 'Male' : r.sex === 'f' ? 'Female' : ''),
    compared: (r) => r.sex ?? '',
  },
  {
    label: 'Address',
    entered: (e) => e.addressLines.join(', '),
    // An older record holds only the address words it is compared on, de-duplicated: labelled as such.
    standardised: (r) => (r.addressTokens.length > 0 ? `Words compared: ${r.addressTokens.join(' ')}` : ''),
    compared: (r) => [...r.addressTokens].sort().join(' '),
  },
  {
    label: 'Town',
    entered: (e) => e.town ?? '',
    standardised: (r) => titleCase(r.town),
    compared: (r) => r.town ?? '',
  },
  {
    label: 'Postcode',
    entered: (e) => e.postcode ?? '',
    standardised: (r) => (r.postcode ?? '').toUpperCase(),
    compared: (r) => r.postcode ?? '',
  },
  { label: 'PNC number', entered: (e) => e.identifiers.pnc ?? '', ...same((r) => r.pnc ?? '') },
  { label: 'CRO number', entered: (e) => e.identifiers.cro ?? '', ...same((r) => r.cro ?? '') },
  {
    label: 'Prison number',
    entered: (e) => e.identifiers.prisonNumber ?? '',
    ...same((r) => r.prisonNumber ?? ''),
    sourceOnly: true,
  },
  {
    label: 'Case reference number (CRN)',
    entered: (e) => e.identifiers.crn ?? '',
    ...same((r) => r.crn ?? ''),
    sourceOnly: true,
  },
  {
    label: 'National Insurance number',
    entered: (e) => e.identifiers.nino ?? '',
    ...same((r) => r.nino ?? ''),
  },
  { label: 'Email', entered: (e) => e.email ?? '', ...same((r) => r.email ?? '') },
  { label: 'Phone', entered: (e) => e.phone ?? '', ...same((r) => r.phone ?? '') },
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
 * One row per field, one cell per record, for a side-by-side table of the records as their sources entered them.
 * Fields empty on every record are left out: they carry no evidence and only lengthen the table.
 */
export const fieldRows = (records: readonly IndexRecord[]): FieldRow[] =>
  FIELDS.map(({ label, entered, standardised, compared, sourceOnly }) => {
    const keys = records.map((r) => compared(r.record))
    const first = keys[0] ?? ''
    const cells = records.map((r, i) => {
      const value = r.entered ? entered(r.entered) : standardised(r.record)
      const key = keys[i] ?? ''
      return {
        value,
        differs:
          i > 0 &&
          value !== '' &&
          key !== '' &&
          first !== '' &&
          key !== first &&
          !(sourceOnly && r.source !== records[0]!.source),
      }
    })
    return { label, cells }
  }).filter((row) => row.cells.some((c) => c.value !== ''))

/**
 * The values the model compares, one row per field that holds any, for the explanation of a pair's score: lower
 * case, address words de-duplicated and in the order compared. They explain a comparison; they are not the record.
 */
export const comparedRows = (records: readonly IndexRecord[]): FieldRow[] =>
  (
    [
      ['Forename', (r) => r.forename],
      ['Middle names', (r) => r.middleNames],
      ['Surname', (r) => r.surname],
      ['Date of birth', (r) => r.dateOfBirth],
      ['Sex', (r) => r.sex],
      ['Address words', (r) => r.addressTokens.join(' ') || null],
      ['Town', (r) => r.town],
      ['Postcode', (r) => r.postcode],
      ['PNC number', (r) => r.pnc],
      ['CRO number', (r) => r.cro],
      ['National Insurance number', (r) => r.nino],
      ['Email', (r) => r.email],
      ['Phone', (r) => r.phone],
    ] as [string, (r: StandardisedRecord) => string | null][]
  )
    .map(([label, value]) => {
      const values = records.map((r) => value(r.record) ?? '')
      return {
        label,
        cells: values.map((v, i) => ({
          value: v,
          differs: i > 0 && v !== '' && values[0] !== '' && v !== values[0],
        })),
      }
    })
    .filter((row) => row.cells.some((c) => c.value !== ''))

/**
 * A record's name for a heading, forenames first: as entered when the index holds it ("O'Brien, Seán", the way
 * registers write a whole name, reads "Seán O'Brien"), else the standardised name capitalised.
 */
export const nameOf = (r: IndexRecord): string | null => {
  const e = r.entered
  if (!e) return displayName(r.record) || null
  const parts = [e.forename, ...e.middleNames, e.surname].filter((p): p is string => Boolean(p))
  if (parts.length > 0) return parts.join(' ')
  const [surname, forenames, ...rest] = (e.fullName ?? '').split(',').map((p) => p.trim())
  return surname && forenames && rest.length === 0 ? `${forenames} ${surname}` : e.fullName
}
