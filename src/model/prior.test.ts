import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Comparison } from './model.ts'
import { estimatePriorFromCandidates, impliedByRules, type RulePattern } from './prior.ts'
import { comparison, draw, prng } from './testing/simulation.ts'

/** Typo-laden duplicates: exact agreement on a name or date is far from certain among matches. */
const forename = comparison('forename', [0.75, 0.2, 0.05], [0.01, 0.02, 0.97])
const surname = comparison('surname', [0.75, 0.2, 0.05], [0.005, 0.015, 0.98])
const dob = comparison('date_of_birth', [0.8, 0.17, 0.03], [0.0003, 0.003, 0.9967])
const postcode = comparison('postcode_district', [0.8, 0.1, 0.1], [0.001, 0.01, 0.989])
const identifier = comparison('other_id', [0.85, 0.1, 0.05], [1e-5, 1e-4, 1 - 1.1e-4])

/**
 * Every pair of a file simulated from the model: the candidate pairs are those agreeing exactly on some rule's
 * columns, counted per the first such rule and per pattern, as blocking proposes them.
 */
const simulateBlocking = (options: {
  comparisons: Comparison[]
  rules: { keys: string[] }[]
  pairs: number
  matches: number
  seed: number
}): { patterns: RulePattern[]; blockedMatches: number } => {
  const random = prng(options.seed)
  const column = (c: Comparison) => (c.levels[0]!.condition as { columns: string[] }).columns[0]!
  const ruleComparisons = options.rules.map((r) =>
    r.keys.map((key) => options.comparisons.findIndex((c) => column(c) === key)),
  )
  const counts = new Map<string, RulePattern>()
  let blockedMatches = 0
  for (let p = 0; p < options.pairs; p++) {
    const isMatch = p < options.matches
    const gammas = options.comparisons.map(
      (c) =>
        1 +
        draw(
          c.levels.slice(1).map((l) => (isMatch ? l.m! : l.u!)),
          random,
        ),
    )
    const rule = ruleComparisons.findIndex((ks) => ks.every((k) => gammas[k] === 1))
    if (rule < 0) continue
    if (isMatch) blockedMatches++
    const key = `${rule}:${gammas.join(',')}`
    const found = counts.get(key)
    if (found) found.count++
    else counts.set(key, { rule, gammas, count: 1 })
  }
  return { patterns: [...counts.values()], blockedMatches }
}

/** The estimate against the true prior of the matches blocking found (those it missed no estimate can see). */
const estimateOn = (comparisons: Comparison[], rules: { keys: string[] }[], seed: number) => {
  const pairs = 400_000
  const matches = 400
  const { patterns, blockedMatches } = simulateBlocking({ comparisons, rules, pairs, matches, seed })
  assert.ok(blockedMatches > 0.75 * matches, `blocking found ${blockedMatches} of ${matches} matches`)
  const estimate = estimatePriorFromCandidates({
    comparisons,
    patterns,
    implied: impliedByRules(rules, comparisons),
    comparablePairs: pairs,
  })
  return { estimate, truePrior: blockedMatches / pairs }
}

const withinFactor = (estimated: number, truth: number, factor: number) =>
  estimated <= truth * factor && estimated >= truth / factor

describe('the prior from candidate pairs', () => {
  test('comes out within 1.5 times the true prior on data without identifiers', () => {
    const comparisons = [forename, surname, dob, postcode]
    const rules = [
      { keys: ['surname', 'date_of_birth'] },
      { keys: ['forename', 'date_of_birth'] },
      { keys: ['surname', 'postcode'] },
      { keys: ['forename', 'postcode'] },
    ]
    const { estimate, truePrior } = estimateOn(comparisons, rules, 5)
    assert.ok(estimate.converged)
    assert.ok(withinFactor(estimate.prior, truePrior, 1.5), `${estimate.prior} against ${truePrior}`)
  })

  test('comes out within 1.5 times the true prior on data with an identifier', () => {
    const comparisons = [forename, surname, dob, postcode, identifier]
    const rules = [
      { keys: ['other_id'] },
      { keys: ['surname', 'date_of_birth'] },
      { keys: ['forename', 'postcode'] },
    ]
    const { estimate, truePrior } = estimateOn(comparisons, rules, 9)
    assert.ok(withinFactor(estimate.prior, truePrior, 1.5), `${estimate.prior} against ${truePrior}`)
  })

  test('weighing the blocking keys as random pairs would over-count matches among namesakes', () => {
    // Common surnames and a birth year alone: many non-matches share both. With no rule said to imply its columns,
    // their agreement on the blocking keys is weighed as if random pairs agreed so, and they look like matches.
    const commonSurname = comparison('surname', [0.75, 0.2, 0.05], [0.02, 0.03, 0.95])
    const birthYear = comparison('date_of_birth', [0.8, 0.17, 0.03], [0.01, 0.05, 0.94])
    const comparisons = [forename, commonSurname, birthYear]
    const rules = [{ keys: ['surname', 'date_of_birth'] }, { keys: ['forename', 'date_of_birth'] }]
    const pairs = 400_000
    const { patterns, blockedMatches } = simulateBlocking({
      comparisons,
      rules,
      pairs,
      matches: 400,
      seed: 3,
    })
    const fair = estimatePriorFromCandidates({
      comparisons,
      patterns,
      implied: impliedByRules(rules, comparisons),
      comparablePairs: pairs,
    })
    const naive = estimatePriorFromCandidates({
      comparisons,
      patterns,
      implied: rules.map(() => comparisons.map(() => false)),
      comparablePairs: pairs,
    })
    assert.ok(withinFactor(fair.prior, blockedMatches / pairs, 1.5), `fair ${fair.prior}`)
    const truth = blockedMatches / pairs
    assert.ok(naive.prior > truth * 1.3, `naive ${naive.prior} against ${truth}`)
    assert.ok(Math.abs(fair.prior - truth) < Math.abs(naive.prior - truth) / 3, `fair ${fair.prior}`)
  })

  test('a derived blocking key implies the column it is derived from, a postcode the surname a household shares, a list of name words none', () => {
    const implied = impliedByRules(
      [{ keys: ['name_pair_key', 'dob_year'] }, { keys: ['known_names', 'postcode'] }],
      [forename, surname, dob, postcode, identifier],
    )
    assert.deepEqual(implied, [
      [true, true, true, false, false],
      [false, true, false, true, false],
    ])
  })

  test('no candidate pairs give the floor, not a division by zero', () => {
    const estimate = estimatePriorFromCandidates({
      comparisons: [forename],
      patterns: [],
      implied: [],
      comparablePairs: 1000,
    })
    assert.ok(estimate.prior > 0 && estimate.prior < 1e-6)
  })
})
