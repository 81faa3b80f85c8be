import { JustIdError } from '../../core/errors.ts'
import { writableAuditAction } from '../audit-actions.ts'
import type { AuditEntry, AuditEntryInput, AuditLogStore } from '../types.ts'
import { GENESIS_HASH } from './audit-chain.ts'
import { AuditCheckpointer, type AuditHead, logHoldsHead } from './audit-checkpoint.ts'

/**
 * Group commit for the audit log. Each request's entry waits in a buffer; the buffer is written in one store
 * transaction every `flushMs` or as soon as it holds `maxBatch` entries, and each request's promise settles only
 * when its entry is durable, so no response leaves before its audit entry is stored. Writes go one at a time
 * because each batch chains onto the hash of the one before. After a batch (at most once per `checkpointGapMs`),
 * every `checkpointMs` and on flush, the head is handed to `checkpoint` (a signer of checkpoints kept apart from
 * the index).
 */
export interface AuditWriterOptions {
  flushMs?: number
  maxBatch?: number
  /** Signs the head of the log; called after each batch and on the schedule. */
  checkpoint?: (head: AuditHead) => Promise<unknown>
  checkpointMs?: number
  /**
   * Least time between two signings that batches ask for; a batch sooner than that is signed when it ends. Signing
   * reads the log back and shares the store's one connection with the batches: signing after every batch of a busy
   * server cost more CPU than the requests (measured: 5 ms a read on an embedded index, back to back under load).
   */
  checkpointGapMs?: number
  /** How long repeats of a counted entry are gathered before their one entry is written. */
  repeatWindowMs?: number
  now?: () => Date
}

interface Pending {
  entry: AuditEntryInput
  resolve: () => void
  reject: (e: unknown) => void
}

/** Distinct kinds of counted entry kept per window; past it, further kinds are counted without their IDs. */
const MAX_KINDS = 10_000

export class AuditWriter {
  private buffer: Pending[] = []
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private readonly flushMs: number
  private readonly maxBatch: number
  private readonly repeatWindowMs: number
  private readonly now: () => Date
  /** Counted entries of the current window: the first of each kind was written; repeats wait here. */
  private readonly kinds = new Map<string, { entry: AuditEntryInput; repeats: number }>()
  private windowTimer: NodeJS.Timeout | null = null
  private head: AuditHead | null = null
  private signed: AuditHead | null = null
  private signing: Promise<void> = Promise.resolve()
  private signQueued = false
  private signAsked = Number.NEGATIVE_INFINITY
  private signTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly store: Pick<AuditLogStore, 'appendAudit'>,
    private readonly options: AuditWriterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 1
    this.maxBatch = options.maxBatch ?? 256
    this.repeatWindowMs = options.repeatWindowMs ?? 60_000
    this.now = options.now ?? (() => new Date())
    // Unref'd: the schedule never keeps a process alive, and a stopped server signs nothing new to sign.
    if (options.checkpoint) setInterval(() => void this.checkpoint(), options.checkpointMs ?? 60_000).unref()
  }

  /** Resolves once the entry is stored; rejects when the store refused the batch it was in. */
  append(entry: AuditEntryInput): Promise<void> {
    return new Promise((resolve, reject) => {
      // Refused alone, before it joins a batch: an unlisted action must not fail the entries written beside it.
      writableAuditAction(entry.action)
      this.buffer.push({ entry, resolve, reject })
      if (this.buffer.length >= this.maxBatch) this.queueWrite()
      else this.timer ??= setTimeout(() => this.queueWrite(), this.flushMs)
    })
  }

  /**
   * For refusals that released nothing (requests without valid credentials): the first of a kind (actor, action,
   * IDs, outcome) in a window is appended at once; its repeats are only counted, and written as one entry with
   * outcome `<outcome> x<repeats> repeats` when the window closes. A flood is then a few entries, not one each.
   */
  appendOrCount(entry: AuditEntryInput): Promise<void> {
    const full = this.kinds.size >= MAX_KINDS
    const kind = JSON.stringify([entry.actor, entry.action, full ? [] : entry.justiceIds, entry.outcome])
    const seen = this.kinds.get(kind)
    if (seen) {
      seen.repeats++
      return Promise.resolve()
    }
    // Past MAX_KINDS a new kind is only counted, so a flood of distinct IDs costs one entry a window.
    this.kinds.set(kind, { entry: full ? { ...entry, justiceIds: [] } : entry, repeats: full ? 1 : 0 })
    if (!this.windowTimer) {
      this.windowTimer = setTimeout(() => void this.closeWindow().catch(() => undefined), this.repeatWindowMs)
      this.windowTimer.unref()
    }
    return full ? Promise.resolve() : this.append(entry)
  }

  private async closeWindow(): Promise<void> {
    if (this.windowTimer) clearTimeout(this.windowTimer)
    this.windowTimer = null
    const counted = [...this.kinds.values()].filter((k) => k.repeats > 0)
    this.kinds.clear()
    const at = this.now().toISOString()
    await Promise.all(
      counted.map(({ entry, repeats }) =>
        this.append({ ...entry, at, outcome: `${entry.outcome} x${repeats} repeats` }),
      ),
    )
  }

  /** Writes everything waiting, counted repeats included, and signs the head: before the server stops. */
  async flush(): Promise<void> {
    const counted = this.closeWindow()
    await this.queueWrite()
    await counted
    await this.checkpoint()
  }

  /** Takes the head the log had when the writer started, so the schedule signs it before the first batch. */
  startAt(head: AuditHead | null): void {
    this.head ??= head
  }

  /**
   * Queues a write after the one in progress; it takes what is buffered when it starts, not when it was queued, so
   * entries arriving during a commit share the next one (group commit) instead of each queueing its own.
   */
  private queueWrite(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.writing = this.writing.then(() => this.writeBuffered())
    return this.writing
  }

  private async writeBuffered(): Promise<void> {
    const batch = this.buffer.splice(0, this.maxBatch)
    if (batch.length === 0) return
    let stored: AuditEntry[]
    try {
      stored = await this.store.appendAudit(batch.map((p) => p.entry))
    } catch (e) {
      for (const p of batch) p.reject(e)
      return
    }
    const last = stored[stored.length - 1]
    if (last) this.head = { seq: last.seq, hash: last.hash }
    for (const p of batch) p.resolve()
    this.checkpointSoon()
  }

  /** Signs the head now, or when `checkpointGapMs` has passed since the last signing a batch asked for. */
  private checkpointSoon(): void {
    if (!this.options.checkpoint || this.signTimer) return
    const wait = this.signAsked + (this.options.checkpointGapMs ?? 250) - performance.now()
    if (wait <= 0) {
      this.signAsked = performance.now()
      void this.checkpoint()
      return
    }
    this.signTimer = setTimeout(() => {
      this.signTimer = null
      this.signAsked = performance.now()
      void this.checkpoint()
    }, wait)
    // A stopping server signs its last head in flush; the timer must not keep a process alive.
    this.signTimer.unref()
  }

  /**
   * Signs the newest head once per change. Signings run one at a time and at most one waits: under load many batches
   * share one signing, of the head current when it starts, so the queue never grows with the request rate.
   */
  private checkpoint(): Promise<void> {
    const sign = this.options.checkpoint
    if (!sign) return Promise.resolve()
    if (this.signQueued) return this.signing
    this.signQueued = true
    this.signing = this.signing.then(async () => {
      this.signQueued = false
      const head = this.head
      if (!head || (this.signed && this.signed.seq === head.seq)) return
      try {
        await sign(head)
        this.signed = head
      } catch {
        // A failed signing leaves the previous checkpoint in force; the next batch or the schedule tries again.
      }
    })
    return this.signing
  }
}

