import { impliedByKeys } from '../model/facts.ts'
import {
  asTrained,
  type Comparison,
  type Guard,
  type LinkageModel,
  type TrainingSummary,
} from '../model/model.ts'
import type { PriorEstimate, RulePattern } from '../model/prior.ts'
import { estimatePriorFromCandidates, impliedByRules } from '../model/prior.ts'
import {
  describeRelatives,
  estimateRelatives,
  guardAsLearned,
  MIN_SAME_NAME_PAIRS,
} from '../model/relatives.ts'
import type { Pattern } from '../model/training.ts'
import {
  combineSessions,
  estimateU,
  estimateUAmongNonMatches,
  expectationMaximisation,
  identifiesMatches,
  matchShareOfKeys,
} from '../model/training.ts'
import type { Database } from './database.ts'
import { recordsSampledForPairs } from './pair-sample.ts'
import { type LinkType, pairScopeSql } from './pair-scope.ts'
import { countHouseholdPairs, type HouseholdKeys, householdKeysOf } from './relatives.ts'
import { type CandidateGammas, createCandidateGammas, gammaColumn } from './scoring.ts'
import { comparisonToSql } from './sql/comparisons.ts'
import { duckdbDialect } from './sql/dialect.ts'

export interface TrainingOptions {
  records: number
  seed: number
  available: ReadonlySet<string>
  uSamplePairs?: number
  emMaxIterations?: number
  emTolerance?: number
  emPairsPerSession?: number
  /** Pairs that could be the same person: N(N-1)/2 by default (every pair of records). */
  comparablePairs?: number
  /** Random and blocked pairs are drawn only among the pairs the link type allows. */
  linkType?: LinkType
}

export interface TrainedModel {
  model: LinkageModel
  sessions: TrainingSummary['sessions']
  neverTrained: string[]
  prior: PriorEstimate
  /** The candidate pairs' gammas, for scoring to weigh rather than compare them again. */
  candidateGammas: CandidateGammas
}

/** Counts pairs per agreement pattern: training works on these counts, never on individual pairs. */
const patternCounts = async (
  db: Database,
  comparisons: readonly Comparison[],
  pairsFrom: string,
): Promise<Pattern[]> => {
  const gammas = comparisons.map((c, k) => `${comparisonToSql(asTrained(c), duckdbDialect)} AS g${k}`)
  const names = comparisons.map((_, k) => `g${k}`)
  // In a fixed order: EM sums over the patterns, and floating-point sums taken in the order parallel grouping happens
  // to give differ in the last digits from run to run, and with them the model.
  const rows = await db.rows(
    `SELECT ${names.join(', ')}, count(*) AS n FROM (SELECT ${gammas.join(', ')} ${pairsFrom}) GROUP BY ALL ORDER BY ALL`,
  )
  return rows.map((row) => ({ gammas: names.map((n) => Number(row[n])), count: Number(row.n) }))
}

/** EM sessions: each blocks on some columns, so comparisons of the facts those columns record cannot be trained in it. */
const SESSIONS: string[][] = [['date_of_birth'], ['forename', 'surname'], ['postcode']]

/**
 * Unsupervised training, as Splink does it: u from random pairs, the prior from a high-precision rule, m by
 * expectation-maximisation in blocked sessions so that every comparison is trained in at least one. Deterministic
 * for a seed: samples are taken by hashing record ids with the seed.
 */
