import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { endianness } from 'node:os'
import { z } from 'zod'
import type { BlockingRule } from '../blocking/rule.ts'
import type { MemoryState } from './memory-state.ts'
import type { ViewsState } from './person-views.ts'
import { TextArena } from './text-arena.ts'

/**
 * A snapshot of the index in memory, so `justid serve` starts without reading and re-keying every record: the key
 * indexes and edges as their typed arrays' bytes, the records as JSON texts of 50,000 records each. One file:
 *
 *   "JIDSNAP1" | header length (uint32 LE) | header (JSON) | sections, each at an offset a multiple of 8
 *
 * The header names the state of the index it was taken from (`mark`: PersonStore.changeMark, which every committed
 * batch changes), the rules its key indexes were built for, and the SHA-256 of every section. A snapshot is used
 * only when all three match; otherwise the index is loaded from the store and a new snapshot written, and the
 * reason is said. A damaged or stale snapshot is never served.
 */
const MAGIC = Buffer.from('JIDSNAP1', 'latin1')
/** Bumped whenever what a snapshot holds, or how memory derives it from records, changes. */
export const SNAPSHOT_FORMAT = 1
const RECORDS_PER_SECTION = 50_000
/** Persons or events per JSON section: each well under the longest string V8 makes (2^29 characters). */
const ROWS_PER_SECTION = 200_000

/** The index in memory and, on an embedded index, the persons read from it (person-views.ts). */
export interface SnapshotState {
  memory: MemoryState
  views: ViewsState | null
}

const sectionSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['json', 'int32', 'float64', 'bytes']),
  offset: z.number().int().min(0),
  bytes: z.number().int().min(0),
})

const headerSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  endianness: z.enum(['LE', 'BE']),
  mark: z.string(),
  rules: z.string(),
  sha256: z.string(),
  slots: z.number().int().min(0),
  blocks: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int()])),
  guardNames: z.array(z.string()),
  /** Persons and events held for person reads; null when the snapshot holds none. */
  views: z.strictObject({ persons: z.number().int().min(0), events: z.number().int().min(0) }).nullable(),
  sections: z.array(sectionSchema),
})

type Section = z.infer<typeof sectionSchema>

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

