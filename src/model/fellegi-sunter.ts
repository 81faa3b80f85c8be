/**
 * The Fellegi–Sunter arithmetic in log2 ("bits"): each comparison level contributes log2(m/u), the prior
 * contributes log2(p/(1-p)), and the sum is the match weight.
 */

/**
 * m, u and the prior are kept within [EPSILON, 1 - EPSILON], so that a level seen never (m or u of 0 in a
 * hand-written model or a tiny sample) gives a large but finite weight (about ±30 bits), never ±Infinity.
 */
export const EPSILON = 1e-9
const clamp = (x: number): number => Math.min(1 - EPSILON, Math.max(EPSILON, x))

/** How many times likelier a level is among matches than among non-matches. */
export const bayesFactor = (m: number, u: number): number => clamp(m) / clamp(u)
export const levelWeight = (m: number, u: number): number => Math.log2(bayesFactor(m, u))
export const priorWeight = (p: number): number => Math.log2(clamp(p) / (1 - clamp(p)))
export const probabilityOfWeight = (w: number): number => 1 / (1 + 2 ** -w)
export const weightOfProbability = (p: number): number => priorWeight(p)
/** The match weight of a pair: the prior's weight plus every partial weight (TF adjustments included). */
export const matchWeight = (prior: number, partialWeights: readonly number[]): number =>
  partialWeights.reduce((sum, w) => sum + w, priorWeight(prior))
