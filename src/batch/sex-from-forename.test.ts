import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { MIN_PEOPLE } from '../model/sex-from-forename.ts'
import { type Database, openDatabase } from './database.ts'
import { applySexFromForename, learnAndApplySexFromForename } from './sex-from-forename.ts'

/** Synthetic records only. */
describe('reading the sex from the forename in the records table', () => {
  let db: Database
  let rid = 0
  const rows: string[] = []
  const add = (forename: string, surname: string | null, sex: 'm' | 'f' | null) => {
    rid++
    const q = (v: string | null) => (v === null ? 'NULL' : `'${v}'`)
    rows.push(`(${rid}, 'src', 'r${rid}', ${q(forename)}, ${q(surname)}, ${q(sex)})`)
  }
  const load = async () => {
    await db.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
  }
  const sexOf = async (forename: string): Promise<string[]> =>
    (await db.rows(`SELECT sex FROM records WHERE forename = '${forename}' ORDER BY rid`)).map((r) =>
      String(r.sex),
    )

  beforeEach(async () => {
    db = await openDatabase()
    await db.run(
      'CREATE TABLE records (rid INTEGER, source VARCHAR, record_id VARCHAR, forename VARCHAR, surname VARCHAR, sex VARCHAR)',
    )
    rid = 0
    rows.length = 0
  })
  afterEach(() => db.close())

  test('learns a forename one sex bears, counted in people, and fills only records with no sex', async () => {
    // Nineteen women and one man recorded as Edith (a mistyped sex): a woman's name.
    for (let i = 0; i < 19; i++) add('edith', `family${i}`, 'f')
    add('edith', 'other', 'm')
    add('edith', 'household', null)
    // One person's many records are one person: not enough to learn a name.
    for (let i = 0; i < 2 * MIN_PEOPLE; i++) add('ottoline', 'single', 'f')
    add('ottoline', 'household', null)
    // A name both sexes bear.
    for (let i = 0; i < MIN_PEOPLE; i++) {
      add('sam', `family${i}`, 'm')
      add('sam', `kin${i}`, 'f')
    }
    add('sam', 'household', null)
    await load()
    const { table, counts } = await learnAndApplySexFromForename(db)
    assert.deepEqual(table, { male: [], female: ['edith'] })
    assert.deepEqual(counts, { forenames: 1, records: 1 })
    // A sex a record gives is kept, even against its forename's.
    assert.deepEqual(await sexOf('edith'), [...Array(19).fill('f'), 'm', 'f'])
    assert.ok((await sexOf('ottoline')).at(-1) === 'null')
    assert.ok((await sexOf('sam')).at(-1) === 'null')
  })

  test('a run in which no record gives a sex learns and fills nothing', async () => {
    for (let i = 0; i < 3 * MIN_PEOPLE; i++) add('edith', `family${i}`, null)
    await load()
    const { table, counts } = await learnAndApplySexFromForename(db)
    assert.deepEqual(table, { male: [], female: [] })
    assert.deepEqual(counts, { forenames: 0, records: 0 })
    assert.equal(await db.scalar('SELECT count(sex) FROM records'), 0)
  })

  test('a stored model’s table is applied as it is, learning nothing', async () => {
    for (let i = 0; i < 3 * MIN_PEOPLE; i++) add('edith', `family${i}`, 'f')
    add('arthur', 'household', null)
    add('edith', 'household', null)
    await load()
    assert.deepEqual(await applySexFromForename(db, { male: ['arthur'], female: [] }), {
      forenames: 1,
      records: 1,
    })
    assert.deepEqual(await sexOf('arthur'), ['m'])
    assert.equal((await sexOf('edith')).at(-1), 'null')
    assert.deepEqual(await applySexFromForename(db, undefined), { forenames: 0, records: 0 })
  })
})
