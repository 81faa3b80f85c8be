import type { GuardConstraint } from '../model/model.ts'
import type {
  IndexEdge,
  IndexThresholds,
  JusticeId,
  PersonEvent,
  PersonState,
  RecordKey,
  ReviewDecision,
} from '../person-index/types.ts'
import { CONTRADICTION_WEIGHT } from './cluster.ts'
import { evidenceBySlot, type RecordEvidence } from './evidence.ts'
import { sortRecordKeys } from './record-order.ts'
import { constraintList, resolvePersons, type SlotPair } from './resolve.ts'

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
  /** Each record's evidence (evidence.ts): identifiers, known names, birth date, surname. */
  evidence: ReadonlyMap<RecordKey, RecordEvidence>
  /** Records deleted in this batch; they leave their persons. */
  removed?: readonly RecordKey[]
  /**
   * Records back in their source after being removed, within the retention period: `previous` gives each the
   * Justice ID it had, so it goes home to it (a retired ID comes back to life) unless it now links elsewhere.
   */
  returned?: ReadonlySet<RecordKey>
  /** Reviewers' decisions in force on pairs in scope (`PersonsInput.decisions`); cannot_tell binds nothing. */
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
 * `resolvePersons` with records named by key, as the person index names them: re-links a part of the index (a whole
 * batch, an incremental add, a real-time write). Records take slots in key order (record-order.ts), so ties between
 * clusters go to the smallest key and pairs of equal weight are taken in key order.
 */
export const relink = (input: RelinkInput): RelinkResult => {
  const removed = new Set(input.removed ?? [])
  const keys = sortRecordKeys([...new Set(input.records)].filter((k) => !removed.has(k)))
  const slot = new Map(keys.map((k, i) => [k, i]))

  const evidence = evidenceBySlot(keys.length, (i) => input.evidence.get(keys[i]!))
  const same: SlotPair[] = []
  const apart: SlotPair[] = []
  for (const d of input.decisions ?? []) {
    const l = slot.get(d.left)
    const r = slot.get(d.right)
    if (l === undefined || r === undefined || d.outcome === 'cannot_tell') continue
    ;(d.outcome === 'same_person' ? same : apart).push([l, r])
  }
  // Contradictions count as a set, in no order: the sort (the larger part of the work at a million records) skips
  // them, and they outnumber the other pairs.
  const contradictions: SlotPair[] = []
  const contradictionWeights: number[] = []
  const guarded = { cannotLink: [] as SlotPair[], likelyRelatives: [] as SlotPair[] }
  const pairs: SlotPair[] = []
  const weights: number[] = []
  for (const e of input.edges) {
    const l = slot.get(e.left)
    const r = slot.get(e.right)
    if (l === undefined || r === undefined) continue
    const pair: SlotPair = l < r ? [l, r] : [r, l]
    if (e.guard !== null) {
      const list = constraintList(input.guards.get(e.guard))
      if (list !== null) guarded[list].push(pair)
    } else if (e.weight > CONTRADICTION_WEIGHT) {
      pairs.push(pair)
      weights.push(e.weight)
    } else {
      contradictions.push(pair)
      contradictionWeights.push(e.weight)
    }
  }
  // Pairs in key order (slots are), as a plain batch run takes them: pairs of equal weight are taken in this order.
  const order = Array.from(pairs.keys()).sort(
    (x, y) => pairs[x]![0] - pairs[y]![0] || pairs[x]![1] - pairs[y]![1],
  )
  const joining = {
    left: Int32Array.from(order, (i) => pairs[i]![0]),
    right: Int32Array.from(order, (i) => pairs[i]![1]),
    weight: Float64Array.from(order, (i) => weights[i]!),
  }
  const { clustering, justiceIds } = resolvePersons({
    records: keys.length,
    evidence,
    joining,
    ...guarded,
    contradictions: {
      left: Int32Array.from(contradictions, (p) => p[0]),
      right: Int32Array.from(contradictions, (p) => p[1]),
      weight: Float64Array.from(contradictionWeights),
    },
    decisions: { same, apart },
    thresholds: input.thresholds,
    previous: {
      keys,
      personOf: input.previous,
      persons: input.persons,
      removed: [...removed],
      returned: input.returned ?? new Set(),
      batchId: input.batchId,
      at: input.at,
      newJusticeId: input.newJusticeId,
    },
  })
  return { ...justiceIds!, refusedMerges: clustering.refusedMerges }
}
