import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'
import { designRow, type Features, INCIDENT_CAP, TERMS, type WindowRow } from './features.ts'
import { fitNegativeBinomial, fitPoisson } from './poisson.ts'

/**
 * The custody violence estimate: the expected number of incidents in custody a person will be involved in over a
 * year in custody, from a Poisson (or, when overdispersed, negative binomial) regression on features of their whole
 * linked history. The file it is kept in names every term and coefficient, so anyone can recompute an estimate by
 * hand.
 */

export const MODEL_FORMAT = 'justid-custody-estimate'
export const MODEL_VERSION = 1

const termSchema = z.strictObject({
  name: z.enum(TERMS),
  description: z.string(),
  coefficient: z.number().finite(),
  standardError: z.number().finite().nonnegative(),
})

export const custodyModelSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  /** Negative binomial when the counts vary clearly more than Poisson (dispersion above 1.2). */
  family: z.enum(['poisson', 'negative_binomial']),
  /** The negative binomial's alpha (variance mu (1 + alpha mu)); 0 for Poisson. */
  alpha: z.number().finite().nonnegative(),
  trainedAt: z.iso.datetime(),
  /** The first day after the data the model was trained and tested on. */
  asOf: z.iso.date(),
  /** The years (person-years in custody) it was fitted on, and the later year it was tested on. */
  train: z.strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    personYears: z.number().int().nonnegative(),
  }),
  test: z.strictObject({ from: z.iso.date(), to: z.iso.date(), personYears: z.number().int().nonnegative() }),
  /** Of the Poisson fit: Pearson chi-square over degrees of freedom. */
  dispersion: z.number().nonnegative(),
  terms: z.array(termSchema).length(TERMS.length),
})

export type CustodyModel = z.infer<typeof custodyModelSchema>

const DESCRIPTIONS: Record<(typeof TERMS)[number], string> = {
  intercept: 'log of the yearly rate of someone aged 30-39 with no recent incidents or time in custody',
  'age under 21': 'aged under 21, against 30-39',
  'age 21-24': 'aged 21-24, against 30-39',
  'age 25-29': 'aged 25-29, against 30-39',
  'age 40-49': 'aged 40-49, against 30-39',
  'age 50 and over': 'aged 50 or over, against 30-39',
  'age unknown': 'no date of birth on any linked record',
  'recent incidents': `each incident in custody in the 12 months before, up to ${INCIDENT_CAP}`,
  'older incidents': `each incident in custody 1 to 3 years before, up to ${INCIDENT_CAP}`,
  'years in custody': 'each year in custody in the 3 years before',
}

/** Above this Pearson dispersion of the Poisson fit, the counts are modelled as negative binomial. */
export const OVERDISPERSED = 1.2

export interface Period {
  from: string
  to: string
  personYears: number
}

export const fitCustodyModel = (
  rows: readonly WindowRow[],
  periods: { asOf: string; train: Period; test: Period },
  trainedAt = new Date(),
): CustodyModel => {
  const p = TERMS.length
  const x = new Float64Array(rows.length * p)
  const y = new Float64Array(rows.length)
  const exposure = new Float64Array(rows.length)
  rows.forEach((r, i) => {
    x.set(designRow(r.features), i * p)
    y[i] = r.count
    exposure[i] = r.exposure
  })
  if (rows.length <= p)
    throw new JustIdError(
      'usage',
      `too few person-years in custody to train on (${rows.length}, need over ${p})`,
    )
  const data = { x, p, y, exposure }
  const poisson = fitPoisson(data)
  const fit = poisson.dispersion > OVERDISPERSED ? fitNegativeBinomial(data) : poisson
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    family: fit.alpha > 0 ? 'negative_binomial' : 'poisson',
    alpha: fit.alpha,
    trainedAt: trainedAt.toISOString(),
    ...periods,
    dispersion: poisson.dispersion,
    terms: TERMS.map((name, j) => ({
      name,
      description: DESCRIPTIONS[name],
      coefficient: fit.coefficients[j]!,
      standardError: fit.standardErrors[j]!,
    })),
  }
}

/** The expected number of incidents over a year in custody. */
export const expectedRate = (model: CustodyModel, f: Features): number => {
  const x = designRow(f)
  return Math.exp(model.terms.reduce((s, t, j) => s + t.coefficient * x[j]!, 0))
}

export interface Contribution {
  /** In plain words, for staff. */
  words: string
  /** The factor it multiplies the estimate by (above 1 raises it). */
  factor: number
}

const times = (f: number): string => (f >= 1 ? `× ${f.toFixed(1)}` : `× ${f.toFixed(2)}`)

/** What moved this person's estimate from the baseline, largest first; terms that do not apply are left out. */
export const contributions = (model: CustodyModel, f: Features): Contribution[] => {
  const x = designRow(f)
  const out: Contribution[] = []
  model.terms.forEach((t, j) => {
    const v = x[j]!
    if (j === 0 || v === 0) return
    const factor = Math.exp(t.coefficient * v)
    const what =
      t.name === 'recent incidents'
        ? `${v}${v === INCIDENT_CAP ? ' or more' : ''} incident${v === 1 ? '' : 's'} in custody in the last 12 months`
        : t.name === 'older incidents'
          ? `${v}${v === INCIDENT_CAP ? ' or more' : ''} incident${v === 1 ? '' : 's'} in custody 1 to 3 years ago`
          : t.name === 'years in custody'
            ? `${v.toFixed(1)} years in custody in the last 3 years`
            : t.name === 'age unknown'
              ? 'no date of birth on any linked record'
              : `aged ${t.name.slice(4)}`
    out.push({ words: `${what} (${times(factor)})`, factor })
  })
  return out.sort((a, b) => Math.abs(Math.log(b.factor)) - Math.abs(Math.log(a.factor)))
}
