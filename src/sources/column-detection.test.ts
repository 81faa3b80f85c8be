import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { JustIdError } from '../core/errors.ts'
import { loadNameVariants } from '../standardise/name-variants.ts'
import type { ContentKind } from './column-content.ts'
import { addToSample, emptySample, profileContent } from './column-content.ts'
import { headerHint, headerWords } from './header-hints.ts'
import { detectLayout } from './layout.ts'
import { toPersonRecord } from './person-record.ts'

const variants = loadNameVariants()

/** The layout of a file given as columns of values (header → values, all of one length). */
const layoutOf = (columns: Record<string, string[]>, settings = {}) => {
  const headers = Object.keys(columns)
  const contents = Object.values(columns).map((values) => {
    const sample = emptySample()
    for (const v of values) addToSample(sample, v, 2_000)
    return profileContent(sample, variants)
  })
  return detectLayout(headers, 'extract.csv', settings, contents)
}
const rolesOf = (columns: Record<string, string[]>) =>
  Object.fromEntries(layoutOf(columns).columns.map((c) => [c.header, c.role]))

const kindOf = (values: string[]): ContentKind => {
  const sample = emptySample()
  for (const v of values) addToSample(sample, v, 2_000)
  return profileContent(sample, variants).kind
}

const FORENAMES = ['John', 'Mary', 'Robert', 'Sarah', 'Thomas', 'Emma', 'James', 'Laura', 'Peter', 'Anne']
const SURNAMES = [
  'Quillby',
  'Zanthorpe',
  'Merriweather',
  'Penhallow',
  'Ortelli',
  'Brackwater',
  'Tindall',
  'Yarrow',
  'Okonkwo',
  'Vexley',
]
const ids = (prefix: string) => FORENAMES.map((_, i) => `${prefix}${i + 1}`)

describe('content kinds', () => {
  const cases: [ContentKind, string[]][] = [
    ['date', ['1984-03-12', '1990-11-02', '1875-06-30', '1969-01-15']],
    ['date', ['19840312', '19901102', '18750630', '19690115']],
    [
      'date',
      [
        '17-JAN-99 12.00.00.000000000 AM',
        '02-NOV-90 12.00.00.000000000 AM',
        '30-JUN-75 12.00.00.000000000 AM',
      ],
    ],
    ['date', ['19840312.0', '19901102.0', '18750630.0', '19690115.0']],
    ['date', ['12/03/1984', '02/11/1990', '30/06/1875', '15/01/1969']],
    ['date', ['3 March 1985', '12 Jan 1890', 'June 4, 1970', '30-JUN-1875']],
    ['ukPostcode', ['EX4 6PL', 'LS6 2QT', 'HU53RB', 'TR1 3AZ', 'SW1A 1AA']],
    ['email', ['a.lee@example.org', 'bo@example.com', 'x_y@mail.example.co.uk']],
    ['phone', ['07700 900123', '+44 7700 900456', '(020) 7946 0018', '01632 960001']],
    ['nino', ['AB123456C', 'CE 12 34 56 D', 'JG103759A']],
    ['sex', ['M', 'F', 'Male', 'female', 'U', 'M']],
    ['title', ['Mr', 'Mrs', 'Miss', 'Ms', 'Dr', 'Mr.', 'MRS']],
    ['suffix', ['JR', 'SR', 'III', 'Jr.', 'II', 'Snr']],
    ['year', ['1949', '1968', '1875', '2001']],
    ['month', ['7', '12', '1', '3']],
    ['day', ['22', '27', '3', '31']],
    ['integer', ['4011', '48140', '-3', '120000']],
    ['idLike', ['A1234BC', 'rec-22-org', 'C99', 'K/12/77']],
    // A data frame's whole numbers with gaps ("2600.0") are not amounts: they may be postcodes or identifiers.
    ['idLike', ['2600.0', '4061.0', '2913.0', '3145.0']],
    ['amount', ['191.00', '1,340.48', '12.50', '0.00', '35.4', '-7.25']],
    ['name', SURNAMES],
    ['fullName', ['John Quillby', 'Mary Ann Zanthorpe', 'QUILLBY, Robert']],
    [
      'text',
      [
        'Seen at the station after the match; later released without charge',
        'No further action taken at this time',
      ],
    ],
    ['empty', ['', ' ', '']],
  ]
  for (const [kind, values] of cases) {
    test(`${kind}: ${values.slice(0, 2).join(' | ')}`, () => assert.equal(kindOf(values), kind))
  }
  test('a few typos do not change a column of dates, many do', () => {
    const dates = ['1984-03-12', '1990-11-02', '1875-06-30', '1969-01-15', '2001-05-05']
    assert.equal(kindOf([...dates, ...dates, 'unknown']), 'date')
    assert.notEqual(kindOf([...dates, 'n/k', 'unknown', 'none', 'x', '?']), 'date')
  })
})

