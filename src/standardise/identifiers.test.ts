import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { croCheckCharacter, pncCheckCharacter } from '../core/check-characters.ts'
import {
  normaliseCrn,
  normaliseCro,
  normaliseEmail,
  normaliseNino,
  normaliseOtherId,
  normalisePhone,
  normalisePnc,
  normalisePrisonNumber,
  normaliseSex,
} from './identifiers.ts'

const PNC_CHECK = pncCheckCharacter(2012, 52834)
const WRONG_PNC_CHECK = PNC_CHECK === 'A' ? 'B' : 'A'
const CRO_CHECK = croCheckCharacter(12, 12345)
const WRONG_CRO_CHECK = CRO_CHECK === 'A' ? 'B' : 'A'

describe('normalisePnc', () => {
  test('accepts the usual forms and gives YYYY/NNNNNNNC', () => {
    const canonical = `2012/0052834${PNC_CHECK}`
    for (const s of [
      `2012/52834${PNC_CHECK}`,
      `12/52834${PNC_CHECK}`,
      `2012/0052834${PNC_CHECK}`,
      ` 2012 / 52834 ${PNC_CHECK.toLowerCase()} `,
      `201252834${PNC_CHECK}`,
    ]) {
      assert.deepEqual(normalisePnc(s), { value: canonical, status: 'ok' }, s)
    }
  })

  test('two-digit years of 40 and above are 19xx', () => {
    const check = pncCheckCharacter(1985, 1234)
    assert.equal(normalisePnc(`85/1234${check}`).value, `1985/0001234${check}`)
    const check39 = pncCheckCharacter(2039, 1234)
    assert.equal(normalisePnc(`39/1234${check39}`).value, `2039/0001234${check39}`)
  })

  test('a wrong check character is invalid', () => {
    assert.equal(normalisePnc(`2012/52834${WRONG_PNC_CHECK}`).status, 'invalid')
    assert.equal(normalisePnc('2012/52834').status, 'invalid')
    assert.equal(normalisePnc('2012/123456789A').status, 'invalid')
  })

  test('junk and missing values', () => {
    for (const s of ['UNKNOWN', 'N/A', 'NONE', '0', '000000', 'not known'])
      assert.equal(normalisePnc(s).status, 'junk', s)
    assert.equal(normalisePnc('').status, 'missing')
    assert.equal(normalisePnc(null).status, 'missing')
  })
})

describe('normaliseCro', () => {
  test('gives NNNNNN/YYC with the check character verified', () => {
    const canonical = `012345/12${CRO_CHECK}`
    for (const s of [
      `12345/12${CRO_CHECK}`,
      `012345/12${CRO_CHECK}`,
      ` 012345 / 12 ${CRO_CHECK.toLowerCase()}`,
    ]) {
      assert.deepEqual(normaliseCro(s), { value: canonical, status: 'ok' }, s)
    }
    assert.equal(normaliseCro(`12345/12${WRONG_CRO_CHECK}`).status, 'invalid')
  })

  test('accepts the SF form without a check', () => {
    assert.deepEqual(normaliseCro('SF 93/123456 C'), { value: 'SF93/123456C', status: 'ok' })
    assert.equal(normaliseCro('sf93/1234x').value, 'SF93/001234X')
  })

  test('junk', () => {
    assert.equal(normaliseCro('NULL').status, 'junk')
    assert.equal(normaliseCro('XXXXXX').status, 'junk')
  })
})

describe('zero serials', () => {
  test('a PNC or CRO number whose serial is zeros is "not known", though its check letter is right', () => {
    for (const s of ['000000/00Z', '0/00Z', '000000 00Z']) assert.equal(normaliseCro(s).status, 'junk', s)
    for (const s of ['00/0000000Z', '2000/0000000Z', '20000000000Z'])
      assert.equal(normalisePnc(s).status, 'junk', s)
    assert.equal(normaliseCro(`000001/00${croCheckCharacter(0, 1)}`).status, 'ok')
  })
})

describe('normaliseNino', () => {
  test('two letters, six digits and a suffix A to D', () => {
    assert.deepEqual(normaliseNino('ab 10 37 59 c'), { value: 'AB103759C', status: 'ok' })
    assert.equal(normaliseNino('AB103759D').status, 'ok')
    assert.equal(normaliseNino('AB103759E').status, 'invalid')
    assert.equal(normaliseNino('AB12345C').status, 'invalid')
  })

  test('rejects invalid first and second letters', () => {
    for (const first of 'DFIQUV') assert.equal(normaliseNino(`${first}A103759A`).status, 'invalid', first)
    for (const second of 'DFIOQUV') assert.equal(normaliseNino(`A${second}103759A`).status, 'invalid', second)
    assert.equal(normaliseNino('OA103759A').status, 'ok')
  })

  test('rejects never-issued and temporary prefixes', () => {
    for (const prefix of ['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']) {
      assert.equal(normaliseNino(`${prefix}103759A`).status, 'invalid', prefix)
    }
  })

  test('the example number and fillers are "not known", not a number many people share', () => {
    for (const s of ['AB123456C', 'ab 12 34 56 c', 'JG123456A', 'AA000000A', 'CE999999D'])
      assert.equal(normaliseNino(s).status, 'junk', s)
    assert.equal(normaliseNino('AB123457C').status, 'ok')
  })

  test('junk', () => {
    assert.equal(normaliseNino('REFUSED').status, 'junk')
    assert.equal(normaliseNino('TBC').status, 'junk')
  })
})

