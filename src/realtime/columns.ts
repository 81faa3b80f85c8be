/**
 * Rows of plain objects (records, persons, events) as columns, for the snapshot (snapshot.ts): read back with typed
 * arrays and one string decode per chunk, never a JSON parse per row. A million records load in about a second
 * where their JSON took most of a minute, and each distinct text of a chunk (a surname, a postcode area, a source)
 * is one string in memory, shared by every row holding it.
 *
 * A chunk is three sections:
 *   strings: its distinct texts, latin1 when every character fits a byte, else UTF-16LE (either keeps any text
 *            exactly, a lone surrogate included)
 *   ints:    [text encoding (1 latin1, 2 UTF-16LE), text count, end of each text in characters..., then per column
 *            a code per row and, for list and map columns, the texts of every row after the codes]
 *   numbers: per number column, a value per row
 * A row's code: -2 the field is absent, -1 null; else a text's number (text and json columns), 0 or 1 (boolean), 0
 * (number: the value is in `numbers`), or the count of texts (list) or of entries (map). The column kinds are in the
 * snapshot's header, found from the rows written, in the order of their first field; a field of mixed or other
 * types is kept as JSON text.
 */

export type ColumnKind = 'text' | 'number' | 'boolean' | 'list' | 'map' | 'json'

export interface Column {
  name: string
  kind: ColumnKind
}

export interface EncodedChunk {
  strings: Buffer
  ints: Int32Array
  numbers: Float64Array
}

const ABSENT = -2
/** Marks a field a row lacks, among a column's values. */
export const ABSENT_VALUE = Symbol('absent')
const NULL = -1
const LATIN1 = 1
const UTF16 = 2

const kindOf = (value: unknown): ColumnKind => {
  switch (typeof value) {
    case 'string':
      return 'text'
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
  }
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? 'list' : 'json'
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value).every((v) => typeof v === 'string') ? 'map' : 'json'
  return 'json'
}

/** The columns of `rows`: every field any row has, in order of first sight, with the kind all its values share. */
export const columnsOf = (rows: readonly object[]): Column[] => {
  const kinds = new Map<string, ColumnKind | null>()
  for (const row of rows)
    for (const [name, value] of Object.entries(row)) {
      const known = kinds.get(name)
      if (value === null || value === undefined) {
        if (known === undefined) kinds.set(name, null)
        continue
      }
      const kind = kindOf(value)
      if (known === undefined || known === null) kinds.set(name, kind)
      else if (known !== kind) kinds.set(name, 'json')
    }
  return [...kinds].map(([name, kind]) => ({ name, kind: kind ?? 'text' }))
}

/** Grows as rows are added; `ints()` is the finished array. */
class IntList {
  private data = new Int32Array(1024)
  length = 0
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = value
  }
  ints(): Int32Array {
    return this.data.slice(0, this.length)
  }
}

export const encodeChunk = (columns: readonly Column[], rows: readonly object[]): EncodedChunk => {
  const ids = new Map<string, number>()
  const texts: string[] = []
  const id = (text: string): number => {
    let i = ids.get(text)
    if (i === undefined) {
      i = texts.length
      ids.set(text, i)
      texts.push(text)
    }
    return i
  }
  const codes = new IntList()
  const numbers = new Float64Array(rows.length * columns.filter((c) => c.kind === 'number').length)
  let numberAt = 0
  const values = rows as readonly Record<string, unknown>[]
  for (const { name, kind } of columns) {
    const trailing: number[] = []
    for (const [r, row] of values.entries()) {
      const value = row[name]
      if (value === undefined) codes.push(ABSENT)
      else if (value === null) codes.push(NULL)
      else if (kind === 'text') codes.push(id(value as string))
      else if (kind === 'json') codes.push(id(JSON.stringify(value)))
      else if (kind === 'boolean') codes.push(value ? 1 : 0)
      else if (kind === 'number') {
        codes.push(0)
        numbers[numberAt + r] = value as number
      } else if (kind === 'list') {
        codes.push((value as string[]).length)
        for (const v of value as string[]) trailing.push(id(v))
      } else {
        const entries = Object.entries(value as Record<string, string>)
        codes.push(entries.length)
        for (const [k, v] of entries) trailing.push(id(k), id(v))
      }
    }
    if (kind === 'number') numberAt += rows.length
    for (const t of trailing) codes.push(t)
  }
  const all = texts.join('')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is for characters past one byte
  const encoding = /^[\u0000-\u00ff]*$/.test(all) ? LATIN1 : UTF16
  const ints = new Int32Array(2 + texts.length + codes.length)
  ints[0] = encoding
  ints[1] = texts.length
  let end = 0
  for (const [i, text] of texts.entries()) {
    end += text.length
    ints[2 + i] = end
  }
  ints.set(codes.ints(), 2 + texts.length)
  return { strings: Buffer.from(all, encoding === LATIN1 ? 'latin1' : 'utf16le'), ints, numbers }
}

