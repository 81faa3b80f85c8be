import type { GuardConstraint } from '../model/model.ts'
import type { WeightThresholds } from '../model/thresholds.ts'
import type {
  JusticeId,
  PersonEvent,
  PersonEventKind,
  PersonState,
  RecordKey,
} from '../person-index/types.ts'
import { type ClusterFlag, type ClusterResult, clusterRecords, type ScoredEdges } from './cluster.ts'
import type { EvidenceBySlot } from './evidence.ts'
import type { FlagReason } from './refusal-rules.ts'

/** Two records by slot. */
export type SlotPair = readonly [number, number]

/**
 * Everything persons are decided from, records named by slot (0..records-1). One call serves a plain batch run (no
 * `previous`), `link --index`, `add` and a real-time write (through `relink`, which names records by key).
 */
export interface PersonsInput {
  records: number
  /** Each record's identifiers, names, birth date and surname (evidence.ts). */
  evidence: EvidenceBySlot
  /**
   * Scored pairs that may join two records, in the order pairs of equal weight are taken (so runs repeat): those at
   * or above the join weight and, for records that were one person before, down to the fracture weight. Pairs below
   * that are left out here.
   */
  joining: ScoredEdges
  /** Pairs a guard capped, sorted by the guard's constraint (`constraintList`). */
  cannotLink?: readonly SlotPair[]
  likelyRelatives?: readonly SlotPair[]
  /**
   * Pairs scored strongly against one person (at or below `CONTRADICTION_WEIGHT`): they keep a weak pair out. Typed
   * arrays, as they outnumber the other pairs.
   */
  contradictions?: ScoredEdges
  /**
   * Reviewers' decisions in force: same_person joins the two whatever the score (and over a guard), not_same_person
   * keeps them apart whatever the score; either way the pair's score no longer counts. Decisions that contradict
   * each other mark the person as needing attention.
   */
  decisions?: { same: readonly SlotPair[]; apart: readonly SlotPair[] }
  thresholds: WeightThresholds
  /** The persons before this run, for Justice IDs that persist; absent for a plain batch run (no Justice IDs). */
  previous?: PreviousPersons
}

export interface PreviousPersons {
  /** Each slot's record key. Slots are in record key order: a tie between clusters goes to the smallest key. */
  keys: readonly RecordKey[]
  /** The person each record belonged to before, when it had one: records in scope and removed ones. */
  personOf: ReadonlyMap<RecordKey, JusticeId>
  /** State of those previous persons. */
  persons: ReadonlyMap<JusticeId, PersonState>
  /** Records deleted in this batch; they leave their persons. */
  removed: readonly RecordKey[]
  /**
   * Records back in their source after being removed, within the retention period: `personOf` gives each the
   * Justice ID it had, so it goes home to it (a retired ID comes back to life) unless it now links elsewhere.
   */
  returned: ReadonlySet<RecordKey>
  batchId: string
  at: string
  newJusticeId: () => JusticeId
}

export interface JusticeIdChanges {
  /** Every in-scope record that was not removed, and its person. */
  assignments: Map<RecordKey, JusticeId>
  /** Persons created or changed, merged and retired ones included. */
  persons: PersonState[]
  events: PersonEvent[]
}

export interface PersonsResult {
  /** Each record's person (numbered by its first record), the flags, and how many merges the rules refused. */
  clustering: ClusterResult
  /** With `previous` only. */
  justiceIds: JusticeIdChanges | null
}

/** Which list of `PersonsInput` a pair a guard capped belongs in, by the guard's constraint (none: no list). */
export const constraintList = (
  constraint: GuardConstraint | undefined,
): 'cannotLink' | 'likelyRelatives' | null =>
  constraint === 'likely_relatives' ? 'likelyRelatives' : constraint === 'cannot_link' ? 'cannotLink' : null

/**
 * Decides persons: clusters the records (cluster.ts, with the refusal rules) and, given the previous persons, which
 * Justice ID each cluster carries, so IDs persist across runs.
 *
 * Hysteresis: a pair joins two records at the join weight, but records that already share a person stay together
 * through pairs down to the lower fracture weight, so scores near the threshold do not flap between runs.
 *
 * Which cluster keeps an ID: every previous person's "home" is the cluster holding most of its records (ties: the
 * cluster with the smallest record key). A cluster that is home to no previous person gets a new ID; home to one,
 * keeps that ID; home to several, is a merge: the survivor is the ID with most records there, then the oldest, then
 * the smallest, and the others become aliases of it. The parts of a split that are nobody's home get new IDs.
 */
