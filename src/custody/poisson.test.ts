import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { fitNegativeBinomial, fitPoisson } from './poisson.ts'

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

describe('fitNegativeBinomial', () => {
  // Counts with a gamma-distributed rate of shape 2 (the sum of two exponentials): negative binomial, alpha 0.5.
  const draw = (overdispersed: boolean) => {
    let s = 7
    const u = () => {
      s = (s * 16807) % 2147483647
      return s / 2147483647
    }
    const poisson = (mean: number) => {
      let k = 0
      let prod = u()
      while (prod > Math.exp(-mean)) {
        k++
        prod *= u()
      }
      return k
    }
    const n = 20_000
    const x = new Float64Array(n * 2)
    const y = new Float64Array(n)
    const exposure = new Float64Array(n).fill(1)
    for (let i = 0; i < n; i++) {
      const b = i % 2
      x.set([1, b], i * 2)
      const mean = Math.exp(Math.log(0.8) + 0.7 * b)
      const gamma = overdispersed ? -0.5 * (Math.log(u()) + Math.log(u())) : 1
      y[i] = poisson(mean * gamma)
    }
    return { x, p: 2, y, exposure }
  }

  test('recovers alpha and the coefficients of overdispersed counts', () => {
    const data = draw(true)
    assert.ok(fitPoisson(data).dispersion > 1.2)
    const fit = fitNegativeBinomial(data)
    assert.ok(Math.abs(fit.alpha - 0.5) < 0.05, `alpha ${fit.alpha}`)
    assert.ok(
      Math.abs(fit.coefficients[0]! - Math.log(0.8)) < 3 * fit.standardErrors[0]!,
      `${fit.coefficients[0]}`,
    )
    assert.ok(Math.abs(fit.coefficients[1]! - 0.7) < 3 * fit.standardErrors[1]!, `${fit.coefficients[1]}`)
  })

  test('finds alpha near 0 in Poisson counts', () => {
    const data = draw(false)
    assert.ok(fitPoisson(data).dispersion < 1.1)
    assert.ok(fitNegativeBinomial(data).alpha < 0.03)
  })
})
