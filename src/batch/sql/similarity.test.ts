import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { damerauLevenshtein, jaro, jaroWinkler, levenshtein } from '../../model/similarity.ts'
import { type Database, openDatabase, sqlString } from '../database.ts'

/** Strings DuckDB can hold (no NUL), from an alphabet small enough that pairs are often similar. */
const word = fc.string({
  unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'é', 'ß', '日', '😀', ' ', "'", '-'),
  maxLength: 12,
})
const anyText = fc.string({ unit: 'binary', maxLength: 10 }).filter((s) => !s.includes('\u0000'))
const pairs = fc.array(fc.tuple(fc.oneof(word, anyText), fc.oneof(word, anyText)), {
  minLength: 1,
  maxLength: 200,
})

describe('similarities agree with DuckDB', () => {
  let db: Database
  before(async () => {
    db = await openDatabase()
  })
  after(() => db.close())

  const inDuckDb = async (list: [string, string][]) => {
    const values = list.map(([a, b], i) => `(${i}, ${sqlString(a)}, ${sqlString(b)})`).join(', ')
    const rows = await db.jsRows(
      `SELECT i, jaro_similarity(a, b) AS j, jaro_winkler_similarity(a, b) AS jw, levenshtein(a, b) AS lev,
        damerau_levenshtein(a, b) AS dl FROM (VALUES ${values}) t(i, a, b) ORDER BY i`,
    )
    return rows.map((r) => ({ j: Number(r.j), jw: Number(r.jw), lev: Number(r.lev), dl: Number(r.dl) }))
  }

  const check = async (list: [string, string][]) => {
    const expected = await inDuckDb(list)
    list.forEach(([a, b], i) => {
      const e = expected[i]!
      const where = JSON.stringify([a, b])
      assert.ok(Math.abs(jaro(a, b) - e.j) < 1e-9, `jaro ${where}: ${jaro(a, b)} vs ${e.j}`)
      assert.ok(
        Math.abs(jaroWinkler(a, b) - e.jw) < 1e-9,
        `jaro-winkler ${where}: ${jaroWinkler(a, b)} vs ${e.jw}`,
      )
      assert.equal(levenshtein(a, b), e.lev, `levenshtein ${where}`)
      assert.equal(damerauLevenshtein(a, b), e.dl, `damerau-levenshtein ${where}`)
    })
  }

  test('on known cases, empty strings and non-ASCII', async () => {
    await check([
      ['', ''],
      ['a', ''],
      ['', 'abc'],
      ['martha', 'marhta'],
      ['dwayne', 'duane'],
      ['dixon', 'dicksonx'],
      ['jon', 'john'],
      ['é', 'e'],
      ['josé', 'jose'],
      ['日本', '日'],
      ['ca', 'abc'],
      ['abcdef', 'badcfe'],
    ])
    assert.ok(Math.abs(jaroWinkler('martha', 'marhta') - 0.961111111111) < 1e-9)
    assert.equal(levenshtein('kitten', 'sitting'), 3)
    assert.equal(damerauLevenshtein('ca', 'abc'), 2)
  })

  test('on generated strings', async () => {
    await fc.assert(fc.asyncProperty(pairs, check), { numRuns: 40 })
  })
})
