import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { fitPoisson } from './poisson.ts'

describe('fitPoisson', () => {
  test('one indicator: the closed-form answer, log of each group rate and of their ratio', () => {
    // Group A: 10 incidents in 20 years in custody; group B: 12 in 8 years.
    const rows = [
      [0, 4, 8],
      [0, 6, 12],
      [1, 5, 3],
      [1, 7, 5],
    ] as const
    const fit = fitPoisson({
      x: Float64Array.from(rows.flatMap(([b]) => [1, b])),
      p: 2,
      y: Float64Array.from(rows.map(([, y]) => y)),
      exposure: Float64Array.from(rows.map(([, , e]) => e)),
    })
    assert.ok(fit.converged)
    assert.ok(Math.abs(fit.coefficients[0]! - Math.log(10 / 20)) < 1e-6)
    assert.ok(Math.abs(fit.coefficients[1]! - Math.log(12 / 8 / (10 / 20))) < 1e-5)
    // The standard error of a log rate ratio of Poisson counts: sqrt(1/10 + 1/12) (dispersion below 1 here).
    assert.ok(Math.abs(fit.standardErrors[1]! - Math.sqrt(1 / 10 + 1 / 12)) < 1e-4)
  })

  test('a category with no rows keeps a coefficient of 0 instead of failing', () => {
    const fit = fitPoisson({
      x: Float64Array.from([1, 0, 1, 0, 1, 0]),
      p: 2,
      y: Float64Array.from([1, 2, 3]),
      exposure: Float64Array.from([1, 1, 1]),
    })
    assert.ok(Math.abs(fit.coefficients[0]! - Math.log(2)) < 1e-6)
    assert.equal(fit.coefficients[1], 0)
  })
})
