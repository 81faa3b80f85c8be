import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AuditEntry, AuditEntryInput } from '../types.ts'
import { AuditWriter } from './audit-writer.ts'
import { matchEntry } from './testing/audit-log.ts'

/** A store that records each appendAudit call, finishing it only when told to. */
const recordingStore = () => {
  const calls: AuditEntryInput[][] = []
  const finish: (() => void)[] = []
  return {
    calls,
    finish,
    appendAudit: (entries: readonly AuditEntryInput[]) =>
      new Promise<AuditEntry[]>((resolve) => {
        calls.push([...entries])
        finish.push(() => resolve([]))
      }),
  }
}

test('entries arriving together are written in one call, and each waits until it is durable', async () => {
  const store = recordingStore()
  const writer = new AuditWriter(store, { flushMs: 5 })
  let settled = 0
  const pending = [1, 2, 3].map((i) => writer.append(matchEntry(i)).then(() => settled++))
  await new Promise((r) => setTimeout(r, 20))
  assert.equal(store.calls.length, 1)
  assert.equal(store.calls[0]!.length, 3)
  assert.equal(settled, 0, 'nothing settles before the store commits')
  store.finish[0]!()
  await Promise.all(pending)
  assert.equal(settled, 3)
})

test('a full buffer is written at once, and batches are written one after another', async () => {
  const store = recordingStore()
  const writer = new AuditWriter(store, { flushMs: 10_000, maxBatch: 2 })
  const first = [writer.append(matchEntry(1)), writer.append(matchEntry(2))]
  const second = [writer.append(matchEntry(3)), writer.append(matchEntry(4))]
  await new Promise((r) => setTimeout(r, 5))
  assert.equal(store.calls.length, 1, 'the second batch waits for the first to commit')
  store.finish[0]!()
  await Promise.all(first)
  await new Promise((r) => setTimeout(r, 5))
  assert.equal(store.calls.length, 2)
  store.finish[1]!()
  await Promise.all(second)
})

test('when the store fails, every entry of that batch is rejected and later batches still go through', async () => {
  let fail = true
  const written: AuditEntryInput[] = []
  const writer = new AuditWriter(
    {
      appendAudit: async (entries) => {
        if (fail) throw new Error('store down')
        written.push(...entries)
        return []
      },
    },
    { flushMs: 1 },
  )
  const results = await Promise.allSettled([writer.append(matchEntry(1)), writer.append(matchEntry(2))])
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  )
  fail = false
  await writer.append(matchEntry(3))
  assert.deepEqual(
    written.map((e) => e.purpose),
    ['purpose 3'],
  )
})

/** A store that chains like the real one, enough for the head: seq numbers and a made-up hash each. */
const countingStore = () => {
  const written: AuditEntryInput[] = []
  return {
    written,
    appendAudit: async (entries: readonly AuditEntryInput[]): Promise<AuditEntry[]> =>
      entries.map((e) => {
        written.push(e)
        const seq = written.length
        return { ...e, seq, prevHash: '', hash: String(seq).padStart(64, '0') }
      }),
  }
}

test('repeats of a counted entry are held and written as one entry when the window closes', async () => {
  const store = countingStore()
  const writer = new AuditWriter(store, { repeatWindowMs: 60_000 })
  const refusal = { ...matchEntry(0), actor: 'unauthenticated', purpose: null, outcome: '401' }
  for (let i = 0; i < 10; i++) await writer.appendOrCount(refusal)
  await writer.appendOrCount({ ...refusal, justiceIds: ['JID-OTHER'] })
  assert.equal(store.written.length, 2, 'the first of each kind only')
  await writer.flush()
  assert.deepEqual(
    store.written.map((e) => e.outcome),
    ['401', '401', '401 x9 repeats'],
  )
})

test('the head is signed after each batch, once per change, and on flush', async () => {
  const store = countingStore()
  const signed: number[] = []
  const writer = new AuditWriter(store, {
    checkpoint: async (head) => {
      signed.push(head.seq)
    },
  })
  await Promise.all([writer.append(matchEntry(1)), writer.append(matchEntry(2))])
  await writer.flush()
  await writer.flush()
  await writer.append(matchEntry(3))
  await writer.flush()
  assert.deepEqual(signed, [2, 3])
})

test('under load, batches share a signing: at most one per gap, and the last head is signed when the gap ends', async () => {
  const store = countingStore()
  const signed: number[] = []
  const writer = new AuditWriter(store, {
    checkpointGapMs: 40,
    checkpoint: async (head) => {
      signed.push(head.seq)
    },
  })
  for (let i = 1; i <= 5; i++) await writer.append(matchEntry(i))
  assert.deepEqual(signed, [1], 'the first batch at once, the next ones wait for the gap')
  await new Promise((resolve) => setTimeout(resolve, 80))
  assert.deepEqual(signed, [1, 5])
})
