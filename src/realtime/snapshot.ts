import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { endianness } from 'node:os'
import { crc32 } from 'node:zlib'
import { z } from 'zod'
import type { BlockingRule } from '../blocking/rule.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import type { JusticeId, RecordKey } from '../person-index/types.ts'
import { ChunkRows, type Column, columnsOf, type EncodedChunk, encodeChunk } from './columns.ts'
import { LoadedRows, LoadedTable } from './loaded-rows.ts'
import type { MemoryState } from './memory-state.ts'
import type { LoadedViews, ViewsState } from './person-views.ts'
import { TextArena } from './text-arena.ts'

/**
 * A snapshot of the index in memory, so `justid serve` starts without reading and re-keying every record: the key
 * indexes and edges as their typed arrays' bytes, and the records, persons and events as columns of rows
 * (columns.ts), read with typed arrays and one string decode per chunk of 65,536 rows, never a JSON parse per row.
 * One file:
 *
 *   "JIDSNAP2" | header length (uint32 LE) | header (JSON) | sections, each at an offset a multiple of 8
 *
 * The header names the state of the index it was taken from (`mark`: PersonStore.changeMark, which every committed
 * batch changes), the rules its key indexes were built for, the columns of each kind of row, and a CRC-32 of every
 * section. A snapshot is used only when all match; otherwise the index is loaded from the store and a new snapshot
 * written, and the reason is said. A damaged, cut short or stale snapshot is never served. CRC-32 rather than a
 * cryptographic hash: it catches damage at several times the speed (a SHA-256 of a million records' sections took
 * longer than reading them), and the snapshot is no more open to tampering than the index file beside it.
 */
const MAGIC = Buffer.from('JIDSNAP2', 'latin1')
/** Bumped whenever what a snapshot holds, or how memory derives it from records, changes. */
export const SNAPSHOT_FORMAT = 2
/** Rows per chunk: a chunk's texts stay far below the longest string V8 makes (2^29 characters). */
const ROWS_PER_CHUNK = 65_536

/** The index in memory and, on an embedded index, the persons read from it (person-views.ts). */
export interface SnapshotState {
  memory: MemoryState
  views: ViewsState | LoadedViews | null
}

/** A snapshot as read: its rows left in its columns. */
export interface LoadedSnapshot {
  memory: MemoryState
  views: LoadedViews | null
}

const sectionSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['int32', 'float64', 'bytes']),
  offset: z.number().int().min(0),
  bytes: z.number().int().min(0),
  crc32: z.number().int().min(0),
})

const columnSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['text', 'number', 'boolean', 'list', 'map', 'json']),
})

const headerSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  endianness: z.enum(['LE', 'BE']),
  mark: z.string(),
  rules: z.string(),
  slots: z.number().int().min(0),
  blocks: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int()])),
  guardNames: z.array(z.string()),
  /** The columns of each kind of row: a slot's key and person, its record, a person, an event. */
  columns: z.strictObject({
    slots: z.array(columnSchema),
    records: z.array(columnSchema),
    persons: z.array(columnSchema),
    events: z.array(columnSchema),
  }),
  /** Persons and events held for person reads; null when the snapshot holds none. */
  views: z.strictObject({ persons: z.number().int().min(0), events: z.number().int().min(0) }).nullable(),
  sections: z.array(sectionSchema),
})

type Section = z.infer<typeof sectionSchema>
type Header = z.infer<typeof headerSchema>

/** What a snapshot must have been taken from to be used. */
export interface SnapshotIdentity {
  /** PersonStore.changeMark of the index. */
  mark: string
  /** rulesDigest of the rules memory is made with. */
  rules: string
}

export const rulesDigest = (rules: readonly BlockingRule[]): string =>
  createHash('sha256').update(JSON.stringify(rules)).digest('hex')

const bytesOf = (array: Int32Array | Float64Array): Buffer =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength)

interface Part {
  name: string
  kind: Section['kind']
  data: Buffer
}