/** Writes the snapshot beside its final name, then renames it into place: a reader sees the old one or the new. */
export const writeSnapshot = (path: string, identity: SnapshotIdentity, snapshot: SnapshotState): void => {
  const state = snapshot.memory
  const parts: { name: string; kind: Section['kind']; data: Buffer }[] = []
  const json = (name: string, value: unknown) =>
    parts.push({ name, kind: 'json', data: Buffer.from(JSON.stringify(value), 'utf8') })
  for (let i = 0; i < state.slots.length; i += RECORDS_PER_SECTION)
    json(`records ${i}`, state.slots.slice(i, i + RECORDS_PER_SECTION))
  for (const [i, block] of state.blocks.entries())
    for (const array of ['heads', 'next', 'hashes', 'slots'] as const)
      parts.push({ name: `rule ${i} ${array}`, kind: 'int32', data: bytesOf(block[array]) })
  parts.push({ name: 'edge offsets', kind: 'float64', data: bytesOf(state.adjacency.offsets) })
  parts.push({ name: 'edges', kind: 'float64', data: bytesOf(state.adjacency.data) })
  const { views } = snapshot
  if (views) {
    for (let i = 0; i < views.persons.length; i += ROWS_PER_SECTION)
      json(`persons ${i}`, views.persons.slice(i, i + ROWS_PER_SECTION))
    for (let i = 0; i < views.events.length; i += ROWS_PER_SECTION)
      json(`events ${i}`, views.events.slice(i, i + ROWS_PER_SECTION))
    for (let i = 0; i < state.slots.length; i += RECORDS_PER_SECTION) {
      const { bytes, lengths } = views.entered.bytesOf(
        i,
        Math.min(i + RECORDS_PER_SECTION, state.slots.length),
      )
      parts.push({ name: `entered ${i}`, kind: 'bytes', data: bytes })
      parts.push({ name: `entered lengths ${i}`, kind: 'int32', data: bytesOf(lengths) })
    }
    json('updated texts', views.updatedAt.texts)
    parts.push({ name: 'updated', kind: 'int32', data: bytesOf(views.updatedAt.index) })
  }

  const hash = createHash('sha256')
  const sections: Section[] = []
  let offset = 0
  for (const part of parts) {
    sections.push({ name: part.name, kind: part.kind, offset, bytes: part.data.length })
    hash.update(part.data)
    offset += Math.ceil(part.data.length / 8) * 8
  }
  const header = Buffer.from(
    JSON.stringify({
      format: SNAPSHOT_FORMAT,
      endianness: endianness(),
      mark: identity.mark,
      rules: identity.rules,
      sha256: hash.digest('hex'),
      slots: state.slots.length,
      blocks: state.blocks.map((b) => b.counts),
      guardNames: state.guardNames,
      views: views ? { persons: views.persons.length, events: views.events.length } : null,
      sections,
    } satisfies z.infer<typeof headerSchema>),
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
export type SnapshotRead = { state: SnapshotState } | { refused: string }

const readAt = (fd: number, position: number, bytes: number): Uint8Array => {
  // Its own buffer, aligned for typed arrays, and not a view into anything larger kept alive with it.
  const out = new Uint8Array(new ArrayBuffer(bytes))
  let done = 0
  while (done < bytes) {
    const n = readSync(fd, out, done, bytes - done, position + done)
    if (n === 0) throw new Error('the file ends early')
    done += n
  }
  return out
}

const parseHeader = (fd: number): { header: z.infer<typeof headerSchema>; start: number } | string => {
  const head = readAt(fd, 0, MAGIC.length + 4)
  if (!Buffer.from(head.subarray(0, MAGIC.length)).equals(MAGIC)) return 'it is not a JustID snapshot'
  const length = Buffer.from(head).readUInt32LE(MAGIC.length)
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(readAt(fd, MAGIC.length + 4, length)).toString('utf8'))
  } catch {
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
    const hash = createHash('sha256')
    const data = new Map<string, Uint8Array>()
    for (const section of header.sections) {
      const bytes = readAt(fd, start + section.offset, section.bytes)
      hash.update(bytes)
      data.set(section.name, bytes)
    }
    if (hash.digest('hex') !== header.sha256) return { refused: 'it is damaged (its checksum differs)' }
    return { state: stateOf(header, data) }
  } catch (e) {
    return { refused: `it could not be read (${e instanceof Error ? e.message : 'unknown error'})` }
  } finally {
    closeSync(fd)
  }
}

const stateOf = (header: z.infer<typeof headerSchema>, data: Map<string, Uint8Array>): SnapshotState => {
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
  const decoder = new TextDecoder()
  const json = (name: string): unknown => JSON.parse(decoder.decode(take(name)))
  const rows = <T>(prefix: string, total: number, per: number): T[] => {
    const out: T[] = []
    for (let i = 0; i < total; i += per) for (const row of json(`${prefix} ${i}`) as T[]) out.push(row)
    if (out.length !== total) throw new Error(`it holds another number of ${prefix} than it says`)
    return out
  }
  const slots = rows<MemoryState['slots'][number]>('records', header.slots, RECORDS_PER_SECTION)
  const offsets = float64('edge offsets')
  if (offsets.length !== header.slots + 1) throw new Error('its edges do not fit its records')
  const memory: MemoryState = {
    slots,
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
  const entered = new TextArena()
  for (let i = 0; i < header.slots; i += RECORDS_PER_SECTION)
    entered.putBytes(i, take(`entered ${i}`), int32(`entered lengths ${i}`))
  return {
    memory,
    views: {
      persons: rows('persons', header.views.persons, ROWS_PER_SECTION),
      events: rows('events', header.views.events, ROWS_PER_SECTION),
      entered,
      updatedAt: { texts: json('updated texts') as string[], index: int32('updated') },
    },
  }
}
