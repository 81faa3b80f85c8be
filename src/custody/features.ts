/**
 * The features of the custody violence estimate, computed from one person's whole linked history (every custody
 * period and incident of every record under one Justice ID), never from one record. Dates are whole days since
 * 1970-01-01; a year is 365 days.
 */

export type Day = number

export const YEAR = 365

export const AGE_BANDS = ['under 21', '21-24', '25-29', '30-39', '40-49', '50 and over', 'unknown'] as const
export type AgeBand = (typeof AGE_BANDS)[number]

/** The band the model compares the others with (its coefficient is 0). */
export const REFERENCE_AGE_BAND: AgeBand = '30-39'

export const dayOf = (iso: string): Day => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000)
export const isoOf = (day: Day): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** Whole years from a birth day to `on`. */
export const ageOn = (birth: Day, on: Day): number => {
  const b = new Date(birth * 86_400_000)
  const t = new Date(on * 86_400_000)
  const before =
    t.getUTCMonth() < b.getUTCMonth() ||
    (t.getUTCMonth() === b.getUTCMonth() && t.getUTCDate() < b.getUTCDate())
  return t.getUTCFullYear() - b.getUTCFullYear() - (before ? 1 : 0)
}

export const ageBandOf = (birth: Day | null, on: Day): AgeBand => {
  if (birth === null) return 'unknown'
  const age = ageOn(birth, on)
  if (age < 21) return 'under 21'
  if (age < 25) return '21-24'
  if (age < 30) return '25-29'
  if (age < 40) return '30-39'
  if (age < 50) return '40-49'
  return '50 and over'
}

export interface CustodyPeriod {
  start: Day
  /** Null while ongoing. */
  end: Day | null
}

/** What the estimate reads of one person. */
export interface CustodyHistory {
  birth: Day | null
  periods: readonly CustodyPeriod[]
  /** Days of incidents in custody the person was involved in, in any role. */
  incidents: readonly Day[]
}

/** Past incidents are counted up to this many: beyond it the count says little more. */
export const INCIDENT_CAP = 3

export interface Features {
  ageBand: AgeBand
  /** Incidents in the 12 months before, up to 3. */
  recent: number
  /** Incidents 1 to 3 years before, up to 3. */
  older: number
  /** Years in custody in the 3 years before (0 to 3). */
  custodyYears: number
}

/**
 * Days in custody in [from, to): the union of the periods, so periods of two linked records of the same stay count
 * once. An ongoing period runs to `to`.
 */
export const custodyDays = (periods: readonly CustodyPeriod[], from: Day, to: Day): number => {
  const clipped = periods
    .map((p) => [Math.max(p.start, from), Math.min(p.end === null ? to : p.end + 1, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  let days = 0
  let reach = from
  for (const [a, b] of clipped) {
    const s = Math.max(a, reach)
    if (b > s) days += b - s
    reach = Math.max(reach, b)
  }
  return days
}

const countIn = (days: readonly Day[], from: Day, to: Day): number => {
  let n = 0
  for (const d of days) if (d >= from && d < to) n++
  return n
}

/** The features known on day `at` (nothing on or after it is read). */
export const featuresAt = (h: CustodyHistory, at: Day): Features => ({
  ageBand: ageBandOf(h.birth, at),
  recent: Math.min(INCIDENT_CAP, countIn(h.incidents, at - YEAR, at)),
  older: Math.min(INCIDENT_CAP, countIn(h.incidents, at - 3 * YEAR, at - YEAR)),
  custodyYears: custodyDays(h.periods, at - 3 * YEAR, at) / YEAR,
})

/** One person over one year: the features at its start, the years in custody in it and the incidents in it. */
export interface WindowRow {
  features: Features
  /** Years in custody within the window (the model's exposure). */
  exposure: number
  count: number
}

/** The row of the year starting `start`, or null when the person spent no day of it in custody. */
export const windowRow = (h: CustodyHistory, start: Day): WindowRow | null => {
  const days = custodyDays(h.periods, start, start + YEAR)
  if (days === 0) return null
  return {
    features: featuresAt(h, start),
    exposure: days / YEAR,
    count: countIn(h.incidents, start, start + YEAR),
  }
}

/** The model's terms, in the order of its coefficients: the age bands as in AGE_BANDS, but the reference. */
export const TERMS = [
  'intercept',
  'age under 21',
  'age 21-24',
  'age 25-29',
  'age 40-49',
  'age 50 and over',
  'age unknown',
  'recent incidents',
  'older incidents',
  'years in custody',
] as const

/** The design row of the features: 1, one indicator per age band but the reference, then the counts. */
export const designRow = (f: Features): number[] => [
  1,
  ...AGE_BANDS.filter((b) => b !== REFERENCE_AGE_BAND).map((b) => (f.ageBand === b ? 1 : 0)),
  f.recent,
  f.older,
  f.custodyYears,
]
