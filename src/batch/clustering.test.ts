import assert from 'node:assert/strict'
import { test } from 'node:test'
import { record } from '../model/testing/records.ts'
import { knownNamesOf } from '../person-index/record-key.ts'
import { readRecordFacts } from './clustering.ts'
import { openDatabase } from './database.ts'

test('the names, birth dates and surnames clustering weighs are the same read from the records table as in memory', async () => {
  // Invented names only.
  const records = [
    record({ forename: 'tao', surname: 'yang', nameTokens: ['tao', 'yang'], aliasNames: ['michael'] }),
    record({ forename: 'ming', surname: 'yang', dateOfBirth: '1990-04-02', nameTokens: ['ming', 'yang'] }),
    record({ forename: null, surname: null, nameTokens: ['yang'], aliasNames: ['kevin'] }),
  ]
  const db = await openDatabase()
  try {
    await db.run(
      `CREATE TABLE records (rid INTEGER, forename VARCHAR, name_tokens VARCHAR[], alias_names VARCHAR[],
        date_of_birth VARCHAR, surname VARCHAR)`,
    )
    const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]::VARCHAR[]`
    const text = (x: string | null) => (x === null ? 'NULL' : `'${x}'`)
    const rows = records.map(
      (r, rid) =>
        `(${rid}, ${text(r.forename)}, ${list(r.nameTokens)}, ${list(r.aliasNames)}, ${text(r.dateOfBirth)}, ` +
        `${text(r.surname)})`,
    )
    await db.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
    const facts = await readRecordFacts(db)
    const present = <V>(value: (r: (typeof records)[number]) => V | null) =>
      new Map(
        records.flatMap((r, rid) => {
          const v = value(r)
          return v === null ? [] : [[rid, v] as const]
        }),
      )
    assert.deepEqual(facts.knownNames, present(knownNamesOf))
    assert.deepEqual(facts.knownNames.get(0), ['tao', 'tao', 'yang', 'michael'])
    assert.deepEqual(
      facts.birthDates,
      present((r) => r.dateOfBirth),
    )
    assert.deepEqual(
      facts.surnames,
      present((r) => r.surname),
    )
    assert.deepEqual([...facts.surnames.keys()], [0, 1])
  } finally {
    db.close()
  }
})
