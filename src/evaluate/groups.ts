import type { RecordKey } from '../core/record-key.ts'
import type { PredictedCluster } from './contingency.ts'
import { f1Of, pairsAmong, recallOf } from './ratios.ts'

/** A 95% (by default) confidence interval of a proportion. */
export interface Interval {
  low: number
  high: number
}

/**
 * Wilson score interval of successes / trials. Unlike the normal approximation it stays inside [0, 1] and is sensible
 * for small groups and rates near 0 or 1, which is exactly where a fairness reading is most tempted to over-read.
 * With no trials nothing is known: {0, 1}.
 */
export const wilsonInterval = (successes: number, trials: number, z = 1.96): Interval => {
  if (trials <= 0) return { low: 0, high: 1 }
  const p = successes / trials
  const z2 = z * z
  const denominator = 1 + z2 / trials
  const centre = (p + z2 / (2 * trials)) / denominator
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}

export interface GroupMetrics {
  /** The attribute value, e.g. "arabic"; "overall" for all records together. */
  group: string
  records: number
  /** Pairs of records of the same true person, the person being in this group. */
  truePairs: number
  /** Of those, pairs the clustering put in one predicted person. */
  truePositives: number
  /** truePositives / truePairs; 1 when the group has no true pairs (nothing to miss). */
  recall: number
  recallInterval: Interval
  /** Predicted same-person pairs with at least one record in this group. */
  predictedPairs: number
  /** Of those, pairs of different true persons. */
  falseMatches: number
  /** falseMatches / predictedPairs; 0 when nothing was linked. */
  falseMatchRate: number
  falseMatchRateInterval: Interval
  /** 1 - falseMatchRate. */
  precision: number
  f1: number
}

export interface GroupBreakdown {
  /** The column the groups come from, e.g. "name_origin". */
  attribute: string
  overall: GroupMetrics
  /** One entry per attribute value, in sorted order. */
  groups: GroupMetrics[]
  /** Plain-English sentences on the largest gaps and on the fairness targets. */
  gaps: string[]
  /** Predicted records the truth does not know, left out. */
  recordsWithoutTruth: number
  /** Records in the truth with no value of the attribute, left out. */
  recordsWithoutGroup: number
  /** Records in the truth (with a group) missing from the prediction: counted as clusters of one. */
  recordsNotPredicted: number
}

/** Fairness targets of the project: recall within 2 points of overall, false-match rate at most twice overall. */
const RECALL_GAP_TARGET = 0.02
const FALSE_MATCH_RATIO_TARGET = 2

/** Records per group within one cell of the table. */
type GroupCounts = Map<string, number>

const increment = <K>(counts: Map<K, number>, key: K, by = 1): void => {
  counts.set(key, (counts.get(key) ?? 0) + by)
}

const childOf = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let child = map.get(key)
  if (child === undefined) {
    child = make()
    map.set(key, child)
  }
  return child
}

const total = (counts: GroupCounts): number => {
  let sum = 0
  for (const n of counts.values()) sum += n
  return sum
}

/** The most common group among a person's records; ties go to the first in sorted order, so the result is stable. */
const commonestGroup = (counts: GroupCounts): string => {
  let best = ''
  let bestCount = -1
  for (const [group, n] of counts) {
    if (n > bestCount || (n === bestCount && group < best)) {
      best = group
      bestCount = n
    }
  }
  return best
}

/** Pairs among n records with at least one of the m records of a group: all pairs less those with none of them. */
const pairsTouching = (n: number, m: number): number => pairsAmong(n) - pairsAmong(n - m)

interface Counts {
  records: number
  truePairs: number
  truePositives: number
  predictedPairs: number
  samePersonPredictedPairs: number
}

const emptyCounts = (): Counts => ({
  records: 0,
  truePairs: 0,
  truePositives: 0,
  predictedPairs: 0,
  samePersonPredictedPairs: 0,
})

const metricsOf = (group: string, c: Counts): GroupMetrics => {
  const falseMatches = c.predictedPairs - c.samePersonPredictedPairs
  const falseMatchRate = c.predictedPairs === 0 ? 0 : falseMatches / c.predictedPairs
  const recall = recallOf(c.truePositives, c.truePairs)
  const precision = 1 - falseMatchRate
  return {
    group,
    records: c.records,
    truePairs: c.truePairs,
    truePositives: c.truePositives,
    recall,
    recallInterval: wilsonInterval(c.truePositives, c.truePairs),
    predictedPairs: c.predictedPairs,
    falseMatches,
    falseMatchRate,
    falseMatchRateInterval: wilsonInterval(falseMatches, c.predictedPairs),
    precision,
    f1: f1Of(precision, recall),
  }
}

