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
 * n - p; 1 for a true Poisson) when it is above 1.
 *
 * Negative binomial (NB2): y_i has mean mu_i and variance mu_i (1 + alpha mu_i). For a given alpha the same steps
 * fit it with weights w = mu / (1 + alpha mu) (the working response is unchanged, as the link is still log);
 * `fitNegativeBinomial` alternates such a fit with the moment estimate of alpha of Cameron and Trivedi's auxiliary
 * regression, ((y - mu)^2 - y) / mu = alpha mu + error, so alpha = sum((y - mu)^2 - y) / sum(mu^2), until alpha
 * settles. Its standard errors come from (X'WX)^-1 with those weights, unscaled.
 */

export interface PoissonData {
  /** Rows of `p` values, one row after another. */
  x: Float64Array
  p: number
  y: Float64Array
  exposure: Float64Array
}

export interface PoissonFit {
  /** 0 for Poisson; the negative binomial's alpha otherwise. */
  alpha: number
  coefficients: number[]
  standardErrors: number[]
  /** Pearson chi-square over n - p: near 1 for Poisson counts, above it when they vary more. */
  dispersion: number
  deviance: number
  iterations: number
  converged: boolean
}

const RIDGE = 1e-6

export const fitPoisson = (
  data: PoissonData,
  alpha = 0,
  maxIterations = 50,
  tolerance = 1e-9,
  start: readonly number[] | null = null,
): PoissonFit => {
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
  let b = start ? [...start] : new Array<number>(p).fill(0)
  if (!start) b[0] = Math.log(Math.max(sumY, 0.5) / sumE)
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
      const w = mu / (1 + alpha * mu)
      for (let j = 0; j < p; j++) {
        const wx = w * x[row + j]!
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
    pearson += (yi - mu) ** 2 / (mu * (1 + alpha * mu))
    deviance +=
      alpha === 0
        ? 2 * ((yi > 0 ? yi * Math.log(yi / mu) : 0) - (yi - mu))
        : 2 *
          ((yi > 0 ? yi * Math.log(yi / mu) : 0) -
            (yi + 1 / alpha) * Math.log((1 + alpha * yi) / (1 + alpha * mu)))
  }
  const dispersion = pearson / (n - p)
  const inverse = new CholeskyDecomposition(info).solve(Matrix.eye(p, p))
  const scale = alpha === 0 ? Math.max(dispersion, 1) : 1
  return {
    alpha,
    coefficients: b,
    standardErrors: b.map((_, j) => Math.sqrt(Math.max(inverse.get(j, j), 0) * scale)),
    dispersion,
    deviance,
    iterations,
    converged,
  }
}

/** The moment estimate of alpha given the means of a fit: 0 when the counts vary no more than Poisson. */
const alphaOf = (data: PoissonData, b: readonly number[]): number => {
  let num = 0
  let den = 0
  for (let i = 0; i < data.y.length; i++) {
    let eta = 0
    for (let j = 0; j < data.p; j++) eta += data.x[i * data.p + j]! * b[j]!
    const mu = Math.exp(eta) * data.exposure[i]!
    num += (data.y[i]! - mu) ** 2 - data.y[i]!
    den += mu * mu
  }
  return Math.max(0, num / den)
}

/** A negative binomial (NB2) fit: alpha and the coefficients in turn, from the Poisson fit, until alpha settles. */
export const fitNegativeBinomial = (data: PoissonData, rounds = 20): PoissonFit => {
  let fit = fitPoisson(data)
  for (let r = 0; r < rounds; r++) {
    const alpha = alphaOf(data, fit.coefficients)
    const settled = Math.abs(alpha - fit.alpha) < 1e-6 * (1 + alpha)
    fit = fitPoisson(data, alpha, 50, 1e-9, fit.coefficients)
    if (settled) break
  }
  return fit
}
