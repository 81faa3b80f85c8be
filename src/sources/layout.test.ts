import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { JustIdError } from '../core/errors.ts'
import { detectLayout } from './layout.ts'
import { headerKey } from './roles.ts'

const rolesOf = (headers: string[], settings = {}) =>
  Object.fromEntries(detectLayout(headers, 'court.csv', settings).columns.map((c) => [c.header, c.role]))

const rejects = (fn: () => unknown, code: string, message: RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof JustIdError)
    assert.equal(e.code, code)
    assert.match(e.message, message)
    return true
  })

describe('header keys', () => {
  test('trim, fold case and treat spaces, hyphens and dots as underscores', () => {
    assert.equal(headerKey(' Date of Birth'), 'date_of_birth')
    assert.equal(headerKey('DATE-OF-BIRTH'), 'date_of_birth')
    assert.equal(headerKey('pnc.number '), 'pnc_number')
    assert.equal(headerKey('Given  Name'), 'given_name')
  })
})

describe('detectLayout', () => {
  test('recognises the real FEBRL header line, leading spaces and all', () => {
    const headerLine = readFileSync('/work/shared/data/febrl1.csv', 'utf8').split('\n')[0]!
    const layout = detectLayout(headerLine.split(','), 'febrl1.csv')
    assert.equal(layout.recordIdColumn, 'rec_id')
    assert.deepEqual(
      layout.columns.map((c) => [c.header, c.role]),
      [
        ['rec_id', 'recordId'],
        ['given_name', 'forename'],
        ['surname', 'surname'],
        ['street_number', 'addressLine'],
        ['address_1', 'addressLine'],
        ['address_2', 'addressLine'],
        ['suburb', 'town'],
        ['postcode', 'postcode'],
        ['state', 'attribute'],
        ['date_of_birth', 'dateOfBirth'],
        ['soc_sec_id', 'otherId'],
      ],
    )
    assert.deepEqual(layout.unknownColumns, [])
  })

  test('recognises common header variants whatever their case and spacing', () => {
    const cases: [string, string][] = [
      ['First Name', 'forename'],
      ['FORENAMES', 'forename'],
      ['givenName', 'forename'],
      ['Middle Names', 'middleNames'],
      ['Last-Name', 'surname'],
      ['family_name', 'surname'],
      ['Defendant Name', 'fullName'],
      ['NAME', 'fullName'],
      ['AKA', 'alias'],
      ['Other Names', 'alias'],
      ['Date of Birth', 'dateOfBirth'],
      ['DOB', 'dateOfBirth'],
      ['birth.date', 'dateOfBirth'],
      ['Gender', 'sex'],
      ['Address Line 2', 'addressLine'],
      ['address3', 'addressLine'],
      ['House Number', 'addressLine'],
      ['City', 'town'],
      ['Post Code', 'postcode'],
      ['ZIP', 'postcode'],
      ['E-mail', 'email'],
      ['Email Address', 'email'],
      ['Mobile', 'phone'],
      ['PNC Number', 'pnc'],
      ['pnc_id', 'pnc'],
      ['CRO', 'cro'],
      ['NOMS Number', 'prisonNumber'],
      ['prisoner_number', 'prisonNumber'],
      ['Case Reference', 'crn'],
      ['NI Number', 'nino'],
      ['National Insurance Number', 'nino'],
      ['SSN', 'otherId'],
      ['licence_no', 'otherId'],
      ['court_ref', 'otherId'],
      ['Person ID', 'truth'],
      ['cluster', 'truth'],
      ['true_match_id', 'truth'],
      ['hair colour', 'extra'],
    ]
    for (const [header, role] of cases) {
      assert.equal(rolesOf(['record_id', header])[header], role, header)
    }
  })

  test('takes the first unknown header ending in _id as the record id, never an identifier or truth column', () => {
    const layout = detectLayout(
      ['person_id', 'soc_sec_id', 'booking_id', 'surname', 'court_id'],
      'prison.csv',
    )
    assert.equal(layout.recordIdColumn, 'booking_id')
    assert.deepEqual(layout.truthColumns, ['person_id'])
    assert.equal(rolesOf(['person_id', 'booking_id', 'court_id']).court_id, 'otherId')
    assert.equal(detectLayout(['case_defendant_id', 'name'], 'court.csv').recordIdColumn, 'case_defendant_id')
  })

  test('falls back to a CRN or prison number column, which stays evidence too', () => {
    const probation = detectLayout(['crn', 'surname', 'dob'], 'probation.csv')
    assert.equal(probation.recordIdColumn, 'crn')
    assert.equal(probation.columns[0]!.role, 'crn')
    assert.equal(detectLayout(['surname', 'NOMS Number'], 'prison.csv').recordIdColumn, 'NOMS Number')
  })

  test('settings override detection, matching headers without regard to case', () => {
    const layout = detectLayout([' Ref ', 'Birthday', 'id', 'notes'], 'court.csv', {
      recordId: 'ref',
      columns: { birthday: 'dateOfBirth', notes: 'ignore' },
    })
    assert.equal(layout.recordIdColumn, 'Ref')
    assert.deepEqual(
      layout.columns.map((c) => c.role),
      ['recordId', 'dateOfBirth', 'extra', 'ignore'],
    )
    assert.deepEqual(layout.unknownColumns, ['id'])
  })

  test('a settings entry for a column the file lacks names the file, the column and the columns there are', () => {
    rejects(
      () => detectLayout(['record_id', 'surname'], 'court.csv', { columns: { dob: 'dateOfBirth' } }),
      'unknown_column',
      /court\.csv .*"dob".*its columns are: record_id, surname/,
    )
    rejects(
      () => detectLayout(['record_id', 'surname'], 'court.csv', { recordId: 'case_no' }),
      'unknown_column',
      /"case_no"/,
    )
  })

  test('with no record id column, the row number is the record id', () => {
    const layout = detectLayout(['surname', 'forename', 'dob'], 'court.csv')
    assert.equal(layout.recordIdColumn, null)
    assert.equal(layout.recordIdReason, 'row number')
  })

  test('a first line of data is not taken for a header', () => {
    rejects(
      () => detectLayout(['A1234', 'Smith', '1980-01-02', '12'], 'court.csv'),
      'no_header',
      /court\.csv: the first line looks like data/,
    )
  })

  test('an empty header name is refused by position', () => {
    rejects(
      () => detectLayout(['record_id', '', 'surname'], 'court.csv'),
      'no_header',
      /column 2 of the header/,
    )
  })

  test('a repeated header is told apart by position and says nothing of which column is which', () => {
    const layout = detectLayout(['record_id', 'DOB', 'dob', 'address', 'address'], 'court.csv')
    assert.deepEqual(
      layout.columns.map((c) => [c.header, c.role]),
      [
        ['record_id', 'recordId'],
        ['DOB', 'extra'],
        ['dob_2', 'extra'],
        ['address', 'addressLine'],
        ['address_2', 'addressLine'],
      ],
    )
    assert.match(layout.columns[1]!.note ?? '', /the header "DOB" is repeated: read by its values/)
  })
})