describe('header hints', () => {
  test('split camelCase, digits and abbreviations into words', () => {
    assert.deepEqual(headerWords('FAM_NM').words, ['family', 'name'])
    assert.deepEqual(headerWords('fname_c2'), { words: ['forename', 'c', '2'], ordinal: 2 })
    assert.deepEqual(headerWords('surname2'), { words: ['surname', '2'], ordinal: 2 })
    assert.deepEqual(headerWords('dateOfBirth').words, ['date', 'of', 'birth'])
  })

  test('header words give roles the exact names do not', () => {
    const cases: [string, string][] = [
      ['FAM_NM', 'surname'],
      ['GIV_NM', 'forename'],
      ['BIRTH_DT', 'dateOfBirth'],
      ['PC', 'postcode'],
      ['fname', 'forename'],
      ['lname', 'surname'],
      ['fname_c1', 'forename'],
      ['lname_c1', 'surname'],
      ['given', 'forename'],
      ['family', 'surname'],
      ['forename_1', 'forename'],
      ['birth_dt', 'dateOfBirth'],
      ['first_and_surname', 'fullName'],
      ['postcode_fake', 'postcode'],
      ['birth_place', 'attribute'],
      ['place_of_birth', 'attribute'],
      ['occupation', 'attribute'],
      ['county', 'attribute'],
      ['gender', 'sex'],
      ['identity', 'truth'],
      ['cluster', 'truth'],
      ['entity_id', 'truth'],
      ['true_id', 'truth'],
      ['match_id', 'truth'],
      ['group_id', 'truth'],
      ['mothers_maiden_name', 'extra'],
      ['MID_NM', 'middleNames'],
      ['second_name', 'middleNames'],
      ['BIRTH_YR', 'birthYear'],
      ['BIRTH_MO', 'birthMonth'],
      ['BIRTH_DY', 'birthDay'],
      ['POST_CD', 'postcode'],
      ['DEF_SURNAME', 'surname'],
      ['PREVIOUS_SURNAME', 'alias'],
      ['surname_at_birth', 'alias'],
      ['OTHER_FORENAMES', 'middleNames'],
      ['known_as', 'alias'],
      ['TEL_NO', 'phone'],
      ['EMAIL_ADDR', 'email'],
      ['NATIONAL_INSURANCE_NO', 'nino'],
      ['PNC_NO', 'pnc'],
      ['date_of_death', 'extra'],
      ['Prénom', 'forename'],
      ['date_de_naissance', 'dateOfBirth'],
      ['Nachname', 'surname'],
      ['fecha_nacimiento', 'dateOfBirth'],
      ['birth_datetime', 'dateOfBirth'],
      ['DOB_DTTM', 'dateOfBirth'],
      ['PCD', 'postcode'],
      ['STR', 'addressLine'],
      ['HNO', 'addressLine'],
      ['ADR2', 'addressLine'],
    ]
    for (const [header, role] of cases) {
      assert.equal(detectLayout(['record_id', header], 'x.csv').columns[1]!.role, role, header)
    }
  })

  test('a second forename column is a middle name, a second surname column an alias', () => {
    const roles = Object.fromEntries(
      detectLayout(
        ['rec_id', 'fname_c1', 'fname_c2', 'lname_c1', 'lname_c2', 'forename_2', 'surname2'],
        'x.csv',
      ).columns.map((c) => [c.header, c.role]),
    )
    assert.deepEqual(roles, {
      rec_id: 'recordId',
      fname_c1: 'forename',
      fname_c2: 'middleNames',
      lname_c1: 'surname',
      lname_c2: 'alias',
      forename_2: 'middleNames',
      surname2: 'alias',
    })
  })

  test('birth date parts by name, alone or together', () => {
    const roles = Object.fromEntries(
      detectLayout(
        ['id', 'yob', 'dob_year', 'year_of_birth', 'birth_month', 'birth_day'],
        'x.csv',
      ).columns.map((c) => [c.header, c.role]),
    )
    assert.deepEqual(roles, {
      id: 'recordId',
      yob: 'birthYear',
      dob_year: 'birthYear',
      year_of_birth: 'birthYear',
      birth_month: 'birthMonth',
      birth_day: 'birthDay',
    })
  })

  test('by, bm and bd are a birth year, month and day only together and when their values fit', () => {
    const years = ['1949', '1968', '1875', '2001', '1930']
    const months = ['7', '12', '1', '3', '9']
    const days = ['22', '27', '3', '31', '9']
    const together = rolesOf({ rec: ids('r').slice(0, 5), by: years, bm: months, bd: days })
    assert.deepEqual([together.by, together.bm, together.bd], ['birthYear', 'birthMonth', 'birthDay'])
    // Months that are not months: "bm" is something else, and the year and day still stand together.
    const badMonths = rolesOf({ by: years, bm: ['77', '77', '31', '45', '60'], bd: days })
    assert.deepEqual([badMonths.by, badMonths.bm, badMonths.bd], ['birthYear', 'extra', 'birthDay'])
    // A lone "by" is not a birth year, whatever it holds.
    assert.equal(rolesOf({ by: [...years.slice(0, 4), '1949'], surname: SURNAMES.slice(0, 5) }).by, 'extra')
    // "year" inside a longer header is never a birth date part.
    assert.equal(
      detectLayout(['id', 'arrest_year', 'arrest_month', 'arrest_day'], 'x.csv').columns[1]!.role,
      'extra',
    )
  })

  test('"mob" is a month of birth beside a birth year when it holds months, else not (a mobile number)', () => {
    const years = ['1949', '1968', '1875', '2001', '1930']
    assert.equal(rolesOf({ yob: years, mob: ['7', '12', '1', '3', '7'] }).mob, 'birthMonth')
    assert.equal(
      rolesOf({
        yob: years,
        mob: ['07700900123', '07700900124', '07700900125', '07700900126', '07700900123'],
      }).mob,
      'phone',
    )
  })

  test('sex coded in digits still fits a sex column', () => {
    const layout = layoutOf({ id: ids('c'), sex: ['1', '2', '1', '2', '9', '1', '2', '2', '1', '1'] })
    assert.deepEqual([layout.columns[1]!.role, layout.columns[1]!.reason], ['sex', 'header+content'])
  })

  test('a date column written month first says so, and the records read it so', () => {
    const dates = ['03/14/1985', '12/25/1990', '07/30/1960', '01/02/1970', '11/21/1955']
    const layout = layoutOf({ id: ids('c'), dob: [...dates, ...dates] })
    const dob = layout.columns[1]!
    assert.deepEqual([dob.role, dob.monthFirst, dob.note], ['dateOfBirth', true, 'written month first'])
    const uk = layoutOf({
      id: ids('c'),
      dob: [...dates, ...dates].map((d) => d.replace(/^(..)\/(..)/, '$2/$1')),
    })
    assert.equal(uk.columns[1]!.monthFirst, undefined)
  })

  test('where every day is 12 or less the values cannot tell, and the settings give the date order', () => {
    const ambiguous = ['03/04/1985', '12/05/1990', '07/01/1960', '01/02/1970', '11/08/1955']
    const column = { id: ids('c'), dob: [...ambiguous, ...ambiguous] }
    assert.equal(layoutOf(column).columns[1]!.monthFirst, undefined)
    const us = layoutOf(column, { dateOrder: 'monthFirst' }).columns[1]!
    assert.deepEqual([us.monthFirst, us.note], [true, 'written month first (settings)'])
    // The settings also win over values that look month first.
    const dates = ['03/14/1985', '12/25/1990', '07/30/1960', '01/02/1970', '11/21/1955']
    const uk = layoutOf({ id: ids('c'), dob: [...dates, ...dates] }, { dateOrder: 'dayFirst' }).columns[1]!
    assert.deepEqual([uk.monthFirst, uk.note], [undefined, 'written day first (settings)'])
  })

  test('an age column is the age, by its header and whole numbers; a middle name under a short header', () => {
    const ages = ['34', '56', '23', '41', '35', '19', '28', '62', '30', '47']
    const roles = rolesOf({ id: ids('c'), age: ages, midl_name: FORENAMES, AGE_YEARS: ages })
    assert.deepEqual([roles.age, roles.midl_name, roles.AGE_YEARS], ['age', 'middleNames', 'age'])
    // Words are no age.
    assert.equal(rolesOf({ id: ids('c'), age_band: FORENAMES }).age_band, 'extra')
  })

  test('"Other names" holding single names are the middle names; holding whole names, aliases', () => {
    const single = ['James', 'Ann', 'Peter', 'Louise', 'Mark', 'Jane', 'Paul', 'Rose', 'Luke', 'May']
    assert.equal(
      rolesOf({ id: ids('c'), forename: FORENAMES, 'Other Names': single })['Other Names'],
      'middleNames',
    )
    const whole = SURNAMES.map((s, i) => `${single[i]} ${s}`)
    assert.equal(rolesOf({ id: ids('c'), forename: FORENAMES, 'Other Names': whole })['Other Names'], 'alias')
  })

  test("an age at an event is read on that event's date, and left unused where the file gives none", () => {
    const ages = ['34', '56', '23', '41', '35', '19', '28', '62', '30', '47']
    const hearings = ages.map((_, i) => `1${i}/0${(i % 9) + 1}/2015`)
    const age = layoutOf({ id: ids('c'), age_at_hearing: ages, hearing_date: hearings }).columns[1]!
    assert.deepEqual([age.role, age.ageOn, age.note], ['age', 2, 'the age on hearing_date'])
    const alone = layoutOf({ id: ids('c'), 'Age at Offence': ages }).columns[1]!
    assert.deepEqual(
      [alone.role, alone.note],
      ['extra', 'not used: an age at an event the file gives no date of'],
    )
    // An age with no event named is today's, whatever dates are beside it.
    assert.equal(layoutOf({ id: ids('c'), age: ages, hearing_date: hearings }).columns[1]!.ageOn, undefined)
  })

  test('a birth date column of whole numbers is dates a spreadsheet wrote as day numbers, read so', () => {
    const serials = ['36210', '3266', '29442', '14532', '40001', '25000', '31999', '18250', '22222', '33333']
    // One date the spreadsheet kept as text does not change the column.
    const layout = layoutOf({ id: ids('c'), date_of_birth: [...serials.slice(1), '19560231'] })
    const dob = layout.columns[1]!
    assert.deepEqual([dob.role, dob.guess, dob.daySerials], ['dateOfBirth', false, true])
    assert.equal(toPersonRecord('s', ['c1', '36210'], layout).dateOfBirth, '1999-02-19')
    // Numbers past today's day number are no dates: noted, as before.
    const big = layoutOf({ id: ids('c'), date_of_birth: serials.map((n) => `9${n}`) }).columns[1]!
    assert.deepEqual([big.role, big.guess, big.daySerials], ['dateOfBirth', true, undefined])
  })

  test('a birth date column holding years alone is a birth year', () => {
    const years = ['1849', '1868', '1875', '1801', '1830', '1849', '1868', '1875', '1801', '1830']
    const layout = layoutOf({ id: ids('c'), born: years, dob: years })
    assert.deepEqual(
      layout.columns.slice(1).map((c) => [c.role, c.note]),
      [
        ['birthYear', 'holds years only'],
        ['birthYear', 'holds years only'],
      ],
    )
  })

  test('a hint the values plainly contradict is set aside, with a note', () => {
    const layout = layoutOf({ id: ids('c'), first_seen: FORENAMES.map((_, i) => `200${i}-01-0${i + 1}`) })
    const column = layout.columns[1]!
    assert.equal(column.role, 'extra')
    assert.match(column.note ?? '', /suggests forename but the values look like dates/)
  })

  test('a known header whose values disagree keeps its role, with a note and a guess flag', () => {
    const layout = layoutOf({ id: ids('c'), dob: SURNAMES })
    assert.deepEqual(
      { role: layout.columns[1]!.role, guess: layout.columns[1]!.guess },
      { role: 'dateOfBirth', guess: true },
    )
    assert.match(layout.columns[1]!.note ?? '', /look like single names/)
  })
})

