import { randomUUID } from 'node:crypto'
import type { EnteredRecord } from '../core/entered-record.ts'
import { recordKeyOf } from '../core/record-key.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { guardConstraints } from '../model/guards.ts'
import type { TermFrequencyLookup } from '../model/term-frequency.ts'
import { newJusticeId } from '../person-index/justice-id.ts'
import { returningRecords } from '../person-index/retention.ts'
import type {
  IndexBatch,
  IndexEdge,
  IndexMeta,
  IndexRecord,
  JusticeId,
  PersonStore,
  RecordKey,
  ReviewDecision,
} from '../person-index/types.ts'
import { CONTRADICTION_WEIGHT } from '../persons/cluster.ts'
import { evidenceOf, type RecordEvidence } from '../persons/evidence.ts'
import { relink } from '../persons/relink.ts'
import { enteredRecordOf } from '../sources/person-record.ts'
import { scoreCandidates } from './matching.ts'
import type { IndexMemory } from './memory-state.ts'
import { recordOfInput, standardiseForModel } from './probe.ts'
import type { DecisionInput, RecordInput, WriteOutcome } from './types.ts'

export interface WriteContext {
  memory: IndexMemory
  store: PersonStore
  meta: IndexMeta
  tf: TermFrequencyLookup
  /** How many of the memory's rules are the model's blocking rules. */
  ruleCount: number
  maxCandidates: number
}

/** A write worked out against memory: the batch to commit, and what to change in memory once it has committed. */
export interface PlannedWrite {
  batch: IndexBatch
  outcome: WriteOutcome
  apply(): void
}

const edgeOf = (a: RecordKey, b: RecordKey, weight: number, guard: string | null): IndexEdge =>
  a < b ? { left: a, right: b, weight, guard } : { left: b, right: a, weight, guard }

/** The stored edges among the given slots, leaving out every edge of `without`. */
const edgesAmong = (memory: IndexMemory, slots: readonly number[], without: number): IndexEdge[] => {
  const inScope = new Set(slots)
  const edges: IndexEdge[] = []
  for (const slot of slots) {
    if (slot === without) continue
    for (const n of memory.neighbours(slot)) {
      if (n.slot > slot && n.slot !== without && inScope.has(n.slot))
        edges.push(edgeOf(memory.key(slot), memory.key(n.slot), n.weight, n.guard))
    }
  }
  return edges
}

/** The record a write changes; `returningTo` is the Justice ID it had when it was removed, if it is coming back. */
interface ChangedRecord {
  key: RecordKey
  slot: number | undefined
  record: StandardisedRecord | null
  /** The record's values as its source entered them, kept in the index for people to read. */
  entered?: EnteredRecord
  returningTo?: JusticeId
}

/**
 * Re-links the persons a write touches (`touched`: their records are all in scope, with the changed record) and
 * builds the batch. Records whose person changed are written again with their new Justice ID.
 */
const relinkScope = async (
  ctx: WriteContext,
  touchedPersons: ReadonlySet<JusticeId>,
  changed: ChangedRecord | null,
  edges: IndexEdge[],
  kind: 'upsert' | 'delete' | 'decision',
  decision?: ReviewDecision,
) => {
  const { memory } = ctx
  // Records a reviewer joined to the changed one bring their persons into scope, so the decision holds.
  const touched = new Set(touchedPersons)
  for (const d of changed ? await ctx.store.decisions([changed.key]) : []) {
    if (d.outcome !== 'same_person') continue
    const other = memory.slotOf(d.left === changed!.key ? d.right : d.left)
    const person = other === undefined ? null : memory.personOfSlot(other)
    if (person !== null) touched.add(person)
  }
  const slots = [...touched].flatMap((id) => memory.recordsOf(id))
  const previous = new Map<RecordKey, JusticeId>()
  const evidence = new Map<RecordKey, RecordEvidence>()
  for (const slot of slots) {
    const key = memory.key(slot)
    previous.set(key, memory.personOfSlot(slot)!)
    evidence.set(key, evidenceOf(memory.record(slot)))
  }
  // A returning record goes home to the Justice ID it had, as in a batch run (relink's `returned`).
  if (changed?.returningTo !== undefined) previous.set(changed.key, changed.returningTo)
  // An update is checked with its new identifiers, names and birth date, not the ones it is replacing.
  if (changed?.record) evidence.set(changed.key, evidenceOf(changed.record))
  const states = await ctx.store.persons([...touched])
  const scopeKeys = [...previous.keys(), ...(changed ? [changed.key] : [])]
  const samePair = (d: ReviewDecision) => decision && d.left === decision.left && d.right === decision.right
  const decisions = (await ctx.store.decisions(scopeKeys)).filter((d) => !samePair(d))
  if (decision) decisions.push(decision)
  const batchId = randomUUID()
  const at = new Date().toISOString()
  const result = relink({
    records: scopeKeys,
    edges: [...edgesAmong(memory, slots, changed?.slot ?? -1), ...edges],
    decisions,
    previous,
    persons: new Map(states.map((p) => [p.justiceId, p])),
    evidence,
    ...(kind === 'delete' && changed ? { removed: [changed.key] } : {}),
    ...(changed?.returningTo !== undefined ? { returned: new Set([changed.key]) } : {}),
    thresholds: ctx.meta.thresholds,
    guards: guardConstraints(ctx.meta.model.guards),
    batchId,
    at,
    newJusticeId,
  })
  const moved = [...result.assignments].filter(
    ([key, id]) => key !== changed?.key && previous.get(key) !== id,
  )
  const indexRecord = (
    key: RecordKey,
    record: StandardisedRecord,
    justiceId: JusticeId,
    entered?: EnteredRecord,
  ): IndexRecord => ({
    key,
    source: record.source,
    recordId: record.recordId,
    justiceId,
    record,
    ...(entered ? { entered } : {}),
    updatedAt: at,
  })
  const upsertRecords = moved.map(([key, id]) => indexRecord(key, memory.record(memory.slotOf(key)!), id))
  const justiceId = result.assignments.get(changed?.key ?? decision?.left ?? '') ?? null
  if (changed?.record && justiceId !== null)
    upsertRecords.unshift(indexRecord(changed.key, changed.record, justiceId, changed.entered))
  const batch: IndexBatch = {
    id: batchId,
    kind,
    at,
    upsertRecords,
    deleteRecords: kind === 'delete' && changed ? [changed.key] : [],
    upsertPersons: result.persons,
    events: result.events,
    replaceEdgesOf: changed ? [changed.key] : [],
    edges,
    ...(decision ? { decisions: [decision] } : {}),
  }
  const moveInMemory = () => {
    for (const [key, id] of moved) memory.assign(memory.slotOf(key)!, id)
  }
  return { batch, outcome: { justiceId, events: result.events }, moveInMemory }
}

