import { NULL_GAMMA } from './comparisons.ts'
import { type Condition, columnsOf } from './conditions.ts'
import type { Comparison } from './model.ts'

/** How many pairs showed one agreement pattern (a gamma per comparison). */
export interface Pattern {
  gammas: number[]
  count: number
}

/**
 * Pseudo-counts that pull estimates toward the starting values (a Dirichlet prior): negligible on millions of
 * pairs, decisive on a handful, where raw shares would be noise; and no level ever gets u or m of 0.
 */
const U_PSEUDO_PAIRS = 1000
const M_PSEUDO_MATCHES = 10

/**
 * u per level from patterns of random pairs (nearly all non-matches): the share of pairs at each level among pairs
 * where the comparison is not null, smoothed toward the starting u.
 */
export const estimateU = (patterns: readonly Pattern[], comparisons: readonly Comparison[]): Comparison[] =>
  comparisons.map((comparison, k) => {
    const u = smoothedShares(
      levelCounts(patterns, comparison, k),
      startingShares(comparison, 'u'),
      U_PSEUDO_PAIRS,
    )
    return {
      ...comparison,
      levels: comparison.levels.map((level, i) => (level.isNull ? level : { ...level, u: u[i]! })),
    }
  })

/**
 * u again from the same random pairs, each pattern counted only as far as it is not a match: its count times the
 * chance, under the trained model and the share of matches among random pairs, that its pairs are different people.
 * Random pairs are nearly all non-matches in a large extract, but in a small file where many records are another's
 * duplicate they hold enough matches to lift every agreeing level's u (FEBRL 1: pairs of different people share a
 * postcode 0.00101 of the time, all random pairs 0.00184), and every agreement then weighs too little.
 */
export const estimateUAmongNonMatches = (
  patterns: readonly Pattern[],
  comparisons: readonly Comparison[],
  matchShare: number,
): Comparison[] => {
  const share = Math.min(0.5, Math.max(0, matchShare))
  const nonMatches = patterns.map((p) => {
    let match = share
    let non = 1 - share
    p.gammas.forEach((g, k) => {
      if (g === NULL_GAMMA) return
      const level = comparisons[k]!.levels[g]!
      match *= Math.max(level.m ?? 0, 1e-12)
      non *= Math.max(level.u ?? 0, 1e-12)
    })
    return { gammas: p.gammas, count: (p.count * non) / (match + non) }
  })
  return estimateU(nonMatches, comparisons)
}

/** Pairs per level of the k-th comparison, the null level left out. */
const levelCounts = (patterns: readonly Pattern[], comparison: Comparison, k: number): number[] => {
  const counts = new Array<number>(comparison.levels.length).fill(0)
  for (const p of patterns) {
    const g = p.gammas[k]!
    if (g !== NULL_GAMMA) counts[g]! += p.count
  }
  return counts
}

const smoothedShares = (counts: readonly number[], start: readonly number[], pseudo: number): number[] => {
  const total = counts.reduce((a, b) => a + b, 0)
  return counts.map((n, i) => (n + pseudo * start[i]!) / (total + pseudo))
}

/** A comparison's starting m or u per level, normalised over the non-null levels (uniform when unset). */
const startingShares = (comparison: Comparison, which: 'm' | 'u'): number[] => {
  const raw = comparison.levels.map((l) => (l.isNull ? 0 : (l[which] ?? 1)))
  const sum = raw.reduce((a, b) => a + b, 0)
  return raw.map((x) => x / sum)
}

export interface EmIteration {
  iteration: number
  maxMChange: number
  prior: number
}

export interface EmResult {
  comparisons: Comparison[]
  prior: number
  iterations: EmIteration[]
  converged: boolean
}

/**
 * Expectation-maximisation of m (u fixed) over pattern counts, never over individual pairs. Comparisons marked not
 * trainable (those the session's blocking rule makes agree) keep their m and are left out of the expectation; the
 * prior found is the share of matches among the session's blocked pairs, not the global prior.
 */
