import type { JusticeEventStore, JusticeId, PersonView, RecordKey } from '../person-index/types.ts'
import type { MatchResult, RecordInput } from '../realtime/types.ts'
import { type EligibilityAnswer, evaluateRule } from './evaluate.ts'
import type { ServiceRule } from './rules.ts'

/**
 * Strict identity resolution, then the rule. A check never guesses who the subject is: no candidate, a best
 * candidate below the rule's confidence, or a second plausible candidate all answer cannot_determine.
 */

export type Subject = { justiceId: JusticeId } | { record: RecordInput }

export type Resolution =
  | { resolved: true; justiceId: JusticeId; considered: JusticeId[] }
  | { resolved: false; reason: 'no_match' | 'low_confidence' | 'ambiguous_match'; considered: JusticeId[] }

/** Decides whether a match result names exactly one person confidently enough for this rule. */
export const resolveMatch = (result: MatchResult, identity: ServiceRule['identity']): Resolution => {
  const candidates = [...result.candidates].sort((a, b) => b.matchProbability - a.matchProbability)
  const plausible = candidates.filter((c) => c.matchProbability >= identity.maxAmbiguityProbability)
  const considered = plausible.map((c) => c.justiceId)
  const best = candidates[0]
  if (!best) return { resolved: false, reason: 'no_match', considered }
  if (plausible.length > 1) return { resolved: false, reason: 'ambiguous_match', considered }
  if (best.matchProbability < identity.minMatchProbability)
    return { resolved: false, reason: 'low_confidence', considered }
  return { resolved: true, justiceId: best.justiceId, considered }
}

export interface CheckDeps {
  match(input: RecordInput): MatchResult
  person(id: JusticeId): Promise<PersonView | null>
  /** The records of an active person from memory, or null (then `person` is asked, following aliases). */
  recordKeysOf(id: JusticeId): RecordKey[] | null
  justiceEvents: JusticeEventStore['justiceEvents']
}

export interface CheckResult extends EligibilityAnswer {
  /** The Justice IDs the check looked at, for the audit log only: never part of the answer. */
  involved: JusticeId[]
}

/**
 * The person's records now: from memory for an active person, else from the store, which resolves a merged ID to
 * the survivor. Null when the ID names nobody.
 */
const recordsOf = async (
  id: JusticeId,
  deps: CheckDeps,
): Promise<{ justiceId: JusticeId; keys: RecordKey[] } | null> => {
  const keys = deps.recordKeysOf(id)
  if (keys !== null) return { justiceId: id, keys }
  const view = await deps.person(id)
  return view ? { justiceId: view.person.justiceId, keys: view.records.map((r) => r.key) } : null
}

export const runCheck = async (
  rule: ServiceRule,
  subject: Subject,
  today: string,
  deps: CheckDeps,
): Promise<CheckResult> => {
  let person: { justiceId: JusticeId; keys: RecordKey[] } | null
  let involved: JusticeId[]
  if ('justiceId' in subject) {
    person = await recordsOf(subject.justiceId, deps)
    involved = person ? [subject.justiceId, person.justiceId] : [subject.justiceId]
    if (!person) return { outcome: 'cannot_determine', reason: 'unknown_justice_id', involved }
  } else {
    const resolution = resolveMatch(deps.match(subject.record), rule.identity)
    involved = resolution.considered
    if (!resolution.resolved) return { outcome: 'cannot_determine', reason: resolution.reason, involved }
    person = await recordsOf(resolution.justiceId, deps)
    if (!person) return { outcome: 'cannot_determine', reason: 'no_match', involved }
  }
  const answer = evaluateRule(rule, await deps.justiceEvents(person.keys), today)
  return { ...answer, involved: [...new Set(involved)] }
}
