import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EnteredRecord } from '../../core/entered-record.ts'
import type { PersonIndexStore } from '../types.ts'
import { openIndexStore } from './open-store.ts'
import { eachIndexBackend, type IndexBackend } from './testing/backends.ts'
import { emptyBatch, linkBatch } from './testing/synthetic-batch.ts'

/** Entered values of an invented person. */
const entered: EnteredRecord = {
  forename: 'Seán',
  middleNames: [],
  surname: "O'Brien",
  fullName: null,
  aliases: [],
  dateOfBirth: '26/06/1998',
  birthDate: '1998-06-26',
  sex: 'Male',
  addressLines: ['12 Testing Row'],
  town: 'Exampleton',
  postcode: 'sw1a1aa',
  identifiers: { pnc: null, cro: null, prisonNumber: null, crn: null, nino: null, other: {} },
  email: null,
  phone: null,
  other: { 'Custody Suite': 'North' },
}

const behaviour = (name: string, backend: () => IndexBackend | null) =>
  describe(`entered values in the person index: ${name}`, () => {
    test('an index made before entered values were kept opens, reads its records, and gains them', async (t) => {
      const b = backend()
      if (!b) return t.skip('no PostgreSQL server binaries on this machine')
      const location = await b.fresh()
      let store: PersonIndexStore = await openIndexStore(location)
      await store.applyBatch(linkBatch('b1', 'court', 2))
      await store.close()
      // The records table as this version's predecessor made it.
      await b.raw(location, 'ALTER TABLE index_records DROP COLUMN entered_json')
      store = await openIndexStore(location)
      try {
        const [older] = await store.recordsByKey(['court:00000000'])
        assert.equal(older?.entered, null, 'an older record reads as having no entered values')
        assert.equal(older?.record.forename, 'testname')
        const view = await store.person('court-P0')
        assert.equal(view?.records.length, 2)
        await store.applyBatch(emptyBatch('b2', { upsertRecords: [{ ...older!, entered }] }))
        const [now] = await store.recordsByKey(['court:00000000'])
        assert.deepEqual(now?.entered, entered)
        assert.equal(now?.record.forename, 'testname', 'the column added last lines up with the bulk writer')
      } finally {
        await store.close()
      }
    })

    test('a record written again without entered values keeps those the index holds', async (t) => {
      const b = backend()
      if (!b) return t.skip('no PostgreSQL server binaries on this machine')
      const store = await openIndexStore(await b.fresh())
      try {
        const [first, second] = linkBatch('b1', 'court', 2).upsertRecords
        await store.applyBatch(emptyBatch('b1', { upsertRecords: [{ ...first!, entered }, second!] }))
        // A record moved to another person: written with its new Justice ID, not re-read from its source.
        await store.applyBatch(emptyBatch('b2', { upsertRecords: [{ ...first!, justiceId: 'court-P9' }] }))
        const [moved, other] = await store.recordsByKey([first!.key, second!.key])
        assert.equal(moved?.justiceId, 'court-P9')
        assert.deepEqual(moved?.entered, entered)
        assert.equal(other?.entered, null)
        // Bulk reads feed matching, which never reads entered values.
        for await (const chunk of store.records()) for (const r of chunk) assert.equal(r.entered, undefined)
      } finally {
        await store.close()
      }
    })

    test('entered values that do not fit their schema are refused by record, never shown', async (t) => {
      const b = backend()
      if (!b) return t.skip('no PostgreSQL server binaries on this machine')
      const location = await b.fresh()
      let store = await openIndexStore(location)
      await store.applyBatch(emptyBatch('b1', { upsertRecords: linkBatch('b1', 'court', 1).upsertRecords }))
      await store.close()
      await b.raw(location, `UPDATE index_records SET entered_json = '{"forename": 7, "surname": "Zed"}'`)
      store = await openIndexStore(location)
      try {
        await assert.rejects(store.recordsByKey(['court:00000000']), (e: Error) => {
          assert.match(e.message, /record court:00000000 .*\(forename\)/)
          assert.doesNotMatch(e.message, /Zed/)
          return true
        })
      } finally {
        await store.close()
      }
    })
  })

eachIndexBackend('entered', behaviour)
