import { TERMS } from '../features.ts'
import { type CustodyModel, MODEL_FORMAT, MODEL_VERSION } from '../model.ts'
import { TRUE_COEFFICIENTS } from '../process.ts'

/** A custody model file as training writes one, with the generating coefficients, for tests of what reads it. */
export const testCustodyModel = (overrides: Partial<CustodyModel> = {}): CustodyModel => ({
  format: MODEL_FORMAT,
  version: MODEL_VERSION,
  family: 'poisson',
  alpha: 0,
  trainedAt: '2026-01-02T00:00:00.000Z',
  asOf: '2026-01-01',
  train: { from: '2020-01-01', to: '2025-01-01', personYears: 1000 },
  test: { from: '2025-01-01', to: '2026-01-01', personYears: 200 },
  dispersion: 1,
  terms: TERMS.map((name) => ({
    name,
    description: name,
    coefficient: TRUE_COEFFICIENTS[name],
    standardError: 0.1,
  })),
  ...overrides,
})