export const resolvePersons = (input: PersonsInput): PersonsResult => {
  const { records, previous } = input
  const { join, fracture, strong } = input.thresholds
  const decisions = input.decisions ?? { same: [], apart: [] }
  // A decision binds its pair whichever way round it names the two records; the pair's score no longer counts.
  const decided = new Set<number>()
  const pairKey = (l: number, r: number) => (l < r ? l * records + r : r * records + l)
  for (const [l, r] of [...decisions.same, ...decisions.apart]) decided.add(pairKey(l, r))
  const undecided = (pairs: readonly SlotPair[] | undefined) =>
    decided.size === 0 ? (pairs ?? []) : (pairs ?? []).filter(([l, r]) => !decided.has(pairKey(l, r)))
  const undecidedPairs = (pairs: ScoredEdges | undefined): ScoredEdges | undefined => {
    if (decided.size === 0 || pairs === undefined) return pairs
    const keep = (_: number, i: number) => !decided.has(pairKey(pairs.left[i]!, pairs.right[i]!))
    return {
      left: pairs.left.filter(keep),
      right: pairs.right.filter(keep),
      weight: pairs.weight.filter(keep),
    }
  }

  const previousOf: (JusticeId | undefined)[] | null = previous
    ? previous.keys.map((k) => previous.personOf.get(k))
    : null
  let joining = input.joining
  if (previousOf !== null || decided.size > 0) {
    // Decided pairs first, at infinite weight (a reviewer's "same person"), then the scored pairs that still count.
    const { left, right, weight } = input.joining
    const keep: number[] = []
    for (let e = 0; e < weight.length; e++) {
      const l = left[e]!
      const r = right[e]!
      if (decided.size > 0 && decided.has(pairKey(l, r))) continue
      const before = previousOf?.[l]
      const together = before !== undefined && before === previousOf?.[r]
      if (weight[e]! >= join || (together && weight[e]! >= fracture)) keep.push(e)
    }
    const n = decisions.same.length
    joining = {
      left: new Int32Array(n + keep.length),
      right: new Int32Array(n + keep.length),
      weight: new Float64Array(n + keep.length),
    }
    decisions.same.forEach(([l, r], i) => {
      joining.left[i] = l
      joining.right[i] = r
      joining.weight[i] = Number.POSITIVE_INFINITY
    })
    keep.forEach((e, i) => {
      joining.left[n + i] = left[e]!
      joining.right[n + i] = right[e]!
      joining.weight[n + i] = weight[e]!
    })
  }
  const clustered = clusterRecords(records, joining, {
    threshold: previousOf !== null ? fracture : join,
    strongWeight: strong,
    evidence: input.evidence,
    decidedApart: decisions.apart,
    cannotLink: undecided(input.cannotLink),
    likelyRelatives: undecided(input.likelyRelatives),
    contradictions: undecidedPairs(input.contradictions),
  })
  // A same-person decision the clustering could not honour (another decision, or an identifier, is in the way).
  const conflicting = new Set<number>()
  for (const [l, r] of decisions.same) {
    const [a, b] = [clustered.cluster[l]!, clustered.cluster[r]!]
    if (a === b) continue
    conflicting.add(a).add(b)
  }
  const flags: ClusterFlag[] = [
    ...clustered.flags,
    ...[...conflicting].map((cluster): ClusterFlag => ({ cluster, reason: 'conflicting_decisions' })),
  ]
  const clustering = { ...clustered, flags }
  if (!previous || previousOf === null) return { clustering, justiceIds: null }
  const flagOf = new Map<number, FlagReason>()
  for (const f of clustered.flags) if (!flagOf.has(f.cluster)) flagOf.set(f.cluster, f.reason)
  for (const c of conflicting) flagOf.set(c, 'conflicting_decisions')
  return { clustering, justiceIds: justiceIdsOf(clustered, flagOf, previous, previousOf) }
}

