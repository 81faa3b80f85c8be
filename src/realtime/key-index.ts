/**
 * Record slots by key, for one blocking rule, in typed arrays: a million records cost a few megabytes per rule
 * rather than a Map entry and an array per key. Slots with the same key hash are chained through `next`; a
 * lookup follows the chain and keeps the slots whose key really is the one asked for (hashes collide).
 */
export class KeyIndex {
  private heads: Int32Array
  private next: Int32Array
  private hashes: Int32Array
  private size = 0

  /** `capacity`: the slots expected; buckets grow with the keys actually held, as many records lack a key. */
  constructor(capacity: number) {
    const slots = Math.max(capacity, 16)
    this.heads = new Int32Array(1024).fill(-1)
    this.next = new Int32Array(slots).fill(-1)
    this.hashes = new Int32Array(slots)
  }

  get entries(): number {
    return this.size
  }

  add(slot: number, key: string): void {
    if (slot >= this.next.length) this.growSlots(slot + 1)
    if (this.size >= this.heads.length) this.rehash(this.heads.length * 2)
    const h = hashOf(key)
    const bucket = h & (this.heads.length - 1)
    this.hashes[slot] = h
    this.next[slot] = this.heads[bucket]!
    this.heads[bucket] = slot
    this.size++
  }

  remove(slot: number, key: string): void {
    const bucket = hashOf(key) & (this.heads.length - 1)
    let previous = -1
    for (let s = this.heads[bucket]!; s !== -1; previous = s, s = this.next[s]!) {
      if (s !== slot) continue
      if (previous === -1) this.heads[bucket] = this.next[s]!
      else this.next[previous] = this.next[s]!
      this.next[s] = -1
      this.size--
      return
    }
  }

  /**
   * The slots holding `key` (`keyOf` gives a slot's key), or null when there are more than `max`: a bucket that
   * large is too common a value to be evidence, and scoring it would cost more than it could tell.
   */
  lookup(key: string, keyOf: (slot: number) => string | null, max: number): number[] | null {
    const h = hashOf(key)
    const found: number[] = []
    for (let s = this.heads[h & (this.heads.length - 1)]!; s !== -1; s = this.next[s]!) {
      if (this.hashes[s] !== h || keyOf(s) !== key) continue
      if (found.length === max) return null
      found.push(s)
    }
    return found
  }

  private growSlots(needed: number): void {
    const length = Math.max(needed, this.next.length * 2)
    const next = new Int32Array(length).fill(-1)
    next.set(this.next)
    const hashes = new Int32Array(length)
    hashes.set(this.hashes)
    this.next = next
    this.hashes = hashes
  }

  /** More buckets, keeping each chain's slots: the stored hashes say where each goes. */
  private rehash(buckets: number): void {
    const old = this.heads
    this.heads = new Int32Array(buckets).fill(-1)
    for (let b = 0; b < old.length; b++) {
      let s = old[b]!
      while (s !== -1) {
        const following = this.next[s]!
        const bucket = this.hashes[s]! & (buckets - 1)
        this.next[s] = this.heads[bucket]!
        this.heads[bucket] = s
        s = following
      }
    }
  }
}

/** FNV-1a over UTF-16 code units: fast, and spread well enough for chains of a few slots. */
export const hashOf = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return h | 0
}
