import type { RecordKey } from '../core/record-key.ts'

/**
 * Predicted cluster × true person counts, the one table every cluster metric is read from, so no metric has to
 * enumerate pairs. Records the truth does not know are left out and counted; records the truth knows but the
 * prediction lacks are counted and placed in clusters of their own (the linker lost them, so their links are missed).
 */
export interface Contingency {
  /** Records in each cell, by predicted cluster then true person. */
  cells: Map<PredictedCluster, Map<string, number>>
  predictedSizes: Map<PredictedCluster, number>
  trueSizes: Map<string, number>
  /** Records judged: those in the truth. */
  records: number
  /** Predicted records absent from the truth, left out of every metric. */
  recordsWithoutTruth: number
  /** Records in the truth absent from the prediction, counted as clusters of one. */
  recordsNotPredicted: number
}

/** A predicted cluster id, or a number standing for the lone cluster of a record the prediction lacks. */
export type PredictedCluster = string | number

export const contingencyOf = (
  predicted: Map<RecordKey, string>,
  truth: Map<RecordKey, string>,
): Contingency => {
  const cells = new Map<PredictedCluster, Map<string, number>>()
  const predictedSizes = new Map<PredictedCluster, number>()
  const trueSizes = new Map<string, number>()
  let recordsWithoutTruth = 0
  let recordsNotPredicted = 0
  const add = (cluster: PredictedCluster, person: string): void => {
    let row = cells.get(cluster)
    if (row === undefined) {
      row = new Map()
      cells.set(cluster, row)
    }
    row.set(person, (row.get(person) ?? 0) + 1)
    predictedSizes.set(cluster, (predictedSizes.get(cluster) ?? 0) + 1)
    trueSizes.set(person, (trueSizes.get(person) ?? 0) + 1)
  }
  for (const [key, cluster] of predicted) {
    const person = truth.get(key)
    if (person === undefined) recordsWithoutTruth++
    else add(cluster, person)
  }
  for (const [key, person] of truth) {
    if (!predicted.has(key)) add(recordsNotPredicted++, person)
  }
  return {
    cells,
    predictedSizes,
    trueSizes,
    records: truth.size,
    recordsWithoutTruth,
    recordsNotPredicted,
  }
}
