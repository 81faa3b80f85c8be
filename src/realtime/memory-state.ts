import { blockLimit, limitsBlocks, namesAloneForUndated, withoutDatePart } from '../blocking/plan.ts'
import type { BlockingRule } from '../blocking/rule.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import type { IndexEdge, JusticeId, RecordKey } from '../person-index/types.ts'
import { blockingKeys } from './blocking-keys.ts'
import { grownInt32 } from './int32-arrays.ts'
import { hashOf, hashOfRange, KeyIndex, type KeyIndexArrays } from './key-index.ts'
import { LoadedRows, type SlotRows } from './loaded-rows.ts'

/** A stored edge seen from one of its records. */
export interface Neighbour {
  slot: number
  weight: number
  guard: string | null
}

interface Block {
  rule: BlockingRule
  index: KeyIndex
}

/** The index in memory as rows and typed arrays, for a snapshot (snapshot.ts). */
export interface MemoryState {
  /** Per slot: the record's key, person and record; null for the slot of a deleted record. */
  rows: SlotRows
  /** Per rule, in the order of the rules the memory was made with. */
  blocks: KeyIndexArrays[]
  /** Every slot's edges, packed as in `adjacency`: slot `s` holds data[offsets[s]] up to data[offsets[s + 1]]. */
  adjacency: { offsets: Float64Array; data: Float64Array }
  guardNames: string[]
}

/** What search reads of a candidate: its rules' keys (search.ts SEARCH_RULES) and its score (`searchScore`). */
const SEARCH_FIELDS = [
  'forename',
  'surname',
  'forenameMetaphone',
  'surnameMetaphone',
  'dateOfBirth',
  'forenameGroup',
  'forenameOtherGroups',
] as const satisfies readonly (keyof StandardisedRecord)[]

/** Slots per list of records made from a snapshot's columns: below the length V8 keeps an array fast at. */
const MADE_CHUNK = 1 << 16

/** Crowded keys remembered at most (`IndexMemory.crowded`): a few megabytes. */
const CROWDED_MAX = 100_000

/**
 * The person index in memory: records by slot (a small integer), which person each belongs to, the records of
 * each person, the stored edges as adjacency lists, and a key index per blocking rule. Slots of deleted records
 * are not reused, so a slot always names one record.
 *
 * Started from a snapshot, the slots it held stay in its columns (`base`, loaded-rows.ts): a record is made only
 * when asked for, and a record key is found through a hash index of typed arrays rather than a map of a million
 * strings. Slots written since (`added`) and base slots replaced or deleted since (`changed`) are held as objects.
 */
