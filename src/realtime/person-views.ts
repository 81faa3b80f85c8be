import { enteredOf } from '../core/entered-record.ts'
import { JustIdError } from '../core/errors.ts'
import type {
  IndexBatch,
  IndexRecord,
  JusticeId,
  PersonState,
  PersonStore,
  PersonView,
  StoredPersonEvent,
} from '../person-index/types.ts'
import type { IndexMemory } from './memory-state.ts'
import { TextArena } from './text-arena.ts'

/** Far more merges than any person has; a longer walk means the merge links loop (as the store says). */
const MAX_MERGE_CHAIN = 10_000

/** The views as a snapshot keeps them. */
export interface ViewsState {
  persons: PersonState[]
  events: StoredPersonEvent[]
  entered: TextArena
  /** Per slot, the index of its time of writing in `texts`; -1 for none. */
  updatedAt: { texts: string[]; index: Int32Array }
}

/**
 * What a person read shows beyond what matching holds: each person's state, its history, and each record's
 * entered values and time of writing. Loaded once with the index and kept by the same committed batches as the
 * index in memory, so `GET /v1/persons/:id` answers from memory, as `store.person` would, without a query: on an
 * embedded index the store answers one query at a time and has no secondary indexes (see schema.ts).
 *
 * Event sequence numbers are counted here as the store numbers them (the next after the largest, in batch order),
 * which holds while this process is the index's only writer: an embedded file, which DuckDB's lock keeps to one
 * process. A server over PostgreSQL reads persons from the store.
 */
export class PersonViews {
  private readonly persons = new Map<JusticeId, PersonState>()
  /** IDs merged straight into each survivor. */
  private readonly mergedFrom = new Map<JusticeId, JusticeId[]>()
  private readonly events = new Map<JusticeId, StoredPersonEvent[]>()
  private updatedAt: string[] = []
  /** One string object per distinct text (a batch's time, an event's reason), not one per row. */
  private readonly texts = new Map<string, string>()
  private nextSeq = 1

  private constructor(
    private readonly memory: IndexMemory,
    private readonly entered = new TextArena(),
  ) {}

  /** What a snapshot keeps of the views (snapshot.ts); shares the entered values, so take it while no write runs. */
  exportState(): ViewsState {
    const texts = new Map<string, number>()
    const updatedAt = new Int32Array(this.updatedAt.length).fill(-1)
    for (const [slot, at] of this.updatedAt.entries()) {
      if (at === undefined) continue
      let i = texts.get(at)
      if (i === undefined) {
        i = texts.size
        texts.set(at, i)
      }
      updatedAt[slot] = i
    }
    return {
      persons: [...this.persons.values()],
      events: [...this.events.values()].flat(),
      entered: this.entered,
      updatedAt: { texts: [...texts.keys()], index: updatedAt },
    }
  }

  static fromState(memory: IndexMemory, state: ViewsState): PersonViews {
    const views = new PersonViews(memory, state.entered)
    // The snapshot's rows are fresh objects of their own, their texts already shared: kept as they are, not copied.
    for (const person of state.persons) views.putPerson(person, false)
    for (const event of state.events) views.addEvent(event, false)
    const { texts, index } = state.updatedAt
    for (let slot = 0; slot < index.length; slot++) {
      const i = index[slot]!
      if (i === -1) continue
      const at = texts[i]
      if (at === undefined) throw new Error('a record’s time of writing is not among the snapshot’s texts')
      views.updatedAt[slot] = views.text(at)
    }
    return views
  }

  /** Reads persons, events and entered values; `memory` must hold the store's records already. */
  static async load(store: PersonStore, memory: IndexMemory): Promise<PersonViews> {
    const views = new PersonViews(memory)
    for (const person of await store.persons()) views.putPerson(person)
    for (const event of await store.events()) views.addEvent(event)
    for await (const chunk of store.enteredValues()) {
      for (const { key, enteredJson, updatedAt } of chunk) {
        const slot = memory.slotOf(key)
        if (slot !== undefined) views.putRecord(slot, enteredJson, updatedAt)
      }
    }
    return views
  }

  /** Takes in a batch the store has committed, after the index in memory has. */
  apply(batch: IndexBatch): void {
    for (const person of batch.upsertPersons) this.putPerson(person)
    for (const event of batch.events) this.addEvent({ ...event, seq: this.nextSeq })
    for (const r of batch.upsertRecords) {
      const slot = this.memory.slotOf(r.key)
      if (slot === undefined) continue
      // A record written without entered values keeps those held, as the store keeps them.
      const json = r.entered === undefined ? this.entered.get(slot) : r.entered && JSON.stringify(r.entered)
      this.putRecord(slot, json, r.updatedAt)
    }
    // Deleted records left memory with their slots, which are never reused: nothing to clear.
  }

