export { comparisonLevelIndex, NULL_GAMMA } from './comparisons.ts'
export type { Condition } from './conditions.ts'
export { columnsOf, columnValue, evaluateCondition, LIST_COLUMNS, otherIdColumn } from './conditions.ts'
export { defaultComparisons } from './default-comparisons.ts'
export {
  bayesFactor,
  EPSILON,
  levelWeight,
  matchWeight,
  priorWeight,
  probabilityOfWeight,
  weightOfProbability,
} from './fellegi-sunter.ts'
export { applyGuards, defaultGuards, guardApplies, guardConstraints } from './guards.ts'
export type {
  Comparison,
  ComparisonLevel,
  Guard,
  LinkageModel,
  TermFrequency,
  TrainingSummary,
} from './model.ts'
export { tfColumnsOf } from './model.ts'
export { modelSchema, parseModel, serialiseModel } from './model-file.ts'
export type { PriorEstimate, RulePattern } from './prior.ts'
export { estimatePriorFromCandidates, impliedByRules } from './prior.ts'
export type { ComparisonScore, PairScore, WaterfallRow } from './score.ts'
export { explainPair, scorePair } from './score.ts'
export type { SelfEstimate } from './self-estimate.ts'
export { selfEstimate } from './self-estimate.ts'
export { damerauLevenshtein, jaccard, jaro, jaroWinkler, levenshtein } from './similarity.ts'
export type { TermFrequencyLookup } from './term-frequency.ts'
export { termFrequencies, tfAdjustment, tfAdjustmentOfPair } from './term-frequency.ts'
export {
  STRONG_MARGIN,
  type WeightThresholds,
  weightThresholds,
  weightThresholdsSchema,
} from './thresholds.ts'
export type { EmIteration, EmResult, Pattern } from './training.ts'
export {
  combineSessions,
  estimateFromLabels,
  estimateU,
  estimateUAmongNonMatches,
  expectationMaximisation,
  orderedM,
} from './training.ts'
