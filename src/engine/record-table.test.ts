import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openDatabase } from './database.ts'
import { derivedColumnsSql, ONE_EDIT_MAX_RECORDS } from './record-table.ts'

test('the one-typo name keys are computed for files their rules can afford, and left empty beyond', async () => {
  const db = await openDatabase()
  try {
    // Invented names.
    await db.run("CREATE TABLE t AS SELECT 'ana' AS forename, 'ruiz' AS surname")
    const keysFor = async (records: number) => {
      const sql = new Map(derivedColumnsSql(records))
      const row = (
        await db.jsRows(
          `SELECT ${sql.get('name_one_edit')} AS pair, ${sql.get('name_word_one_edit')} AS word, ${sql.get('name_pair_key')} AS key FROM t`,
        )
      )[0]!
      return { pair: (row.pair as string[]).length, word: (row.word as string[]).length, key: row.key }
    }
    assert.deepEqual(await keysFor(ONE_EDIT_MAX_RECORDS), { pair: 9, word: 9, key: 'ana ruiz' })
    assert.deepEqual(await keysFor(ONE_EDIT_MAX_RECORDS + 1), { pair: 0, word: 0, key: 'ana ruiz' })
  } finally {
    db.close()
  }
})
