import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  birthYearOfAge,
  centuryStartOf,
  dateOfDaySerial,
  dateOrderOf,
  overRepresentedDates,
  parseBirthDateParts,
  parseDate,
  parseDateFrom,
  twoDigitYearOf,
  yearOfPartialDate,
} from './dates.ts'

const TODAY = new Date('2026-06-01T12:00:00Z')
const value = (s: string): string | null => parseDate(s, TODAY).value
const status = (s: string): string => parseDate(s, TODAY).status

describe('dateOfDaySerial', () => {
  test('spreadsheet day numbers count from 1899-12-30, as Excel and LibreOffice count', () => {
    assert.equal(dateOfDaySerial('36210'), '1999-02-19')
    assert.equal(dateOfDaySerial('61'), '1900-03-01')
    assert.equal(dateOfDaySerial('36210.0'), '1999-02-19')
    assert.deepEqual(['0', '-5', '19990219', '12a'].map(dateOfDaySerial), [null, null, null, null])
  })
})

describe('parseDate', () => {
  test('ISO dates, with or without a time', () => {
    assert.equal(value('1985-03-07'), '1985-03-07')
    assert.equal(value('1985-3-7'), '1985-03-07')
    assert.equal(value('1985-03-07T00:00:00Z'), '1985-03-07')
    assert.equal(value('1985-03-07 13:45:00'), '1985-03-07')
  })

  test('dates with month names and a time of day, as Oracle and SQL Server exports write them', () => {
    assert.equal(value('17-JAN-1999 00:00:00'), '1999-01-17')
    assert.equal(value('17-JAN-99 12.00.00.000000000 AM'), '1999-01-17')
    assert.equal(value('Jan 17 1999 12:00AM'), '1999-01-17')
    assert.equal(value('17 Jan 1999 23:59'), '1999-01-17')
  })

  test('day-first numeric forms, as in UK systems', () => {
    assert.equal(value('07/03/1985'), '1985-03-07')
    assert.equal(value('7/3/1985'), '1985-03-07')
    assert.equal(value('07-03-1985'), '1985-03-07')
    assert.equal(value('07.03.1985'), '1985-03-07')
    assert.equal(value('07/03/1985 00:00:00'), '1985-03-07')
  })

  test('compact yyyymmdd', () => {
    assert.equal(value('19850307'), '1985-03-07')
    // As a data frame writes a number column with gaps in it.
    assert.equal(value('19850307.0'), '1985-03-07')
    assert.equal(value('19850307.5'), null)
  })

  test('two-digit years take the latest century that is not in the future', () => {
    assert.equal(value('7/3/85'), '1985-03-07')
    assert.equal(value('7/3/05'), '2005-03-07')
    assert.equal(value('1/5/26'), '2026-05-01')
    assert.equal(value('1/7/26'), '1926-07-01')
    assert.equal(value('7/3/27'), '1927-03-07')
  })

  test('textual forms', () => {
    assert.equal(value('7 March 1985'), '1985-03-07')
    assert.equal(value('07-MAR-1985'), '1985-03-07')
    assert.equal(value('07-MAR-85'), '1985-03-07')
    assert.equal(value('March 7, 1985'), '1985-03-07')
    assert.equal(value('Mar 7 1985'), '1985-03-07')
    assert.equal(value('3rd Mar 85'), '1985-03-03')
    assert.equal(value('21st September 1990'), '1990-09-21')
    assert.equal(value('1 Sept 1990'), '1990-09-01')
    assert.equal(value('07MAR1985'), '1985-03-07')
    assert.equal(value('Thursday, 7 March 1985'), '1985-03-07')
    assert.equal(value('Thu 7 Mar 1985'), '1985-03-07')
  })

  test('unknown month names are invalid, not guessed', () => {
    assert.equal(status('7 Marchington 1985'), 'invalid')
    assert.equal(status('7 Foo 1985'), 'invalid')
  })

  test('impossible dates are invalid', () => {
    assert.equal(status('31/02/1985'), 'invalid')
    assert.equal(status('29/02/1985'), 'invalid')
    assert.equal(value('29/02/1984'), '1984-02-29')
    assert.equal(status('1985-13-01'), 'invalid')
    assert.equal(status('00/01/1985'), 'invalid')
    assert.equal(status('1499-12-31'), 'invalid')
    assert.equal(status('0985-03-07'), 'invalid')
    assert.equal(status('2026-06-02'), 'invalid')
    assert.equal(value('2026-06-01'), '2026-06-01')
    assert.equal(status('not a date'), 'invalid')
  })

  test('dates before 1900 are births in historical records', () => {
    assert.equal(value('1899-12-31'), '1899-12-31')
    assert.equal(value('14/07/1789'), '1789-07-14')
    assert.equal(value('3 March 1642'), '1642-03-03')
    assert.equal(value('1500-01-01'), '1500-01-01')
  })

  test('real dates often used for "unknown" are dates here; the data decides (overRepresentedDates)', () => {
    for (const s of ['1900-01-01', '01/01/1900', '1901-01-01', '1970-01-01', '1800-01-01'])
      assert.equal(parseDate(s, TODAY).status, 'ok', s)
  })

  test('sentinels no birth can have are placeholders', () => {
    for (const s of ['9999-12-31', '0001-01-01'])
      assert.deepEqual(parseDate(s, TODAY), { value: null, status: 'placeholder' }, s)
  })

  test('empty input is missing', () => {
    assert.equal(status(''), 'missing')
    assert.equal(status('   '), 'missing')
    assert.equal(parseDate(null, TODAY).status, 'missing')
  })

  test('never throws, and feeding back the ISO output gives the same output', () => {
    const dateLike = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc
        .tuple(
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 14 }),
          fc.integer({ min: 0, max: 2100 }),
        )
        .map(([d, m, y]) => `${d}/${m}/${y}`),
    )
    fc.assert(
      fc.property(dateLike, (s) => {
        const parsed = parseDate(s, TODAY)
        assert.equal(parsed.value === null, parsed.status !== 'ok')
        if (parsed.value !== null) assert.deepEqual(parseDate(parsed.value, TODAY), parsed)
      }),
    )
  })
})

