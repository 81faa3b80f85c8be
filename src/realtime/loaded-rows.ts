import type { StandardisedRecord } from '../core/standardised.ts'
import type { JusticeId, RecordKey } from '../person-index/types.ts'
import { ABSENT_VALUE, type ChunkRows } from './columns.ts'
import { hashOfRange, KeyIndex } from './key-index.ts'

/** Every slot's key, person and record, as a snapshot is written from and read into (snapshot.ts). */
export interface SlotRows {
  /** Slots, deleted ones included. */
  readonly total: number
  /** Null for the slot of a deleted record, as are its person and record. */
  key(slot: number): RecordKey | null
  person(slot: number): JusticeId | null
  record(slot: number): StandardisedRecord | null
}

/**
 * The slots a snapshot holds, read in place from its columns (columns.ts): a record is made into an object only
 * when a probe, a person read or a write asks for it. Loading a million records as objects took most of a start
 * (a third of its CPU in garbage collection alone, as every one of them was young once and then kept).
 */
export class LoadedRows implements SlotRows {
  /** Per slot: its record's row in its chunk of `records`; -1 for a deleted record. */
  private readonly rowOf: Int32Array
  private readonly keyColumn: number
  private readonly personColumn: number
  private readonly dateColumn: number
  private readonly sourceColumn: number
  /** Record columns by name (every chunk has the same columns: the snapshot's header names them once). */
  private readonly columns = new Map<string, number>()

  constructor(
    readonly total: number,
    private readonly rowsPerChunk: number,
    /** Per chunk of slots: each slot's key and person (null for a deleted record). */
    private readonly slots: readonly ChunkRows[],
    /** Per chunk of slots: the records of its live slots, in slot order. */
    private readonly records: readonly ChunkRows[],
  ) {
    const column = (rows: ChunkRows | undefined, name: string) => {
      const c = rows?.columns.findIndex((col) => col.name === name) ?? -1
      if (rows && c === -1) throw new Error(`the snapshot's rows lack the column "${name}"`)
      return c
    }
    this.keyColumn = column(slots[0], 'key')
    this.personColumn = column(slots[0], 'person')
    this.dateColumn = column(records[0], 'dateOfBirth')
    this.sourceColumn = column(records[0], 'source')
    if (slots.length !== Math.ceil(total / rowsPerChunk) || records.length !== slots.length)
      throw new Error('the snapshot holds another number of chunks than its slots need')
    this.rowOf = new Int32Array(total)
    for (const [chunk, rows] of slots.entries()) {
      const first = chunk * rowsPerChunk
      if (rows.count !== Math.min(rowsPerChunk, total - first))
        throw new Error('a chunk of slots holds another number of rows')
      let live = 0
      for (let r = 0; r < rows.count; r++)
        this.rowOf[first + r] = rows.code(this.keyColumn, r) < 0 ? -1 : live++
      if (live !== records[chunk]!.count)
        throw new Error('a chunk holds another number of records than of keys')
    }
  }

  live(slot: number): boolean {
    return this.rowOf[slot] !== -1
  }

  key(slot: number): RecordKey | null {
    return this.slotValue(this.keyColumn, slot)
  }

  /** The `hashOf` of a live slot's key, without making the key. */
  keyHash(slot: number): number {
    const chunk = Math.floor(slot / this.rowsPerChunk)
    const rows = this.slots[chunk]!
    return rows.hashOfText(rows.code(this.keyColumn, slot - chunk * this.rowsPerChunk), hashOfRange)
  }

  person(slot: number): JusticeId | null {
    return this.slotValue(this.personColumn, slot)
  }

  /** A slot's key or person (by column); null for a deleted record's. */
  private slotValue(column: number, slot: number): string | null {
    const chunk = Math.floor(slot / this.rowsPerChunk)
    const rows = this.slots[chunk]!
    const code = rows.code(column, slot - chunk * this.rowsPerChunk)
    return code < 0 ? null : rows.text(code)
  }

  chunkOf(slot: number): number {
    return Math.floor(slot / this.rowsPerChunk)
  }

  /**
   * The number of a slot's person among the texts of its chunk of slots (-1 for none): the same person in one
   * chunk has one number, so a loader looks each person up once per chunk, not once per record.
   */
  personCode(slot: number): number {
    const chunk = Math.floor(slot / this.rowsPerChunk)
    return this.slots[chunk]!.code(this.personColumn, slot - chunk * this.rowsPerChunk)
  }

  /** Text `text` of chunk `chunk` of slots (its keys and persons): for `personCode`. */
  slotText(chunk: number, text: number): string {
    return this.slots[chunk]!.text(text)
  }

  slotTexts(chunk: number): number {
    return this.slots[chunk]!.textTotal
  }