export class IndexMemory {
  private base: LoadedRows | null = null
  /** Slots of the base: every slot below this is read from `base` unless `changed` holds it. */
  private baseTotal = 0
  /** Base slots whose record was replaced (the new record) or deleted (null) since loading. */
  private readonly changed = new Map<number, StandardisedRecord | null>()
  /** Base slots by the hash of their key; a lookup checks the key itself. */
  private baseKeys: KeyIndex | null = null
  /**
   * Records made from the base, kept once made: a probe's candidates are asked for under several rules and by
   * every probe sharing a key with them, and making a record costs microseconds where reading a kept one costs
   * nanoseconds. Memory grows with the records asked for, towards what loading them all would hold.
   */
  private readonly made: (StandardisedRecord | undefined)[][] = []
  /** The fields search reads (`searchFields`) of base records not made whole, kept once read: seven fields each. */
  private readonly searchMade: (StandardisedRecord | undefined)[][] = []
  /** Records of the slots from `baseTotal` on (all of them, when not started from a snapshot). */
  private readonly recordAt: (StandardisedRecord | null)[] = []
  private readonly keyAt: (RecordKey | null)[] = []
  /** Keys of the slots from `baseTotal` on. */
  private readonly slotOfKey = new Map<RecordKey, number>()
  private personOf: Int32Array
  /**
   * Persons by number. The first `basePersons` are the persons the snapshot's slots name, kept as typed arrays: a
   * slot the snapshot gave each (its ID is read from there), a hash index of their IDs, and their records packed
   * (`baseMembers` from `baseMembersAt[p]`). Persons seen since have their ID in `personIds` and their number in
   * `personSlotOf`; a person whose records changed since has its own list in `personRecords`.
   */
  private basePersons = 0
  private basePersonSlot = new Int32Array(0)
  private basePersonKeys: KeyIndex | null = null
  private baseMembersAt = new Int32Array(1)
  private baseMembers = new Int32Array(0)
  private readonly personIds: JusticeId[] = []
  private readonly personSlotOf = new Map<JusticeId, number>()
  private readonly personRecords = new Map<number, number[]>()
  /** Per slot: [neighbour slot, weight, guard code] repeated, numbers only, to keep millions of edges small. */
  private readonly adjacency: (number[] | undefined)[] = []
  /**
   * The edges a snapshot held, packed as in MemoryState: a slot's own list in `adjacency`, once a write has made
   * one, stands in for its part here, so loading copies nothing.
   */
  private loaded: MemoryState['adjacency'] | null = null
  private readonly guardNames: string[] = []
  private readonly blocks: Block[]
  /**
   * Keys found in more slots than a lookup's limit, by rule and key, with that limit: a common value (a surname
   * thousands share) is walked to its limit once, not again by every probe holding it, until a write changes the
   * blocks. Its keys come from requests, so it is capped.
   */
  private readonly crowded = new Map<string, number>()
  private records = 0
  /** Records holding a whole birth date: with `records`, whether names alone pair only undated records. */
  private dated = 0
  private persons = 0

  constructor(rules: readonly BlockingRule[], capacity: number) {
    this.personOf = new Int32Array(Math.max(capacity, 16)).fill(-1)
    this.blocks = rules.map((rule) => ({ rule, index: new KeyIndex(capacity) }))
  }

  /** Slots, deleted ones included. */
  private get slotTotal(): number {
    return this.baseTotal + this.recordAt.length
  }

  /** The state to snapshot; it shares the key indexes' arrays, so take it while no write runs. */
  exportState(): MemoryState {
    const total = this.slotTotal
    const offsets = new Float64Array(total + 1)
    for (let slot = 0; slot < total; slot++) offsets[slot + 1] = offsets[slot]! + this.packed(slot).length
    const data = new Float64Array(offsets[total]!)
    for (let slot = 0; slot < total; slot++) data.set(this.packed(slot), offsets[slot]!)
    return {
      rows: {
        total,
        key: (slot) => this.keyOrNull(slot),
        person: (slot) => this.personOfSlot(slot),
        record: (slot) => this.recordOrNull(slot),
      },
      blocks: this.blocks.map((b) => b.index.toArrays()),
      adjacency: { offsets, data },
      guardNames: [...this.guardNames],
    }
  }