/** What a column may be called: a snapshot's header is read from a file, and names are written into code below. */
export const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

type RowMaker = (values: unknown[]) => Record<string, unknown>
const makers = new Map<string, RowMaker>()

/**
 * A function making a row as one object literal of the columns' names: rows then share one layout, their fields
 * inside the object. Set one by one under a name known only when running, the fields took about a microsecond each
 * (a million records, 36 fields: most of a minute with the garbage it left).
 */
const rowMaker = (columns: readonly Column[]): RowMaker => {
  const id = columns.map((c) => c.name).join(',')
  let make = makers.get(id)
  if (!make) {
    for (const { name } of columns)
      if (!COLUMN_NAME.test(name)) throw new Error('a column has an unusable name')
    const fields = columns.map(({ name }, c) => `${JSON.stringify(name)}: values[${c}]`)
    make = new Function('values', `return { ${fields.join(', ')} }`) as RowMaker
    makers.set(id, make)
  }
  return make
}

/** Shared by every row with an empty list or map, frozen so that no row's change could reach the others. */
const EMPTY_LIST: readonly string[] = Object.freeze([])
const EMPTY_MAP: Readonly<Record<string, string>> = Object.freeze({})

/**
 * A chunk's rows read in place: a row, or one field of it, is made only when asked for, from the chunk's typed
 * arrays and its texts kept as one string. A million records held so are a few hundred megabytes of arrays and
 * strings that the garbage collector never walks, where a million row objects of 36 fields each cost a third of a
 * start in collection alone. The whole chunk is checked when it is read: a damaged or cut chunk is refused then,
 * never found later by a request.
 */
export class ChunkRows {
  private readonly all: string
  private readonly ends: Int32Array
  private readonly textCount: number
  /** Per column: where its codes start in `ints`. */
  private readonly codesAt: Int32Array
  /** Per list or map column: where each row's texts start in `ints`. */
  private readonly trailing: (Int32Array | null)[]
  /** Per number column: where its values start in `numbers`. */
  private readonly numbersAt: Int32Array
  private readonly make: RowMaker
  private readonly ints: Int32Array
  private readonly numbers: Float64Array

