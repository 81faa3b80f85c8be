import { type Interval, wilsonInterval } from '../evaluate/groups.ts'

/**
 * How good the custody estimate is, and for whom: calibration, discrimination, and the error rates at the
 * operational cut-off per group of people, each with an interval, small groups suppressed.
 *
 * The criterion put first is calibration within each group: an estimate of 2 is read by staff as "people like this
 * were involved in 2 incidents on average", which must hold for every group alike. When groups' base rates differ,
 * a calibrated estimate cannot also give every group equal false-positive and false-negative rates (Kleinberg,
 * Mullainathan and Raghavan 2016; Chouldechova 2017), so those rates are reported beside it for a person to weigh,
 * never equalised by moving one group's cut-off.
 */
export const FAIRNESS_CRITERION =
  'Calibration within groups comes first: an estimate must mean the same number of incidents whatever group a ' +
  'person is in. Where base rates differ this rules out equal error rates between groups, so the flag rate, ' +
  'false-positive and false-negative rates and precision are shown per group for the people who decide, and no ' +
  "group's cut-off is moved."

/** One person-year of the test period, scored. */
export interface ScoredYear {
  /** The estimate (per year in custody) times the years in custody in the period. */
  expected: number
  /** The estimate per year in custody, which the cut-off is applied to. */
  rate: number
  observed: number
  /** Group name by dimension (age band, sex, name origin...). */
  groups: Readonly<Record<string, string>>
}

export interface EvaluationSettings {
  /** Flag for review at this many expected incidents a year or more. */
  cutOff: number
  /** Groups with fewer person-years are not shown. */
  minCell: number
}

export const DEFAULT_EVALUATION_SETTINGS: EvaluationSettings = { cutOff: 0.5, minCell: 30 }

/** An approximate 95% interval of a Poisson count (Byar's), for ratios of observed to expected counts. */
export const poissonInterval = (count: number, z = 1.96): Interval => {
  const low = count === 0 ? 0 : count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3
  const c = count + 1
  const high = c * (1 - 1 / (9 * c) + z / (3 * Math.sqrt(c))) ** 3
  return { low, high }
}

export interface Rate {
  value: number
  interval: Interval
  /** Its denominator. */
  of: number
}

const rate = (hits: number, of: number): Rate | null =>
  of === 0 ? null : { value: hits / of, interval: wilsonInterval(hits, of), of }

export interface GroupEvaluation {
  dimension: string
  group: string
  personYears: number
  /** Null when the group is under the minimum cell size; only its existence is shown. */
  figures: {
    expected: number
    observed: number
    /** Expected ÷ observed incidents: 1 is calibrated, above 1 over-estimates. Null with no incident observed. */
    calibration: { value: number; interval: Interval } | null
    flagRate: Rate | null
    falsePositiveRate: Rate | null
    falseNegativeRate: Rate | null
    precision: Rate | null
  } | null
}

export interface ReliabilityBin {
  personYears: number
  meanExpected: number
  meanObserved: number
}

export interface CustodyEvaluation {
  settings: EvaluationSettings
  criterion: string
  overall: NonNullable<GroupEvaluation['figures']> & { personYears: number }
  /** Area under the ROC curve for "any incident in the year", from the expected number. */
  auc: number | null
  reliability: ReliabilityBin[]
  groups: GroupEvaluation[]
}

/**
 * The probability that a random person-year with an incident has a higher expected count than one without (ties
 * count half): the Mann–Whitney form of the AUC, by ranks, so O(n log n).
 */
export const aucOf = (scores: readonly number[], positive: readonly boolean[]): number | null => {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0])
  let positives = 0
  let rankSum = 0
  let i = 0
  while (i < order.length) {
    let j = i
    while (j < order.length && order[j]![0] === order[i]![0]) j++
    const midRank = (i + 1 + j) / 2
    for (let k = i; k < j; k++)
      if (positive[order[k]![1]]) {
        positives++
        rankSum += midRank
      }
    i = j
  }
  const negatives = order.length - positives
  if (positives === 0 || negatives === 0) return null
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

