import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openDatabase } from './database.ts'
import { derivedColumnsSql, fillOneEditKeys } from './record-table.ts'

test('the one-typo name keys are loaded uncomputed, and computed at any size when a rule needs them', async () => {
  const db = await openDatabase()
  try {
    // Invented names; the second record holds no forename.
    const sql = new Map(derivedColumnsSql())
    await db.run(`CREATE TABLE records AS SELECT *, ${sql.get('name_one_edit')} AS name_one_edit,
      ${sql.get('name_word_one_edit')} AS name_word_one_edit, ${sql.get('name_pair_key')} AS name_pair_key
      FROM (VALUES ('ana', 'ruiz'), (NULL, 'ruiz')) t(forename, surname)`)
    const keys = async () =>
      (
        await db.jsRows(
          'SELECT len(name_one_edit)::INTEGER AS pair, len(name_word_one_edit)::INTEGER AS word, name_pair_key AS key FROM records ORDER BY forename NULLS LAST',
        )
      ).map((r) => ({ pair: r.pair, word: r.word, key: r.key }))
    assert.deepEqual(await keys(), [
      { pair: null, word: null, key: 'ana ruiz' },
      { pair: null, word: null, key: null },
    ])
    await fillOneEditKeys(db, ['name_one_edit', 'name_word_one_edit', 'surname'])
    assert.deepEqual(await keys(), [
      { pair: 9, word: 9, key: 'ana ruiz' },
      { pair: 0, word: 5, key: null },
    ])
  } finally {
    db.close()
  }
})