describe('titles', () => {
  const titles = ['Mr', 'Mrs', 'Miss', 'Mr', 'Ms', 'Mr', 'Dr', 'Mrs', 'Mr', 'Miss']
  test('a column of courtesy titles is the title, by its header or by its values alone', () => {
    assert.equal(
      rolesOf({ ref: ids('C'), title: titles, forename: FORENAMES, surname: SURNAMES }).title,
      'title',
    )
    assert.equal(
      rolesOf({ ref: ids('C'), col_t: titles, forename: FORENAMES, surname: SURNAMES }).col_t,
      'title',
    )
  })
  test('a job title is not a courtesy title', () => {
    const jobs = [
      'Baker',
      'Clerk',
      'Porter',
      'Nurse',
      'Miner',
      'Tailor',
      'Cook',
      'Driver',
      'Joiner',
      'Carter',
    ]
    assert.notEqual(
      rolesOf({ ref: ids('C'), title: jobs, forename: FORENAMES, surname: SURNAMES }).title,
      'title',
    )
  })
})

describe('generational suffixes', () => {
  // As a voter register keeps them: most rows have none.
  const suffixes = ['', 'JR', '', '', 'SR', '', 'III', '', 'JR', '']
  test('a column of generational suffixes is the name suffix, by its header or by its values alone', () => {
    assert.equal(
      rolesOf({ ref: ids('C'), name_sufx: suffixes, forename: FORENAMES, surname: SURNAMES }).name_sufx,
      'nameSuffix',
    )
    assert.equal(
      rolesOf({ ref: ids('C'), col_s: suffixes, forename: FORENAMES, surname: SURNAMES }).col_s,
      'nameSuffix',
    )
  })
})

