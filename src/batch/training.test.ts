import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { blockLimit } from '../blocking/plan.ts'
import { estimateRulePairs } from './blocking.ts'
import { type Database, openDatabase } from './database.ts'
import { sessionRule } from './pair-sample.ts'

describe('training sessions', () => {
  let db: Database
  const records = 2_000
  const crowd = blockLimit(records) + 100
  before(async () => {
    db = await openDatabase()
    // A crowd sharing one birth date, beyond the block limit of a file this size, and the rest each their own.
    await db.run(`CREATE TABLE records AS SELECT i::INTEGER AS rid, 'court' AS source,
      CASE WHEN i < ${crowd} THEN '1980-01-01' ELSE '1900-01-01'::DATE + i::INTEGER END::VARCHAR AS date_of_birth
      FROM range(${records}) t(i)`)
  })
  after(() => db.close())

  test("a session's pairs are counted on every block, as its join makes them, so that it is sampled", async () => {
    const pairs = await estimateRulePairs(db, sessionRule(['date_of_birth']))
    assert.equal(pairs, (crowd * (crowd - 1)) / 2)
  })
})