  constructor(
    readonly columns: readonly Column[],
    readonly count: number,
    chunk: EncodedChunk,
  ) {
    this.make = rowMaker(columns)
    const { ints, numbers } = chunk
    this.ints = ints
    this.numbers = numbers
    const encoding = ints[0]
    const textCount = ints[1]!
    if ((encoding !== LATIN1 && encoding !== UTF16) || textCount < 0 || 2 + textCount > ints.length)
      throw new Error('a chunk of rows is damaged')
    const bytes = Buffer.from(chunk.strings.buffer, chunk.strings.byteOffset, chunk.strings.byteLength)
    this.all = bytes.toString(encoding === LATIN1 ? 'latin1' : 'utf16le')
    this.textCount = textCount
    this.ends = ints.subarray(2, 2 + textCount)
    let start = 0
    for (let i = 0; i < textCount; i++) {
      const end = this.ends[i]!
      if (end < start || end > this.all.length) throw new Error('a chunk of rows is damaged')
      start = end
    }
    if (start !== this.all.length) throw new Error('a chunk of rows is damaged')
    this.codesAt = new Int32Array(columns.length)
    this.numbersAt = new Int32Array(columns.length)
    this.trailing = []
    let at = 2 + textCount
    let numberAt = 0
    for (const [c, { kind }] of columns.entries()) {
      this.codesAt[c] = at
      const codesAt = at
      at += count
      if (at > ints.length) throw new Error('a chunk of rows ends early')
      const texts = kind === 'text' || kind === 'json'
      const perText = kind === 'list' ? 1 : kind === 'map' ? 2 : 0
      const starts = perText > 0 ? new Int32Array(count) : null
      for (let r = 0; r < count; r++) {
        const code = ints[codesAt + r]!
        if (code < NULL && code !== ABSENT) throw new Error('a chunk of rows is damaged')
        if (texts && code >= textCount) throw new Error('a chunk of rows names a text it does not hold')
        if (starts === null) continue
        starts[r] = at
        if (code <= 0) continue
        const end = at + perText * code
        if (end > ints.length) throw new Error('a chunk of rows ends early')
        for (let i = at; i < end; i++)
          if (ints[i]! < 0 || ints[i]! >= textCount)
            throw new Error('a chunk of rows names a text it does not hold')
        at = end
      }
      this.trailing.push(starts)
      if (kind === 'number') {
        this.numbersAt[c] = numberAt
        numberAt += count
        if (numberAt > numbers.length) throw new Error('a chunk of rows ends early')
      }
    }
    if (at !== ints.length) throw new Error('a chunk of rows holds more than it says')
  }

  get textTotal(): number {
    return this.textCount
  }

  /** Text `i` of the chunk (checked to exist when the chunk was read). */
  text(i: number): string {
    return this.all.slice(i === 0 ? 0 : this.ends[i - 1]!, this.ends[i]!)
  }

  /** The raw code of row `r` in column `c` (see above): a text's number for text columns. */
  code(c: number, r: number): number {
    return this.ints[this.codesAt[c]! + r]!
  }

  /** The hash `hash` gives a text, read from the chunk's string without making the text. */
  hashOfText(i: number, hash: (s: string, from: number, to: number) => number): number {
    return hash(this.all, i === 0 ? 0 : this.ends[i - 1]!, this.ends[i]!)
  }

  /** The value of row `r` in column `c`; `ABSENT_VALUE` when the row lacks the field. */
  value(c: number, r: number): unknown {
    const code = this.ints[this.codesAt[c]! + r]!
    if (code === ABSENT) return ABSENT_VALUE
    if (code === NULL) return null
    switch (this.columns[c]!.kind) {
      case 'text':
        return this.text(code)
      case 'json':
        return JSON.parse(this.text(code))
      case 'boolean':
        return code === 1
      case 'number':
        return this.numbers[this.numbersAt[c]! + r]
      case 'list': {
        if (code === 0) return EMPTY_LIST
        const at = this.trailing[c]![r]!
        const list: string[] = new Array(code)
        for (let i = 0; i < code; i++) list[i] = this.text(this.ints[at + i]!)
        return list
      }
      case 'map': {
        if (code === 0) return EMPTY_MAP
        const at = this.trailing[c]![r]!
        const map: Record<string, string> = {}
        for (let i = 0; i < code; i++)
          map[this.text(this.ints[at + 2 * i]!)] = this.text(this.ints[at + 2 * i + 1]!)
        return map
      }
    }
  }

  /** Row `r` as one object, its fields in the columns' order, a field it lacks left out. */
  row<T>(r: number): T {
    const values: unknown[] = new Array(this.columns.length)
    let absent = false
    for (let c = 0; c < values.length; c++) {
      values[c] = this.value(c, r)
      if (values[c] === ABSENT_VALUE) absent = true
    }
    const row = this.make(values)
    if (absent)
      for (let c = 0; c < values.length; c++)
        if (values[c] === ABSENT_VALUE) delete row[this.columns[c]!.name]
    return row as T
  }
}

/** The rows of a chunk, `count` of them; throws when the chunk does not hold what it says. */
export const decodeChunk = <T>(columns: readonly Column[], count: number, chunk: EncodedChunk): T[] => {
  const rows = new ChunkRows(columns, count, chunk)
  const out: T[] = new Array(count)
  for (let r = 0; r < count; r++) out[r] = rows.row<T>(r)
  return out
}
