import type { RecordKey } from '../core/record-key.ts'
import { contingencyOf } from './contingency.ts'
import { f1Of } from './ratios.ts'

export interface BCubedMetrics {
  precision: number
  recall: number
  f1: number
}

/**
 * B-cubed (Bagga and Baldwin): per record, the share of its predicted cluster that is the same person (precision)
 * and the share of its person found in its predicted cluster (recall), averaged over records. Each cell of n records
 * contributes n · n / size, so the table suffices. Over no records both are 1, by the same convention as pairwise.
 */
export const bCubed = (predicted: Map<RecordKey, string>, truth: Map<RecordKey, string>): BCubedMetrics => {
  const table = contingencyOf(predicted, truth)
  const records = table.records
  if (records === 0) return { precision: 1, recall: 1, f1: 1 }
  let precisionSum = 0
  let recallSum = 0
  for (const [cluster, row] of table.cells) {
    const clusterSize = table.predictedSizes.get(cluster)!
    for (const [person, n] of row) {
      precisionSum += (n * n) / clusterSize
      recallSum += (n * n) / table.trueSizes.get(person)!
    }
  }
  const precision = precisionSum / records
  const recall = recallSum / records
  return { precision, recall, f1: f1Of(precision, recall) }
}