/** An insert or update of one record: scored against its candidates, its persons re-linked. */
export const planUpsert = async (
  ctx: WriteContext,
  source: string,
  recordId: string,
  input: RecordInput,
): Promise<PlannedWrite> => {
  const { memory, meta } = ctx
  const key = recordKeyOf(source, recordId)
  const record = standardiseForModel(source, recordId, input, meta.model)
  const entered = enteredRecordOf(recordOfInput(source, recordId, input))
  const slot = memory.slotOf(key)
  const { scored } = scoreCandidates(
    memory,
    meta.model,
    ctx.tf,
    record,
    ctx.ruleCount,
    ctx.maxCandidates,
    slot ?? -1,
  )
  const joining = (s: (typeof scored)[number]) =>
    s.score.guard !== undefined || s.score.matchWeight >= meta.thresholds.fracture
  const kept = scored.filter((s) => joining(s) || s.score.matchWeight <= CONTRADICTION_WEIGHT)
  const edges = kept.map((s) => edgeOf(key, memory.key(s.slot), s.score.matchWeight, s.score.guard ?? null))
  const touched = new Set<JusticeId>()
  const own = slot === undefined ? null : memory.personOfSlot(slot)
  if (own !== null) touched.add(own)
  // A record the index does not hold may be one removed within the retention period: its old person comes into
  // scope (retired, or still holding other records) so the record can go home to it.
  const returningTo =
    slot === undefined
      ? (await returningRecords(ctx.store, [key], new Date().toISOString())).get(key)
      : undefined
  if (returningTo !== undefined) touched.add(returningTo)
  // A contradiction never joins the record to anyone, so it brings no person into scope.
  for (const s of kept) if (joining(s)) touched.add(memory.personOfSlot(s.slot)!)
  const changed: ChangedRecord = {
    key,
    slot,
    record,
    entered,
    ...(returningTo !== undefined ? { returningTo } : {}),
  }
  const planned = await relinkScope(ctx, touched, changed, edges, 'upsert')
  return {
    batch: planned.batch,
    outcome: planned.outcome,
    apply: () => {
      const at = memory.putRecord(key, record, planned.outcome.justiceId!)
      planned.moveInMemory()
      memory.replaceEdges(at, edges)
    },
  }
}

/** A delete of one record: its person re-linked without it; null when the index does not hold the record. */
export const planRemove = async (
  ctx: WriteContext,
  source: string,
  recordId: string,
): Promise<PlannedWrite | null> => {
  const { memory } = ctx
  const key = recordKeyOf(source, recordId)
  const slot = memory.slotOf(key)
  if (slot === undefined) return null
  const own = memory.personOfSlot(slot)
  const touched = new Set<JusticeId>(own === null ? [] : [own])
  const planned = await relinkScope(ctx, touched, { key, slot, record: null }, [], 'delete')
  return {
    batch: planned.batch,
    outcome: { justiceId: null, events: planned.outcome.events },
    apply: () => {
      memory.deleteRecord(key)
      planned.moveInMemory()
    },
  }
}

/**
 * A reviewer's decision on a pair: stored with the re-linking it causes, in one batch. Both records' persons are
 * re-linked with the decision in force; null when the index does not hold both records.
 */
export const planDecision = async (ctx: WriteContext, input: DecisionInput): Promise<PlannedWrite | null> => {
  const { memory } = ctx
  const [left, right] = input.left < input.right ? [input.left, input.right] : [input.right, input.left]
  const slots = [memory.slotOf(left), memory.slotOf(right)]
  if (slots.some((slot) => slot === undefined)) return null
  const decision: ReviewDecision = { ...input, left, right, id: randomUUID(), at: new Date().toISOString() }
  const touched = new Set<JusticeId>()
  for (const slot of slots) {
    const person = memory.personOfSlot(slot!)
    if (person !== null) touched.add(person)
  }
  const planned = await relinkScope(ctx, touched, null, [], 'decision', decision)
  return {
    batch: planned.batch,
    outcome: planned.outcome,
    apply: () => planned.moveInMemory(),
  }
}
