import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, type TestContext, test } from 'node:test'
import { isJustIdError } from '../core/errors.ts'
import { openIndexStore } from '../person-index/store/open-store.ts'
import type { IndexBatch, PersonIndexStore } from '../person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from './memory-index.ts'
import { PEOPLE, ROBERT, seedStore, ZOFIA } from './testing/seed.ts'

const ashworth = PEOPLE.ashworth!
const natarajan = PEOPLE.natarajan!

/**
 * The seeded index in a real embedded store, closed after the test. The store's batches are kept, and
 * `failNext` makes the next one fail as a broken connection would.
 */
const opened = async (t: TestContext, options: { maxCandidates?: number } = {}) => {
  const { store: real, cleanup } = await seedStore()
  const batches: IndexBatch[] = []
  const control = { failNext: false }
  const store: PersonIndexStore = Object.assign(Object.create(real) as PersonIndexStore, {
    applyBatch: async (batch: IndexBatch) => {
      if (control.failNext) {
        control.failNext = false
        throw new Error('the store refused the batch')
      }
      await real.applyBatch(batch)
      batches.push(batch)
    },
  })
  const index = await openRealtimeIndex(store, options)
  t.after(async () => {
    await index.close()
    await cleanup()
  })
  return { store, index, batches, control }
}

/** One index shared by the tests that only read. */
let reading: { store: PersonIndexStore; index: OpenRealtimeIndex; cleanup: () => Promise<void> }
before(async () => {
  const { store, cleanup } = await seedStore()
  reading = { store, cleanup, index: await openRealtimeIndex(store) }
})
after(async () => {
  await reading.index.close()
  await reading.cleanup()
})

describe('opening', () => {
  test('an index without a model is refused with a usage error naming the command to run', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'justid-realtime-'))
    const store = await openIndexStore(join(folder, 'index.duckdb'))
    try {
      await assert.rejects(openRealtimeIndex(store), (e) => {
        assert.ok(isJustIdError(e) && e.code === 'usage')
        assert.match(e.message, /justid link --index/)
        return true
      })
    } finally {
      await store.close()
      rmSync(folder, { recursive: true, force: true })
    }
  })

  test('holds every record and person of the store', () => {
    const { index } = reading
    assert.deepEqual(index.stats(), { records: 4, persons: 3 })
  })
})

describe('match', () => {
  test("a stored record with a typo in the surname is a MATCH for that record's person", () => {
    const { index } = reading
    const result = index.match(ROBERT)
    assert.equal(result.status, 'MATCH')
    assert.equal(result.candidates[0]!.justiceId, ashworth.id)
    assert.equal(result.candidates[0]!.status, 'MATCH')
    assert.equal(result.candidates.length, 1, 'one candidate per person, however many records it has')
    assert.equal(result.recordsScored, 2)
  })

  test('an unrelated probe has no match', () => {
    const { index } = reading
    const result = index.match(ZOFIA)
    assert.equal(result.status, 'NO_MATCH')
    assert.ok(result.candidates.every((c) => c.status === 'NO_MATCH'))
  })

  test('the explanation adds up to the match weight', () => {
    const { index } = reading
    const best = index.match(ROBERT).candidates[0]!
    const waterfall = best.waterfall.reduce((sum, row) => sum + row.weight, 0)
    assert.ok(Math.abs(waterfall - best.matchWeight) < 1e-9, `${waterfall} vs ${best.matchWeight}`)
    const prior = best.waterfall.find((row) => row.kind === 'prior')!.weight
    const comparisons = best.comparisons.reduce((sum, c) => sum + c.weight, prior)
    assert.ok(Math.abs(comparisons - best.matchWeight) < 1e-9, 'no guard: prior plus comparisons')
    assert.equal(best.comparisons.find((c) => c.comparison === 'surname')!.level, 'jaro-winkler >= 0.92')
  })

  test('a key bucket larger than the candidate limit is skipped and counted', async () => {
    const index = await openRealtimeIndex(reading.store, { maxCandidates: 1 })
    const result = index.match({ surname: 'Ashworth', dateOfBirth: '1985-04-12' })
    assert.equal(result.recordsScored, 0)
    assert.ok(index.oversizedBuckets() > 0)
  })
})

describe('search', () => {
  test('finds a person by a misspelt name and a date of birth', () => {
    const { index } = reading
    const found = index.search({ name: 'Robret Ashwroth', dateOfBirth: '1985-04-12' })
    assert.equal(found[0]?.justiceId, ashworth.id)
    assert.deepEqual(found[0]!.sources, ['court', 'prison'])
    assert.equal(found[0]!.records, 2)
    assert.ok(found[0]!.score > 0.9)
  })

  test('a name held by more records than the candidate limit is skipped until a write makes it fewer', async (t) => {
    const { index } = await opened(t, { maxCandidates: 1 })
    assert.deepEqual(index.search({ name: 'Ashworth' }), [])
    assert.deepEqual(index.search({ name: 'Ashworth' }), [], 'the same again, from the crowded keys kept')
    await index.remove('prison', 'p1')
    assert.deepEqual(
      index.search({ name: 'Ashworth' }).map((p) => p.justiceId),
      [ashworth.id],
    )
  })

  test('a name like no one in the index finds no one, even with a stored date of birth', () => {
    const { index } = reading
    assert.deepEqual(index.search({ name: 'Zofia Quill', dateOfBirth: '1962-11-30' }), [])
  })
})

