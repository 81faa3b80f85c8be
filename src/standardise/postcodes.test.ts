import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { parsePostcode } from './postcodes.ts'

describe('parsePostcode', () => {
  test('normalises case and spacing and splits into area, district and sector', () => {
    const expected = { postcode: 'sw1a 1aa', area: 'sw', district: 'sw1a', sector: 'sw1a 1', status: 'ok' }
    for (const s of ['SW1A 1AA', 'sw1a1aa', ' Sw1A   1aA ', 'SW1A\t1AA'])
      assert.deepEqual(parsePostcode(s), expected, s)
  })

  test('accepts every UK format', () => {
    const cases: [string, string, string, string][] = [
      ['M1 1AE', 'm1 1ae', 'm', 'm1'],
      ['B33 8TH', 'b33 8th', 'b', 'b33'],
      ['CR2 6XH', 'cr2 6xh', 'cr', 'cr2'],
      ['DN55 1PT', 'dn55 1pt', 'dn', 'dn55'],
      ['W1A 0AX', 'w1a 0ax', 'w', 'w1a'],
      ['EC1A 1BB', 'ec1a 1bb', 'ec', 'ec1a'],
    ]
    for (const [input, postcode, area, district] of cases) {
      const p = parsePostcode(input)
      assert.deepEqual([p.postcode, p.area, p.district, p.status], [postcode, area, district, 'ok'], input)
    }
    assert.equal(parsePostcode('GIR 0AA').postcode, 'gir 0aa')
  })

  test('a pseudo-postcode (ZZ99 3VZ for no fixed abode) is no postcode, so the homeless do not share one', () => {
    for (const s of ['ZZ99 3VZ', 'zz993wz', 'ZZ99 3CZ', 'ZZ99'])
      assert.deepEqual(parsePostcode(s), parsePostcode(''), s)
  })

  test('an outward code alone gives area and district only', () => {
    assert.deepEqual(parsePostcode('SW1A'), {
      postcode: null,
      area: 'sw',
      district: 'sw1a',
      sector: null,
      status: 'ok',
    })
    assert.equal(parsePostcode('m1').district, 'm1')
  })

  test("other countries' postcodes are kept whole as postcode and district, so equal ones still compare", () => {
    assert.deepEqual(parsePostcode(' 2615 '), {
      postcode: '2615',
      area: null,
      district: '2615',
      sector: null,
      status: 'ok',
    })
    const cases: [string, string][] = [
      ['1012 AB', '1012ab'],
      ['01310-100', '01310100'],
      ['110 01', '11001'],
      ['560001', '560001'],
      ['00-950', '00950'],
    ]
    for (const [input, code] of cases) {
      const p = parsePostcode(input)
      assert.deepEqual(
        [p.postcode, p.district, p.area, p.sector, p.status],
        [code, code, null, null, 'ok'],
        input,
      )
    }
    assert.equal(parsePostcode('12').status, 'invalid')
    assert.equal(parsePostcode('12345678901').status, 'invalid')
  })

  test("a US ZIP+4 shares its ZIP's district, and Canada's postcodes are read in their own form", () => {
    const parts = (s: string) => {
      const p = parsePostcode(s)
      return [p.postcode, p.district, p.status]
    }
    assert.deepEqual(parts('27601-1234'), ['27601-1234', '27601', 'ok'])
    assert.deepEqual(parts('27601'), ['27601', '27601', 'ok'])
    assert.deepEqual(parts('K1A 0B1'), ['k1a 0b1', 'k1a', 'ok'])
    assert.deepEqual(parts('k1a0b1'), ['k1a 0b1', 'k1a', 'ok'])
    // A UK code mistyped is not taken for a Canadian one: Canada's have no letter D, F, I, O, Q or U.
    assert.deepEqual(parts('D1A 0B1'), [null, null, 'invalid'])
  })

  test('a code that starts like a UK postcode but is none is invalid, as is one with no digit', () => {
    for (const s of [
      'SW1A 1A',
      'SWW1 1AA',
      'S 1AA',
      'SW1A 1AAA',
      'unknown',
      'SW1A-1AA',
      'n/a',
      '12-',
      '-12345',
    ]) {
      assert.deepEqual(
        parsePostcode(s),
        { postcode: null, area: null, district: null, sector: null, status: 'invalid' },
        s,
      )
    }
    assert.equal(parsePostcode('').status, 'missing')
    assert.equal(parsePostcode(null).status, 'missing')
  })

  test('never throws, and a normalised postcode parses to itself', () => {
    const postcodeLike = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/),
    )
    fc.assert(
      fc.property(postcodeLike, (s) => {
        const p = parsePostcode(s)
        if (p.postcode !== null) assert.deepEqual(parsePostcode(p.postcode), p)
        if (p.status !== 'ok') assert.equal(p.district, null)
      }),
    )
  })
})
