import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { ocr, phonetic, typo } from './corrupt.ts'
import { csvLine } from './csv.ts'
import { civilFromDay, dayFromCivil, parseIsoDay } from './dates.ts'
import { crn, pncNumber, prisonNumber } from './identifiers.ts'
import { drawSurname, feminineSurname } from './names/index.ts'
import { createRandom } from './random.ts'
import { defaultErrorRates } from './rates.ts'
import { recordedDob } from './records.ts'

describe('csvLine', () => {
  test('any values survive a round trip through a CSV parser', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 6 }), (values) => {
        const parsed = parse(csvLine(values), { relax_column_count: false }) as string[][]
        assert.deepEqual(parsed, [values])
      }),
    )
  })
})

describe('dates', () => {
  test('days and civil dates convert both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30000, max: 30000 }), (d) => {
        const c = civilFromDay(d)
        assert.equal(dayFromCivil(c.year, c.month, c.day), d)
      }),
    )
    assert.equal(parseIsoDay('2026-02-30'), null)
    assert.equal(parseIsoDay('1970-01-01'), 0)
  })
})

describe('recordedDob', () => {
  test('swaps day and month at about the configured rate where the swap is possible', () => {
    const random = createRandom(11)
    const dob = { year: 1990, month: 7, day: 3 }
    let swapped = 0
    const n = 40000
    for (let i = 0; i < n; i++) {
      const r = recordedDob(random, dob, defaultErrorRates)
      if (r && r.month === 3 && r.day === 7) swapped++
    }
    assert.ok(Math.abs(swapped / n - defaultErrorRates.dobDayMonthSwap) < 0.004, `swap rate ${swapped / n}`)
  })

  test('never swaps where the result would be impossible or the same', () => {
    const random = createRandom(12)
    for (let i = 0; i < 5000; i++) {
      const r = recordedDob(
        random,
        { year: 1985, month: 4, day: 25 },
        { ...defaultErrorRates, dobDigitTypo: 0 },
      )
      if (r) assert.deepEqual(r, { year: 1985, month: 4, day: 25 })
    }
  })
})

describe('spelling errors', () => {
  const name = fc.stringMatching(/^[A-Z][a-z]{3,11}$/)

  test('a typo changes a name by one edit at most and keeps the first letter', () => {
    fc.assert(
      fc.property(name, fc.integer(), (n, seed) => {
        const out = typo(createRandom(seed), n)
        assert.equal(out[0], n[0])
        assert.ok(Math.abs(out.length - n.length) <= 1)
      }),
    )
  })

  test('OCR and phonetic changes happen where their patterns occur', () => {
    assert.equal(ocr(createRandom(1), 'Barnes').includes('rn'), false)
    assert.equal(phonetic(createRandom(1), 'Ralph'), 'Ralf')
    assert.equal(phonetic(createRandom(1), 'Xq'), 'Xq')
  })
})

describe('names', () => {
  test('feminine surname forms', () => {
    assert.equal(feminineSurname('Kowalski'), 'Kowalska')
    assert.equal(feminineSurname('Nowicki'), 'Nowicka')
    assert.equal(feminineSurname('Ivanov'), 'Ivanova')
    assert.equal(feminineSurname('Novak'), 'Nováková'.replace('ák', 'ak'))
    assert.equal(feminineSurname('Nowak'), 'Nowak')
  })

  test('british surnames are skewed but the commonest stays near 1% with a long tail', () => {
    const random = createRandom(5)
    const counts = new Map<string, number>()
    const n = 60000
    for (let i = 0; i < n; i++) {
      const s = drawSurname(random, 'british')
      counts.set(s, (counts.get(s) ?? 0) + 1)
    }
    const smith = (counts.get('Smith') ?? 0) / n
    assert.ok(smith > 0.006 && smith < 0.013, `Smith share ${smith}`)
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3)
    assert.ok(
      top.some(([s]) => s === 'Smith'),
      'Smith is not among the three commonest',
    )
    assert.ok(counts.size > 600, `distinct surnames ${counts.size}`)
  })
})

describe('identifiers', () => {
  test('different people never share a prison number, CRN or PNC', () => {
    for (const make of [prisonNumber, crn, (n: number) => pncNumber(n, 2010)]) {
      const seen = new Set<string>()
      for (let n = 0; n < 100_000; n++) seen.add(make(n))
      assert.equal(seen.size, 100_000)
    }
  })
})
