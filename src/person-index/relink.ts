import { CONTRADICTION_WEIGHT, clusterRecords, type FlagReason } from '../cluster/cluster.ts'
import type { GuardConstraint } from '../model/model.ts'
import type {
  IndexEdge,
  IndexThresholds,
  JusticeId,
  PersonEvent,
  PersonEventKind,
  PersonState,
  RecordKey,
  ReviewDecision,
} from './types.ts'

export interface RelinkInput {
  /** Every record in scope: all records of the persons touched, and the new or changed ones. */
  records: readonly RecordKey[]
  /**
   * Scored pairs among records in scope: those at or above the fracture weight, guarded ones, and those scored
   * strongly against one person (at or below `CONTRADICTION_WEIGHT`), which keep a weak pair from joining them.
   */
  edges: readonly IndexEdge[]
  /** The person each in-scope record belonged to before, when it had one. */
  previous: ReadonlyMap<RecordKey, JusticeId>
  /** State of those previous persons. */
  persons: ReadonlyMap<JusticeId, PersonState>
  /** Person-level identifiers (pnc, cro, nino) per record, for the conflict check. */
  identifiers: ReadonlyMap<RecordKey, ReadonlyMap<string, string>>
  /**
   * Names records are known by (record-key.ts knownNamesOf): a likely-relatives pair is kept apart unless the person
   * is known under both forenames, and two groups each confirming a different forename are not joined by a weak
   * pair (src/cluster).
   */
  knownNames?: ReadonlyMap<RecordKey, readonly string[]>
  /**
   * Birth dates records give: two groups of records each confirming a different one are two people unless they
   * share a person identifier (src/cluster).
   */
  birthDates?: ReadonlyMap<RecordKey, string>
  /** Surnames records give: two groups each confirming a different one, neither known to the other (src/cluster). */
  surnames?: ReadonlyMap<RecordKey, string>
  /** Records deleted in this batch; they leave their persons. */
  removed?: readonly RecordKey[]
  /**
   * Records back in their source after being removed, within the retention period: `previous` gives each the
   * Justice ID it had, so it goes home to it (a retired ID comes back to life) unless it now links elsewhere.
   */
  returned?: ReadonlySet<RecordKey>
  /**
   * Reviewers' decisions in force on pairs in scope: same_person joins the two whatever the score (and over a
   * guard), not_same_person keeps them apart whatever the score. A person never undoes them; decisions that
   * contradict each other mark the person as needing attention.
   */
  decisions?: readonly ReviewDecision[]
  thresholds: IndexThresholds
  /** The model's guards' constraints on clustering, by guard name (`guardConstraints`). */
  guards: ReadonlyMap<string, GuardConstraint>
  batchId: string
  at: string
  newJusticeId: () => JusticeId
}

export interface RelinkResult {
  /** Every in-scope record that was not removed, and its person. */
  assignments: Map<RecordKey, JusticeId>
  /** Persons created or changed, merged and retired ones included. */
  persons: PersonState[]
  events: PersonEvent[]
  /** Pairs strong enough to join that were refused: an identifier conflict or a guarded pair in the way. */
  refusedMerges: number
}

/**
 * Re-links a part of the index: clusters the records in scope and decides which Justice ID each cluster carries,
 * so IDs persist across runs. One pure function serves a whole batch, an incremental add and a real-time upsert.
 *
 * Hysteresis: a pair joins two records at the join weight, but records that already share a person stay together
 * through pairs down to the lower fracture weight, so scores near the threshold do not flap between runs.
 *
 * Which cluster keeps an ID: every previous person's "home" is the cluster holding most of its records (ties: the
 * cluster with the smallest record key). A cluster that is home to no previous person gets a new ID; home to one,
 * keeps that ID; home to several, is a merge: the survivor is the ID with most records there, then the oldest, then
 * the smallest, and the others become aliases of it. The parts of a split that are nobody's home get new IDs.
 */