  record(slot: number): StandardisedRecord | null {
    const row = this.rowOf[slot]!
    if (row === -1) return null
    return this.records[Math.floor(slot / this.rowsPerChunk)]!.row<StandardisedRecord>(row)
  }

  /**
   * Some fields of a live slot's record, as the record has them (a field it lacks left undefined): a search reads
   * five names and a date of thousands of candidates, and making each whole record would cost several times more.
   */
  fields<K extends keyof StandardisedRecord>(slot: number, names: readonly K[]): Pick<StandardisedRecord, K> {
    const records = this.records[Math.floor(slot / this.rowsPerChunk)]!
    const row = this.rowOf[slot]!
    const out: Record<string, unknown> = {}
    for (const name of names) {
      const c = this.columnOf(records, name)
      const value = c === -1 ? ABSENT_VALUE : records.value(c, row)
      out[name] = value === ABSENT_VALUE ? undefined : value
    }
    return out as Pick<StandardisedRecord, K>
  }

  private columnOf(records: ChunkRows, name: string): number {
    let c = this.columns.get(name)
    if (c === undefined) {
      c = records.columns.findIndex((col) => col.name === name)
      this.columns.set(name, c)
    }
    return c
  }

  /** Whether a live slot's record holds null as its date of birth, read without making the record. */
  undated(slot: number): boolean {
    const row = this.rowOf[slot]!
    const records = this.records[Math.floor(slot / this.rowsPerChunk)]!
    // -1 is null; a record lacking the field reads undefined, which is not null, as the record object would.
    return records.code(this.dateColumn, row) === -1
  }

  /** The sources of the slots `wanted` says, each text made once per chunk. */
  sources(wanted: (slot: number) => boolean): Set<string> {
    const found = new Set<string>()
    for (const [chunk, records] of this.records.entries()) {
      const seen = new Set<number>()
      const first = chunk * this.rowsPerChunk
      for (let slot = first; slot < Math.min(first + this.rowsPerChunk, this.total); slot++) {
        const row = this.rowOf[slot]!
        if (row === -1 || !wanted(slot)) continue
        const code = records.code(this.sourceColumn, row)
        if (seen.has(code)) continue
        seen.add(code)
        const source = records.value(this.sourceColumn, row)
        if (source !== ABSENT_VALUE) found.add(source as string)
      }
    }
    return found
  }
}

/**
 * Rows of one kind (persons, events) read in place from a snapshot's chunks: a row is made into an object only
 * when asked for, and rows are found by the hash of a text field (a Justice ID) through a key index of typed
 * arrays, not a map of hundreds of thousands of strings.
 */
export class LoadedTable<T> {
  readonly count: number
  private readonly byText: KeyIndex

  constructor(
    private readonly rowsPerChunk: number,
    private readonly chunks: readonly ChunkRows[],
    /** The text column rows are found by. */
    private readonly by: string,
  ) {
    this.count = chunks.reduce((n, c) => n + c.count, 0)
    const c = this.column(by)
    this.byText = new KeyIndex(this.count, this.count)
    for (const [i, rows] of chunks.entries()) {
      if (rows.count !== (i === chunks.length - 1 ? rows.count : rowsPerChunk))
        throw new Error('a chunk of rows holds another number of rows')
      // A person's events are written together: their ID is hashed once.
      let last = -1
      let h = 0
      for (let r = 0; r < rows.count; r++) {
        const code = rows.code(c, r)
        if (code < 0) throw new Error(`a row lacks its "${by}"`)
        if (code !== last) h = rows.hashOfText(code, hashOfRange)
        last = code
        this.byText.addHashed(i * rowsPerChunk + r, h)
      }
    }
  }

  /** The number of a column, by name; throws when the rows have none of that name. */
  column(name: string): number {
    const c = this.chunks[0]?.columns.findIndex((col) => col.name === name) ?? 0
    if (c === -1) throw new Error(`the snapshot's rows lack the column "${name}"`)
    return c
  }

  row(i: number): T {
    const chunk = Math.floor(i / this.rowsPerChunk)
    return this.chunks[chunk]!.row<T>(i - chunk * this.rowsPerChunk)
  }

  value(c: number, i: number): unknown {
    const chunk = Math.floor(i / this.rowsPerChunk)
    return this.chunks[chunk]!.value(c, i - chunk * this.rowsPerChunk)
  }

  /** The rows whose `by` field is `text`, in the order they were written. */
  rowsOf(text: string): number[] {
    const c = this.column(this.by)
    const found = this.byText.lookup(text, (i) => this.value(c, i) === text, Number.POSITIVE_INFINITY) ?? []
    return found.sort((a, b) => a - b)
  }
}