describe('other identifiers', () => {
  test('prison numbers', () => {
    assert.deepEqual(normalisePrisonNumber(' a1234bc '), { value: 'A1234BC', status: 'ok' })
    assert.equal(normalisePrisonNumber('A12345BC').status, 'invalid')
    assert.equal(normalisePrisonNumber('1234ABC').status, 'invalid')
  })

  test('case reference numbers', () => {
    assert.deepEqual(normaliseCrn('x123456'), { value: 'X123456', status: 'ok' })
    assert.equal(normaliseCrn('X12345').status, 'invalid')
    assert.equal(normaliseCrn('XX123456').status, 'invalid')
  })

  test('other ids are upper case without spaces or punctuation', () => {
    assert.deepEqual(normaliseOtherId(' ab-12 3/4 '), { value: 'AB1234', status: 'ok' })
    assert.equal(normaliseOtherId('123456').status, 'junk')
    assert.equal(normaliseOtherId('  ').status, 'missing')
  })

  test('junk values are recognised in every identifier', () => {
    const junk = ['UNKNOWN', 'N/A', 'NA', 'NONE', 'NULL', '0', '000000', 'XXXXXX', '999999', '123456', 'TBC']
    for (const s of [...junk, 'NOT KNOWN', 'REFUSED']) {
      for (const f of [
        normaliseOtherId,
        normaliseCrn,
        normalisePrisonNumber,
        normaliseEmail,
        normalisePhone,
      ]) {
        assert.equal(f(s).status, 'junk', `${f.name}(${s})`)
      }
    }
  })

  test('emails: trimmed, lower case, one @ and a dot in the domain', () => {
    assert.deepEqual(normaliseEmail('  Jo.Bloggs@Example.COM '), {
      value: 'jo.bloggs@example.com',
      status: 'ok',
    })
    for (const s of [
      'jo.bloggs',
      'jo@example',
      'jo@@example.com',
      'jo@ex@ample.com',
      'jo @example.com',
      'jo@example.',
    ]) {
      assert.equal(normaliseEmail(s).status, 'invalid', s)
    }
  })

  test('phones: digits only, UK national form', () => {
    assert.deepEqual(normalisePhone('+44 (0)20 7946 0000'), { value: '02079460000', status: 'ok' })
    assert.equal(normalisePhone('+44 20 7946 0000').value, '02079460000')
    assert.equal(normalisePhone('0044 113 496 0000').value, '01134960000')
    assert.equal(normalisePhone('07700-900-123').value, '07700900123')
    // An extension is the line's: the number is the same without it.
    for (const s of ['(0161) 496 0000 ext 214', '0161-496-0000 x12', '0161 496 0000 Ext. 3'])
      assert.equal(normalisePhone(s).value, '01614960000', s)
    assert.equal(normalisePhone('496 0000').status, 'invalid')
    assert.equal(normalisePhone('0000000000').status, 'junk')
    assert.equal(normalisePhone(null).status, 'missing')
  })

  test('sex', () => {
    for (const s of ['m', 'M', 'male', 'Man', '1', ' MALE ']) assert.equal(normaliseSex(s), 'm', s)
    for (const s of ['f', 'F', 'female', 'Woman', '2']) assert.equal(normaliseSex(s), 'f', s)
    for (const s of ['männlich', 'Masculin', 'masculino', 'homme']) assert.equal(normaliseSex(s), 'm', s)
    for (const s of ['weiblich', 'W', 'féminin', 'Femenino', 'femme']) assert.equal(normaliseSex(s), 'f', s)
    for (const s of ['u', 'unknown', 'x', '0', '9', '', null, 'Other', 'Prefer not to say'])
      assert.equal(normaliseSex(s), null, String(s))
  })
})

describe('identifier properties', () => {
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }))

  test('PNC: never throws; normalised values are stable', () => {
    // Serials are issued from 1: a serial of zeros is "not known" (tested above).
    const pncLike = fc
      .tuple(fc.integer({ min: 1940, max: 2039 }), fc.integer({ min: 1, max: 9_999_999 }), fc.boolean())
      .map(([y, n, short]) => `${short ? String(y).slice(2) : y}/${n}${pncCheckCharacter(y, n)}`)
    fc.assert(
      fc.property(fc.oneof(anyText, pncLike), (s) => {
        const p = normalisePnc(s)
        if (p.value !== null) assert.deepEqual(normalisePnc(p.value), p)
      }),
    )
    fc.assert(fc.property(pncLike, (s) => assert.equal(normalisePnc(s).status, 'ok')))
  })

  test('CRO: never throws; normalised values are stable', () => {
    const croLike = fc
      .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 99 }))
      .map(([n, y]) => `${n}/${String(y).padStart(2, '0')}${croCheckCharacter(y, n)}`)
    fc.assert(
      fc.property(fc.oneof(anyText, croLike), (s) => {
        const p = normaliseCro(s)
        if (p.value !== null) assert.deepEqual(normaliseCro(p.value), p)
      }),
    )
  })

  test('NINO: never throws; normalised values are stable', () => {
    const ninoLike = fc.stringMatching(/^[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-E]$/)
    fc.assert(
      fc.property(fc.oneof(anyText, ninoLike), (s) => {
        const p = normaliseNino(s)
        if (p.value !== null) assert.deepEqual(normaliseNino(p.value), p)
      }),
    )
  })
})
