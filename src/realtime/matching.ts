import type { StandardisedRecord } from '../core/standardised.ts'
import type { LinkageModel } from '../model/model.ts'
import { explainPair, type PairScore, scorePair } from '../model/score.ts'
import type { TermFrequencyLookup } from '../model/term-frequency.ts'
import type { StoredTermFrequencies } from '../person-index/types.ts'
import type { IndexMemory } from './memory-state.ts'
import type { MatchCandidate, MatchResult, MatchStatus } from './types.ts'

export interface ScoredRecord {
  slot: number
  score: PairScore
}

export interface Scoring {
  scored: ScoredRecord[]
  /** Key buckets skipped for holding more than the candidate limit. */
  oversized: number
}

export const tfLookupOf =
  (stored: StoredTermFrequencies): TermFrequencyLookup =>
  (column, value) =>
    stored.get(column)?.get(value)

/**
 * Scores the probe against every record sharing a key with it under the first `ruleCount` rules of the memory
 * (the model's blocking rules), each record once. `exclude` leaves out one slot: the record being replaced.
 */
export const scoreCandidates = (
  memory: IndexMemory,
  model: LinkageModel,
  tf: TermFrequencyLookup,
  probe: StandardisedRecord,
  ruleCount: number,
  maxCandidates: number,
  exclude = -1,
): Scoring => {
  const seen = new Set<number>()
  let oversized = 0
  for (let rule = 0; rule < ruleCount; rule++) {
    const slots = memory.candidates(rule, probe, maxCandidates)
    if (slots === null) oversized++
    else for (const s of slots) if (s !== exclude) seen.add(s)
  }
  const scored = [...seen].map((slot) => ({ slot, score: scorePair(model, probe, memory.record(slot), tf) }))
  return { scored, oversized }
}

export const statusOf = (model: LinkageModel, probability: number): MatchStatus =>
  probability >= model.thresholds.match
    ? 'MATCH'
    : probability >= model.thresholds.reviewLow
      ? 'POSSIBLE_MATCH'
      : 'NO_MATCH'

/** Each person's best-scoring record, best person first, at most `limit`. */
export const matchResult = (
  memory: IndexMemory,
  model: LinkageModel,
  scored: readonly ScoredRecord[],
  limit: number,
): MatchResult => {
  const best = new Map<string, ScoredRecord>()
  for (const s of scored) {
    const person = memory.personOfSlot(s.slot)
    if (person === null) continue
    const current = best.get(person)
    if (!current || s.score.matchWeight > current.score.matchWeight) best.set(person, s)
  }
  const candidates = [...best]
    .sort(([, a], [, b]) => b.score.matchWeight - a.score.matchWeight)
    .slice(0, limit)
    .map(
      ([justiceId, { slot, score }]): MatchCandidate => ({
        justiceId,
        matchProbability: score.matchProbability,
        matchWeight: score.matchWeight,
        status: statusOf(model, score.matchProbability),
        recordKey: memory.key(slot),
        comparisons: score.comparisons.map((c) => ({
          comparison: c.name,
          level: c.label,
          weight: c.partialWeight + c.tfAdjustment,
        })),
        waterfall: explainPair(model, score),
        guard: score.guard ?? null,
      }),
    )
  return { status: candidates[0]?.status ?? 'NO_MATCH', candidates, recordsScored: scored.length }
}