/**
 * Pairwise accuracy per group of people, from a table of predicted cluster × true person × group counts, so no pair
 * is enumerated. Recall is judged per true person: a person belongs to the commonest group among its records, and all
 * its pairs count for that group. False matches are judged per record: a predicted pair counts for each distinct group
 * of its two records, so a false match between an "irish" and an "arabic" record counts against both groups (and
 * groups' predicted pairs add up to more than the overall count).
 *
 * Records the truth does not know, or with no group, are left out entirely (so overall figures here can differ from
 * the unsplit metrics); records of the truth missing from the prediction are clusters of one, their links missed.
 * Intervals treat pairs as independent, which they are not within one person or cluster: read them as a floor on
 * the uncertainty, enough to stop a small group being over-read.
 */
export const groupMetrics = (
  predicted: ReadonlyMap<RecordKey, string>,
  truth: ReadonlyMap<RecordKey, string>,
  groupOf: ReadonlyMap<RecordKey, string>,
  attribute: string,
): GroupBreakdown => {
  const cells = new Map<PredictedCluster, Map<string, GroupCounts>>()
  const personGroups = new Map<string, GroupCounts>()
  const groupRecords: GroupCounts = new Map()
  let recordsWithoutTruth = 0
  let recordsWithoutGroup = 0
  let recordsNotPredicted = 0

  const add = (cluster: PredictedCluster, person: string, group: string): void => {
    increment(
      childOf(
        childOf(cells, cluster, () => new Map()),
        person,
        () => new Map(),
      ),
      group,
    )
    increment(
      childOf(personGroups, person, () => new Map()),
      group,
    )
    increment(groupRecords, group)
  }
  for (const key of predicted.keys()) if (!truth.has(key)) recordsWithoutTruth++
  for (const [key, person] of truth) {
    const group = groupOf.get(key)
    if (group === undefined) {
      recordsWithoutGroup++
      continue
    }
    const cluster = predicted.get(key)
    if (cluster === undefined) add(recordsNotPredicted++, person, group)
    else add(cluster, person, group)
  }

  const byGroup = new Map<string, Counts>()
  for (const [group, n] of groupRecords) byGroup.set(group, { ...emptyCounts(), records: n })
  const countsOf = (group: string): Counts => byGroup.get(group)!
  const overall: Counts = { ...emptyCounts(), records: total(groupRecords) }

  const groupOfPerson = new Map<string, string>()
  for (const [person, counts] of personGroups) {
    const group = commonestGroup(counts)
    groupOfPerson.set(person, group)
    const pairs = pairsAmong(total(counts))
    countsOf(group).truePairs += pairs
    overall.truePairs += pairs
  }

  for (const row of cells.values()) {
    const clusterGroups: GroupCounts = new Map()
    for (const [person, counts] of row) {
      const inCell = total(counts)
      const pairs = pairsAmong(inCell)
      countsOf(groupOfPerson.get(person)!).truePositives += pairs
      overall.truePositives += pairs
      overall.samePersonPredictedPairs += pairs
      for (const [group, m] of counts) {
        countsOf(group).samePersonPredictedPairs += pairsTouching(inCell, m)
        increment(clusterGroups, group, m)
      }
    }
    const inCluster = total(clusterGroups)
    overall.predictedPairs += pairsAmong(inCluster)
    for (const [group, m] of clusterGroups) countsOf(group).predictedPairs += pairsTouching(inCluster, m)
  }

  const overallMetrics = metricsOf('overall', overall)
  const groups = [...byGroup.keys()].sort().map((group) => metricsOf(group, countsOf(group)))
  return {
    attribute,
    overall: overallMetrics,
    groups,
    gaps: gapSentences(overallMetrics, groups),
    recordsWithoutTruth,
    recordsWithoutGroup,
    recordsNotPredicted,
  }
}

const count = (n: number): string => Math.round(n).toLocaleString('en-GB')

