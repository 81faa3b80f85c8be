import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Condition } from './conditions.ts'
import type { Comparison } from './model.ts'
import { comparison, draw, prng } from './testing/simulation.ts'
import {
  combineSessions,
  estimateFromLabels,
  estimateU,
  estimateUAmongNonMatches,
  expectationMaximisation,
  identifiesMatches,
  matchShareOfKeys,
  orderedM,
  type Pattern,
} from './training.ts'

/** The true model the patterns are drawn from: three comparisons, 5% of pairs matches, some values missing. */
const truth = [
  comparison('name', [0.8, 0.15, 0.05], [0.02, 0.08, 0.9]),
  comparison('dob', [0.9, 0.1], [0.01, 0.99]),
  comparison('postcode', [0.6, 0.25, 0.15], [0.005, 0.05, 0.945]),
  comparison('sex', [0.95, 0.05], [0.5, 0.5]),
]
const TRUE_PRIOR = 0.05

/** Simulated pairs, counted per agreement pattern (levels are 1-based; -1 is null). */
const simulate = (pairs: number, seed: number, withLabels = false) => {
  const random = prng(seed)
  const counts = new Map<string, { gammas: number[]; count: number; isMatch: boolean }>()
  for (let p = 0; p < pairs; p++) {
    const isMatch = random() < TRUE_PRIOR
    const gammas = truth.map((c) => {
      if (random() < 0.05) return -1
      const levels = c.levels.slice(1)
      return (
        1 +
        draw(
          levels.map((l) => (isMatch ? l.m! : l.u!)),
          random,
        )
      )
    })
    const key = `${withLabels && isMatch}:${gammas.join(',')}`
    const found = counts.get(key)
    if (found) found.count++
    else counts.set(key, { gammas, count: 1, isMatch: withLabels && isMatch })
  }
  return [...counts.values()]
}

/** A deliberately wrong starting point: flat m, the true u (estimated separately in practice). */
const start = truth.map((c) => ({
  ...c,
  levels: c.levels.map((l) => (l.isNull ? l : { ...l, m: 1 / (c.levels.length - 1) })),
}))

const maxDifference = (a: Comparison[], b: Comparison[], which: 'm' | 'u') =>
  Math.max(
    ...a.flatMap((c, k) =>
      c.levels.map((l, i) => Math.abs((l[which] ?? 0) - (b[k]!.levels[i]![which] ?? 0))),
    ),
  )

