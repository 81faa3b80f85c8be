import { type EnteredRecord, enteredOf } from '../core/entered-record.ts'
import { JustIdError } from '../core/errors.ts'
import type {
  IndexBatch,
  IndexRecord,
  JusticeId,
  PersonState,
  PersonStore,
  PersonView,
  RecordKey,
  StoredPersonEvent,
} from '../person-index/types.ts'
import { grownInt32 } from './int32-arrays.ts'
import { LoadedTable } from './loaded-rows.ts'
import type { IndexMemory } from './memory-state.ts'
import { TextArena } from './text-arena.ts'

/** Far more merges than any person has; a longer walk means the merge links loop (as the store says). */
const MAX_MERGE_CHAIN = 10_000

/**
 * Records whose entered values were read and checked, kept for the next read of the same record: checking them
 * against their schema cost a third of a person read. Direct-mapped by slot, so it holds at most this many.
 */
const CHECKED_ENTERED = 1 << 16

/** The views as a snapshot is written from them. */
export interface ViewsState {
  persons: PersonState[]
  events: StoredPersonEvent[]
  entered: TextArena
  /** Per slot, the index of its time of writing in `texts`; -1 for none. */
  updatedAt: { texts: string[]; index: Int32Array }
}

/** The views as a snapshot is read: persons and events in place. */
export interface LoadedViews extends Omit<ViewsState, 'persons' | 'events'> {
  persons: LoadedTable<PersonState>
  events: LoadedTable<StoredPersonEvent>
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
  /** Persons written since loading, or all of them when not started from a snapshot. */
  private readonly persons = new Map<JusticeId, PersonState>()
  /** IDs merged straight into each survivor. */
  private readonly mergedFrom = new Map<JusticeId, JusticeId[]>()
  /** Events written since loading, or all of them when not started from a snapshot. */
  private readonly events = new Map<JusticeId, StoredPersonEvent[]>()
  /**
   * Persons and events a snapshot held, read in place (loaded-rows.ts): a person read makes the few rows it shows,
   * and a start no longer makes half a million persons and a million and a half events as objects.
   */
  private basePersons: LoadedTable<PersonState> | null = null
  private baseEvents: LoadedTable<StoredPersonEvent> | null = null
  /** Per slot, its time of writing as a number in `times` (-1: none): a few distinct times for a million slots. */
  private updatedAt: Int32Array<ArrayBufferLike> = new Int32Array(1024).fill(-1)
  private readonly times: string[] = []
  private readonly timeNumbers = new Map<string, number>()
  /** One string object per distinct text (a batch's time, an event's reason), not one per row. */
  private readonly texts = new Map<string, string>()
  private nextSeq = 1
  private readonly checkedSlot = new Int32Array(CHECKED_ENTERED).fill(-1)
  private readonly checked: (EnteredRecord | null)[] = new Array(CHECKED_ENTERED).fill(null)

  private constructor(
    private readonly memory: IndexMemory,
    private readonly entered = new TextArena(),
  ) {}

  /** What a snapshot keeps of the views (snapshot.ts); shares the entered values, so take it while no write runs. */
  exportState(): ViewsState {
    const events: StoredPersonEvent[] = []
    for (let i = 0; i < (this.baseEvents?.count ?? 0); i++) events.push(this.baseEvents!.row(i))
    for (const list of this.events.values()) events.push(...list)
    return {
      persons: this.allPersons(),
      events,
      entered: this.entered,
      updatedAt: { texts: [...this.times], index: this.updatedAt },
    }
  }

  static fromState(memory: IndexMemory, state: ViewsState | LoadedViews): PersonViews {
    const views = new PersonViews(memory, state.entered)
    if (state.persons instanceof LoadedTable) {
      const persons = state.persons
      views.basePersons = persons
      // The few merged persons are made now, for the aliases of their survivors.
      const mergedInto = persons.column('mergedInto')
      for (let i = 0; i < persons.count; i++)
        if (persons.value(mergedInto, i) !== null) views.linkMerged(undefined, persons.row(i))
    } else for (const person of state.persons) views.putPerson(person)
    if (state.events instanceof LoadedTable) {
      const events = state.events
      views.baseEvents = events
      const seq = events.column('seq')
      for (let i = 0; i < events.count; i++)
        views.nextSeq = Math.max(views.nextSeq, (events.value(seq, i) as number) + 1)
    } else for (const event of state.events) views.addEvent(event)
    const { texts, index } = state.updatedAt
    for (let slot = 0; slot < index.length; slot++)
      if (index[slot]! < -1 || index[slot]! >= texts.length)
        throw new Error('a record’s time of writing is not among the snapshot’s texts')
    for (const text of texts) views.timeNumber(text)
    views.updatedAt = index
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
    const requested = this.person(id)
    if (!requested) return null
    const person = this.survivorOf(requested)
    const aliases = this.aliasesOf(person.justiceId)
    const records = this.memory
      .recordsOf(person.justiceId)
      .map((slot) => this.indexRecord(slot, person.justiceId))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const events = [person.justiceId, ...aliases]
      .flatMap((alias) => this.eventsOf(alias))
      .sort((a, b) => a.seq - b.seq)
    return { requested: id, person, aliases, records, events }
  }

