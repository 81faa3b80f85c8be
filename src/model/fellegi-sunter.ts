/**
 * The Fellegi–Sunter arithmetic in log2 ("bits"): each comparison level contributes log2(m/u), the prior
 * contributes log2(p/(1-p)), and the sum is the match weight.
 */

/** m and u are kept away from 0 and 1 so that a level never gives an infinite weight. */
export const EPSILON = 1e-9
const clamp = (x: number): number => Math.min(1 - EPSILON, Math.max(EPSILON, x))

export const levelWeight = (m: number, u: number): number => Math.log2(clamp(m) / clamp(u))
export const priorWeight = (p: number): number => Math.log2(clamp(p) / (1 - clamp(p)))
export const probabilityOfWeight = (w: number): number => 1 / (1 + 2 ** -w)
export const weightOfProbability = (p: number): number => priorWeight(p)