describe('two-digit birth years', () => {
  test("a birth date column's two-digit years are read in the span its values show", () => {
    // Births 1915-1960, as a register of pensioners: 15-26 are 1915-1926, not 2015-2026.
    const dobs = Array.from({ length: 138 }, (_, i) => `0${(i % 9) + 1}/0${(i % 7) + 1}/${15 + (i % 46)}`)
    const columns = { ref: dobs.map((_, i) => `C${i + 1}`), dob: dobs }
    const layout = layoutOf(columns)
    assert.equal(layout.columns[1]!.centuryFrom, 1915)
    assert.match(layout.columns[1]!.note ?? '', /two-digit years read as 1915 to 2014/)
    const record = toPersonRecord('extract', ['C1', '03/05/20'], layout)
    assert.equal(record.dateOfBirth, '1920-05-03')
  })
})

describe('census lists', () => {
  const columns = {
    household_id: [
      '1851-001',
      '1851-001',
      '1851-001',
      '1851-002',
      '1851-002',
      '1851-003',
      '1851-004',
      '1851-004',
      '1851-005',
      '1851-006',
    ],
    line_no: ['1', '2', '3', '1', '2', '1', '1', '2', '1', '1'],
    given: FORENAMES,
    surname: SURNAMES,
    age: ['42', '40', '12', '67', '30', '8', '55', '19', '23', '71'],
    census_year: ['1851', '1851', '1851', '1851', '1851', '1851', '1851', '1851', '1851', '1851'],
  }
  test('a household and a line of the schedule are no identifiers of the person', () => {
    const roles = rolesOf(columns)
    assert.deepEqual([roles.household_id, roles.line_no], ['extra', 'extra'])
  })
  test("an age is read in the census's year, given in a column of its own", () => {
    const layout = layoutOf(columns)
    const record = toPersonRecord('census', ['1851-001', '1', 'John', 'Quillby', '42', '1851'], layout)
    assert.deepEqual([record.birthYear, record.age], ['1809', undefined])
    // Without the year the age is taken today, as before.
    const { census_year: _, ...undated } = columns
    const today = toPersonRecord('census', ['1851-001', '1', 'John', 'Quillby', '42'], layoutOf(undated))
    assert.deepEqual([today.birthYear, today.age], [undefined, '42'])
    // The year of an offence says nothing of when the age was taken.
    const { census_year: years, ...rest } = columns
    const offence = layoutOf({ ...rest, offence_year: years })
    assert.equal(
      toPersonRecord('court', ['1851-001', '1', 'John', 'Quillby', '42', '1851'], offence).age,
      '42',
    )
  })
})

