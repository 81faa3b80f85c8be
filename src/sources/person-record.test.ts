import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { enteredRecordSchema } from '../core/entered-record.ts'
import { detectLayout } from './layout.ts'
import { enteredRecordOf, toPersonRecord } from './person-record.ts'

describe('toPersonRecord', () => {
  test('puts each value where its role says, the town apart from the address lines', () => {
    const layout = detectLayout(
      [
        'rec_id',
        'given_name',
        'surname',
        'street_number',
        'address_1',
        'suburb',
        'address_2',
        'postcode',
        'soc_sec_id',
      ],
      'febrl.csv',
    )
    const record = toPersonRecord(
      'febrl',
      ['r1', 'ann', 'lee', '6', 'high street', 'hilltown', 'flat 2', '4011', '77'],
      layout,
    )
    assert.equal(record.recordId, 'r1')
    assert.equal(record.forename, 'ann')
    assert.equal(record.surname, 'lee')
    // The town is compared as the town only: as address words too, two neighbours' streets would share it.
    assert.deepEqual(record.addressLines, ['6', 'high street', 'flat 2'])
    assert.equal(record.town, 'hilltown')
    assert.equal(record.postcode, '4011')
    assert.deepEqual(record.identifiers.other, { soc_sec_id: '77' })
  })

  test("an age on an event's date gives the event's year less the age as the year of birth", () => {
    const layout = detectLayout(['id', 'age_at_hearing', 'hearing_date'], 'court.csv')
    const record = toPersonRecord('court', ['c1', '23', '18/01/2012'], layout)
    assert.deepEqual([record.birthYear, record.age], ['1989', undefined])
    assert.equal(toPersonRecord('court', ['c2', '23', ''], layout).birthYear, undefined)
  })

  test('a month-first date column marks its dates so, and the entered record reads them so', () => {
    const layout = detectLayout(['id', 'dob', 'age'], 'voters.csv')
    layout.columns[1] = { ...layout.columns[1]!, monthFirst: true }
    const record = toPersonRecord('voters', ['v1', '03/14/1985', '41'], layout)
    assert.deepEqual(
      [record.dateOfBirth, record.dateOfBirthOrder, record.age],
      ['03/14/1985', 'monthFirst', '41'],
    )
    const entered = enteredRecordOf(record)
    assert.deepEqual(
      [entered.dateOfBirth, entered.birthDate, entered.other.age],
      ['03/14/1985', '1985-03-14', '41'],
    )
  })

  test('a full-name-only source keeps the whole name for the standardiser', () => {
    const layout = detectLayout(['id', 'Defendant Name', 'DOB'], 'court.csv')
    const record = toPersonRecord('court', ['c1', 'SMITH, John Paul', '01/02/1980'], layout)
    assert.equal(record.fullName, 'SMITH, John Paul')
    assert.equal(record.forename, null)
    assert.equal(record.surname, null)
    assert.equal(record.dateOfBirth, '01/02/1980')
  })

  test('aliases split on ; and |, blanks dropped', () => {
    const layout = detectLayout(['id', 'aliases'], 'court.csv')
    assert.deepEqual(toPersonRecord('court', ['c1', ' Jon Smyth ; J Smith|| Johnny '], layout).aliases, [
      'Jon Smyth',
      'J Smith',
      'Johnny',
    ])
    assert.deepEqual(toPersonRecord('court', ['c1', ''], layout).aliases, [])
  })

  test('truth and ignored columns never reach the record; unknown ones go to extra', () => {
    const layout = detectLayout(['id', 'person_id', 'notes', 'eye colour'], 'court.csv', {
      columns: { notes: 'ignore' },
    })
    const record = toPersonRecord('court', ['c1', 'P9', 'n', 'blue'], layout)
    assert.deepEqual(record.extra, { 'eye colour': 'blue' })
    assert.ok(!JSON.stringify(record).includes('P9'))
  })

  test('a birth date split over columns keeps its parts for the standardiser', () => {
    const layout = detectLayout(['id', 'surname', 'yr', 'mon', 'dy'], 'register.csv', {
      columns: { yr: 'birthYear', mon: 'birthMonth', dy: 'birthDay' },
    })
    const record = toPersonRecord('register', ['r1', 'lee', ' 1872 ', 'Mar', '7'], layout)
    assert.deepEqual([record.birthYear, record.birthMonth, record.birthDay], ['1872', 'Mar', '7'])
    assert.equal(record.dateOfBirth, null)
    const yearOnly = toPersonRecord('register', ['r2', 'lee', '1872', '', ''], layout)
    assert.deepEqual(
      [yearOnly.birthYear, yearOnly.birthMonth, yearOnly.birthDay],
      ['1872', undefined, undefined],
    )
  })

  test('attributes are kept by attribute key; a lone town column is the town, not address words as well', () => {
    const layout = detectLayout(['id', 'surname', 'Birth Place', 'occupation', 'city'], 'census.csv', {
      columns: { 'Birth Place': 'attribute', occupation: 'attribute', city: 'town' },
    })
    const record = toPersonRecord('census', ['r1', 'lee', 'Leeds', '', 'York'], layout)
    assert.deepEqual(record.attributes, { birth_place: 'Leeds' })
    assert.equal(record.town, 'York')
    assert.deepEqual(record.addressLines, [])
    assert.equal(toPersonRecord('census', ['r2', 'lee', '', '', ''], layout).attributes, undefined)
  })

  test('values are trimmed and empty ones become null or nothing', () => {
    const layout = detectLayout(['id', 'forename', 'surname', 'pnc', 'address'], 'court.csv')
    fc.assert(
      fc.property(fc.constantFrom('', ' ', '\t', '  '), fc.string(), (blank, value) => {
        const record = toPersonRecord('court', [' c1 ', blank, ` ${value} `, blank, blank], layout)
        assert.equal(record.recordId, 'c1')
        assert.equal(record.forename, null)
        assert.equal(record.surname, value.trim() === '' ? null : value.trim())
        assert.equal(record.identifiers.pnc, null)
        assert.deepEqual(record.addressLines, [])
      }),
    )
  })
})

