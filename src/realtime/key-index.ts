import { grownInt32 } from './int32-arrays.ts'
export interface KeyIndexArrays {
  heads: Int32Array
  next: Int32Array
  hashes: Int32Array
  slots: Int32Array
  /** free, used, size */
  counts: [number, number, number]
}

/**
 * Record slots by key, for one blocking rule, in typed arrays: a million records cost a few megabytes per rule
 * rather than a Map entry and an array per key. Each (slot, key) is an entry; entries with the same key hash are
 * chained through `next`, and a lookup follows the chain and keeps the slots that really hold the key asked for
 * (hashes collide). A slot holds several keys under a rule on a list column (one per name word, say).
 */
export class KeyIndex {
  private heads: Int32Array
  private next: Int32Array
  private hashes: Int32Array
  private slots: Int32Array
  /** Entries freed by `remove`, chained through `next`, reused before new ones. */
  private free = -1
  private used = 0
  private size = 0

  /** `capacity`: the entries expected; buckets grow with the keys actually held, as many records lack a key. */
  constructor(capacity: number, expected = 0) {
    const entries = Math.max(capacity, 16)
    // Buckets for `expected` keys at once, rather than doubling up to them.
    this.heads = new Int32Array(Math.max(1024, 2 ** Math.ceil(Math.log2(Math.max(expected, 1))))).fill(-1)
    this.next = new Int32Array(entries).fill(-1)
    this.hashes = new Int32Array(entries)
    this.slots = new Int32Array(entries)
  }

  get entries(): number {
    return this.size
  }

  /** The index as it is, for a snapshot (snapshot.ts); `fromArrays` gives it back. */
  toArrays(): KeyIndexArrays {
    // Entries past `used` were never written: a snapshot leaves them out, and adding grows the arrays again.
    return {
      heads: this.heads,
      next: this.next.subarray(0, this.used),
      hashes: this.hashes.subarray(0, this.used),
      slots: this.slots.subarray(0, this.used),
      counts: [this.free, this.used, this.size],
    }
  }

  static fromArrays(arrays: KeyIndexArrays): KeyIndex {
    const { heads, next, hashes, slots, counts } = arrays
    const lengths = new Set([next.length, hashes.length, slots.length])
    const [free, used, size] = counts
    // Shapes a snapshot could only have by being damaged past its checksum: refused rather than read out of bounds.
    if (lengths.size !== 1 || (heads.length & (heads.length - 1)) !== 0 || used > next.length || size > used)
      throw new Error('the key index arrays do not fit together')
    const index = new KeyIndex(0)
    // growEntries doubles from the length: an empty index still needs room to grow into.
    if (next.length === 0) return index
    index.heads = heads
    index.next = next
    index.hashes = hashes
    index.slots = slots
    index.free = free
    index.used = used
    index.size = size
    return index
  }

  add(slot: number, key: string): void {
    this.addHashed(slot, hashOf(key))
  }

  /** Adds a slot under a key given by its `hashOf`. */
  addHashed(slot: number, h: number): void {
    if (this.size >= this.heads.length) this.rehash(this.heads.length * 2)
    let e = this.free
    if (e !== -1) this.free = this.next[e]!
    else {
      e = this.used++
      if (e >= this.next.length) this.growEntries(e + 1)
    }
    const bucket = h & (this.heads.length - 1)
    this.slots[e] = slot
    this.hashes[e] = h
    this.next[e] = this.heads[bucket]!
    this.heads[bucket] = e
    this.size++
  }

  remove(slot: number, key: string): void {
    const h = hashOf(key)
    const bucket = h & (this.heads.length - 1)
    let previous = -1
    for (let e = this.heads[bucket]!; e !== -1; previous = e, e = this.next[e]!) {
      if (this.slots[e] !== slot || this.hashes[e] !== h) continue
      if (previous === -1) this.heads[bucket] = this.next[e]!
      else this.next[previous] = this.next[e]!
      this.next[e] = this.free
      this.free = e
      this.size--
      return
    }
  }

  /**
   * The slots holding `key` (`holds` says whether a slot really holds it), or null when there are more than `max`:
   * a bucket that large is too common a value to be evidence, and scoring it would cost more than it could tell.
   */
  lookup(key: string, holds: (slot: number) => boolean, max: number, h = hashOf(key)): number[] | null {
    const found: number[] = []
    for (let e = this.heads[h & (this.heads.length - 1)]!; e !== -1; e = this.next[e]!) {
      const slot = this.slots[e]!
      if (this.hashes[e] !== h || !holds(slot)) continue
      if (found.length === max) return null
      found.push(slot)
    }
    return found
  }

  /** Entries under the hash `h`, counted up to `limit`: a bound on the slots holding any key of that hash. */
  hashCount(h: number, limit: number): number {
    let n = 0
    for (let e = this.heads[h & (this.heads.length - 1)]!; e !== -1 && n < limit; e = this.next[e]!)
      if (this.hashes[e] === h) n++
    return n
  }

  /** Whether `slot` is held under `key`: stops at the first entry of the slot with the key's hash. */
  has(slot: number, key: string): boolean {
    const h = hashOf(key)
    for (let e = this.heads[h & (this.heads.length - 1)]!; e !== -1; e = this.next[e]!)
      if (this.slots[e] === slot && this.hashes[e] === h) return true
    return false
  }

  private growEntries(needed: number): void {
    const length = Math.max(needed, this.next.length * 2)
    this.next = grownInt32(this.next, length, -1)
    this.hashes = grownInt32(this.hashes, length, 0)
    this.slots = grownInt32(this.slots, length, 0)
  }

  /** More buckets, keeping each chain's entries: the stored hashes say where each goes. */
  private rehash(buckets: number): void {
    const old = this.heads
    this.heads = new Int32Array(buckets).fill(-1)
    for (let b = 0; b < old.length; b++) {
      let e = old[b]!
      while (e !== -1) {
        const following = this.next[e]!
        const bucket = this.hashes[e]! & (buckets - 1)
        this.next[e] = this.heads[bucket]!
        this.heads[bucket] = e
        e = following
      }
    }
  }
}

/** FNV-1a over UTF-16 code units: fast, and spread well enough for chains of a few slots. */
export const hashOf = (key: string): number => hashOfRange(key, 0, key.length)

/** `hashOf` of `text.slice(from, to)`, without making the slice. */
export const hashOfRange = (text: string, from: number, to: number): number => {
  let h = 0x811c9dc5
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h | 0
}
