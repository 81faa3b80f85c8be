import type { RecordKey } from '../core/record-key.ts'
import { contingencyOf } from './contingency.ts'

export interface ClusterMetrics {
  predictedClusters: number
  trueClusters: number
  /** True persons whose records form exactly one predicted cluster with nobody else in it. */
  exactMatches: number
  /** exactMatches / trueClusters; 1 when the truth is empty. */
  exactClusterMatchRate: number
  /** True persons whose records are spread over more than one predicted cluster. */
  splitPersons: number
  /** True persons sharing a predicted cluster with at least one other person. */
  mergedPersons: number
  /** Predicted clusters holding more than one true person. */
  mergedClusters: number
}

/** Whole-cluster measures: how many persons came out exactly right, split apart or merged with others. */
export const clusterMetrics = (
  predicted: Map<RecordKey, string>,
  truth: Map<RecordKey, string>,
): ClusterMetrics => {
  const table = contingencyOf(predicted, truth)
  const clustersOfPerson = new Map<string, number>()
  const merged = new Set<string>()
  let mergedClusters = 0
  let exactMatches = 0
  for (const row of table.cells.values()) {
    if (row.size > 1) {
      mergedClusters++
      for (const person of row.keys()) merged.add(person)
    }
    for (const [person, n] of row) {
      clustersOfPerson.set(person, (clustersOfPerson.get(person) ?? 0) + 1)
      if (row.size === 1 && n === table.trueSizes.get(person)) exactMatches++
    }
  }
  let splitPersons = 0
  for (const clusters of clustersOfPerson.values()) if (clusters > 1) splitPersons++
  const trueClusters = table.trueSizes.size
  return {
    predictedClusters: table.predictedSizes.size,
    trueClusters,
    exactMatches,
    exactClusterMatchRate: trueClusters === 0 ? 1 : exactMatches / trueClusters,
    splitPersons,
    mergedPersons: merged.size,
    mergedClusters,
  }
}