export const expectationMaximisation = (options: {
  comparisons: readonly Comparison[]
  prior: number
  patterns: readonly Pattern[]
  trainable?: readonly boolean[]
  /** Keep the prior as given instead of learning it (a session whose comparisons cannot identify it). */
  fixedPrior?: boolean
  maxIterations?: number
  tolerance?: number
}): EmResult => {
  const { patterns } = options
  const trainable = options.trainable ?? options.comparisons.map(() => true)
  const maxIterations = options.maxIterations ?? 25
  const tolerance = options.tolerance ?? 1e-4
  const m = options.comparisons.map((c) => c.levels.map((l) => l.m ?? 0))
  const startM = options.comparisons.map((c) => startingShares(c, 'm'))
  const u = options.comparisons.map((c) => c.levels.map((l) => l.u ?? 0))
  let prior = Math.min(0.99, Math.max(1e-6, options.prior))
  const iterations: EmIteration[] = []
  let converged = false
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const matchCounts = m.map((levels) => new Array<number>(levels.length).fill(0))
    let matched = 0
    let total = 0
    for (const p of patterns) {
      let likelihoodMatch = prior
      let likelihoodNon = 1 - prior
      p.gammas.forEach((g, k) => {
        if (g === NULL_GAMMA || !trainable[k]) return
        likelihoodMatch *= Math.max(m[k]![g]!, 1e-12)
        likelihoodNon *= Math.max(u[k]![g]!, 1e-12)
      })
      const probability = likelihoodMatch / (likelihoodMatch + likelihoodNon)
      const weight = probability * p.count
      matched += weight
      total += p.count
      p.gammas.forEach((g, k) => {
        if (g !== NULL_GAMMA) matchCounts[k]![g]! += weight
      })
    }
    let maxMChange = 0
    matchCounts.forEach((counts, k) => {
      if (!trainable[k]) return
      const sum = counts.reduce((a, b) => a + b, 0)
      if (sum <= 0) return
      const levels = options.comparisons[k]!.levels
      const next = orderedM(
        levels,
        counts.map((c, i) =>
          levels[i]!.isNull ? 0 : (c + M_PSEUDO_MATCHES * startM[k]![i]!) / (sum + M_PSEUDO_MATCHES),
        ),
        u[k]!,
      )
      next.forEach((x, i) => {
        if (levels[i]!.isNull) return
        maxMChange = Math.max(maxMChange, Math.abs(x - m[k]![i]!))
        m[k]![i] = x
      })
    })
    if (!options.fixedPrior) prior = total > 0 ? Math.min(0.99, Math.max(1e-6, matched / total)) : prior
    iterations.push({ iteration, maxMChange, prior })
    if (maxMChange < tolerance) {
      converged = true
      break
    }
  }
  return {
    comparisons: options.comparisons.map((c, k) => ({
      ...c,
      levels: c.levels.map((l, i) => (l.isNull ? l : { ...l, m: m[k]![i]! })),
    })),
    prior,
    iterations,
    converged,
  }
}

/** Levels that weigh something besides the closeness of one value: names swapped, a word among a list, a name set. */
const NOT_A_CLOSENESS = new Set(['swapped', 'inTokens', 'eitherIn', 'pairIn'])

const kindsOf = (c: Condition): string[] =>
  c.kind === 'and'
    ? c.all.flatMap(kindsOf)
    : c.kind === 'or'
      ? c.any.flatMap(kindsOf)
      : c.kind === 'not'
        ? kindsOf(c.condition)
        : [c.kind]

/**
 * Whether a level is a looser form of the comparison's first level: the closeness of the same value (Jaro-Winkler,
 * edit distance, an initial, dates within days) or agreement on a coarser key derived from it (a postcode's sector,
 * a surname's sound or variant group). A swap with another name, a word found among a list, or a set of names is
 * other evidence, which may be stronger than exact agreement ("swapped with forename" says both names agree).
 */
const loosensFirst = (first: Condition, level: Condition): boolean => {
  const [column] = columnsOf(first)
  if (column === undefined || kindsOf(level).some((k) => NOT_A_CLOSENESS.has(k))) return false
  const columns = columnsOf(level)
  return columns.length > 0 && columns.every((c) => c === column || c.startsWith(`${column}_`))
}

/**
 * m with a comparison's levels in their order of strength (Bayes factor m/u) where that order is certain: the first
 * level, the closest agreement ("exact"), at least as strong as each looser form of it (`loosensFirst`), and a last
 * catch-all level ("different") at most as strong as any other. Other levels (a swap, a nickname, a leading
 * Muhammad) are not ordered: which is stronger depends on the data. On few pairs EM can put a fuzzy level above
 * exact (an exact forename's m below a near miss's when most duplicates carry a typo); the levels that break the
 * order are pooled to one Bayes factor, sharing their m in proportion to u (pool-adjacent-violators on this partial
 * order), so the sum of m is kept.
 */
export const orderedM = (
  levels: readonly { isNull?: boolean; condition: Condition }[],
  m: readonly number[],
  u: readonly number[],
): number[] => {
  const out = [...m]
  const ranked = levels.flatMap((l, i) => (l.isNull || !(u[i]! > 0) ? [] : [i]))
  if (ranked.length < 2) return out
  const factor = (i: number) => out[i]! / u[i]!
  const pooled = (block: number[]) =>
    block.reduce((a, i) => a + out[i]!, 0) / block.reduce((a, i) => a + u[i]!, 0)
  const pool = (block: number[]) => {
    const bf = pooled(block)
    for (const i of block) out[i] = bf * u[i]!
  }
  // The strongest: pool the first level with the looser levels above it, strongest first, while any is above.
  const first = ranked[0]!
  const looser = ranked
    .slice(1)
    .filter((i) => loosensFirst(levels[first]!.condition, levels[i]!.condition))
    .sort((a, b) => factor(b) - factor(a))
  const top = [first]
  for (const i of looser) {
    if (factor(i) <= pooled(top)) break
    top.push(i)
  }
  if (top.length > 1) pool(top)
  const last = ranked.at(-1)!
  if (levels[last]!.condition.kind !== 'else') return out
  // The weakest: the same from below for the catch-all level, against every other level.
  const others = ranked.filter((i) => i !== last).sort((a, b) => factor(a) - factor(b))
  const bottom = [last]
  for (const i of others) {
    if (factor(i) >= pooled(bottom)) break
    bottom.push(i)
  }
  if (bottom.length > 1) pool(bottom)
  return out
}

