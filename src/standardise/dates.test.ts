import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { parseDate } from './dates.ts'

const TODAY = new Date('2026-06-01T12:00:00Z')
const value = (s: string): string | null => parseDate(s, TODAY).value
const status = (s: string): string => parseDate(s, TODAY).status

describe('parseDate', () => {
  test('ISO dates, with or without a time', () => {
    assert.equal(value('1985-03-07'), '1985-03-07')
    assert.equal(value('1985-3-7'), '1985-03-07')
    assert.equal(value('1985-03-07T00:00:00Z'), '1985-03-07')
    assert.equal(value('1985-03-07 13:45:00'), '1985-03-07')
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
    assert.equal(status('1899-12-31'), 'invalid')
    assert.equal(status('2026-06-02'), 'invalid')
    assert.equal(value('2026-06-01'), '2026-06-01')
    assert.equal(status('not a date'), 'invalid')
  })

  test('placeholders used for unknown dates', () => {
    for (const s of [
      '1900-01-01',
      '01/01/1900',
      '1901-01-01',
      '1970-01-01',
      '1800-01-01',
      '9999-12-31',
      '0001-01-01',
    ]) {
      assert.deepEqual(parseDate(s, TODAY), { value: null, status: 'placeholder' }, s)
    }
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