describe('roles from content', () => {
  test('each kind of value gives its role where the header says nothing', () => {
    const layout = layoutOf({
      ref: ids('C'),
      col_a: FORENAMES,
      col_b: SURNAMES,
      col_c: [
        '1984-03-12',
        '1990-11-02',
        '1875-06-30',
        '1969-01-15',
        '2001-05-05',
        '1950-02-02',
        '1961-07-07',
        '1972-08-08',
        '1983-09-09',
        '1994-10-10',
      ],
      col_d: [
        'EX4 6PL',
        'LS6 2QT',
        'HU5 3RB',
        'TR1 3AZ',
        'BA2 4QP',
        'EX4 6PL',
        'LS6 2QT',
        'HU5 3RB',
        'TR1 3AZ',
        'BA2 4QP',
      ],
      col_e: FORENAMES.map((f) => `${f.toLowerCase()}@example.org`),
      col_f: [
        '07700 900123',
        '07700 900124',
        '07700 900125',
        '07700 900126',
        '07700 900127',
        '07700 900128',
        '07700 900129',
        '07700 900130',
        '07700 900131',
        '07700 900132',
      ],
      col_g: ['M', 'F', 'M', 'F', 'M', 'F', 'M', 'F', 'M', 'F'],
      col_h: [
        'AB123456C',
        'CE123456D',
        'JG103759A',
        'AB123457C',
        'AB123458C',
        'AB123459C',
        'AB123450C',
        'AB123451C',
        'AB123452C',
        'AB123453C',
      ],
      col_i: FORENAMES.map(() => 'Seen at the station after the match; later released without charge'),
    })
    assert.deepEqual(
      layout.columns.map((c) => [c.header, c.role, c.reason]),
      [
        ['ref', 'recordId', 'content'],
        ['col_a', 'forename', 'content'],
        ['col_b', 'surname', 'content'],
        ['col_c', 'dateOfBirth', 'content'],
        ['col_d', 'postcode', 'content'],
        ['col_e', 'email', 'content'],
        ['col_f', 'phone', 'content'],
        ['col_g', 'sex', 'content'],
        ['col_h', 'nino', 'content'],
        ['col_i', 'extra', 'content'],
      ],
    )
    assert.equal(layout.columns[9]!.note, 'not used: free text')
    // The forename/surname split is a reading of the values, the email an unmistakable shape.
    assert.equal(layout.columns[1]!.guess, true)
    assert.equal(layout.columns[5]!.guess, false)
  })

  test('forename and surname tell themselves apart by the forename table whichever comes first', () => {
    const roles = rolesOf({ id: ids('c'), a: SURNAMES, b: FORENAMES })
    assert.deepEqual([roles.a, roles.b], ['surname', 'forename'])
  })

  test('a column of several name words is the full name', () => {
    assert.equal(
      rolesOf({ id: ids('c'), person: FORENAMES.map((f, i) => `${f} ${SURNAMES[i]}`) }).person,
      'fullName',
    )
  })

  test('headers and values that agree say so', () => {
    const layout = layoutOf({
      id: ids('c'),
      FAM_NM: SURNAMES,
      GIV_NM: FORENAMES,
      BIRTH_DT: FORENAMES.map(() => '19840312'),
    })
    assert.deepEqual(
      layout.columns.map((c) => [c.role, c.reason]),
      [
        ['recordId', 'header+content'],
        ['surname', 'header+content'],
        ['forename', 'header+content'],
        ['dateOfBirth', 'header+content'],
      ],
    )
  })

  test('a date column whose header names another date is not the birth date', () => {
    const dates = FORENAMES.map((_, i) => `2019-03-1${i}`)
    assert.equal(rolesOf({ id: ids('c'), hearing_date: dates }).hearing_date, 'extra')
    assert.equal(rolesOf({ id: ids('c'), col_3: dates }).col_3, 'dateOfBirth')
  })

  test('several date columns of unknown meaning are none of them the birth date', () => {
    const dates = FORENAMES.map((_, i) => `1984-03-1${i}`)
    const roles = rolesOf({ id: ids('c'), d1: dates, d2: dates })
    assert.deepEqual([roles.d1, roles.d2], ['extra', 'extra'])
  })

  test('beside the date each record was entered, the birth date is the column of dates decades earlier', () => {
    const births = FORENAMES.map((_, i) => `${1950 + 3 * i}-03-1${i}`)
    const entered = FORENAMES.map((_, i) => `2019051${i}`)
    const roles = rolesOf({ id: ids('c'), entered, geb: births })
    assert.deepEqual([roles.entered, roles.geb], ['extra', 'dateOfBirth'])
    // Dates of one era (a birth and its registration) cannot be told apart: neither is taken.
    const registered = births.map((d) => d.replace(/-03-/, '-04-'))
    const close = rolesOf({ id: ids('c'), d1: registered, d2: births })
    assert.deepEqual([close.d1, close.d2], ['extra', 'extra'])
  })
})

