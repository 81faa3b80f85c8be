export { type BCubedMetrics, bCubed } from './b-cubed.ts'
export { type ClusterMetrics, clusterMetrics } from './cluster-metrics.ts'
export { clusterPairwiseMetrics, type PairwiseMetrics, truePairCount } from './pairwise.ts'
export {
  type CurveOptions,
  type CurvePoint,
  precisionRecallCurve,
  type ScoredPair,
} from './precision-recall.ts'
export { type RecordKey, recordKey, splitRecordKey } from './record-key.ts'
export {
  type Truth,
  type TruthFileOptions,
  truthFromFebrlId,
  truthFromFile,
} from './truth.ts'