  /**
   * The memory a snapshot holds, made with the same rules in the same order (the snapshot checks them). Its rows
   * stay in the snapshot's columns: only keys are hashed and persons assigned here.
   */
  static fromState(rules: readonly BlockingRule[], state: MemoryState): IndexMemory {
    if (state.blocks.length !== rules.length) throw new Error('the snapshot holds another number of rules')
    const rows = state.rows
    if (!(rows instanceof LoadedRows)) throw new Error('the snapshot was not read from a file')
    const total = rows.total
    const memory = new IndexMemory([], total)
    memory.blocks.push(...rules.map((rule, i) => ({ rule, index: KeyIndex.fromArrays(state.blocks[i]!) })))
    memory.guardNames.push(...state.guardNames)
    memory.loaded = state.adjacency
    memory.adjacency.length = total
    memory.base = rows
    memory.baseTotal = total
    const keys = new KeyIndex(total, total)
    memory.baseKeys = keys
    const personSlot = new Int32Array(total)
    const personKeys = new KeyIndex(total, total)
    const members = new Int32Array(total + 1)
    let persons = 0
    // Person numbers by the number of their text in the current chunk of slots: one hash lookup per chunk.
    let chunk = -1
    let known = new Int32Array(0)
    for (let slot = 0; slot < total; slot++) {
      if (!rows.live(slot)) continue
      keys.addHashed(slot, rows.keyHash(slot))
      memory.records++
      if (!rows.undated(slot)) memory.dated++
      const text = rows.personCode(slot)
      if (text < 0) continue
      const at = rows.chunkOf(slot)
      if (at !== chunk) {
        chunk = at
        known = new Int32Array(rows.slotTexts(chunk)).fill(-1)
      }
      let p = known[text]!
      if (p === -1) {
        const id = rows.slotText(chunk, text)
        const h = hashOfRange(id, 0, id.length)
        p = personKeys.lookup(id, (q) => rows.person(personSlot[q]!) === id, 1, h)?.[0] ?? -1
        if (p === -1) {
          p = persons++
          personSlot[p] = slot
          personKeys.addHashed(p, h)
        }
        known[text] = p
      }
      memory.personOf[slot] = p
      members[p + 1]!++
    }
    // Each person's records packed in slot order, as assigning them one by one would list them.
    for (let p = 0; p < persons; p++) members[p + 1]! += members[p]!
    const packed = new Int32Array(members[persons]!)
    const filled = members.slice(0, persons)
    for (let slot = 0; slot < total; slot++) {
      const p = memory.personOf[slot]!
      if (p !== -1) packed[filled[p]!++] = slot
    }
    memory.basePersons = persons
    memory.persons = persons
    memory.basePersonSlot = personSlot.slice(0, persons)
    memory.basePersonKeys = personKeys
    memory.baseMembersAt = members.slice(0, persons + 1)
    memory.baseMembers = packed
    return memory
  }

  /**
   * Whether, for up to `samples` records spread over the slots, a key the rules give the record is missing from its
   * rule's index: true when the indexes were built by code that derives keys otherwise (an older snapshot).
   */
  keysDifferFrom(samples: number): boolean {
    const step = Math.max(1, Math.floor(this.slotTotal / samples))
    for (let slot = 0; slot < this.slotTotal; slot += step) {
      const record = this.recordOrNull(slot)
      if (!record) continue
      for (const { rule, index } of this.blocks)
        for (const key of blockingKeys(record, rule)) if (!index.has(slot, key)) return true
    }
    return false
  }

  sources(): Set<string> {
    const found = this.base?.sources((slot) => !this.changed.has(slot)) ?? new Set<string>()
    for (const record of this.changed.values()) if (record) found.add(record.source)
    for (const record of this.recordAt) if (record) found.add(record.source)
    return found
  }

  get recordTotal(): number {
    return this.records
  }

  /** Persons with at least one record. */
  get personTotal(): number {
    return this.persons
  }

  slotOf(key: RecordKey): number | undefined {
    const added = this.slotOfKey.get(key)
    if (added !== undefined || !this.baseKeys) return added
    return this.baseKeys.lookup(key, (slot) => this.keyOrNull(slot) === key, 1)?.[0]
  }

  record(slot: number): StandardisedRecord {
    return this.recordOrNull(slot)!
  }

  /**
   * The fields of a record that search reads (its rules' keys and its score), as the record holds them: a record
   * not made yet is read from the snapshot's columns for these alone. Typed as a record for the readers of keys and
   * scores, which read only these fields.
   */
  searchFields(slot: number): StandardisedRecord {
    if (slot >= this.baseTotal || this.changed.has(slot)) return this.record(slot)
    const kept = this.made[slot >>> 16]?.[slot & (MADE_CHUNK - 1)]
    if (kept) return kept
    this.searchMade[slot >>> 16] ??= new Array(MADE_CHUNK)
    const chunk = this.searchMade[slot >>> 16]!
    let fields = chunk[slot & (MADE_CHUNK - 1)]
    if (!fields) {
      fields = this.base!.fields(slot, SEARCH_FIELDS) as StandardisedRecord
      chunk[slot & (MADE_CHUNK - 1)] = fields
    }
    return fields
  }

  key(slot: number): RecordKey {
    return this.keyOrNull(slot)!
  }

