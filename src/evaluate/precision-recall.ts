import { JustIdError } from '../core/errors.ts'
import { f1Of, precisionOf, recallOf } from './ratios.ts'

export interface ScoredPair {
  weight: number
  isMatch: boolean
}

export interface CurvePoint {
  /** Pairs with a match weight at or above this are taken as links. */
  threshold: number
  precision: number
  recall: number
  f1: number
}

export interface CurveOptions {
  /**
   * Most points to return; the curve is thinned evenly over the distinct thresholds, always keeping the first, the
   * last and the best-F1 point, so millions of scored pairs do not make millions of points. Default 500.
   */
  maxPoints?: number
}

/**
 * Pairwise precision, recall and F1 at every distinct match weight, highest first. Recall is over `totalTruePairs`
 * from the truth, so true pairs that blocking never proposed count as missed at every threshold.
 */
export function precisionRecallCurve(
  scoredPairs: readonly ScoredPair[],
  totalTruePairs: number,
  options?: CurveOptions,
): CurvePoint[]
export function precisionRecallCurve(
  scoredPairs: AsyncIterable<ScoredPair>,
  totalTruePairs: number,
  options?: CurveOptions,
): Promise<CurvePoint[]>
export function precisionRecallCurve(
  scoredPairs: readonly ScoredPair[] | AsyncIterable<ScoredPair>,
  totalTruePairs: number,
  options: CurveOptions = {},
): CurvePoint[] | Promise<CurvePoint[]> {
  if (Symbol.asyncIterator in scoredPairs) {
    return collect(scoredPairs).then((split) => curveOf(split, totalTruePairs, options))
  }
  return curveOf(splitByTruth(scoredPairs), totalTruePairs, options)
}

/** Weights of matching and non-matching pairs kept apart as typed arrays: compact, and each sorts numerically once. */
interface SplitWeights {
  matches: Float64Array
  nonMatches: Float64Array
}

const weightSplitter = () => {
  const matches: number[] = []
  const nonMatches: number[] = []
  return {
    add(pair: ScoredPair): void {
      if (Number.isNaN(pair.weight))
        throw new JustIdError('internal', 'a scored pair has no match weight (NaN)')
      if (pair.isMatch) matches.push(pair.weight)
      else nonMatches.push(pair.weight)
    },
    done: (): SplitWeights => ({
      matches: Float64Array.from(matches),
      nonMatches: Float64Array.from(nonMatches),
    }),
  }
}

const splitByTruth = (pairs: Iterable<ScoredPair>): SplitWeights => {
  const splitter = weightSplitter()
  for (const p of pairs) splitter.add(p)
  return splitter.done()
}

const collect = async (pairs: AsyncIterable<ScoredPair>): Promise<SplitWeights> => {
  const splitter = weightSplitter()
  for await (const p of pairs) splitter.add(p)
  return splitter.done()
}

const curveOf = ({ matches, nonMatches }: SplitWeights, totalTruePairs: number, options: CurveOptions) => {
  if (matches.length > totalTruePairs) {
    throw new JustIdError(
      'internal',
      `${matches.length} scored pairs are true matches but the truth has only ${totalTruePairs} true pairs`,
    )
  }
  matches.sort().reverse()
  nonMatches.sort().reverse()
  const points: CurvePoint[] = []
  let m = 0
  let n = 0
  while (m < matches.length || n < nonMatches.length) {
    const threshold = Math.max(matches[m] ?? -Infinity, nonMatches[n] ?? -Infinity)
    while (m < matches.length && matches[m] === threshold) m++
    while (n < nonMatches.length && nonMatches[n] === threshold) n++
    const precision = precisionOf(m, m + n)
    const recall = recallOf(m, totalTruePairs)
    points.push({ threshold, precision, recall, f1: f1Of(precision, recall) })
  }
  return thin(points, options.maxPoints ?? 500)
}

const thin = (points: CurvePoint[], maxPoints: number): CurvePoint[] => {
  if (points.length <= maxPoints || maxPoints < 3) return points
  let best = 0
  points.forEach((p, i) => {
    if (p.f1 > points[best]!.f1) best = i
  })
  const keep = new Set<number>([0, points.length - 1, best])
  const step = (points.length - 1) / (maxPoints - 2)
  for (let k = 0; keep.size < maxPoints && k * step < points.length; k++) keep.add(Math.round(k * step))
  return [...keep].sort((a, b) => a - b).map((i) => points[i]!)
}