/**
 * Combines EM sessions: each comparison's m is the average over the sessions in which it was trainable. Returns the
 * names of comparisons no session could train (they keep their starting m).
 */
export const combineSessions = (
  start: readonly Comparison[],
  sessions: readonly { comparisons: readonly Comparison[]; trainable: readonly boolean[] }[],
): { comparisons: Comparison[]; neverTrained: string[] } => {
  const neverTrained: string[] = []
  const comparisons = start.map((comparison, k) => {
    const trained = sessions.filter((s) => s.trainable[k])
    if (trained.length === 0) {
      neverTrained.push(comparison.name)
      return comparison
    }
    return {
      ...comparison,
      levels: comparison.levels.map((level, i) => {
        if (level.isNull) return level
        const m = trained.reduce((a, s) => a + (s.comparisons[k]!.levels[i]!.m ?? 0), 0) / trained.length
        return { ...level, m }
      }),
    }
  })
  return { comparisons, neverTrained }
}

/**
 * Supervised estimation from labelled pattern counts: m from the matches, u from the non-matches, each the share of
 * a level among the pairs where the comparison is not null, smoothed toward the starting values.
 */
export const estimateFromLabels = (
  patterns: readonly (Pattern & { isMatch: boolean })[],
  comparisons: readonly Comparison[],
): Comparison[] => {
  const matches = patterns.filter((p) => p.isMatch)
  const nonMatches = patterns.filter((p) => !p.isMatch)
  return comparisons.map((c, k) => {
    const m = smoothedShares(levelCounts(matches, c, k), startingShares(c, 'm'), M_PSEUDO_MATCHES)
    const u = smoothedShares(levelCounts(nonMatches, c, k), startingShares(c, 'u'), U_PSEUDO_PAIRS)
    return { ...c, levels: c.levels.map((l, i) => (l.isNull ? l : { ...l, m: m[i]!, u: u[i]! })) }
  })
}

/** A comparison tells people apart when agreeing on it is rare among non-matches: one of its levels has u this low. */
const TELLS_APART_U = 0.05
/** ...and it is compared (not null) on at least this share of a session's pairs. */
const MIN_COMPARED_SHARE = 0.2

/**
 * Whether EM can find the matches among a session's pairs on its own. A mixture of two classes is identified only
 * by two or more comparisons that tell people apart; with one (a birth date, when the names are the session's keys
 * and sex is all that is left) every share of matches fits as well as another, and EM drifts to calling the
 * namesakes the same person, each with a "mistyped" birth date.
 */
export const identifiesMatches = (
  patterns: readonly Pattern[],
  comparisons: readonly Comparison[],
  trainable: readonly boolean[],
): boolean => {
  const total = patterns.reduce((a, p) => a + p.count, 0)
  if (total === 0) return false
  const telling = comparisons.filter((c, k) => {
    if (!trainable[k] || !c.levels.some((l) => !l.isNull && (l.u ?? 1) <= TELLS_APART_U)) return false
    const compared = patterns.reduce((a, p) => a + (p.gammas[k] === NULL_GAMMA ? 0 : p.count), 0)
    return compared >= MIN_COMPARED_SHARE * total
  })
  return telling.length >= 2
}

/**
 * The share of matches among the pairs a session's keys block together, from outside the session: of the matches
 * expected among all candidate pairs, those agreeing on every key (the product of each key's exact-level m, as the
 * model takes comparisons to be independent within matches), over the session's pairs.
 */
export const matchShareOfKeys = (options: {
  expectedMatches: number
  sessionPairs: number
  keys: readonly string[]
  comparisons: readonly Comparison[]
}): number | undefined => {
  let agreeing = options.expectedMatches
  for (const key of options.keys) {
    const comparison = options.comparisons.find((c) => {
      const first = c.levels.find((l) => !l.isNull)
      return first !== undefined && columnsOf(first.condition).includes(key)
    })
    const m = comparison?.levels.find((l) => !l.isNull)?.m
    if (m === undefined) return undefined
    agreeing *= m
  }
  if (options.sessionPairs <= 0) return undefined
  return Math.min(0.99, Math.max(1e-6, agreeing / options.sessionPairs))
}