export const trainModel = async (
  db: Database,
  start: LinkageModel,
  options: TrainingOptions,
): Promise<TrainedModel> => {
  const { seed } = options
  const uPairs = options.uSamplePairs ?? 500_000
  const sampleSize = Math.min(options.records, Math.ceil(Math.sqrt(2 * uPairs)))
  await db.run(`CREATE OR REPLACE TEMP TABLE u_sample AS
    SELECT * FROM records ORDER BY hash(rid, ${seed}) LIMIT ${sampleSize}`)
  const randomPatterns = await patternCounts(
    db,
    start.comparisons,
    `FROM u_sample l JOIN u_sample r ON l.rid < r.rid ${pairScopeSql(options.linkType)}`,
  )
  const withU = estimateU(randomPatterns, start.comparisons)

  const has = (c: string) => options.available.has(c)

  const perSession = options.emPairsPerSession ?? 500_000
  const comparablePairs = options.comparablePairs ?? (options.records * (options.records - 1)) / 2
  const sessions: TrainingSummary['sessions'] = []
  const results: { comparisons: Comparison[]; trainable: boolean[] }[] = []
  const deferred: { keys: string[]; trainable: boolean[]; patterns: Pattern[]; pairs: number }[] = []
  let current = withU
  const runSession = (
    keys: string[],
    trainable: boolean[],
    patterns: Pattern[],
    fixedMatchShare?: number,
  ) => {
    const em = expectationMaximisation({
      comparisons: current,
      prior: fixedMatchShare ?? 0.1,
      fixedPrior: fixedMatchShare !== undefined,
      patterns,
      trainable,
      maxIterations: options.emMaxIterations,
      tolerance: options.emTolerance,
    })
    sessions.push({
      rule: keys.join(' + '),
      pairs: patterns.reduce((a, p) => a + p.count, 0),
      converged: em.converged,
      iterations: em.iterations,
      ...(fixedMatchShare === undefined ? {} : { fixedMatchShare }),
      // Kept so the report can set each session's estimates side by side: sessions that disagree are a warning.
      m: em.comparisons.flatMap((c, k) =>
        trainable[k]
          ? c.levels.flatMap((l) =>
              l.isNull || l.m === undefined ? [] : [{ comparison: c.name, level: l.label, m: l.m }],
            )
          : [],
      ),
    })
    results.push({ comparisons: em.comparisons, trainable })
    // Later sessions start from what earlier ones learnt, as Splink does.
    current = current.map((c, k) => (trainable[k] ? em.comparisons[k]! : c))
  }
  for (const keys of SESSIONS) {
    if (!keys.every(has)) continue
    // Comparisons of a fact the keys record (a household's street and town when blocking on its postcode) are
    // neither trained nor weighed here: their agreement among the session's non-matches is not what u says.
    const trainable = current.map((c) => !impliedByKeys(keys, c))
    // A session is run only if it trains a comparison no earlier session could.
    const planned = [...results, ...deferred]
    if (!trainable.some((t, k) => t && !planned.some((r) => r.trainable[k]))) continue
    const join = keys.map((k) => `l.${k} = r.${k}`).join(' AND ')
    const { pairs: blocked, records: sampled } = await recordsSampledForPairs(db, keys, {
      budget: perSession,
      seed,
      linkType: options.linkType,
    })
    if (blocked === 0) continue
    const patterns = await patternCounts(
      db,
      current,
      `FROM ${sampled} l JOIN ${sampled} r ON ${join} AND l.rid < r.rid ${pairScopeSql(options.linkType)}`,
    )
    // A session that cannot tell its matches apart waits for the share of matches the other sessions imply.
    if (identifiesMatches(patterns, current, trainable)) runSession(keys, trainable, patterns)
    else deferred.push({ keys, trainable, patterns, pairs: blocked })
  }
  let combined = combineSessions(withU, results)
  // Training changes no condition, only m and u: the candidates' gammas are the same for the second prior and scoring.
  const candidateGammas = await createCandidateGammas(db, combined.comparisons)
  const priorOf = (comparisons: readonly Comparison[]) =>
    priorFromCandidates(db, comparisons, start.blockingRules, { comparablePairs, seed, candidateGammas })
  let prior = await priorOf(combined.comparisons)
  if (deferred.length > 0) {
    for (const session of deferred) {
      const share = matchShareOfKeys({
        expectedMatches: prior.expectedMatches,
        sessionPairs: session.pairs,
        keys: session.keys,
        comparisons: combined.comparisons,
      })
      runSession(session.keys, session.trainable, session.patterns, share)
    }
    combined = combineSessions(withU, results)
    prior = await priorOf(combined.comparisons)
  }
  // Random pairs hold matches in proportion to the prior: where that is more than a pair or so of the sample, u is
  // counted again without them, and the prior with it.
  const randomPairs = randomPatterns.reduce((a, p) => a + p.count, 0)
  const matchShare = prior.expectedMatches / comparablePairs
  if (matchShare * randomPairs >= 1) {
    combined = {
      ...combined,
      comparisons: estimateUAmongNonMatches(randomPatterns, combined.comparisons, matchShare),
    }
    prior = await priorOf(combined.comparisons)
  }
  const relatives = await learnRelativesGuards(db, start.guards, options)
  return {
    model: {
      ...start,
      prior: prior.prior,
      comparisons: combined.comparisons,
      guards: relatives.guards,
      training: {
        ...(relatives.summary ? { relatives: relatives.summary } : {}),
        seed,
        uSamplePairs: (sampleSize * (sampleSize - 1)) / 2,
        priorFrom: `${Math.round(prior.expectedMatches)} matches expected among ${prior.candidatePairs} candidate pairs (EM on the prior, ${prior.iterations} iterations)`,
        sessions,
        neverTrained: combined.neverTrained,
      },
    },
    sessions,
    neverTrained: combined.neverTrained,
    prior,
    candidateGammas,
  }
}

