import { CholeskyDecomposition, Matrix } from 'ml-matrix'

/**
 * Poisson regression with a log link and an exposure offset, fitted by iteratively reweighted least squares (IRLS).
 *
 * The model: y_i ~ Poisson(mu_i), log mu_i = x_i·b + log(e_i), where e_i is the exposure (years in custody).
 * Newton's method on the log-likelihood sum(y log mu - mu) is, for this canonical link, a weighted least-squares
 * step each time: with eta = x·b, mu = e·exp(eta), weights w = mu and the working response
 * z = eta + (y - mu) / mu, the next b solves (X'WX) b = X'W z. The Hessian X'WX is symmetric positive definite, so
 * ml-matrix's Cholesky decomposition solves it; a small ridge term on every coefficient but the intercept keeps it
 * so when a category (an age band, say) has no rows, and leaves that coefficient at 0. The coefficients' standard
 * errors are the square roots of the diagonal of (X'WX)^-1, scaled by the dispersion (Pearson chi-square over
 * n - p; 1 for a true Poisson) so that overdispersed counts get honest, wider intervals (quasi-Poisson).
 */

export interface PoissonData {
  /** Rows of `p` values, one row after another. */
  x: Float64Array
  p: number
  y: Float64Array
  exposure: Float64Array
}

export interface PoissonFit {
  coefficients: number[]
  standardErrors: number[]
  /** Pearson chi-square over n - p: near 1 for Poisson counts, above it when they vary more. */
  dispersion: number
  deviance: number
  iterations: number
  converged: boolean
}

const RIDGE = 1e-6

export const fitPoisson = (data: PoissonData, maxIterations = 50, tolerance = 1e-9): PoissonFit => {
  const { x, p, y, exposure } = data
  const n = y.length
  if (x.length !== n * p || exposure.length !== n) throw new RangeError('x, y and exposure must have n rows')
  if (n <= p) throw new RangeError(`a Poisson fit of ${p} coefficients needs more than ${p} rows`)
  // Start from the overall rate, the fit of the intercept alone.
  let sumY = 0
  let sumE = 0
  for (let i = 0; i < n; i++) {
    sumY += y[i]!
    sumE += exposure[i]!
  }
  let b = new Array<number>(p).fill(0)
  b[0] = Math.log(Math.max(sumY, 0.5) / sumE)
  const logE = exposure.map(Math.log)
  let info = new Matrix(p, p)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations && !converged) {
    iterations++
    const h = new Float64Array(p * p)
    const g = new Float64Array(p)
    for (let i = 0; i < n; i++) {
      const row = i * p
      let eta = 0
      for (let j = 0; j < p; j++) eta += x[row + j]! * b[j]!
      const mu = Math.exp(eta + logE[i]!)
      const z = eta + (y[i]! - mu) / mu
      for (let j = 0; j < p; j++) {
        const wx = mu * x[row + j]!
        if (wx === 0) continue
        g[j]! += wx * z
        for (let k = j; k < p; k++) h[j * p + k]! += wx * x[row + k]!
      }
    }
    info = new Matrix(p, p)
    for (let j = 0; j < p; j++)
      for (let k = j; k < p; k++) {
        const v = h[j * p + k]! + (j === k && j > 0 ? RIDGE : 0)
        info.set(j, k, v)
        info.set(k, j, v)
      }
    const next = new CholeskyDecomposition(info).solve(Matrix.columnVector([...g])).to1DArray()
    converged = next.every((v, j) => Math.abs(v - b[j]!) < tolerance * (1 + Math.abs(v)))
    b = next
  }
  let pearson = 0
  let deviance = 0
  for (let i = 0; i < n; i++) {
    let eta = 0
    for (let j = 0; j < p; j++) eta += x[i * p + j]! * b[j]!
    const mu = Math.exp(eta + logE[i]!)
    const yi = y[i]!
    pearson += (yi - mu) ** 2 / mu
    deviance += 2 * ((yi > 0 ? yi * Math.log(yi / mu) : 0) - (yi - mu))
  }
  const dispersion = pearson / (n - p)
  const inverse = new CholeskyDecomposition(info).solve(Matrix.eye(p, p))
  return {
    coefficients: b,
    standardErrors: b.map((_, j) => Math.sqrt(Math.max(inverse.get(j, j), 0) * Math.max(dispersion, 1))),
    dispersion,
    deviance,
    iterations,
    converged,
  }
}
