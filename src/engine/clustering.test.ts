import assert from 'node:assert/strict'
import { test } from 'node:test'
import { knownNamesOf } from '../index/record-key.ts'
import { record } from '../model/testing/records.ts'
import { readKnownNames } from './clustering.ts'
import { openDatabase } from './database.ts'

test('the names records are known by are the same read from the records table as in memory', async () => {
  // Invented names only.
  const records = [
    record({ forename: 'tao', nameTokens: ['tao', 'yang'], aliasNames: ['michael'] }),
    record({ forename: 'ming', nameTokens: ['ming', 'yang'] }),
    record({ forename: null, nameTokens: ['yang'], aliasNames: ['kevin'] }),
  ]
  const db = await openDatabase()
  try {
    await db.run(
      'CREATE TABLE records (rid INTEGER, forename VARCHAR, name_tokens VARCHAR[], alias_names VARCHAR[])',
    )
    const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]::VARCHAR[]`
    const rows = records.map(
      (r, rid) =>
        `(${rid}, ${r.forename === null ? 'NULL' : `'${r.forename}'`}, ${list(r.nameTokens)}, ${list(r.aliasNames)})`,
    )
    await db.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
    const fromTable = await readKnownNames(db)
    const inMemory = new Map(
      records.flatMap((r, rid) => {
        const names = knownNamesOf(r)
        return names === null ? [] : [[rid, names] as const]
      }),
    )
    assert.deepEqual(fromTable, inMemory)
    assert.deepEqual(fromTable.get(0), ['tao', 'tao', 'yang', 'michael'])
  } finally {
    db.close()
  }
})
