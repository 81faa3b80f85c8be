import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TERMS, windowRow, YEAR } from './features.ts'
import { fitCustodyModel } from './model.ts'
import { TRUE_COEFFICIENTS } from './process.ts'
import { TEST_TODAY, testPeople } from './testing/people.ts'

describe('the custody estimate against its generating process', () => {
  test('a fit on a large synthetic set recovers the generating coefficients', () => {
    const people = testPeople(40_000, 11)
    const rows = people.flatMap((p) =>
      [1, 2, 3, 4, 5, 6, 7].flatMap((k) => windowRow(p.history, TEST_TODAY - k * YEAR) ?? []),
    )
    assert.ok(rows.length > 60_000, `${rows.length} person-years`)
    const period = { from: '2019-01-01', to: '2026-01-01', personYears: rows.length }
    const model = fitCustodyModel(rows, { asOf: '2026-01-01', train: period, test: period })
    for (const t of model.terms) {
      if (t.name === 'age unknown') continue
      const truth = TRUE_COEFFICIENTS[t.name]
      // Within 3 standard errors (and the errors themselves small), so a wrong fit cannot pass by luck.
      assert.ok(t.standardError < 0.1, `${t.name}: standard error ${t.standardError}`)
      assert.ok(
        Math.abs(t.coefficient - truth) < 3 * t.standardError + 0.01,
        `${t.name}: fitted ${t.coefficient.toFixed(3)} ± ${t.standardError.toFixed(3)}, true ${truth}`,
      )
    }
    assert.equal(model.terms.length, TERMS.length)
    assert.ok(Math.abs(model.dispersion - 1) < 0.1, `dispersion ${model.dispersion}`)
  })
})