describe('a birth date in three columns and names by their values alone (headers V1, V2, …)', () => {
  const years = ['1949', '1968', '1930', '1957', '1966', '1929', '1967', '1942', '1993', '1971']
  const months = ['7', '7', '4', '9', '1', '7', '8', '3', '6', '2']
  const days = ['22', '27', '30', '2', '13', '4', '1', '19', '28', '9']
  const roles = (columns: Record<string, string[]>) =>
    Object.fromEntries(layoutOf(columns).columns.map((c) => [c.header, c.role]))

  test('a year column beside a month and a day is the birth date in parts, year first or last', () => {
    assert.deepEqual(roles({ V1: ids('r'), V2: FORENAMES, V3: SURNAMES, V4: years, V5: months, V6: days }), {
      V1: 'recordId',
      V2: 'forename',
      V3: 'surname',
      V4: 'birthYear',
      V5: 'birthMonth',
      V6: 'birthDay',
    })
    const dayFirst = roles({ V1: ids('r'), V2: FORENAMES, V3: days, V4: months, V5: years })
    assert.deepEqual([dayFirst.V3, dayFirst.V4, dayFirst.V5], ['birthDay', 'birthMonth', 'birthYear'])
  })

  test('a year column alone, or parts not side by side, stay unused: a year may be any year', () => {
    const alone = roles({ V1: ids('r'), V2: FORENAMES, V3: years })
    assert.equal(alone.V3, 'extra')
    const apart = roles({ V1: ids('r'), V2: years, V3: FORENAMES, V4: months, V5: days })
    assert.deepEqual([apart.V2, apart.V4, apart.V5], ['extra', 'extra', 'extra'])
  })

  test('a column of forenames filled on few rows (a second forename) is not the forename', () => {
    // The forenames include some no table knows, so the sparse column's few names score higher.
    const forenames = FORENAMES.map((f, i) =>
      i % 3 === 0 ? ['Zorwin', 'Quelda', 'Ystra', 'Brannoc'][i / 3]! : f,
    )
    const second = FORENAMES.map((f, i) => (i === 3 || i === 6 ? f : ''))
    const layout = roles({ V1: ids('r'), V2: forenames, V3: second, V4: SURNAMES })
    assert.deepEqual([layout.V2, layout.V4], ['forename', 'surname'])
    assert.notEqual(layout.V3, 'forename')
  })
})

describe('a column without a name', () => {
  test("with no values either (a spreadsheet export's trailing comma) it is named by its place and left unused", () => {
    const layout = layoutOf({
      rec: ids('r'),
      forename: FORENAMES,
      surname: SURNAMES,
      '': FORENAMES.map(() => ''),
    })
    const unnamed = layout.columns[3]!
    assert.deepEqual(
      [unnamed.header, unnamed.role, unnamed.note],
      ['column_4', 'extra', 'not used: no values'],
    )
  })

  test('holding values it is refused, naming the column', () => {
    assert.throws(
      () => layoutOf({ rec: ids('r'), forename: FORENAMES, '': SURNAMES }),
      /column 3 of the header has no name/,
    )
  })
})