const figuresOf = (rows: readonly ScoredYear[], cutOff: number) => {
  let expected = 0
  let observed = 0
  let tp = 0
  let fp = 0
  let fn = 0
  let tn = 0
  for (const r of rows) {
    expected += r.expected
    observed += r.observed
    const flagged = r.rate >= cutOff
    const incident = r.observed > 0
    if (flagged && incident) tp++
    else if (flagged) fp++
    else if (incident) fn++
    else tn++
  }
  const o = poissonInterval(observed)
  return {
    expected,
    observed,
    calibration:
      observed === 0
        ? null
        : {
            value: expected / observed,
            interval: { low: expected / o.high, high: expected / Math.max(o.low, 1e-9) },
          },
    flagRate: rate(tp + fp, rows.length),
    falsePositiveRate: rate(fp, fp + tn),
    falseNegativeRate: rate(fn, fn + tp),
    precision: rate(tp, tp + fp),
  }
}

/** Ten bins of equal size by expected count: mean expected against mean observed in each. */
export const reliabilityCurve = (rows: readonly ScoredYear[], bins = 10): ReliabilityBin[] => {
  const sorted = [...rows].sort((a, b) => a.expected - b.expected)
  const out: ReliabilityBin[] = []
  for (let b = 0; b < bins; b++) {
    const part = sorted.slice(
      Math.floor((b * sorted.length) / bins),
      Math.floor(((b + 1) * sorted.length) / bins),
    )
    if (part.length === 0) continue
    out.push({
      personYears: part.length,
      meanExpected: part.reduce((s, r) => s + r.expected, 0) / part.length,
      meanObserved: part.reduce((s, r) => s + r.observed, 0) / part.length,
    })
  }
  return out
}

export const evaluateCustody = (
  rows: readonly ScoredYear[],
  settings: EvaluationSettings = DEFAULT_EVALUATION_SETTINGS,
): CustodyEvaluation => {
  const dimensions = [...new Set(rows.flatMap((r) => Object.keys(r.groups)))]
  const groups: GroupEvaluation[] = []
  for (const dimension of dimensions) {
    const by = new Map<string, ScoredYear[]>()
    for (const r of rows) {
      const g = r.groups[dimension]
      if (g === undefined) continue
      by.set(g, [...(by.get(g) ?? []), r])
    }
    for (const [group, rs] of [...by].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      groups.push({
        dimension,
        group,
        personYears: rs.length,
        figures: rs.length < settings.minCell ? null : figuresOf(rs, settings.cutOff),
      })
  }
  return {
    settings,
    criterion: FAIRNESS_CRITERION,
    overall: { personYears: rows.length, ...figuresOf(rows, settings.cutOff) },
    auc: aucOf(
      rows.map((r) => r.expected),
      rows.map((r) => r.observed > 0),
    ),
    reliability: reliabilityCurve(rows),
    groups,
  }
}

/** One group's recorded incidents against the known truth of a synthetic set. */
export interface BiasCheckRow {
  group: string
  /** Incidents recorded (in the index). */
  recorded: number
  /** The true mean number of incidents, from the generator's truth. */
  trueExpected: number
}

export interface BiasFinding {
  group: string
  recorded: number
  trueExpected: number
  /** Recorded ÷ true expected, with the interval of the recorded count. */
  ratio: { value: number; interval: Interval }
  inflated: boolean
}

/**
 * Says a group's recorded incidents look inflated when, even at the low end of its 95% interval, they exceed the
 * true expected number by more than `margin` (10% by default): chance alone rarely does that, a recording bias does.
 */
export const biasCheck = (rows: readonly BiasCheckRow[], margin = 0.1, minExpected = 20): BiasFinding[] =>
  rows
    .filter((r) => r.trueExpected >= minExpected)
    .map((r) => {
      const i = poissonInterval(r.recorded)
      const low = i.low / r.trueExpected
      return {
        group: r.group,
        recorded: r.recorded,
        trueExpected: r.trueExpected,
        ratio: { value: r.recorded / r.trueExpected, interval: { low, high: i.high / r.trueExpected } },
        inflated: low > 1 + margin,
      }
    })