describe('parseBirthDateParts', () => {
  const parts = (year: string | null, month: string | null, day: string | null) =>
    parseBirthDateParts({ year, month, day }, TODAY)

  test('three valid parts make the date, in any common form', () => {
    assert.deepEqual(parts('1985', '3', '7'), { date: { value: '1985-03-07', status: 'ok' }, year: '1985' })
    assert.equal(parts('1985', '03', '07').date.value, '1985-03-07')
    assert.equal(parts('1985.0', '3.0', '7.0').date.value, '1985-03-07')
    assert.equal(parts('1872', 'Mar', '7').date.value, '1872-03-07')
    assert.equal(parts('1872', 'march', '7').date.value, '1872-03-07')
    assert.equal(parts('85', '3', '7').date.value, '1985-03-07')
  })

  test('a year alone, or a year and month, is still evidence', () => {
    assert.deepEqual(parts('1872', null, null), { date: { value: null, status: 'missing' }, year: '1872' })
    assert.deepEqual(parts('1872', '5', ''), { date: { value: null, status: 'missing' }, year: '1872' })
    assert.deepEqual(parts(null, null, null), { date: { value: null, status: 'missing' }, year: null })
  })

  test('a day and month without the year are kept: without the year they still tell people apart', () => {
    assert.deepEqual(parts('', '3', '19'), {
      date: { value: null, status: 'missing' },
      year: null,
      monthDay: '03-19',
    })
    assert.equal(parts(null, 'Feb', '29').monthDay, '02-29')
    assert.equal(parts(null, '2', '30').monthDay, undefined)
    assert.equal(parts(null, '3', null).monthDay, undefined)
  })

  test('invalid parts make the date invalid and keep a valid year', () => {
    assert.deepEqual(parts('1985', '2', '31'), { date: { value: null, status: 'invalid' }, year: '1985' })
    assert.deepEqual(parts('1985', 'Foo', '3'), { date: { value: null, status: 'invalid' }, year: '1985' })
    assert.deepEqual(parts('1985', '13', '3'), { date: { value: null, status: 'invalid' }, year: '1985' })
    assert.deepEqual(parts('abcd', '3', '3'), { date: { value: null, status: 'invalid' }, year: null })
    assert.deepEqual(parts('1234', null, null), { date: { value: null, status: 'invalid' }, year: null })
    assert.deepEqual(parts('2027', null, null), { date: { value: null, status: 'invalid' }, year: null })
    assert.equal(parts('2026', '6', '2').date.status, 'invalid')
  })

  test('never throws', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (y, m, d) => {
        const parsed = parts(y, m, d)
        assert.equal(parsed.date.value === null, parsed.date.status !== 'ok')
        if (parsed.date.value !== null) assert.equal(parsed.year, parsed.date.value.slice(0, 4))
      }),
    )
  })
})