describe('writes', () => {
  test('a new record matching a person joins it, in the store and at once in memory', async (t) => {
    const { store, index } = await opened(t)
    const outcome = await index.upsert('court', 'c9', ROBERT)
    assert.equal(outcome.justiceId, ashworth.id)
    assert.deepEqual(
      outcome.events.map((e) => [e.kind, e.justiceId, e.recordKey]),
      [['record_added', ashworth.id, 'court:c9']],
    )
    assert.equal((await store.person(ashworth.id))!.records.length, 3)
    assert.ok((await store.edges(['court:c9'])).length >= 2, 'edges to both of the person’s records')
    assert.deepEqual(index.stats(), { records: 5, persons: 3 })
    assert.equal(index.match(ROBERT).recordsScored, 3)
  })

  test('an unrelated record creates a person', async (t) => {
    const { store, index } = await opened(t)
    const outcome = await index.upsert('court', 'c10', ZOFIA)
    assert.ok(outcome.justiceId !== null && outcome.justiceId !== ashworth.id)
    assert.ok(outcome.events.some((e) => e.kind === 'created' && e.justiceId === outcome.justiceId))
    assert.equal((await store.person(outcome.justiceId))!.records[0]!.key, 'court:c10')
    assert.equal(index.match(ZOFIA).candidates[0]!.justiceId, outcome.justiceId)
  })

  test("an update that no longer fits its person moves the record out, leaving the person's other records", async (t) => {
    const { index } = await opened(t)
    const outcome = await index.upsert('prison', 'p1', ZOFIA)
    assert.notEqual(outcome.justiceId, ashworth.id)
    assert.deepEqual(index.stats(), { records: 4, persons: 4 })
    const match = index.match(ROBERT)
    assert.equal(match.recordsScored, 1, 'the old version of the record is no longer a candidate')
  })

  test("deleting a person's only record retires the person", async (t) => {
    const { store, index } = await opened(t)
    const outcome = await index.remove('court', 'c2')
    assert.deepEqual(outcome, {
      justiceId: null,
      events: [outcome!.events[0]!],
    })
    assert.equal(outcome!.events[0]!.kind, 'record_removed')
    assert.equal((await store.person(natarajan.id))!.person.status, 'retired')
    assert.deepEqual(index.stats(), { records: 3, persons: 2 })
    assert.equal(index.match(natarajan.records[0]![1]).candidates.length, 0)
    assert.equal(await index.remove('court', 'c2'), null, 'a record not in the index')
  })

  test('a record deleted and put back gets its Justice ID back, as in a batch run (#19 item 3)', async (t) => {
    const { store, index } = await opened(t)
    const [, priya] = natarajan.records[0]!
    await index.remove('court', 'c2')
    assert.equal((await store.person(natarajan.id))!.person.status, 'retired')
    const outcome = await index.upsert('court', 'c2', priya)
    assert.equal(outcome.justiceId, natarajan.id, 'the retired ID comes back to life')
    assert.deepEqual(
      outcome.events.map((e) => [e.kind, e.justiceId, e.recordKey, e.reason]),
      [
        [
          'record_added',
          natarajan.id,
          'court:c2',
          'record back in its source: it has its earlier Justice ID again',
        ],
      ],
    )
    assert.equal((await store.person(natarajan.id))!.person.status, 'active')
    assert.deepEqual(index.stats(), { records: 4, persons: 3 })
    assert.equal(index.match(priya).candidates[0]!.justiceId, natarajan.id)
    // Under another record id the same person is a new record, and gets no one's old ID.
    await index.remove('court', 'c2')
    const other = await index.upsert('court', 'c2-new', priya)
    assert.notEqual(other.justiceId, natarajan.id)
  })

  test('memory is unchanged when the store refuses a write, and later writes still run', async (t) => {
    const { index, control } = await opened(t)
    control.failNext = true
    await assert.rejects(index.upsert('court', 'c9', ROBERT), /refused/)
    assert.deepEqual(index.stats(), { records: 4, persons: 3 })
    assert.equal((await index.upsert('court', 'c9', ROBERT)).justiceId, ashworth.id)
  })

  test('concurrent writes run one at a time, each seeing the ones before', async (t) => {
    const { index, batches } = await opened(t)
    const [a, b] = await Promise.all([index.upsert('court', 'n1', ZOFIA), index.upsert('court', 'n2', ZOFIA)])
    assert.equal(a.justiceId, b.justiceId, 'the second write found the first one’s record')
    assert.deepEqual(
      batches.map((b) => b.upsertRecords.map((r) => r.key)),
      [['court:n1'], ['court:n2']],
    )
  })
})