describe('the record id by uniqueness', () => {
  test('a unique case reference beside a PNC column is the record id; the PNC stays evidence', () => {
    const layout = layoutOf({
      pnc_id: ['2001/0012345X', '2001/0012345X', '', '99/123456Z', '', '', '', '', '', ''],
      case_ref: ids('CR'),
      surname: SURNAMES,
    })
    assert.equal(layout.recordIdColumn, 'case_ref')
    assert.equal(layout.recordIdReason, 'header+content')
    assert.deepEqual(
      layout.columns.map((c) => c.role),
      ['pnc', 'recordId', 'surname'],
    )
  })

  test('an id-like header whose values repeat is no record id', () => {
    const layout = layoutOf({
      booking_id: ['B1', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9'],
      surname: SURNAMES,
    })
    assert.equal(layout.recordIdColumn, null)
    assert.equal(layout.columns[0]!.role, 'otherId')
  })

  test('a column of unique codes is the record id by content, a guess', () => {
    const layout = layoutOf({ surname: SURNAMES, urn: ids('U-') })
    assert.equal(layout.recordIdColumn, 'urn')
    assert.equal(layout.recordIdReason, 'content')
    assert.equal(layout.columns[1]!.guess, true)
  })

  test('with no unique column, the row number is the record id', () => {
    const layout = layoutOf({ surname: SURNAMES, sex: FORENAMES.map(() => 'M') })
    assert.equal(layout.recordIdColumn, null)
    assert.equal(layout.recordIdReason, 'row number')
  })

  test('a truth column is never the record id, unique as it may be', () => {
    const layout = layoutOf({ identity: ids(''), cluster_id: ids('k'), surname: SURNAMES })
    assert.equal(layout.recordIdColumn, null)
    assert.deepEqual(layout.truthColumns, ['identity', 'cluster_id'])
  })
})

describe('a file whose first line is data', () => {
  test('is refused before anything is sampled', () => {
    assert.throws(
      () => detectLayout(['A1234', 'Smith', '1980-01-02', '12'], 'court.csv'),
      (e: unknown) => e instanceof JustIdError && e.code === 'no_header',
    )
  })
})

describe('columns no header explains are evidence by their values (#15 item 3)', () => {
  // Headers in another language: the names and birth date are known, the rest (in Finnish, which no hint knows) only
  // by their values. Forty records
  // of twenty people, each person's twice, as a register with duplicates holds them.
  const rows = 40
  const person = (i: number) => i % 20
  const of = (f: (p: number) => string) => Array.from({ length: rows }, (_, i) => f(person(i)))
  const STREETS = [
    'Forbes',
    'Milne',
    'Giblin',
    'Tullaroop',
    'Kent',
    'Hill',
    'Park',
    'Station',
    'Church',
    'Mill',
    'Bridge',
    'Castle',
  ]
  const columns = {
    ID: Array.from({ length: rows }, (_, i) => `r${i + 1}`),
    Vorname: of((p) => FORENAMES[p % FORENAMES.length]!),
    Nachname: of((p) => SURNAMES[p % SURNAMES.length]!),
    Katu: of((p) => `${STREETS[p % STREETS.length]} Street`),
    Koodi: of((p) => String(4000 + (p % 12) * 7)),
    SVNR: of((p) => String(7535316 + p * 104729)),
    Talo: of((p) => String(10 + ((p * 7) % 37))),
    Land: of((p) => ['nsw', 'vic', 'qld', 'wa'][p % 4]!),
    Geburtsdatum: of((p) => `${String(1 + (p % 28)).padStart(2, '0')}.0${1 + (p % 9)}.19${50 + p}`),
    Aufnahme: Array.from({ length: rows }, (_, i) => `20${10 + (i % 12)}-0${1 + (i % 9)}-1${i % 10}`),
    mother_name: of((p) => `${FORENAMES[(p + 3) % FORENAMES.length]} ${SURNAMES[p % SURNAMES.length]}`),
  }

  test('words and shared codes are compared as attributes, codes of one record each as an identifier', () => {
    const layout = layoutOf({ ...columns, Katu: columns.Katu.map((street) => street.replace(' Street', '')) })
    const role = (h: string) => layout.columns.find((c) => c.header === h)!
    assert.deepEqual(
      ['Katu', 'Koodi', 'Talo', 'SVNR', 'Land'].map((h) => [h, role(h).role, role(h).reason, role(h).guess]),
      [
        ['Katu', 'attribute', 'content', true],
        ['Koodi', 'attribute', 'content', true],
        ['Talo', 'attribute', 'content', true],
        ['SVNR', 'otherId', 'content', true],
        // A handful of categories (four states) tells people apart too little to weigh.
        ['Land', 'extra', 'content', false],
      ],
    )
    assert.match(role('SVNR').note ?? '', /header not recognised/)
  })

  test('a street address with its house number in one column is an address line by its values alone', () => {
    const layout = layoutOf({
      ...columns,
      Katu: columns.Katu.map((street, i) =>
        i % 5 === 0 ? `Flat ${i}, ${10 + i} ${street}` : `${10 + i} ${street}`,
      ),
      Osoite: columns.Katu.map((street, i) => `${20 + i}a ${street}`),
    })
    const role = (h: string) => layout.columns.find((c) => c.header === h)!
    for (const h of ['Katu', 'Osoite']) {
      assert.deepEqual(
        [role(h).role, role(h).reason, role(h).content],
        ['addressLine', 'content', 'streetAddress'],
        h,
      )
    }
  })

  test('a street named without its house number, in English, German, Dutch or French, is an address line by its values', () => {
    const kinds = [
      (street: string) => `${street} Street`,
      (street: string) => `${street}strasse`,
      (street: string) => `${street}straat`,
      (street: string) => `rue ${street}`,
    ]
    for (const [k, named] of kinds.entries()) {
      // One in ten mistyped beyond recognition, as extracts hold them.
      const Katu = columns.Katu.map((street, i) =>
        i % 10 === 0 ? 'strete' : named(street.replace(' Street', '')),
      )
      const katu = layoutOf({ ...columns, Katu }).columns.find((c) => c.header === 'Katu')!
      assert.deepEqual(
        [katu.role, katu.reason, katu.content],
        ['addressLine', 'content', 'streetAddress'],
        String(k),
      )
    }
    // Full names whose surnames happen to be street words stay names.
    const Nimi = columns.Vorname.map((f, i) => `${f} ${['Lane', 'Hill', 'Smith', 'Jones', 'Brown'][i % 5]}`)
    const nimi = layoutOf({ ...columns, Nimi }).columns.find((c) => c.header === 'Nimi')!
    assert.notEqual(nimi.role, 'addressLine')
  })

  test('headers of where a person lives in German, Italian, Dutch, Portuguese and Scandinavian extracts name their roles', () => {
    const layout = layoutOf({
      ...columns,
      Straße: columns.Katu,
      PLZ: columns.Koodi,
      Ort: columns.Land.map((l) => `${l}town`),
    })
    const role = (h: string) => layout.columns.find((c) => c.header === h)!.role
    assert.deepEqual(['Straße', 'PLZ', 'Ort'].map(role), ['addressLine', 'postcode', 'town'])
    for (const [header, expected] of [
      ['cognome', 'surname'],
      ['CAP', 'postcode'],
      ['citta', 'town'],
      ['Achternaam', 'surname'],
      ['Woonplaats', 'town'],
      ['sobrenome', 'surname'],
      ['Fødselsdato', 'dateOfBirth'],
      ['Efternamn', 'surname'],
      ['postnummer', 'postcode'],
      ['Geburtsmonat', 'birthMonth'],
      ['annee_naissance', 'birthYear'],
    ] as const) {
      assert.equal(headerHint(header)?.hint.role, expected, header)
    }
  })

  test('another date, columns about someone else or an event, a protected characteristic and a running number stay unused, saying why', () => {
    const layout = layoutOf(columns)
    const unused = (h: string) => layout.columns.find((c) => c.header === h)!
    assert.deepEqual(
      ['Aufnahme', 'mother_name'].map((h) => [unused(h).role, unused(h).note]),
      [
        ['extra', 'not used: dates, not taken for the birth date'],
        ['extra', 'not used: about someone else'],
      ],
    )
    const prisons = ['Leeds', 'Hull', 'Leeds', 'Durham', 'Hull', 'Leeds', 'Lincoln', 'Hull', 'Leeds'].map(
      (p) => `HMP ${p}`,
    )
    const events = layoutOf({
      rec: ids('r'),
      forename: FORENAMES,
      PRISON: [...prisons, 'HMP Wealstun'],
      establishment: [...prisons, 'HMP Durham'],
      outcome: [
        'Fine',
        'Community order',
        'Fine',
        'Custody',
        'Discharge',
        'Fine',
        'Custody',
        'Fine',
        'Community order',
        'Fine',
      ],
    }).columns.filter((c) => ['PRISON', 'establishment', 'outcome'].includes(c.header))
    assert.deepEqual(
      events.map((c) => [c.role, c.note]),
      [
        ['extra', 'not used: about an event, not the person'],
        ['extra', 'not used: about an event, not the person'],
        ['extra', 'not used: about an event, not the person'],
      ],
    )
    const ethnicity = layoutOf({
      rec: ids('r'),
      forename: FORENAMES,
      ethnicity: [
        'White British',
        'Asian',
        'White British',
        'Black',
        'Mixed',
        'Asian',
        'White Other',
        'Black',
        'Asian',
        'White British',
      ],
    }).columns.find((c) => c.header === 'ethnicity')!
    assert.deepEqual(
      [ethnicity.role, ethnicity.note],
      ['extra', 'not used: a protected characteristic, compared only where the settings say so'],
    )
    const running = layoutOf({
      rec: ids('r'),
      forename: FORENAMES,
      seq: Array.from({ length: 25 }, (_, i) => String(52001 + i)),
    }).columns.find((c) => c.header === 'seq')!
    assert.deepEqual([running.role, running.note], ['extra', 'not used: a running number'])
  })

  test("a wide case export's officer ids, sums of money and scores stay unused and are no blocking key", () => {
    const n = 30
    const layout = layoutOf({
      rec: Array.from({ length: n }, (_, i) => `r${i + 1}`),
      forename: Array.from({ length: n }, (_, i) => FORENAMES[i % 10]!),
      surname: Array.from({ length: n }, (_, i) => SURNAMES[(i * 3) % 10]!),
      officer_id: Array.from({ length: n }, (_, i) => `OF${1000 + ((i * 7) % 29)}`),
      costs: Array.from({ length: n }, (_, i) => `${(i * 37) % 900}.00`),
      compensation: Array.from({ length: n }, (_, i) => String((i * 53) % 500)),
      risk_score: Array.from({ length: n }, (_, i) => `${(i * 13) % 97}.${i % 10}`),
      Unnamed_value: Array.from(
        { length: n },
        (_, i) => `${(i * 41) % 3000}.${String(i % 100).padStart(2, '0')}`,
      ),
    })
    const column = (h: string) => layout.columns.find((c) => c.header === h)!
    assert.deepEqual(
      ['officer_id', 'costs', 'compensation', 'risk_score', 'Unnamed_value'].map((h) => [
        column(h).role,
        column(h).note,
      ]),
      [
        ['extra', 'not used: about someone else'],
        ['extra', 'not used: an amount or a score, not the person'],
        ['extra', 'not used: an amount or a score, not the person'],
        ['extra', 'not used: an amount or a score, not the person'],
        ['extra', 'not used: amounts or measurements, not the person'],
      ],
    )
  })
})