describe('yearOfPartialDate', () => {
  test('a year alone, a year and month, or zeros for what is unknown give the year', () => {
    for (const s of [
      '1851',
      'abt 1851',
      'c. 1851',
      'circa 1851',
      '1851-03',
      '03/1851',
      'Mar 1851',
      '1851-00-00',
      // An uncertain year, and a day or month of zeros written day first, as spreadsheets of registers keep them.
      '1851?',
      '[1851]',
      '00/03/1851',
      '0/0/1851',
      '00.00.1851',
    ])
      assert.equal(yearOfPartialDate(s, TODAY), '1851', s)
  })

  test('whole dates, other text and impossible years give none', () => {
    for (const s of [
      '',
      'unknown',
      '1851-03-07',
      '7/3/1851',
      '1499',
      '2027',
      '0985',
      'about',
      '00/00/0000',
      '?',
    ])
      assert.equal(yearOfPartialDate(s, TODAY), null, s)
  })
})

describe('month-first dates', () => {
  test('a column written month first is read so, where its values say', () => {
    assert.equal(parseDate('03/14/1985', TODAY, 'monthFirst').value, '1985-03-14')
    assert.equal(parseDate('11/02/1979', TODAY, 'monthFirst').value, '1979-11-02')
    // Other forms do not depend on the order.
    assert.equal(parseDate('1985-03-14', TODAY, 'monthFirst').value, '1985-03-14')
    assert.equal(parseDate('14 March 1985', TODAY, 'monthFirst').value, '1985-03-14')
    assert.equal(parseDate('14/03/1985', TODAY, 'monthFirst').status, 'invalid')
  })

  test('a column is month first when days over 12 stand second far more often than first', () => {
    assert.equal(dateOrderOf(['03/14/1985', '12/25/1990', '01/02/1970']), 'monthFirst')
    assert.equal(dateOrderOf(['14/03/1985', '25/12/1990', '01/02/1970']), 'dayFirst')
    // A typo or two do not turn a column.
    assert.equal(dateOrderOf(['03/14/1985', '12/25/1990', '07/30/1960', '13/02/1971']), 'monthFirst')
    assert.equal(dateOrderOf(['14/03/1985', '25/12/1990', '30/07/1960', '02/13/1971']), 'dayFirst')
    // Nothing tells: the UK order.
    assert.equal(dateOrderOf(['01/02/1970', '1985-03-14', '']), 'dayFirst')
  })
})

describe('birthYearOfAge', () => {
  test('an age in whole years is this year less the age', () => {
    assert.equal(birthYearOfAge('34', TODAY), '1992')
    assert.equal(birthYearOfAge(' 0 ', TODAY), '2026')
    assert.equal(birthYearOfAge('34.0', TODAY), '1992')
  })

  test('what is no age gives no year', () => {
    for (const s of ['', 'unknown', '-3', '34.5', '121', '1985', '3 4'])
      assert.equal(birthYearOfAge(s, TODAY), null, s)
  })
})