const percent = (p: number, digits: number): string => `${(p * 100).toFixed(digits)}%`

/** False-match rates are often fractions of a percent: keep two significant figures when two decimals would hide them. */
const ratePercent = (p: number): string =>
  p > 0 && p < 0.001 ? `${Number((p * 100).toPrecision(2))}%` : percent(p, 2)

const interval = (i: Interval, format: (p: number) => string): string =>
  `95% CI ${format(i.low).replace('%', '')}–${format(i.high)}`

/** A group's distance from overall recall, in percentage points (positive is better than overall). */
const recallGap = (g: GroupMetrics, overall: GroupMetrics): number => g.recall - overall.recall

/** Every false match counts overall too, so an overall rate of 0 means every group's is 0: ratio 1. */
const falseMatchRatio = (g: GroupMetrics, overall: GroupMetrics): number =>
  overall.falseMatchRate === 0 ? 1 : g.falseMatchRate / overall.falseMatchRate

const furthest = (groups: GroupMetrics[], distance: (g: GroupMetrics) => number): GroupMetrics | undefined =>
  groups.reduce<GroupMetrics | undefined>(
    (best, g) => (best === undefined || distance(g) > distance(best) ? g : best),
    undefined,
  )

/**
 * Sentences on the largest gap in recall (either way: a group far above overall shows the model fits some people
 * better than others) and on the highest false-match rate (the harm is in the excess), and on the fairness targets.
 * Groups with no true
 * pairs have no recall to judge, and groups with no predicted pairs no false-match rate, so each is left out of that
 * comparison rather than credited with the convention's 1 or 0.
 */
const gapSentences = (overall: GroupMetrics, groups: GroupMetrics[]): string[] => {
  const withPairs = groups.filter((g) => g.truePairs > 0)
  const withLinks = groups.filter((g) => g.predictedPairs > 0)
  const sentences: string[] = []

  const worstRecall = furthest(withPairs, (g) => Math.abs(recallGap(g, overall)))
  if (worstRecall !== undefined) {
    const gap = recallGap(worstRecall, overall)
    sentences.push(
      `Recall for ${worstRecall.group} is ${Math.abs(gap * 100).toFixed(1)} points ${gap < 0 ? 'below' : 'above'} ` +
        `overall (${percent(worstRecall.recall, 1)} vs ${percent(overall.recall, 1)}, ` +
        `${interval(worstRecall.recallInterval, (p) => percent(p, 1))}, ${count(worstRecall.truePairs)} true pairs).`,
    )
  }

  if (overall.falseMatchRate === 0) {
    if (withLinks.length > 0) sentences.push('No group has any false matches.')
  } else {
    const worstRate = furthest(withLinks, (g) => g.falseMatchRate)
    if (worstRate !== undefined) {
      sentences.push(
        `False-match rate for ${worstRate.group} is ${falseMatchRatio(worstRate, overall).toFixed(1)} times the ` +
          `overall rate (${ratePercent(worstRate.falseMatchRate)} vs ${ratePercent(overall.falseMatchRate)}, ` +
          `${interval(worstRate.falseMatchRateInterval, ratePercent)}, ${count(worstRate.predictedPairs)} predicted pairs).`,
      )
    }
  }

  const outside = groups.flatMap((g) => {
    const reasons: string[] = []
    const gap = recallGap(g, overall)
    if (g.truePairs > 0 && Math.abs(gap) > RECALL_GAP_TARGET) {
      reasons.push(`recall ${Math.abs(gap * 100).toFixed(1)} points ${gap < 0 ? 'below' : 'above'} overall`)
    }
    const ratio = falseMatchRatio(g, overall)
    if (g.predictedPairs > 0 && ratio > FALSE_MATCH_RATIO_TARGET) {
      reasons.push(`false-match rate ${ratio.toFixed(1)} times overall`)
    }
    return reasons.length === 0 ? [] : [`${g.group} (${reasons.join('; ')})`]
  })
  const targets = 'within 2 points of overall recall and at most twice the overall false-match rate'
  sentences.push(
    outside.length === 0
      ? `Every group is ${targets}, the project's fairness targets.`
      : `Not ${targets} (the project's fairness targets): ${outside.join(', ')}. Check each against its interval ` +
          'before acting: a small group can miss a target by chance.',
  )
  return sentences
}
