import type { RecordKey } from '../core/record-key.ts'
import { contingencyOf } from './contingency.ts'
import { f1Of, pairsAmong, precisionOf, recallOf } from './ratios.ts'

export interface PairwiseMetrics {
  /** Pairs of records linked into one cluster that are the same person. */
  truePositives: number
  /** Pairs linked into one cluster that are different people. */
  falsePositives: number
  /** Pairs of one person left in different clusters. */
  falseNegatives: number
  /** 1 when no pairs are linked (no false claims). */
  precision: number
  /** 1 when the truth has no pairs (nothing to miss). */
  recall: number
  f1: number
  /** Predicted records the truth does not know: left out of the counts, reported so they are not silently lost. */
  recordsWithoutTruth: number
  /** Records in the truth missing from the prediction: counted as clusters of one, so their pairs are missed. */
  recordsNotPredicted: number
}

/**
 * Pairwise precision and recall of a clustering against the truth, from the contingency table:
 * TP = Σ C(n_ij, 2), linked pairs = Σ C(n_i., 2), true pairs = Σ C(n_.j, 2).
 */
export const clusterPairwiseMetrics = (
  predicted: Map<RecordKey, string>,
  truth: Map<RecordKey, string>,
): PairwiseMetrics => {
  const table = contingencyOf(predicted, truth)
  let truePositives = 0
  for (const row of table.cells.values()) for (const n of row.values()) truePositives += pairsAmong(n)
  let linkedPairs = 0
  for (const n of table.predictedSizes.values()) linkedPairs += pairsAmong(n)
  let truePairs = 0
  for (const n of table.trueSizes.values()) truePairs += pairsAmong(n)
  const precision = precisionOf(truePositives, linkedPairs)
  const recall = recallOf(truePositives, truePairs)
  return {
    truePositives,
    falsePositives: linkedPairs - truePositives,
    falseNegatives: truePairs - truePositives,
    precision,
    recall,
    f1: f1Of(precision, recall),
    recordsWithoutTruth: table.recordsWithoutTruth,
    recordsNotPredicted: table.recordsNotPredicted,
  }
}

/** Number of true matching pairs among the records of the truth, the denominator of recall. */
export const truePairCount = (truth: Map<RecordKey, string>): number => {
  const sizes = new Map<string, number>()
  for (const person of truth.values()) sizes.set(person, (sizes.get(person) ?? 0) + 1)
  let pairs = 0
  for (const n of sizes.values()) pairs += pairsAmong(n)
  return pairs
}