  private recordOrNull(slot: number): StandardisedRecord | null {
    if (slot >= this.baseTotal) return this.recordAt[slot - this.baseTotal] ?? null
    const changed = this.changed.get(slot)
    if (changed !== undefined) return changed
    this.made[slot >>> 16] ??= new Array(MADE_CHUNK)
    const chunk = this.made[slot >>> 16]!
    const kept = chunk[slot & (MADE_CHUNK - 1)]
    if (kept) return kept
    const record = this.base!.record(slot)
    if (record) chunk[slot & (MADE_CHUNK - 1)] = record
    return record
  }

  private keyOrNull(slot: number): RecordKey | null {
    if (slot >= this.baseTotal) return this.keyAt[slot - this.baseTotal] ?? null
    return this.changed.get(slot) === null ? null : this.base!.key(slot)
  }

  private undated(slot: number): boolean {
    if (slot < this.baseTotal && !this.changed.has(slot)) return this.base!.undated(slot)
    return this.record(slot).dateOfBirth === null
  }

  personOfSlot(slot: number): JusticeId | null {
    const p = this.personOf[slot] ?? -1
    return p === -1 ? null : this.personId(p)
  }

  /** The slots of a person's records; empty for an unknown or retired person. */
  recordsOf(id: JusticeId): readonly number[] {
    const p = this.personNumberOf(id)
    return p === undefined ? [] : this.membersOf(p)
  }

  private personId(p: number): JusticeId {
    return p < this.basePersons
      ? this.base!.person(this.basePersonSlot[p]!)!
      : this.personIds[p - this.basePersons]!
  }

  private personNumberOf(id: JusticeId): number | undefined {
    const seen = this.personSlotOf.get(id)
    if (seen !== undefined || !this.basePersonKeys) return seen
    return this.basePersonKeys.lookup(id, (p) => this.personId(p) === id, 1)?.[0]
  }

  private membersOf(p: number): readonly number[] {
    const own = this.personRecords.get(p)
    if (own) return own
    if (p >= this.basePersons) return []
    return Array.from(this.baseMembers.subarray(this.baseMembersAt[p]!, this.baseMembersAt[p + 1]!))
  }

  /** A person's records as a list of its own, to change. */
  private ownMembers(p: number): number[] {
    let own = this.personRecords.get(p)
    if (!own) {
      own = [...this.membersOf(p)]
      this.personRecords.set(p, own)
    }
    return own
  }

  /**
   * The slots sharing the record's key under rule `ruleIndex`: [] when it has no key, null when there are more
   * than `maxCandidates` of them (or than the rule's block limit allows).
   */
  candidates(
    ruleIndex: number,
    probe: StandardisedRecord,
    maxCandidates: number,
    read: (slot: number) => StandardisedRecord = (slot) => this.record(slot),
  ): number[] | null {
    const { rule } = this.blocks[ruleIndex]!
    // A rule for undated records pairs a dated probe with undated records only, as in the batch.
    const undatedOnly =
      probe.dateOfBirth !== null &&
      (rule.undatedOnly === true ||
        (withoutDatePart(rule) &&
          this.records > 0 &&
          namesAloneForUndated(this.records, this.dated / this.records)))
    return this.sharing(
      ruleIndex,
      probe,
      maxCandidates,
      read,
      undatedOnly ? (slot) => this.undated(slot) : null,
    )
  }