describe('training on pattern counts', () => {
  test('expectation-maximisation recovers m and the prior from a known mixture', () => {
    const patterns: Pattern[] = simulate(40_000, 7)
    const result = expectationMaximisation({ comparisons: start, prior: 0.2, patterns, maxIterations: 100 })
    assert.ok(result.converged, `not converged in ${result.iterations.length} iterations`)
    assert.ok(
      maxDifference(result.comparisons, truth, 'm') < 0.03,
      `m off by ${maxDifference(result.comparisons, truth, 'm')}`,
    )
    assert.ok(Math.abs(result.prior - TRUE_PRIOR) < 0.01, `prior ${result.prior}`)
    assert.equal(maxDifference(result.comparisons, truth, 'u'), 0, 'u is left alone')
    assert.ok(result.iterations.length > 1, 'more than one iteration')
    assert.ok(result.iterations.at(-1)!.maxMChange < 1e-4, 'last change below the tolerance')
  })

  test('a comparison that is not trainable keeps its m', () => {
    const patterns = simulate(40_000, 11)
    const result = expectationMaximisation({
      comparisons: start,
      prior: 0.2,
      patterns,
      trainable: [true, false, true, true],
    })
    assert.deepEqual(result.comparisons[1], start[1])
    const off = maxDifference([result.comparisons[0]!], [truth[0]!], 'm')
    assert.ok(off < 0.05, `name m off by ${off}`)
  })

  test('estimateU gives the share of each level among non-null random pairs, never 0', () => {
    const comparisons = [comparison('name', [0.9, 0.1], [0.5, 0.5])]
    const patterns: Pattern[] = [
      { gammas: [1], count: 1_000 },
      { gammas: [2], count: 999_000 },
      { gammas: [-1], count: 500_000 },
    ]
    const [name] = estimateU(patterns, comparisons)
    const u1 = name!.levels[1]!.u!
    assert.ok(Math.abs(u1 - 0.001) < 0.0005, `u ${u1}`)
    assert.ok(Math.abs(name!.levels[2]!.u! - 0.999) < 0.0005, `u ${name!.levels[2]!.u}`)
    const [unseen] = estimateU([{ gammas: [2], count: 10 }], comparisons)
    assert.ok(unseen!.levels[1]!.u! > 0, 'a level never seen still has u above 0')
    assert.equal(name!.levels[1]!.m, 0.9, 'm untouched')
  })

  test('estimateUAmongNonMatches takes the matches among random pairs out of u', () => {
    // 5% of these random pairs are matches, as in a small file where most records have a duplicate.
    const patterns = simulate(200_000, 11)
    const raw = estimateU(patterns, start)
    const cleaned = estimateUAmongNonMatches(
      patterns,
      raw.map((c, k) => ({ ...c, levels: c.levels.map((l, i) => ({ ...l, m: truth[k]!.levels[i]!.m })) })),
      TRUE_PRIOR,
    )
    const exactName = (cs: readonly Comparison[]) => cs[0]!.levels[1]!.u!
    assert.ok(exactName(raw) > 0.05, `raw u ${exactName(raw)} holds the matches' agreement`)
    assert.ok(Math.abs(exactName(cleaned) - 0.02) < 0.005, `cleaned u ${exactName(cleaned)}`)
    assert.ok(maxDifference(cleaned, truth, 'u') < 0.01, `u off by ${maxDifference(cleaned, truth, 'u')}`)
    const same = estimateUAmongNonMatches(patterns, raw, 0)
    assert.deepEqual(same, estimateU(patterns, raw), 'no matches expected: u as counted')
  })

  test('estimateFromLabels takes m from matches and u from non-matches', () => {
    const estimated = estimateFromLabels(simulate(200_000, 3, true), start)
    assert.ok(maxDifference(estimated, truth, 'm') < 0.03, `m off by ${maxDifference(estimated, truth, 'm')}`)
    assert.ok(maxDifference(estimated, truth, 'u') < 0.01, `u off by ${maxDifference(estimated, truth, 'u')}`)
  })

  test('combineSessions averages m over the sessions that trained a comparison and names the untrained', () => {
    const a = [
      comparison('name', [0.8, 0.2], [0.1, 0.9]),
      comparison('dob', [0.9, 0.1], [0.1, 0.9]),
      comparison('pnc', [0.5, 0.5], [0.1, 0.9]),
    ]
    const s1 = [comparison('name', [0.7, 0.3], [0.1, 0.9]), comparison('dob', [0.1, 0.9], [0.1, 0.9]), a[2]!]
    const s2 = [comparison('name', [0.9, 0.1], [0.1, 0.9]), comparison('dob', [0.8, 0.2], [0.1, 0.9]), a[2]!]
    const { comparisons, neverTrained } = combineSessions(a, [
      { comparisons: s1, trainable: [true, false, false] },
      { comparisons: s2, trainable: [true, true, false] },
    ])
    assert.ok(Math.abs(comparisons[0]!.levels[1]!.m! - 0.8) < 1e-12, 'mean of 0.7 and 0.9')
    assert.equal(comparisons[1]!.levels[1]!.m, 0.8, 'only the session that trained dob counts')
    assert.deepEqual(neverTrained, ['pnc'])
  })

  test('orderedM pools a fuzzy level stronger than exact, keeping the sum of m', () => {
    const levels: { isNull?: boolean; condition: Condition }[] = [
      { isNull: true, condition: { kind: 'null', columns: ['forename'] } },
      { condition: { kind: 'exact', column: 'forename' } },
      { condition: { kind: 'jaroWinkler', column: 'forename', atLeast: 0.9 } },
      { condition: { kind: 'initial', column: 'forename' } },
      { condition: { kind: 'else' } },
    ]
    const u = [0, 0.01, 0.003, 0.01, 0.977]
    const m = orderedM(levels, [0, 0.45, 0.5, 0.04, 0.01], u)
    const factor = (i: number) => m[i]! / u[i]!
    assert.ok(Math.abs(factor(1) - factor(2)) < 1e-9, 'exact and fuzzy pooled to one Bayes factor')
    assert.ok(factor(1) > factor(3) && factor(3) > factor(4), 'the others untouched and below')
    assert.ok(Math.abs(m.reduce((a, b) => a + b, 0) - 1) < 1e-12, 'sum of m kept')
    assert.equal(m[3], 0.04)
    const weakest = orderedM(levels, [0, 0.8, 0.1, 0.001, 0.099], u)
    assert.ok(weakest[4]! / u[4]! <= weakest[3]! / u[3]! + 1e-12, 'different no stronger than an initial')
  })

  test('orderedM leaves a swap stronger than exact: it says both names agree', () => {
    const levels: { isNull?: boolean; condition: Condition }[] = [
      { isNull: true, condition: { kind: 'null', columns: ['surname'] } },
      { condition: { kind: 'exact', column: 'surname' } },
      { condition: { kind: 'swapped', columns: ['surname', 'forename'] } },
      { condition: { kind: 'exact', column: 'surname_metaphone' } },
      { condition: { kind: 'else' } },
    ]
    const u = [0, 0.005, 0.000004, 0.005, 0.99]
    const m = [0, 0.85, 0.02, 0.1, 0.03]
    const ordered = orderedM(levels, m, u)
    assert.equal(ordered[2], 0.02, 'the swap keeps its m')
    assert.ok(Math.abs(ordered[1]! / u[1]! - ordered[3]! / u[3]!) > 1, 'exact and sound apart')
    const sound = orderedM(levels, [0, 0.3, 0.02, 0.65, 0.03], u)
    assert.ok(Math.abs(sound[1]! / u[1]! - sound[3]! / u[3]!) < 1e-9, 'a sound above exact is pooled with it')
  })

  test('EM on a few hundred typo-laden pairs keeps exact at least as strong as fuzzy', () => {
    // Most duplicates carry a typo in the name (m of exact 0.45, of the near miss 0.5): a fuzzy level with a lower
    // u would otherwise come out stronger than exact.
    const truthTypos = [
      comparison('name', [0.45, 0.5, 0.05], [0.01, 0.003, 0.987]),
      comparison('dob', [0.6, 0.35, 0.05], [0.002, 0.01, 0.988]),
      comparison('postcode', [0.7, 0.2, 0.1], [0.01, 0.05, 0.94]),
    ]
    const random = prng(17)
    const patterns: Pattern[] = []
    for (let p = 0; p < 300; p++) {
      const isMatch = random() < 0.5
      const gammas = truthTypos.map(
        (c) =>
          1 +
          draw(
            c.levels.slice(1).map((l) => (isMatch ? l.m! : l.u!)),
            random,
          ),
      )
      patterns.push({ gammas, count: 1 })
    }
    // Levels as the defaults write them: exact, a closeness of the same value, anything else.
    const conditions: Condition[] = [
      { kind: 'exact', column: 'v' },
      { kind: 'jaroWinkler', column: 'v', atLeast: 0.9 },
      { kind: 'else' },
    ]
    const flat = truthTypos.map((c) => ({
      ...c,
      levels: c.levels.map((l, i) =>
        l.isNull ? l : { ...l, condition: conditions[i - 1]!, m: i === 1 ? 0.8 : 0.1 },
      ),
    }))
    const result = expectationMaximisation({ comparisons: flat, prior: 0.1, patterns, maxIterations: 100 })
    for (const c of result.comparisons) {
      const factors = c.levels.slice(1).map((l) => l.m! / l.u!)
      assert.ok(
        factors.every((f) => f <= factors[0]! * (1 + 1e-9)),
        `${c.name}: exact ${factors[0]} below another level (${factors.join(', ')})`,
      )
    }
  })

  test('a session left with one comparison that tells people apart cannot find its matches; with two it can', () => {
    const patterns = simulate(10_000, 3)
    // name, dob, postcode and sex: three tell people apart (u at most 0.05 on some level), sex does not.
    assert.ok(identifiesMatches(patterns, truth, [true, true, true, true]))
    assert.ok(identifiesMatches(patterns, truth, [false, true, true, true]))
    assert.ok(!identifiesMatches(patterns, truth, [false, true, false, true]))
    // A comparison missing on most pairs does not count.
    const mostlyMissing = patterns.map((p) => ({
      ...p,
      gammas: [p.gammas[0]!, p.gammas[1]!, -1, p.gammas[3]!],
    }))
    assert.ok(!identifiesMatches(mostlyMissing, truth, [false, true, true, true]))
  })

  test('with the share of matches fixed from outside, one comparison learns its m', () => {
    // Pairs blocked on names: 300 of one person (birth date the same on 85%), 200 namesakes (nearly never).
    const dob = comparison('dob', [0.5, 0.5], [0.001, 0.999])
    const sex = comparison('sex', [0.5, 0.5], [0.5, 0.5])
    const patterns: Pattern[] = [
      { gammas: [1, 1], count: 255 },
      { gammas: [2, 1], count: 45 + 199 },
      { gammas: [1, 1], count: 1 },
    ]
    // Sex is no evidence here: namesakes share a forename, and so its sex.
    const trainable = [true, false]
    const fixed = expectationMaximisation({
      comparisons: [dob, sex],
      prior: 0.6,
      fixedPrior: true,
      patterns,
      trainable,
      maxIterations: 200,
    })
    const m = fixed.comparisons[0]!.levels.map((l) => l.m ?? 0)
    assert.equal(fixed.prior, 0.6)
    assert.ok(Math.abs(m[2]! - 0.15) < 0.05, `m(dob different) ${m[2]}`)
    const free = expectationMaximisation({
      comparisons: [dob, sex],
      prior: 0.1,
      patterns,
      trainable,
      maxIterations: 200,
    })
    assert.ok(free.comparisons[0]!.levels[2]!.m! > 0.3, 'free EM takes the namesakes for the same person')
  })

  test('the share of matches among pairs blocked on keys follows from the matches expected and the keys m', () => {
    const forename = { ...comparison('forename', [0.8, 0.2], [0.01, 0.99]) }
    forename.levels[1] = { ...forename.levels[1]!, condition: { kind: 'exact', column: 'forename' } }
    const surname = { ...comparison('surname', [0.9, 0.1], [0.01, 0.99]) }
    surname.levels[1] = { ...surname.levels[1]!, condition: { kind: 'exact', column: 'surname' } }
    const share = matchShareOfKeys({
      expectedMatches: 500,
      sessionPairs: 1000,
      keys: ['forename', 'surname'],
      comparisons: [forename, surname],
    })
    assert.ok(Math.abs(share! - 0.36) < 1e-9, `share ${share}`)
    assert.equal(
      matchShareOfKeys({
        expectedMatches: 500,
        sessionPairs: 1000,
        keys: ['email'],
        comparisons: [forename],
      }),
      undefined,
    )
  })
})