describe('overRepresentedDates', () => {
  /** Dates 1850-01-01, 1850-01-02, ... each recorded for `people` people. */
  const spread = (dates: number, people: (i: number) => number): Map<string, number> =>
    new Map(
      Array.from({ length: dates }, (_, i) => [
        new Date(Date.UTC(1850, 0, 1 + i)).toISOString().slice(0, 10),
        people(i),
      ]),
    )

  test('a date given for far more people than a typical date is set aside', () => {
    const counts = spread(2_000, (i) => 1 + (i % 3))
    counts.set('1900-01-01', 300)
    assert.deepEqual(overRepresentedDates(counts), [{ date: '1900-01-01', keepYear: false }])
  })

  test('the limit grows with the typical date: crowded real dates are kept', () => {
    // Typically 10 people a date (a large register), the busiest real dates 5 times that: none set aside.
    const counts = spread(5_000, (i) => (i % 50 === 0 ? 50 : 10))
    assert.deepEqual(overRepresentedDates(counts), [])
    counts.set('1970-01-01', 201)
    assert.deepEqual(overRepresentedDates(counts), [{ date: '1970-01-01', keepYear: false }])
  })

  test('1 January over-represented in several years means "day unknown": the years are kept', () => {
    const counts = spread(3_000, () => 1)
    for (const year of [1851, 1852, 1853]) counts.set(`${year}-01-01`, 40)
    counts.set('1900-07-04', 40)
    assert.deepEqual(overRepresentedDates(counts), [
      { date: '1851-01-01', keepYear: true },
      { date: '1852-01-01', keepYear: true },
      { date: '1853-01-01', keepYear: true },
      { date: '1900-07-04', keepYear: false },
    ])
  })

  test('1900-01-01 once in a historical file is a birth like any other', () => {
    const counts = spread(1_000, () => 1)
    counts.set('1900-01-01', 1)
    assert.deepEqual(overRepresentedDates(counts), [])
  })

  test('no dates, none set aside', () => {
    assert.deepEqual(overRepresentedDates(new Map()), [])
  })
})

describe('two-digit years read in the span of their column', () => {
  const span = (from: number, to: number, each = 3): number[] =>
    Array.from({ length: (to - from + 1) * each }, (_, i) => (from + Math.floor(i / each)) % 100)

  test('a column whose births leave a run of two-digit years empty starts the hundred after it', () => {
    // Pensioners born 1915-1960: the latest century not in the future would put 15-26 in 2015-2026.
    assert.equal(centuryStartOf(span(1915, 1960), TODAY), 1915)
    // Adults born 1924-2009, as RLdata500's: 24-99 and 00-09.
    assert.equal(centuryStartOf(span(1924, 2009), TODAY), 1924)
    // Births up to this year read as they always did.
    assert.equal(centuryStartOf(span(1950, 2026), TODAY), 1950)
  })
  test('births over a whole century, or too few to tell, leave the century to the default', () => {
    assert.equal(centuryStartOf(span(1900, 1999), TODAY), undefined)
    assert.equal(centuryStartOf(span(1915, 1940, 2), TODAY), undefined)
  })
  test('a typo in the gap does not close it', () => {
    assert.equal(centuryStartOf([...span(1915, 1960, 5), 80], TODAY), 1915)
  })
  test('a two-digit year is read in the hundred years from the column start', () => {
    assert.equal(parseDateFrom('03/05/20', 1915, 'dayFirst', TODAY).value, '1920-05-03')
    assert.equal(parseDateFrom('05/03/20', 1915, 'monthFirst', TODAY).value, '1920-05-03')
    assert.equal(parseDateFrom('17-JAN-60', 1915, 'dayFirst', TODAY).value, '1960-01-17')
    assert.equal(value('03/05/20'), '2020-05-03')
  })
  test('only dates written with a two-digit year have one', () => {
    assert.deepEqual(
      ['03/05/20', '17-JAN-20', 'Jan 17 20', '03/05/1920', '1920-05-03', '20'].map(twoDigitYearOf),
      [20, 20, 20, null, null, null],
    )
  })
})
