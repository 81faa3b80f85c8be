import {
  type CustodyHistory,
  type CustodyPeriod,
  custodyDays,
  type Day,
  designRow,
  featuresAt,
  TERMS,
  YEAR,
} from './features.ts'

/**
 * The stated process `justid synth --custody` draws incidents in custody from, so that the true rates are known.
 *
 * A person's custody history is cut into years ending on the generator's `today`. In each year with days in
 * custody, the number of incidents the person is involved in is Poisson with mean
 *   (years in custody that year) × exp(intercept + age band + recent × min(3, incidents in the year before)
 *                                      + older × min(3, incidents 1 to 3 years before) + custody × years in custody
 *                                      in the 3 years before),
 * the very form `justid risk train` fits, so a fit on enough people recovers these coefficients. Each incident
 * falls on a day in custody drawn evenly, and has a kind and the person's role drawn from fixed shares.
 *
 * Recording bias (documented, off by default): for one group of people, staff record more incidents than happen:
 * on top of the true ones, extra incidents with mean (factor - 1) × the true mean. The true counts and means are
 * written beside the recorded events, so an audit can see the inflation.
 */
export const TRUE_COEFFICIENTS: Readonly<Record<(typeof TERMS)[number], number>> = {
  intercept: Math.log(0.25),
  'age under 21': 0.9,
  'age 21-24': 0.6,
  'age 25-29': 0.3,
  'age 40-49': -0.4,
  'age 50 and over': -0.9,
  'age unknown': 0,
  'recent incidents': 0.4,
  'older incidents': 0.15,
  'years in custody': -0.1,
}

const beta = TERMS.map((t) => TRUE_COEFFICIENTS[t])

export const KIND_SHARES = [
  ['assault_on_prisoner', 0.45],
  ['fight', 0.3],
  ['assault_on_staff', 0.15],
  ['threat', 0.1],
] as const
export const ROLE_SHARES = [
  ['perpetrator', 0.55],
  ['victim', 0.3],
  ['unclear', 0.15],
] as const

/** A uniform number in [0, 1); the caller's seeded generator. */
export type Uniform = () => number

const poisson = (u: Uniform, mean: number): number => {
  // Knuth's method: fine for the small means here (well under 30).
  const limit = Math.exp(-mean)
  let k = 0
  let prod = u()
  while (prod > limit) {
    k++
    prod *= u()
  }
  return k
}

const share = <T>(u: Uniform, shares: readonly (readonly [T, number])[]): T => {
  let r = u()
  for (const [v, w] of shares) {
    r -= w
    if (r < 0) return v
  }
  return shares[shares.length - 1]![0]
}

export interface DrawnIncident {
  day: Day
  /** Index into the periods given: the custody period (and so the record) it is recorded against. */
  period: number
  kind: (typeof KIND_SHARES)[number][0]
  role: (typeof ROLE_SHARES)[number][0]
}

/** One person-year of the truth: what happened and what was recorded. */
export interface TruthYear {
  start: Day
  custodyDays: number
  /** The true mean number of incidents. */
  expected: number
  trueIncidents: number
  recordedIncidents: number
}

export interface DrawnCustody {
  recorded: DrawnIncident[]
  years: TruthYear[]
}

/** A day in custody in [from, to), drawn evenly, and the period it falls in. */
const dayInCustody = (u: Uniform, periods: readonly CustodyPeriod[], from: Day, to: Day, total: number) => {
  let at = Math.floor(u() * total)
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!
    const a = Math.max(p.start, from)
    const b = Math.min(p.end === null ? to : p.end + 1, to)
    if (b <= a) continue
    if (at < b - a) return { day: a + at, period: i }
    at -= b - a
  }
  return null
}

/**
 * Draws a person's incidents over the years up to `today`. `periods` must not overlap (the generator's do not).
 * `biasFactor` above 1 adds the documented over-recording.
 */
export const drawCustodyIncidents = (
  u: Uniform,
  birth: Day | null,
  periods: readonly CustodyPeriod[],
  today: Day,
  biasFactor = 1,
): DrawnCustody => {
  const recorded: DrawnIncident[] = []
  const years: TruthYear[] = []
  if (periods.length === 0) return { recorded, years }
  const first = Math.min(...periods.map((p) => p.start))
  const oldest = Math.ceil((today - first) / YEAR)
  const trueDays: Day[] = []
  const history: CustodyHistory = { birth, periods, incidents: trueDays }
  const used = new Set<Day>()
  const drawDay = (from: Day, total: number) => {
    // The events store keeps one incident per record and day: redraw a taken day.
    for (let tries = 0; tries < 20; tries++) {
      const at = dayInCustody(u, periods, from, from + YEAR, total)
      if (at && !used.has(at.day)) {
        used.add(at.day)
        return at
      }
    }
    return null
  }
  for (let k = oldest; k >= 1; k--) {
    const start = today - k * YEAR
    const days = custodyDays(periods, start, start + YEAR)
    if (days === 0) continue
    const x = designRow(featuresAt(history, start))
    const expected = (days / YEAR) * Math.exp(x.reduce((s, v, j) => s + v * beta[j]!, 0))
    const drawn = poisson(u, expected)
    const extra = biasFactor > 1 ? poisson(u, (biasFactor - 1) * expected) : 0
    let trueCount = 0
    let recordedCount = 0
    for (let i = 0; i < drawn + extra; i++) {
      const at = drawDay(start, days)
      if (at === null) continue
      if (i < drawn) {
        trueDays.push(at.day)
        trueCount++
      }
      recorded.push({ ...at, kind: share(u, KIND_SHARES), role: share(u, ROLE_SHARES) })
      recordedCount++
    }
    years.push({
      start,
      custodyDays: days,
      expected,
      trueIncidents: trueCount,
      recordedIncidents: recordedCount,
    })
  }
  return { recorded, years }
}
