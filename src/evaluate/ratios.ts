/**
 * Conventions for empty denominators, chosen once for every metric: a linker that claims no links makes no false
 * claims (precision 1); when the truth has nothing to find, nothing was missed (recall 1). F1 is 0 when both are 0.
 */
export const precisionOf = (truePositives: number, predictedPositives: number): number =>
  predictedPositives === 0 ? 1 : truePositives / predictedPositives

export const recallOf = (truePositives: number, actualPositives: number): number =>
  actualPositives === 0 ? 1 : truePositives / actualPositives

export const f1Of = (precision: number, recall: number): number =>
  precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)

/** Number of unordered pairs among n records. */
export const pairsAmong = (n: number): number => (n * (n - 1)) / 2
