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
    const grown = (from: Int32Array, fill: number) => {
      const to = new Int32Array(length).fill(fill)
      to.set(from)
      return to
    }
    this.chunkOf = grown(this.chunkOf, -1)
    this.offsetOf = grown(this.offsetOf, 0)
    this.lengthOf = grown(this.lengthOf, 0)
  }
}
