import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { after, before, test } from 'node:test'
import type { PersonIndexStore } from '../person-index/types.ts'
import { openRealtimeIndex } from '../realtime/memory-index.ts'
import { addEdges, seedStore, testThresholds } from '../realtime/testing/seed.ts'
import { ReviewQueue, reasonWords } from './review-queue.ts'

let store: PersonIndexStore
let cleanup: () => Promise<void>
const AT = '2026-02-01T00:00:00.000Z'
const { fracture, join } = testThresholds

before(async () => {
  ;({ store, cleanup } = await seedStore())
  // Uncertain pairs across persons, one far from the join weight and one near it, and one strong pair ignored.
  await addEdges(
    store,
    [
      { left: 'court:c1', right: 'court:c2', weight: fracture + 0.01, guard: null },
      { left: 'court:c2', right: 'probation:x1', weight: join - 0.01, guard: null },
      { left: 'court:c1', right: 'probation:x1', weight: join + 5, guard: null },
    ],
    AT,
  )
  const [natarajan] = await store.persons(['JID-NATARAJAN'])
  await store.applyBatch({
    id: 'flag',
    kind: 'upsert',
    at: AT,
    upsertRecords: [],
    deleteRecords: [],
    upsertPersons: [{ ...natarajan!, needsAttention: true, attentionReason: 'weak_bridge' }],
    events: [],
    replaceEdgesOf: [],
    edges: [],
  })
})

after(() => cleanup())

test('uncertain pairs nearest the join weight come first, then flagged persons', async () => {
  const queue = await ReviewQueue.build(store, testThresholds)
  const items = queue.items()
  assert.deepEqual(
    items.map((i) => (i.kind === 'pair' ? `${i.left}|${i.right}` : i.justiceId)),
    ['court:c2|probation:x1', 'court:c1|court:c2', 'JID-NATARAJAN'],
  )
  assert.deepEqual(
    queue.items({ source: 'probation' }).map((i) => i.kind),
    ['pair'],
  )
  assert.deepEqual(
    queue.items({ reason: 'flag:weak_bridge' }).map((i) => i.kind),
    ['cluster'],
  )
})

test('a decided pair leaves the queue on refresh', async () => {
  const queue = await ReviewQueue.build(store, testThresholds)
  await queue.refresh(['court:c2', 'probation:x1'], ['JID-NATARAJAN', 'JID-OKONKWO'])
  assert.equal(queue.pair('court:c2', 'probation:x1'), null)
  assert.equal(queue.items().length, 2)
})

test('reasons are plain words, never codes', async () => {
  const queue = await ReviewQueue.build(store, testThresholds)
  const words = queue.reasons().map(reasonWords)
  assert.deepEqual(words, [
    'Records are held together only by a weak match',
    'The model is unsure whether these are the same person',
  ])
  for (const w of words) assert.doesNotMatch(w, /_|bits/)
  assert.match(reasonWords('guard:likely_relatives'), /^Possibly twins or relatives/)
  assert.match(reasonWords('flag:conflicting_identifier'), /different PNC, CRO or National Insurance numbers/)
})

test('a pair one reviewer cannot tell stays for a second reviewer, and leaves once another decides', async () => {
  const queue = await ReviewQueue.build(store, testThresholds)
  await queue.refresh(['court:c1', 'court:c2'], [], 'ana')
  const waiting = queue.pair('court:c1', 'court:c2')
  assert.equal(waiting?.reason, 'second_review')
  assert.equal(waiting?.firstReviewer, 'ana')
  const forAna = queue
    .items({ reviewer: 'ana' })
    .map((i) => (i.kind === 'pair' ? i.left + i.right : i.justiceId))
  assert.ok(!forAna.includes('court:c1court:c2'), 'not offered again to the reviewer who could not tell')
  assert.ok(queue.items({ reviewer: 'ben' }).some((i) => i.kind === 'pair' && i.left === 'court:c1'))
  await queue.refresh(['court:c1', 'court:c2'], [])
  assert.equal(queue.pair('court:c1', 'court:c2'), null)
})

/** What a reviewer sees of a queue: every item, in order. */
const seen = (queue: ReviewQueue) => queue.items()

test('the queue read from the index in memory is the queue read from the store (#20 item 3)', async () => {
  const index = await openRealtimeIndex(store)
  const fromStore = await ReviewQueue.build(store, testThresholds)
  // The store asked for nothing a million records would make slow: every edge, assignment or person.
  const asked: string[] = []
  const watched = new Proxy(store, {
    get: (target, name, receiver) => {
      if (name === 'edges' || name === 'assignments' || name === 'persons') asked.push(name)
      return Reflect.get(target, name, receiver)
    },
  })
  const fromMemory = await ReviewQueue.build(watched, testThresholds, index.review)
  assert.deepEqual(asked, [])
  assert.equal(seen(fromStore).length, 3)
  assert.deepEqual(seen(fromMemory), seen(fromStore))
  // A decision, refreshed in both: they still agree.
  await fromStore.refresh(['court:c2', 'probation:x1'], ['JID-NATARAJAN', 'JID-OKONKWO'])
  await fromMemory.refresh(['court:c2', 'probation:x1'], ['JID-NATARAJAN', 'JID-OKONKWO'])
  assert.deepEqual(seen(fromMemory), seen(fromStore))
  await fromMemory.refresh(['court:c1', 'court:c2'], [], 'ana')
  await fromStore.refresh(['court:c1', 'court:c2'], [], 'ana')
  assert.deepEqual(seen(fromMemory), seen(fromStore))
  await index.close()
})

test('after a restart from the snapshot the queue is the one before it (#20 item 3)', async (t) => {
  const folder = mkdtempSync(joinPath(tmpdir(), 'justid-queue-'))
  t.after(() => rmSync(folder, { recursive: true, force: true }))
  const snapshot = joinPath(folder, 'index.snapshot')
  const said: string[] = []
  const first = await openRealtimeIndex(store, { snapshot, onLoad: (m) => said.push(m) })
  const before = seen(await ReviewQueue.build(store, testThresholds, first.review))
  await first.close()
  const second = await openRealtimeIndex(store, { snapshot, onLoad: (m) => said.push(m) })
  assert.match(said.join('; '), /read the index from its snapshot/)
  assert.deepEqual(seen(await ReviewQueue.build(store, testThresholds, second.review)), before)
  assert.equal(before.length, 3)
  await second.close()
})
