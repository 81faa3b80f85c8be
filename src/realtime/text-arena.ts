import { grownInt32 } from './int32-arrays.ts'

/**
 * Texts by slot, kept as UTF-8 in large buffers outside the JavaScript heap: a million records' entered values
 * (about 430 bytes each) cost no garbage-collection work and no per-string header. A text set again is appended and
 * the old bytes left behind: slots change only on real-time writes, a few against a million loaded.
 */
const CHUNK_BYTES = 32 * 1024 * 1024

export class TextArena {
  private readonly chunks: Buffer[] = []
  private used = CHUNK_BYTES
  /** Per slot: chunk, offset and byte length; chunk -1 is "no text". */
  private chunkOf = new Int32Array(1024).fill(-1)
  private offsetOf = new Int32Array(1024)
  private lengthOf = new Int32Array(1024)

  /** The texts of slots `from` to `to` (exclusive) as one run of bytes and a length per slot (-1: none). */
  bytesOf(from: number, to: number): { bytes: Buffer; lengths: Int32Array } {
    const lengths = new Int32Array(to - from).fill(-1)
    const pieces: Buffer[] = []
    for (let slot = from; slot < Math.min(to, this.chunkOf.length); slot++) {
      const chunk = this.chunkOf[slot]!
      if (chunk === -1) continue
      const start = this.offsetOf[slot]!
      pieces.push(this.chunks[chunk]!.subarray(start, start + this.lengthOf[slot]!))
      lengths[slot - from] = this.lengthOf[slot]!
    }
    return { bytes: Buffer.concat(pieces), lengths }
  }

  /** Takes in what `bytesOf(from, ...)` gave, keeping `bytes` as a chunk of its own, without a copy. */
  putBytes(from: number, bytes: Uint8Array, lengths: Int32Array): void {
    if (from + lengths.length > this.chunkOf.length) this.grow(from + lengths.length)
    const chunk = this.chunks.length
    let at = 0
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i]!
      if (length < 0) continue
      if (at + length > bytes.length) throw new Error('the texts do not fit their lengths')
      this.chunkOf[from + i] = chunk
      this.offsetOf[from + i] = at
      this.lengthOf[from + i] = length
      at += length
    }
    this.chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    // Full: the next text set starts a chunk of its own.
    this.used = CHUNK_BYTES
  }

  set(slot: number, text: string | null): void {
    if (slot >= this.chunkOf.length) this.grow(slot + 1)
    if (text === null) {
      this.chunkOf[slot] = -1
      return
    }
    const bytes = Buffer.byteLength(text, 'utf8')
    if (this.used + bytes > CHUNK_BYTES) {
      this.chunks.push(Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes)))
      this.used = 0
    }
    const chunk = this.chunks.length - 1
    this.chunks[chunk]!.write(text, this.used, 'utf8')
    this.chunkOf[slot] = chunk
    this.offsetOf[slot] = this.used
    this.lengthOf[slot] = bytes
    this.used += bytes
  }

  get(slot: number): string | null {
    const chunk = slot < this.chunkOf.length ? this.chunkOf[slot]! : -1
    if (chunk === -1) return null
    const start = this.offsetOf[slot]!
    return this.chunks[chunk]!.toString('utf8', start, start + this.lengthOf[slot]!)
  }

  private grow(needed: number): void {
    const length = Math.max(needed, this.chunkOf.length * 2)
    this.chunkOf = grownInt32(this.chunkOf, length, -1)
    this.offsetOf = grownInt32(this.offsetOf, length, 0)
    this.lengthOf = grownInt32(this.lengthOf, length, 0)
  }
}