const chunkParts = (prefix: string, chunk: EncodedChunk): Part[] => [
  { name: `${prefix} strings`, kind: 'bytes', data: chunk.strings },
  { name: `${prefix} ints`, kind: 'int32', data: bytesOf(chunk.ints) },
  { name: `${prefix} numbers`, kind: 'float64', data: bytesOf(chunk.numbers) },
]

const allRows = <T>(rows: T[] | LoadedTable<T>): T[] =>
  Array.isArray(rows) ? rows : Array.from({ length: rows.count }, (_, i) => rows.row(i))

/** Writes the snapshot beside its final name, then renames it into place: a reader sees the old one or the new. */
export const writeSnapshot = (path: string, identity: SnapshotIdentity, snapshot: SnapshotState): void => {
  const state = snapshot.memory
  const { rows } = state
  const views = snapshot.views && {
    ...snapshot.views,
    persons: allRows(snapshot.views.persons),
    events: allRows(snapshot.views.events),
  }
  const total = rows.total
  const parts: Part[] = []
  const slotRows = (from: number, to: number) => {
    const out: { key: RecordKey | null; person: JusticeId | null }[] = []
    for (let slot = from; slot < to; slot++)
      out.push({ key: rows.key(slot), person: rows.key(slot) === null ? null : rows.person(slot) })
    return out
  }
  const liveRecords = (from: number, to: number) => {
    const out: StandardisedRecord[] = []
    for (let slot = from; slot < to; slot++) {
      const record = rows.record(slot)
      if (record) out.push(record)
    }
    return out
  }
  const columns = {
    slots: columnsOf([{ key: '', person: '' }]),
    records: columnsOf(liveRecords(0, total)),
    persons: columnsOf(views?.persons ?? []),
    events: columnsOf(views?.events ?? []),
  }
  for (let i = 0; i < total; i += ROWS_PER_CHUNK) {
    const to = Math.min(i + ROWS_PER_CHUNK, total)
    parts.push(...chunkParts(`slots ${i}`, encodeChunk(columns.slots, slotRows(i, to))))
    parts.push(...chunkParts(`records ${i}`, encodeChunk(columns.records, liveRecords(i, to))))
  }
  for (const [i, block] of state.blocks.entries())
    for (const array of ['heads', 'next', 'hashes', 'slots'] as const)
      parts.push({ name: `rule ${i} ${array}`, kind: 'int32', data: bytesOf(block[array]) })
  parts.push({ name: 'edge offsets', kind: 'float64', data: bytesOf(state.adjacency.offsets) })
  parts.push({ name: 'edges', kind: 'float64', data: bytesOf(state.adjacency.data) })
  if (views) {
    for (let i = 0; i < views.persons.length; i += ROWS_PER_CHUNK)
      parts.push(
        ...chunkParts(
          `persons ${i}`,
          encodeChunk(columns.persons, views.persons.slice(i, i + ROWS_PER_CHUNK)),
        ),
      )
    for (let i = 0; i < views.events.length; i += ROWS_PER_CHUNK)
      parts.push(
        ...chunkParts(`events ${i}`, encodeChunk(columns.events, views.events.slice(i, i + ROWS_PER_CHUNK))),
      )
    for (let i = 0; i < total; i += ROWS_PER_CHUNK) {
      const { bytes, lengths } = views.entered.bytesOf(i, Math.min(i + ROWS_PER_CHUNK, total))
      parts.push({ name: `entered ${i}`, kind: 'bytes', data: bytes })
      parts.push({ name: `entered lengths ${i}`, kind: 'int32', data: bytesOf(lengths) })
    }
    parts.push({
      name: 'updated texts',
      kind: 'bytes',
      data: Buffer.from(JSON.stringify(views.updatedAt.texts), 'utf8'),
    })
    parts.push({ name: 'updated', kind: 'int32', data: bytesOf(views.updatedAt.index) })
  }

  const sections: Section[] = []
  let offset = 0
  for (const part of parts) {
    sections.push({
      name: part.name,
      kind: part.kind,
      offset,
      bytes: part.data.length,
      crc32: crc32(part.data),
    })
    offset += Math.ceil(part.data.length / 8) * 8
  }
  const header = Buffer.from(
    JSON.stringify({
      format: SNAPSHOT_FORMAT,
      endianness: endianness(),
      mark: identity.mark,
      rules: identity.rules,
      slots: total,
      blocks: state.blocks.map((b) => b.counts),
      guardNames: state.guardNames,
      columns,
      views: views ? { persons: views.persons.length, events: views.events.length } : null,
      sections,
    } satisfies Header),
    'utf8',
  )
  const length = Buffer.alloc(4)
  length.writeUInt32LE(header.length)
  const start = Math.ceil((MAGIC.length + 4 + header.length) / 8) * 8
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(temp, 'w', 0o600)
  try {
    for (const chunk of [MAGIC, length, header]) writeSync(fd, chunk)
    for (const [i, part] of parts.entries())
      writeSync(fd, part.data, 0, part.data.length, start + sections[i]!.offset)
    fsyncSync(fd)
  } catch (e) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw e
  }
  closeSync(fd)
  renameSync(temp, path)
}