  /** Active persons flagged as needing attention, of `ids` when given. */
  needingAttention(ids?: readonly JusticeId[]): PersonState[] {
    const out: PersonState[] = []
    const consider = (p: PersonState | undefined | null) => {
      if (p && p.status === 'active' && p.needsAttention) out.push(p)
    }
    if (ids) for (const id of ids) consider(this.person(id))
    else {
      const base = this.basePersons
      if (!base) for (const p of this.persons.values()) consider(p)
      else {
        // Read in place: only flagged persons are made, and one written since stands in for its loaded row.
        const flagged = base.column('needsAttention')
        const justiceId = base.column('justiceId')
        for (let i = 0; i < base.count; i++) {
          const written =
            this.persons.size > 0 ? this.persons.get(base.value(justiceId, i) as JusticeId) : undefined
          if (written) consider(written)
          else if (base.value(flagged, i) === true) consider(base.row(i))
        }
        for (const p of this.persons.values()) if (!this.inBase(p.justiceId)) consider(p)
      }
    }
    return out
  }

  /** A person's state: as written since loading, else as loaded; null when never issued. */
  private person(id: JusticeId): PersonState | null {
    const written = this.persons.get(id)
    if (written) return written
    const row = this.basePersons?.rowsOf(id)[0]
    return row === undefined ? null : this.basePersons!.row(row)
  }

  private inBase(id: JusticeId): boolean {
    return (this.basePersons?.rowsOf(id).length ?? 0) > 0
  }

  /** Every person, in the order a snapshot writes them: as loaded (or written since), then new ones. */
  private allPersons(): PersonState[] {
    const base = this.basePersons
    if (!base) return [...this.persons.values()]
    const out: PersonState[] = []
    for (let i = 0; i < base.count; i++) {
      const row = base.row(i)
      out.push(this.persons.get(row.justiceId) ?? row)
    }
    for (const p of this.persons.values()) if (!this.inBase(p.justiceId)) out.push(p)
    return out
  }

  private eventsOf(id: JusticeId): StoredPersonEvent[] {
    const loaded = this.baseEvents?.rowsOf(id).map((i) => this.baseEvents!.row(i)) ?? []
    return [...loaded, ...(this.events.get(id) ?? [])]
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
      entered: this.enteredAt(slot, key),
      updatedAt: this.times[this.updatedAt[slot]!]!,
    }
  }

  private survivorOf(start: PersonState): PersonState {
    let current = start
    for (let steps = 0; current.mergedInto !== null; steps++) {
      const next = steps < MAX_MERGE_CHAIN ? this.person(current.mergedInto) : undefined
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

  private putPerson(person: PersonState): void {
    this.linkMerged(this.person(person.justiceId) ?? undefined, person)
    this.persons.set(person.justiceId, {
      ...person,
      createdAt: this.text(person.createdAt),
      updatedAt: this.text(person.updatedAt),
    })
  }

  /** Keeps `mergedFrom` true as a person goes from `before` to `person`. */
  private linkMerged(before: PersonState | undefined, person: PersonState): void {
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
  }

  private addEvent(event: StoredPersonEvent): void {
    const stored: StoredPersonEvent = {
      seq: event.seq,
      justiceId: event.justiceId,
      kind: event.kind,
      recordKey: event.recordKey,
      otherJusticeId: event.otherJusticeId,
      reason: this.text(event.reason),
      at: this.text(event.at),
      batchId: this.text(event.batchId),
    }
    const list = this.events.get(event.justiceId)
    if (list) list.push(stored)
    else this.events.set(event.justiceId, [stored])
    this.nextSeq = Math.max(this.nextSeq, event.seq + 1)
  }

  private enteredAt(slot: number, key: RecordKey): EnteredRecord | null {
    const at = slot & (CHECKED_ENTERED - 1)
    if (this.checkedSlot[at] === slot) return this.checked[at]!
    const entered = enteredOf(key, this.entered.get(slot))
    this.checkedSlot[at] = slot
    this.checked[at] = entered
    return entered
  }

  private putRecord(slot: number, enteredJson: string | null, updatedAt: string): void {
    this.entered.set(slot, enteredJson)
    if (this.checkedSlot[slot & (CHECKED_ENTERED - 1)] === slot)
      this.checkedSlot[slot & (CHECKED_ENTERED - 1)] = -1
    if (slot >= this.updatedAt.length)
      this.updatedAt = grownInt32(this.updatedAt, Math.max(slot + 1, this.updatedAt.length * 2), -1)
    this.updatedAt[slot] = this.timeNumber(updatedAt)
  }

  private timeNumber(at: string): number {
    let i = this.timeNumbers.get(at)
    if (i === undefined) {
      i = this.times.length
      this.times.push(at)
      this.timeNumbers.set(at, i)
    }
    return i
  }

  private text(value: string): string {
    const known = this.texts.get(value)
    if (known !== undefined) return known
    // Bounded: times and reasons repeat; a map past this size stops sharing rather than grow without end.
    if (this.texts.size < 100_000) this.texts.set(value, value)
    return value
  }
}