export const relink = (input: RelinkInput): RelinkResult => {
  const removed = new Set(input.removed ?? [])
  const keys = [...new Set(input.records)].filter((k) => !removed.has(k)).sort()
  const slot = new Map(keys.map((k, i) => [k, i]))
  const { join, fracture, strong } = input.thresholds

  const kept: { l: number; r: number; w: number }[] = []
  const decidedApart: [number, number][] = []
  const cannotLink: [number, number][] = []
  const likelyRelatives: [number, number][] = []
  const contradictions: [number, number][] = []
  const decided = new Map<string, ReviewDecision['outcome']>()
  // A decision binds its pair whichever way round the decision or the scored pair names the two records.
  const pairKey = (a: RecordKey, b: RecordKey) => (a < b ? `${a}\n${b}` : `${b}\n${a}`)
  const mustLink: [number, number][] = []
  for (const d of input.decisions ?? []) {
    const l = slot.get(d.left)
    const r = slot.get(d.right)
    if (l === undefined || r === undefined || d.outcome === 'cannot_tell') continue
    decided.set(pairKey(d.left, d.right), d.outcome)
    if (d.outcome === 'same_person') {
      mustLink.push([l, r])
      kept.push({ l, r, w: Number.POSITIVE_INFINITY })
    } else decidedApart.push([l, r])
  }
  const undecided = (e: IndexEdge) => decided.size === 0 || !decided.has(pairKey(e.left, e.right))
  // Contradictions count as a set, in no order: the sort (the larger part of the work at a million records) skips
  // them, and they outnumber the other pairs.
  const ordered: IndexEdge[] = []
  for (const e of input.edges) {
    if (e.guard !== null || e.weight > CONTRADICTION_WEIGHT) ordered.push(e)
    else {
      const l = slot.get(e.left)
      const r = slot.get(e.right)
      if (l !== undefined && r !== undefined && undecided(e)) contradictions.push([l, r])
    }
  }
  ordered.sort((a, b) => (a.left === b.left ? (a.right < b.right ? -1 : 1) : a.left < b.left ? -1 : 1))
  for (const e of ordered) {
    const l = slot.get(e.left)
    const r = slot.get(e.right)
    if (l === undefined || r === undefined || !undecided(e)) continue
    if (e.guard !== null) {
      const constraint = input.guards.get(e.guard)
      if (constraint !== undefined && constraint !== 'none')
        (constraint === 'likely_relatives' ? likelyRelatives : cannotLink).push([l, r])
      continue
    }
    const before = input.previous.get(e.left)
    const together = before !== undefined && before === input.previous.get(e.right)
    if (e.weight >= join || (together && e.weight >= fracture)) kept.push({ l, r, w: e.weight })
  }
  const identifiers = new Map<number, ReadonlyMap<string, string>>()
  for (const [k, ids] of input.identifiers) {
    const s = slot.get(k)
    if (s !== undefined && ids.size > 0) identifiers.set(s, ids)
  }
  const bySlot = <V>(values: ReadonlyMap<RecordKey, V> | undefined): Map<number, V> => {
    const out = new Map<number, V>()
    for (const [k, v] of values ?? []) {
      const s = slot.get(k)
      if (s !== undefined) out.set(s, v)
    }
    return out
  }
  const clustered = clusterRecords(
    keys.length,
    {
      left: Int32Array.from(kept, (e) => e.l),
      right: Int32Array.from(kept, (e) => e.r),
      weight: Float64Array.from(kept, (e) => e.w),
    },
    {
      threshold: fracture,
      strongWeight: strong,
      identifiers,
      decidedApart,
      cannotLink,
      likelyRelatives,
      knownNames: bySlot(input.knownNames),
      birthDates: bySlot(input.birthDates),
      surnames: bySlot(input.surnames),
      contradictions,
    },
  )

  const members: RecordKey[][] = Array.from({ length: clustered.clusters }, () => [])
  keys.forEach((k, i) => {
    members[clustered.cluster[i]!]!.push(k)
  })
  const flagOf = new Map<number, FlagReason>()
  for (const f of clustered.flags) if (!flagOf.has(f.cluster)) flagOf.set(f.cluster, f.reason)
  // A same-person decision the clustering could not honour (another decision, or an identifier, is in the way).
  for (const [l, r] of mustLink) {
    const [a, b] = [clustered.cluster[l]!, clustered.cluster[r]!]
    if (a === b) continue
    flagOf.set(a, 'conflicting_decisions')
    flagOf.set(b, 'conflicting_decisions')
  }

  // Each previous person's home: the cluster holding most of its records.
  const tally = new Map<JusticeId, Map<number, number>>()
  keys.forEach((k, i) => {
    const id = input.previous.get(k)
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
  const recordsOf = (id: JusticeId, c: number) =>
    members[c]!.filter((k) => input.previous.get(k) === id).length
  for (let c = 0; c < clustered.clusters; c++) {
    const ids = claimants.get(c) ?? []
    let id: JusticeId
    if (ids.length === 0) {
      id = input.newJusticeId()
      const from = [...new Set(members[c]!.map((k) => input.previous.get(k)).filter((x) => x !== undefined))]
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

    for (const k of members[c]!) {
      assignments.set(k, id)
      const before = input.previous.get(k)
      if (input.returned?.has(k)) {
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

  for (const k of [...removed].sort()) {
    const before = input.previous.get(k)
    if (before !== undefined) {
      event(before, 'record_removed', 'record deleted from its source', k)
      update(before, {})
    }
  }
  // A previous person left without records (all deleted or moved) is retired; its ID is never reused.
  const previousIds = new Set([...input.previous.values()])
  for (const id of [...previousIds].sort()) {
    if (home.has(id) || stateOf(id)?.status !== 'active') continue
    update(id, { status: 'retired', needsAttention: false, attentionReason: null })
  }

  return { assignments, persons: [...changed.values()], events, refusedMerges: clustered.refusedMerges }
}