/** A snapshot's memory state, or why it cannot be used (in words for an operator; no record values). */
export type SnapshotRead = { state: LoadedSnapshot } | { refused: string }

/** Bytes read at once: sections are kept together in buffers of about this size. */
const GROUP_BYTES = 256 * 1024 * 1024

/** The sections in file order, in runs of about GROUP_BYTES (a larger section alone). */
const groupsOf = (sections: readonly Section[]): Section[][] => {
  const groups: Section[][] = []
  let group: Section[] = []
  for (const section of [...sections].sort((a, b) => a.offset - b.offset)) {
    if (group.length > 0 && section.offset + section.bytes - group[0]!.offset > GROUP_BYTES) {
      groups.push(group)
      group = []
    }
    group.push(section)
  }
  if (group.length > 0) groups.push(group)
  return groups
}

const readAt = (fd: number, position: number, bytes: number): Uint8Array => {
  // Its own buffer, aligned for typed arrays (sections start at multiples of 8 from it).
  const out = new Uint8Array(new ArrayBuffer(bytes))
  let done = 0
  while (done < bytes) {
    const n = readSync(fd, out, done, bytes - done, position + done)
    if (n === 0) throw new Error('the file ends early')
    done += n
  }
  return out
}

const parseHeader = (fd: number): { header: Header; start: number } | string => {
  const head = readAt(fd, 0, MAGIC.length + 4)
  if (!Buffer.from(head.subarray(0, MAGIC.length)).equals(MAGIC))
    return head.subarray(0, 7).every((b, i) => b === MAGIC[i])
      ? 'it was written by another version of JustID'
      : 'it is not a JustID snapshot'
  const length = Buffer.from(head).readUInt32LE(MAGIC.length)
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(readAt(fd, MAGIC.length + 4, length)).toString('utf8'))
  } catch (e) {
    if (e instanceof Error && e.message === 'the file ends early') throw e
    return 'its header is damaged'
  }
  const checked = headerSchema.safeParse(parsed)
  if (!checked.success)
    return (parsed as { format?: unknown } | null)?.format !== SNAPSHOT_FORMAT
      ? 'it was written by another version of JustID'
      : 'its header is damaged'
  return { header: checked.data, start: Math.ceil((MAGIC.length + 4 + length) / 8) * 8 }
}