/**
 * The server's writer: with a checkpoint folder, signs the head after each batch and every minute, and refuses to
 * start on a log that is shorter than, or differs at the head from, its latest signed checkpoint (new entries
 * would chain onto the cut log and the next checkpoint would hide the cut).
 */
export const openAuditWriter = async (
  store: Pick<AuditLogStore, 'appendAudit' | 'auditHead' | 'auditEntries'>,
  options: AuditWriterOptions & { checkpointFolder?: string },
): Promise<AuditWriter> => {
  if (!options.checkpointFolder) return new AuditWriter(store, options)
  const checkpointer = await AuditCheckpointer.open(options.checkpointFolder)
  // An empty log's head is entry 0 with the genesis hash, as its first checkpoint signs it.
  const head = (await store.auditHead()) ?? { seq: 0, hash: GENESIS_HASH }
  const signed = checkpointer.head
  if (signed && (head.seq < signed.seq || (head.seq === signed.seq && head.hash !== signed.hash)))
    throw new JustIdError(
      'file_unreadable',
      `the audit log ends at entry ${head.seq} but its latest signed checkpoint in ` +
        `${options.checkpointFolder} holds entry ${signed.seq}${head.seq === signed.seq ? ' with another hash' : ''}: ` +
        'the log was cut or rewritten; run justid audit verify',
    )
  const writer = new AuditWriter(store, {
    ...options,
    checkpoint: async (h) => {
      const latest = checkpointer.head
      // A failed signing leaves the latest checkpoint in force, so verify goes on reporting the cut.
      if (latest && !(await logHoldsHead(store, latest)))
        throw new JustIdError('file_unreadable', 'the audit log no longer holds its latest signed checkpoint')
      return checkpointer.sign(h, options.now?.() ?? new Date())
    },
  })
  writer.startAt(head)
  // A new folder is signed at once, so a check never finds its key without a checkpoint while the server runs.
  if (!signed) await checkpointer.sign(head, options.now?.() ?? new Date())
  return writer
}