/** Which Justice ID each cluster carries, and the events and person states that say what changed. */
const justiceIdsOf = (
  clustered: ClusterResult,
  flagOf: ReadonlyMap<number, FlagReason>,
  input: PreviousPersons,
  previousOf: readonly (JusticeId | undefined)[],
): JusticeIdChanges => {
  const { keys } = input
  // Slots are in key order, so a cluster's first member is its smallest key.
  const members: number[][] = Array.from({ length: clustered.clusters }, () => [])
  keys.forEach((_, i) => {
    members[clustered.cluster[i]!]!.push(i)
  })

  // Each previous person's home: the cluster holding most of its records.
  const tally = new Map<JusticeId, Map<number, number>>()
  keys.forEach((_, i) => {
    const id = previousOf[i]
    if (id === undefined) return
    const byCluster = tally.get(id) ?? new Map<number, number>()
    byCluster.set(clustered.cluster[i]!, (byCluster.get(clustered.cluster[i]!) ?? 0) + 1)
    tally.set(id, byCluster)
  })
  const home = new Map<JusticeId, number>()
  const claimants = new Map<number, JusticeId[]>()
  for (const [id, byCluster] of tally) {
    let best = -1
    for (const [c, n] of byCluster) {
      const bestN = best < 0 ? -1 : byCluster.get(best)!
      if (n > bestN || (n === bestN && members[c]![0]! < members[best]![0]!)) best = c
    }
    home.set(id, best)
    claimants.set(best, [...(claimants.get(best) ?? []), id])
  }

  const events: PersonEvent[] = []
  const changed = new Map<JusticeId, PersonState>()
  const stateOf = (id: JusticeId): PersonState | undefined => changed.get(id) ?? input.persons.get(id)
  const event = (
    justiceId: JusticeId,
    kind: PersonEventKind,
    reason: string,
    recordKey: RecordKey | null = null,
    otherJusticeId: JusticeId | null = null,
  ) => {
    events.push({ justiceId, kind, recordKey, otherJusticeId, reason, at: input.at, batchId: input.batchId })
  }
  const update = (id: JusticeId, patch: Partial<PersonState>) => {
    const base = stateOf(id)
    if (!base) throw new Error(`relink: no state for a previous person (${input.batchId})`)
    changed.set(id, { ...base, ...patch, updatedAt: input.at })
  }

  const assignments = new Map<RecordKey, JusticeId>()
  const recordsOf = (id: JusticeId, c: number) => members[c]!.filter((s) => previousOf[s] === id).length
  for (let c = 0; c < clustered.clusters; c++) {
    const ids = claimants.get(c) ?? []
    let id: JusticeId
    if (ids.length === 0) {
      id = input.newJusticeId()
      const from = [...new Set(members[c]!.map((s) => previousOf[s]).filter((x) => x !== undefined))]
      changed.set(id, {
        justiceId: id,
        status: 'active',
        mergedInto: null,
        needsAttention: false,
        attentionReason: null,
        createdAt: input.at,
        updatedAt: input.at,
      })
      event(id, 'created', from.length > 0 ? 'split off from another person' : 'new person')
      for (const old of from.sort()) {
        event(id, 'split', 'records no longer link to the rest of the person', null, old)
        event(old, 'split', 'part of the records split off into a new person', null, id)
        update(old, {})
      }
    } else {
      const ranked = [...ids].sort((a, b) => {
        const byCount = recordsOf(b, c) - recordsOf(a, c)
        if (byCount !== 0) return byCount
        const ca = input.persons.get(a)?.createdAt ?? ''
        const cb = input.persons.get(b)?.createdAt ?? ''
        return ca === cb ? (a < b ? -1 : 1) : ca < cb ? -1 : 1
      })
      id = ranked[0]!
      for (const alias of ranked.slice(1)) {
        event(id, 'merged', 'records of another person link to this one', null, alias)
        event(alias, 'merged', 'merged into another person; this ID stays as an alias', null, id)
        update(alias, { status: 'merged', mergedInto: id, needsAttention: false, attentionReason: null })
      }
      if (stateOf(id)?.status !== 'active') update(id, { status: 'active', mergedInto: null })
    }

    for (const s of members[c]!) {
      const k = keys[s]!
      assignments.set(k, id)
      const before = previousOf[s]
      if (input.returned.has(k)) {
        const reason =
          before === id
            ? 'record back in its source: it has its earlier Justice ID again'
            : 'record back in its source links to this person'
        event(id, 'record_added', reason, k, before === id ? null : (before ?? null))
        if (!changed.has(id)) update(id, {})
      } else if (before === undefined) {
        event(id, 'record_added', 'record links to this person', k)
        if (!changed.has(id)) update(id, {})
      } else if (before !== id && stateOf(before)?.mergedInto !== id) {
        event(id, 'record_moved', 'record links better to this person', k, before)
        update(id, {})
        update(before, {})
      }
    }

    const flag = flagOf.get(c)
    const state = stateOf(id)!
    if (flag !== undefined && (!state.needsAttention || state.attentionReason !== flag)) {
      event(id, 'needs_attention', flag)
      update(id, { needsAttention: true, attentionReason: flag })
    } else if (flag === undefined && state.needsAttention) {
      event(id, 'resolved', 'records now hold together')
      update(id, { needsAttention: false, attentionReason: null })
    }
  }

  for (const k of [...input.removed].sort()) {
    const before = input.personOf.get(k)
    if (before !== undefined) {
      event(before, 'record_removed', 'record deleted from its source', k)
      update(before, {})
    }
  }
  // A previous person left without records (all deleted or moved) is retired; its ID is never reused.
  const previousIds = new Set([...input.personOf.values()])
  for (const id of [...previousIds].sort()) {
    if (home.has(id) || stateOf(id)?.status !== 'active') continue
    update(id, { status: 'retired', needsAttention: false, attentionReason: null })
  }

  return { assignments, persons: [...changed.values()], events }
}