/** Reads the snapshot at `path` when it was taken from the index as it is now, with these rules, and is intact. */
export const readSnapshot = (path: string, identity: SnapshotIdentity): SnapshotRead => {
  if (!existsSync(path)) return { refused: 'there is none yet' }
  const fd = openSync(path, 'r')
  try {
    const parsed = parseHeader(fd)
    if (typeof parsed === 'string') return { refused: parsed }
    const { header, start } = parsed
    if (header.endianness !== endianness())
      return { refused: 'it was written on a machine of another byte order' }
    if (header.mark !== identity.mark) return { refused: 'the index has changed since it was written' }
    if (header.rules !== identity.rules) return { refused: 'it was built for other blocking rules' }
    const last = header.sections.reduce((end, s) => Math.max(end, start + s.offset + s.bytes), start)
    if (fstatSync(fd).size < last) return { refused: 'it could not be read (the file ends early)' }
    const data = new Map<string, Uint8Array>()
    for (const group of groupsOf(header.sections)) {
      // One read and one buffer per group of sections, not per section: each buffer outside the heap counts
      // towards the collector's external memory, and thousands of them set off a full collection every few.
      const from = group[0]!.offset
      const last = group.at(-1)!
      const bytes = readAt(fd, start + from, last.offset + last.bytes - from)
      for (const section of group) {
        const part = bytes.subarray(section.offset - from, section.offset - from + section.bytes)
        if (crc32(part) !== section.crc32) return { refused: 'it is damaged (its checksum differs)' }
        data.set(section.name, part)
      }
    }
    return { state: stateOf(header, data) }
  } catch (e) {
    return { refused: `it could not be read (${e instanceof Error ? e.message : 'unknown error'})` }
  } finally {
    closeSync(fd)
  }
}

const stateOf = (header: Header, data: Map<string, Uint8Array>): LoadedSnapshot => {
  const take = (name: string): Uint8Array => {
    const bytes = data.get(name)
    if (!bytes) throw new Error(`section "${name}" is missing`)
    return bytes
  }
  const int32 = (name: string) => {
    const bytes = take(name)
    return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
  }
  const float64 = (name: string) => {
    const bytes = take(name)
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)
  }
  const chunk = (prefix: string): EncodedChunk => ({
    strings: Buffer.from(take(`${prefix} strings`)),
    ints: int32(`${prefix} ints`),
    numbers: float64(`${prefix} numbers`),
  })
  const total = header.slots
  const slots: ChunkRows[] = []
  const records: ChunkRows[] = []
  const keyColumn = header.columns.slots.findIndex((c) => c.name === 'key')
  for (let i = 0; i < total; i += ROWS_PER_CHUNK) {
    const count = Math.min(ROWS_PER_CHUNK, total - i)
    const chunkSlots = new ChunkRows(header.columns.slots, count, chunk(`slots ${i}`))
    let live = 0
    for (let r = 0; r < count; r++) if (keyColumn >= 0 && chunkSlots.code(keyColumn, r) >= 0) live++
    slots.push(chunkSlots)
    records.push(new ChunkRows(header.columns.records, live, chunk(`records ${i}`)))
  }
  const offsets = float64('edge offsets')
  if (offsets.length !== total + 1) throw new Error('its edges do not fit its records')
  const memory: MemoryState = {
    rows: new LoadedRows(total, ROWS_PER_CHUNK, slots, records),
    blocks: header.blocks.map((counts, i) => ({
      heads: int32(`rule ${i} heads`),
      next: int32(`rule ${i} next`),
      hashes: int32(`rule ${i} hashes`),
      slots: int32(`rule ${i} slots`),
      counts,
    })),
    adjacency: { offsets, data: float64('edges') },
    guardNames: header.guardNames,
  }
  if (!header.views) return { memory, views: null }
  const table = <T>(prefix: string, columns: readonly Column[], count: number): LoadedTable<T> => {
    const chunks: ChunkRows[] = []
    for (let i = 0; i < count; i += ROWS_PER_CHUNK)
      chunks.push(new ChunkRows(columns, Math.min(ROWS_PER_CHUNK, count - i), chunk(`${prefix} ${i}`)))
    return new LoadedTable<T>(ROWS_PER_CHUNK, chunks, 'justiceId')
  }
  const entered = new TextArena()
  for (let i = 0; i < total; i += ROWS_PER_CHUNK)
    entered.putBytes(i, take(`entered ${i}`), int32(`entered lengths ${i}`))
  return {
    memory,
    views: {
      persons: table('persons', header.columns.persons, header.views.persons),
      events: table('events', header.columns.events, header.views.events),
      entered,
      updatedAt: {
        texts: JSON.parse(new TextDecoder().decode(take('updated texts'))) as string[],
        index: int32('updated'),
      },
    },
  }
}