/**
 * The relatives guards as the data bears them out (src/model/relatives.ts): where households are rare, a pair they
 * would cap is more often one person with a forename or birth date recorded wrong than twins or a parent and child.
 * Learned only where the data has an address, surname, forename and birth date or year to see the pattern by
 * (householdKeysOf).
 */
const learnRelativesGuards = async (
  db: Database,
  guards: readonly Guard[],
  options: TrainingOptions,
): Promise<{ guards: Guard[]; summary?: string }> => {
  const twins = guards.find((g) => g.relatives === 'twins')
  const keys = householdKeysOf(options.available)
  if (!twins || keys === undefined) return { guards: [...guards] }
  const generations = guards.find((g) => g.relatives === 'parent_and_child')
  const count = (by: HouseholdKeys) =>
    countHouseholdPairs(db, twins, generations, by, {
      seed: options.seed,
      available: options.available,
      ...(options.linkType ? { linkType: options.linkType } : {}),
    })
  let counts = await count(keys)
  // One source giving whole dates and another a year alone (an age, a year of birth): a person's records seldom both
  // carry a date, so too few pairs of one name are dated to learn from, though their birth years say the same.
  if (keys.birth === 'date' && counts.sameName < MIN_SAME_NAME_PAIRS && options.available.has('birth_year'))
    counts = await count({ ...keys, birth: 'year' })
  const estimate = estimateRelatives(counts)
  const twinsChange = { before: twins, after: guardAsLearned(twins, estimate?.odds) }
  const generationsChange = generations && {
    before: generations,
    after: guardAsLearned(generations, estimate?.generationsOdds),
  }
  const changes = generationsChange ? [twinsChange, generationsChange] : [twinsChange]
  return {
    guards: guards.map((g) => changes.find((c) => c.before === g)?.after ?? g),
    summary: describeRelatives(estimate, {
      twins: twinsChange,
      ...(generationsChange ? { generations: generationsChange } : {}),
    }),
  }
}

/**
 * Candidate pairs counted per pattern beyond this are sampled: the prior needs shares, not every pair.
 */
const PRIOR_SAMPLE_PAIRS = 250_000

/**
 * The prior from the candidate pairs (src/model/prior.ts), on their pattern counts per blocking rule, read from
 * their gammas; above PRIOR_SAMPLE_PAIRS a hashed sample of them, its counts scaled back up.
 */
const priorFromCandidates = async (
  db: Database,
  comparisons: readonly Comparison[],
  rules: readonly { keys: string[] }[],
  options: { comparablePairs: number; seed: number; candidateGammas: CandidateGammas },
): Promise<PriorEstimate> => {
  const { table } = options.candidateGammas
  const total = await db.scalar(`SELECT count(*) FROM ${table}`)
  const share = Math.min(1, PRIOR_SAMPLE_PAIRS / Math.max(1, total))
  const sampled =
    share < 1 ? `WHERE hash(rid_l, rid_r, ${options.seed}) % 1000000 < ${Math.ceil(share * 1_000_000)}` : ''
  const names = comparisons.map(gammaColumn)
  const rows = await db.rows(
    `SELECT rule, ${names.join(', ')}, count(*) AS n FROM ${table} ${sampled} GROUP BY ALL ORDER BY ALL`,
  )
  const counted = rows.reduce((a, row) => a + Number(row.n), 0)
  const scale = counted > 0 ? total / counted : 1
  const patterns: RulePattern[] = rows.map((row) => ({
    rule: Number(row.rule),
    gammas: names.map((n) => Number(row[n])),
    count: Number(row.n) * scale,
  }))
  const implied = impliedByRules(rules, comparisons)
  return estimatePriorFromCandidates({
    comparisons,
    patterns,
    implied,
    comparablePairs: options.comparablePairs,
  })
}
