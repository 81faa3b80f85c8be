import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { PersonIndexStore } from '../index/types.ts'
import { seedStore, testThresholds } from '../realtime/testing/seed.ts'
import { ReviewQueue } from './review-queue.ts'

let store: PersonIndexStore
let cleanup: () => Promise<void>
const AT = '2026-02-01T00:00:00.000Z'
const { fracture, join } = testThresholds

before(async () => {
  ;({ store, cleanup } = await seedStore())
  // Uncertain pairs across persons, one far from the join weight and one near it, and one strong pair ignored.
  await store.applyBatch({
    id: 'edges',
    kind: 'upsert',
    at: AT,
    upsertRecords: [],
    deleteRecords: [],
    upsertPersons: [],
    events: [],
    replaceEdgesOf: [],
    edges: [
      { left: 'court:c1', right: 'court:c2', weight: fracture + 0.01, guard: null },
      { left: 'court:c2', right: 'probation:x1', weight: join - 0.01, guard: null },
      { left: 'court:c1', right: 'probation:x1', weight: join + 5, guard: null },
    ],
  })
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
    queue.items({ reason: 'weak_bridge' }).map((i) => i.kind),
    ['cluster'],
  )
})

test('a decided pair leaves the queue on refresh', async () => {
  const queue = await ReviewQueue.build(store, testThresholds)
  await queue.refresh(['court:c2', 'probation:x1'], ['JID-NATARAJAN', 'JID-OKONKWO'])
  assert.equal(queue.pair('court:c2', 'probation:x1'), null)
  assert.equal(queue.items().length, 2)
})
