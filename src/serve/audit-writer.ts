import type { AuditEntryInput, PersonIndexStore } from '../index/types.ts'

/**
 * Group commit for the audit log. Each request's entry waits in a buffer; the buffer is written in one store
 * transaction every `flushMs` or as soon as it holds `maxBatch` entries, and each request's promise settles only
 * when its entry is durable, so no response leaves before its audit entry is stored. Writes go one at a time
 * because each batch chains onto the hash of the one before.
 */
export interface AuditWriterOptions {
  flushMs?: number
  maxBatch?: number
}

interface Pending {
  entry: AuditEntryInput
  resolve: () => void
  reject: (e: unknown) => void
}

export class AuditWriter {
  private buffer: Pending[] = []
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private readonly flushMs: number
  private readonly maxBatch: number

  constructor(
    private readonly store: Pick<PersonIndexStore, 'appendAudit'>,
    options: AuditWriterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 1
    this.maxBatch = options.maxBatch ?? 256
  }

  /** Resolves once the entry is stored; rejects when the store refused the batch it was in. */
  append(entry: AuditEntryInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.buffer.push({ entry, resolve, reject })
      if (this.buffer.length >= this.maxBatch) this.flush()
      else this.timer ??= setTimeout(() => this.flush(), this.flushMs)
    })
  }

  /**
   * Queues a write after the one in progress; it takes what is buffered when it starts, not when it was queued, so
   * entries arriving during a commit share the next one (group commit) instead of each queueing its own.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.writing = this.writing.then(() => this.writeBuffered())
    return this.writing
  }

  private async writeBuffered(): Promise<void> {
    const batch = this.buffer.splice(0, this.maxBatch)
    if (batch.length === 0) return
    try {
      await this.store.appendAudit(batch.map((p) => p.entry))
      for (const p of batch) p.resolve()
    } catch (e) {
      for (const p of batch) p.reject(e)
    }
  }
}