describe('enteredRecordOf', () => {
  test('keeps the values as entered, the town apart from the address lines, and reads the date of birth', () => {
    // Invented values only.
    const layout = detectLayout(
      ['id', 'Defendant Name', 'DOB', 'Sex', 'Address 1', 'Address 2', 'Town', 'Postcode', 'Court Room'],
      'court.csv',
    )
    const record = toPersonRecord(
      'court',
      [
        'c1',
        "O'Brien, Seán",
        '26/06/1998',
        'M',
        '14 Example Street',
        'Flat 2',
        'Exampleton',
        'sw1a1aa',
        'Room 3',
      ],
      layout,
    )
    const entered = enteredRecordOf(record)
    assert.equal(entered.fullName, "O'Brien, Seán")
    assert.equal(entered.dateOfBirth, '26/06/1998')
    assert.equal(entered.birthDate, '1998-06-26')
    assert.equal(entered.sex, 'M')
    assert.deepEqual(entered.addressLines, ['14 Example Street', 'Flat 2'])
    assert.equal(entered.town, 'Exampleton')
    assert.equal(entered.postcode, 'sw1a1aa')
    assert.deepEqual(entered.other, { 'Court Room': 'Room 3' })
    assert.ok(enteredRecordSchema.safeParse(entered).success)
  })

  test('a birth date split over columns is written as entered, day first, and read as a date', () => {
    const layout = detectLayout(['id', 'surname', 'birth_year', 'birth_month', 'birth_day'], 'register.csv')
    const entered = enteredRecordOf(toPersonRecord('register', ['r1', 'Ashdown', '1899', '3', '7'], layout))
    assert.equal(entered.dateOfBirth, '7/3/1899')
    assert.equal(entered.birthDate, '1899-03-07')
  })
})
