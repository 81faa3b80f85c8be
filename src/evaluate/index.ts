export { type RecordKey, recordKeyOf, recordOfKey } from '../core/record-key.ts'
export { type BCubedMetrics, bCubed } from './b-cubed.ts'
export { type ClusterMetrics, clusterMetrics } from './cluster-metrics.ts'
export type { ErrorAnalysis, ErrorGroup } from './error-groups.ts'
export {
  type GroupBreakdown,
  type GroupMetrics,
  groupMetrics,
  type Interval,
  wilsonInterval,
} from './groups.ts'
export { clusterPairwiseMetrics, type PairwiseMetrics, truePairCount } from './pairwise.ts'
export {
  type CurveOptions,
  type CurvePoint,
  precisionRecallCurve,
  type ScoredPair,
} from './precision-recall.ts'
export {
  type Truth,
  type TruthFileOptions,
  truthFromFebrlId,
  truthFromFile,
} from './truth.ts'