  /** The person as `PersonStore.person` gives it: a merged ID resolves to its survivor. */
  view(id: JusticeId): PersonView | null {
    const requested = this.persons.get(id)
    if (!requested) return null
    const person = this.survivorOf(requested)
    const aliases = this.aliasesOf(person.justiceId)
    const records = this.memory
      .recordsOf(person.justiceId)
      .map((slot) => this.indexRecord(slot, person.justiceId))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const events = [person.justiceId, ...aliases]
      .flatMap((alias) => this.events.get(alias) ?? [])
      .sort((a, b) => a.seq - b.seq)
    return { requested: id, person, aliases, records, events }
  }

  /** Active persons flagged as needing attention, of `ids` when given. */
  needingAttention(ids?: readonly JusticeId[]): PersonState[] {
    const out: PersonState[] = []
    const consider = (p: PersonState | undefined) => {
      if (p && p.status === 'active' && p.needsAttention) out.push(p)
    }
    if (ids) for (const id of ids) consider(this.persons.get(id))
    else for (const p of this.persons.values()) consider(p)
    return out
  }

  private indexRecord(slot: number, justiceId: JusticeId): IndexRecord {
    const key = this.memory.key(slot)
    const record = this.memory.record(slot)
    return {
      key,
      source: record.source,
      recordId: record.recordId,
      justiceId,
      record,
      entered: enteredOf(key, this.entered.get(slot)),
      updatedAt: this.updatedAt[slot]!,
    }
  }

  private survivorOf(start: PersonState): PersonState {
    let current = start
    for (let steps = 0; current.mergedInto !== null; steps++) {
      const next = steps < MAX_MERGE_CHAIN ? this.persons.get(current.mergedInto) : undefined
      if (!next)
        throw new JustIdError(
          'internal',
          steps < MAX_MERGE_CHAIN
            ? 'a person is merged into a Justice ID that was never issued'
            : 'the merge links of a person loop; the index needs repair',
        )
      current = next
    }
    return current
  }

  private aliasesOf(survivor: JusticeId): JusticeId[] {
    const seen = new Set([survivor])
    let frontier = [survivor]
    while (frontier.length > 0) {
      frontier = frontier.flatMap((id) => this.mergedFrom.get(id) ?? []).filter((id) => !seen.has(id))
      for (const id of frontier) seen.add(id)
    }
    seen.delete(survivor)
    return [...seen].sort()
  }

  /** `copy`: false when the person is an object of the views' own already (a snapshot's row). */
  private putPerson(person: PersonState, copy = true): void {
    const before = this.persons.get(person.justiceId)
    if (before?.mergedInto && before.mergedInto !== person.mergedInto) {
      const from = this.mergedFrom.get(before.mergedInto) ?? []
      this.mergedFrom.set(
        before.mergedInto,
        from.filter((id) => id !== person.justiceId),
      )
    }
    if (person.mergedInto && before?.mergedInto !== person.mergedInto) {
      const from = this.mergedFrom.get(person.mergedInto)
      if (from) from.push(person.justiceId)
      else this.mergedFrom.set(person.mergedInto, [person.justiceId])
    }
    this.persons.set(
      person.justiceId,
      copy
        ? { ...person, createdAt: this.text(person.createdAt), updatedAt: this.text(person.updatedAt) }
        : person,
    )
  }

  /** `copy`: false when the event is an object of the views' own already (a snapshot's row). */
  private addEvent(event: StoredPersonEvent, copy = true): void {
    const stored: StoredPersonEvent = copy
      ? {
          seq: event.seq,
          justiceId: event.justiceId,
          kind: event.kind,
          recordKey: event.recordKey,
          otherJusticeId: event.otherJusticeId,
          reason: this.text(event.reason),
          at: this.text(event.at),
          batchId: this.text(event.batchId),
        }
      : event
    const list = this.events.get(event.justiceId)
    if (list) list.push(stored)
    else this.events.set(event.justiceId, [stored])
    this.nextSeq = Math.max(this.nextSeq, event.seq + 1)
  }

  private putRecord(slot: number, enteredJson: string | null, updatedAt: string): void {
    this.entered.set(slot, enteredJson)
    this.updatedAt[slot] = this.text(updatedAt)
  }

  private text(value: string): string {
    const known = this.texts.get(value)
    if (known !== undefined) return known
    // Bounded: times and reasons repeat; a map past this size stops sharing rather than grow without end.
    if (this.texts.size < 100_000) this.texts.set(value, value)
    return value
  }
}
