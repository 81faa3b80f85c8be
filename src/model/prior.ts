import { NULL_GAMMA } from './comparisons.ts'
import { sharesFact, subjectColumns } from './facts.ts'
import { levelWeight } from './fellegi-sunter.ts'
import type { Comparison } from './model.ts'
import type { Pattern } from './training.ts'

/** Candidate pairs counted per agreement pattern and per blocking rule that proposed them. */
export interface RulePattern extends Pattern {
  rule: number
}

export interface PriorEstimate {
  /** P(match) for two records drawn at random: expected matches over all comparable pairs. */
  prior: number
  /** Expected matches among the candidate pairs: the sum of their match probabilities. */
  expectedMatches: number
  candidatePairs: number
  iterations: number
  converged: boolean
}

/** The prior is kept in this range, so that a data set of distinct people or of one person still scores. */
const PRIOR_FLOOR = 1e-9
const PRIOR_CEILING = 0.5

/**
 * The prior from the candidate pairs themselves, by expectation-maximisation of the prior alone (m and u fixed):
 * the expected number of matches is the sum over candidate pairs of their match probability at the current prior,
 * and the prior is that over all comparable pairs, iterated to a fixed point. Pairs blocking did not propose are
 * taken as non-matches (blocking exists to leave out pairs with no chance).
 *
 * Each pair is weighed only on the comparisons its own blocking rule does not imply (`implied[rule][k]`), at the
 * share of matches among that rule's pairs: non-matches a rule proposes agree on its keys far more often than random
 * pairs do, so u from random pairs would over-state that agreement. A rule that leaves no evidence on a pair (its
 * keys cover every comparison) is weighed on all comparisons at the global prior instead, where that agreement is
 * as likely as u says.
 */
export const estimatePriorFromCandidates = (options: {
  comparisons: readonly Comparison[]
  patterns: readonly RulePattern[]
  /** Per rule index, per comparison: whether the rule's keys make the comparison agree. */
  implied: readonly (readonly boolean[])[]
  comparablePairs: number
  maxIterations?: number
  tolerance?: number
}): PriorEstimate => {
  const { comparisons, patterns, implied, comparablePairs } = options
  const maxIterations = options.maxIterations ?? 1000
  const tolerance = options.tolerance ?? 1e-7
  const candidatePairs = patterns.reduce((a, p) => a + p.count, 0)
  if (comparablePairs <= 0 || candidatePairs === 0)
    return { prior: PRIOR_FLOOR, expectedMatches: 0, candidatePairs, iterations: 0, converged: true }
  const log2Factor = comparisons.map((c) => c.levels.map((l) => levelWeight(l.m ?? 0.5, l.u ?? 0.5)))
  // Per pattern: the weight of evidence (bits) on its rule's unimplied comparisons, or on all when none is left.
  const weighed = patterns.map((p) => {
    let bits = 0
    let all = 0
    p.gammas.forEach((g, k) => {
      if (g === NULL_GAMMA) return
      all += log2Factor[k]![g]!
      if (implied[p.rule]?.[k]) return
      bits += log2Factor[k]![g]!
    })
    const anyUnimplied = comparisons.some((_, k) => !implied[p.rule]?.[k])
    return { rule: p.rule, count: p.count, bits: anyUnimplied ? bits : all, global: !anyUnimplied }
  })
  const rules = [...new Set(weighed.map((w) => w.rule))]
  const pairsOfRule = new Map(rules.map((r) => [r, 0]))
  for (const w of weighed) pairsOfRule.set(w.rule, pairsOfRule.get(w.rule)! + w.count)
  const clampPrior = (x: number) => Math.min(PRIOR_CEILING, Math.max(PRIOR_FLOOR, x))
  let prior = clampPrior(candidatePairs / 2 / comparablePairs)
  let share = new Map(rules.map((r) => [r, 0.5]))
  const posterior = (bits: number, p: number) => 1 / (1 + ((1 - p) / p) * 2 ** -bits)
  let expectedMatches = 0
  let iterations = 0
  let converged = false
  while (iterations < maxIterations) {
    iterations++
    const matchedOfRule = new Map(rules.map((r) => [r, 0]))
    expectedMatches = 0
    for (const w of weighed) {
      const p = w.global ? prior : share.get(w.rule)!
      const matched = w.count * posterior(w.bits, p)
      matchedOfRule.set(w.rule, matchedOfRule.get(w.rule)! + matched)
      expectedMatches += matched
    }
    const nextPrior = clampPrior(expectedMatches / comparablePairs)
    const nextShare = new Map(
      rules.map((r) => [r, Math.min(1 - 1e-9, Math.max(1e-9, matchedOfRule.get(r)! / pairsOfRule.get(r)!))]),
    )
    const change = Math.max(
      Math.abs(nextPrior - prior) / prior,
      ...rules.map((r) => Math.abs(nextShare.get(r)! - share.get(r)!)),
    )
    prior = nextPrior
    share = nextShare
    if (change < tolerance) {
      converged = true
      break
    }
  }
  return { prior, expectedMatches, candidatePairs, iterations, converged }
}

/** Per blocking rule, per comparison: whether the rule's keys record a fact the comparison is about (src/model/facts.ts). */
export const impliedByRules = (
  rules: readonly { keys: readonly string[] }[],
  comparisons: readonly Comparison[],
): boolean[][] => rules.map((rule) => comparisons.map((c) => sharesFact(rule.keys, subjectColumns(c))))
