import assert from 'node:assert/strict'
import { type TestContext, test } from 'node:test'
import type { JusticeId, PersonIndexStore } from '../person-index/types.ts'
import { openRealtimeIndex } from './memory-index.ts'
import { PEOPLE, ROBERT, seedStore, ZOFIA } from './testing/seed.ts'

const ashworth = PEOPLE.ashworth!
const natarajan = PEOPLE.natarajan!
const okonkwo = PEOPLE.okonkwo!

/** The seeded index, with a store whose person reads fail: the index must answer persons from memory. */
const opened = async (t: TestContext) => {
  const { store: real, cleanup } = await seedStore()
  const store: PersonIndexStore = Object.assign(Object.create(real) as PersonIndexStore, {
    person: async () => {
      throw new Error('a person was read from the store')
    },
  })
  const index = await openRealtimeIndex(store)
  t.after(async () => {
    await index.close()
    await cleanup()
  })
  return { real, index }
}

/** Every person the store holds reads the same from memory as from the store, merged IDs included. */
const assertSameAsStore = async (
  real: PersonIndexStore,
  index: Awaited<ReturnType<typeof openRealtimeIndex>>,
) => {
  const ids: JusticeId[] = (await real.persons()).map((p) => p.justiceId)
  assert.ok(ids.length >= 3)
  for (const id of [...ids, 'JID-NEVER-ISSUED'])
    assert.deepEqual(await index.person(id), await real.person(id), id)
}

test('persons are read from memory, as the store holds them (#20 item 4)', async (t) => {
  const { real, index } = await opened(t)
  await assertSameAsStore(real, index)
  const view = (await index.person(ashworth.id))!
  assert.deepEqual(
    view.records.map((r) => [r.key, r.entered?.surname ?? r.entered?.fullName]),
    [
      ['court:c1', 'Ashworth'],
      ['prison:p1', 'Ashworth'],
    ],
  )
})

test('after joins, moves, removals, a merge and a split, memory still reads as the store (#20 item 4)', async (t) => {
  const { real, index } = await opened(t)
  await index.upsert('court', 'c9', ROBERT)
  await index.upsert('court', 'c10', ZOFIA)
  await index.remove('court', 'c2')
  const merged = await index.decide({
    left: 'court:c1',
    right: 'probation:x1',
    outcome: 'same_person',
    reviewer: 'reviewer1',
    reason: 'same person under a former name',
    matchWeight: null,
  })
  assert.ok(merged?.events.some((e) => e.kind === 'merged'))
  const split = await index.decide({
    left: 'court:c1',
    right: 'prison:p1',
    outcome: 'not_same_person',
    reviewer: 'reviewer1',
    reason: 'different custody photographs',
    matchWeight: null,
  })
  assert.ok(split?.events.some((e) => e.kind === 'split'))
  await assertSameAsStore(real, index)
  const alias = (await index.person(okonkwo.id)) ?? (await index.person(ashworth.id))
  assert.ok(alias && (alias.aliases.length > 0 || alias.requested !== alias.person.justiceId))
  assert.equal((await index.person(natarajan.id))!.person.status, 'retired')
})