  /** `candidates`, keeping only the slots `keep` says (all when null) of each block within the limit. */
  private sharing(
    ruleIndex: number,
    probe: StandardisedRecord,
    maxCandidates: number,
    read: (slot: number) => StandardisedRecord,
    keep: ((slot: number) => boolean) | null,
  ): number[] | null {
    const { rule, index } = this.blocks[ruleIndex]!
    // A value of a rule of the data proposes no pair when the probe and the records holding it pass the block limit
    // of a file of the index's size, or a rule's own limit, as in the batch.
    const limit = limitsBlocks(rule) ? blockLimit(this.recordTotal) : rule.maxBlock
    const max = limit === undefined ? maxCandidates : Math.min(maxCandidates, limit - 1)
    const keys = blockingKeys(probe, rule)
    const holding = (key: string): number[] | null => {
      const memo = `${ruleIndex} ${key}`
      // Past a limit at least this one: past this one too.
      if ((this.crowded.get(memo) ?? -1) >= max) return null
      const h = hashOf(key)
      const holds = (slot: number) => blockingKeys(read(slot), rule).includes(key)
      // While the entries under the key's hash are within the limit, the block is (checked, it could only shrink):
      // a slot `keep` leaves out needs no check of its keys. Most a rule for undated records finds are dated.
      if (keep && index.hashCount(h, max + 1) <= max)
        return index.lookup(key, (slot) => keep(slot) && holds(slot), max, h)
      const slots = index.lookup(key, holds, max, h)
      if (slots === null) {
        if (this.crowded.size >= CROWDED_MAX) this.crowded.clear()
        this.crowded.set(memo, max)
      }
      return slots && keep ? slots.filter(keep) : slots
    }
    if (keys.length === 1) return holding(keys[0]!)
    // A list rule: the slots of every value, each too-common value skipped; null only when all of them were.
    const found = new Set<number>()
    let oversized = 0
    for (const key of keys) {
      const slots = holding(key)
      if (slots === null) oversized++
      else for (const s of slots) found.add(s)
    }
    return keys.length > 0 && oversized === keys.length ? null : [...found]
  }

  /** Inserts a record, or replaces the one with its key (keeping its slot and edges); returns its slot. */
  putRecord(key: RecordKey, record: StandardisedRecord, person: JusticeId): number {
    this.crowded.clear()
    let slot = this.slotOf(key)
    if (slot === undefined) {
      slot = this.slotTotal
      this.recordAt.push(record)
      this.keyAt.push(key)
      this.slotOfKey.set(key, slot)
      this.records++
    } else {
      this.unblock(slot)
      if (!this.undated(slot)) this.dated--
      this.setRecord(slot, record)
    }
    if (record.dateOfBirth !== null) this.dated++
    for (const { rule, index } of this.blocks) for (const k of blockingKeys(record, rule)) index.add(slot, k)
    this.assign(slot, person)
    return slot
  }

  /** Removes a record with its edges and its place in its person. */
  deleteRecord(key: RecordKey): void {
    const slot = this.slotOf(key)
    if (slot === undefined) return
    this.crowded.clear()
    this.replaceEdges(slot, [])
    this.unblock(slot)
    this.leavePerson(slot)
    if (!this.undated(slot)) this.dated--
    if (slot >= this.baseTotal) {
      this.slotOfKey.delete(key)
      this.keyAt[slot - this.baseTotal] = null
    }
    this.setRecord(slot, null)
    this.records--
  }

  private setRecord(slot: number, record: StandardisedRecord | null): void {
    if (slot >= this.baseTotal) this.recordAt[slot - this.baseTotal] = record
    else {
      this.changed.set(slot, record)
      const chunk = this.made[slot >>> 16]
      if (chunk) chunk[slot & (MADE_CHUNK - 1)] = undefined
    }
  }

  /** Moves a record to a person (creating the person's entry on first sight). */
  assign(slot: number, person: JusticeId): void {
    if (this.personOfSlot(slot) === person) return
    this.leavePerson(slot)
    this.join(slot, this.personNumber(person))
  }

  /** A person's number, given on first sight. */
  private personNumber(person: JusticeId): number {
    let p = this.personNumberOf(person)
    if (p === undefined) {
      p = this.basePersons + this.personIds.length
      this.personIds.push(person)
      this.personSlotOf.set(person, p)
    }
    return p
  }

  /** Adds a slot that belongs to no person to person number `p`. */
  private join(slot: number, p: number): void {
    const members = this.ownMembers(p)
    if (members.length === 0) this.persons++
    members.push(slot)
    if (slot >= this.personOf.length)
      this.personOf = grownInt32(this.personOf, Math.max(slot + 1, this.personOf.length * 2), -1)
    this.personOf[slot] = p
  }

  neighbours(slot: number): Neighbour[] {
    const packed = this.packed(slot)
    const out: Neighbour[] = []
    for (let i = 0; i < packed.length; i += 3) {
      const code = packed[i + 2]!
      out.push({
        slot: packed[i]!,
        weight: packed[i + 1]!,
        guard: code === -1 ? null : this.guardNames[code]!,
      })
    }
    return out
  }

  /**
   * The stored edges weighing at least `from` and less than `to`, each once, left < right as the store keeps them;
   * only those touching `slots` when given. Reads the packed lists without making a neighbour per edge: the review
   * queue asks this of every edge held.
   */
  edgesWeighing(from: number, to: number, slots?: Iterable<number>): IndexEdge[] {
    const out: IndexEdge[] = []
    const seen = new Set<string>()
    const visit = (slot: number) => {
      const packed = this.packed(slot)
      // Most slots have no edge in the range: their keys are not made.
      let key: RecordKey | null | undefined
      for (let i = 0; i < packed.length; i += 3) {
        const weight = packed[i + 1]!
        if (weight < from || weight >= to) continue
        key ??= this.keyOrNull(slot)
        if (!key) return
        const other = this.keyOrNull(packed[i]!)
        if (!other) continue
        const [left, right] = key < other ? [key, other] : [other, key]
        // From every slot, each edge is seen from both its records: kept from its left one.
        if (slots === undefined ? key !== left : seen.has(`${left}\u0000${right}`)) continue
        if (slots !== undefined) seen.add(`${left}\u0000${right}`)
        const code = packed[i + 2]!
        out.push({ left, right, weight, guard: code === -1 ? null : this.guardNames[code]! })
      }
    }
    if (slots === undefined) for (let slot = 0; slot < this.slotTotal; slot++) visit(slot)
    else for (const slot of slots) visit(slot)
    return out
  }

  /** Adds a stored edge between two records in memory; an edge naming an unknown record is ignored. */
  addEdge(edge: IndexEdge): void {
    const l = this.slotOf(edge.left)
    const r = this.slotOf(edge.right)
    if (l === undefined || r === undefined) return
    const code = edge.guard === null ? -1 : this.guardCode(edge.guard)
    this.pushHalf(l, r, edge.weight, code)
    this.pushHalf(r, l, edge.weight, code)
  }

  /** Drops every edge touching the slot, then adds `edges` (each touching it). */
  replaceEdges(slot: number, edges: readonly IndexEdge[]): void {
    for (const n of this.neighbours(slot)) {
      const packed = this.own(n.slot)
      for (let i = packed.length - 3; i >= 0; i -= 3) if (packed[i] === slot) packed.splice(i, 3)
    }
    this.adjacency[slot] = []
    for (const e of edges) this.addEdge(e)
  }

  private pushHalf(from: number, to: number, weight: number, code: number): void {
    this.own(from).push(to, weight, code)
  }

  /** A slot's edges, packed: its own list, or its part of the snapshot's. */
  private packed(slot: number): ArrayLike<number> & Iterable<number> {
    const own = this.adjacency[slot]
    if (own) return own
    if (!this.loaded || slot + 1 >= this.loaded.offsets.length) return []
    return this.loaded.data.subarray(this.loaded.offsets[slot]!, this.loaded.offsets[slot + 1]!)
  }

  /** A slot's edges as a list of its own, to change. */
  private own(slot: number): number[] {
    let own = this.adjacency[slot]
    if (!own) {
      own = Array.from(this.packed(slot))
      this.adjacency[slot] = own
    }
    return own
  }

  private guardCode(name: string): number {
    const i = this.guardNames.indexOf(name)
    if (i >= 0) return i
    this.guardNames.push(name)
    return this.guardNames.length - 1
  }

  private unblock(slot: number): void {
    const record = this.record(slot)
    for (const { rule, index } of this.blocks)
      for (const k of blockingKeys(record, rule)) index.remove(slot, k)
  }

  private leavePerson(slot: number): void {
    const p = this.personOf[slot] ?? -1
    if (p === -1) return
    const members = this.ownMembers(p)
    const i = members.indexOf(slot)
    if (i >= 0) members.splice(i, 1)
    if (members.length === 0) this.persons--
    this.personOf[slot] = -1
  }
}
