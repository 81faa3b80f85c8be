import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { columnValue } from '../model/conditions.ts'
import { openSource, type SourceSettings } from '../sources/index.ts'
import { type Database, openDatabase } from './database.ts'
import { type LoadResult, loadRecords } from './load-records.ts'
import { attrColumn, recordFromJson, recordFromRow, recordJsonSql } from './record-table.ts'

// Invented people only: a historical register with the birth date in parts, a place of birth and an occupation.
const SETTINGS = {
  recordId: 'id',
  columns: {
    id: 'recordId',
    first: 'forename',
    last: 'surname',
    yr: 'birthYear',
    mon: 'birthMonth',
    dy: 'birthDay',
    'Birth Place': 'attribute',
    occupation: 'attribute',
  },
} as const

/** Invented surnames that sound different: consonant, a, consonant, o ("bado", "fako"). */
const CONSONANTS = 'bdfklmnrs'
const surname = (i: number): string => `${CONSONANTS[i % 9]}a${CONSONANTS[Math.floor(i / 9) % 9]}o`

/**
 * 60 people born on distinct days of the 1880s, one of them with 30 more records of their own; 40 more people
 * all given 1901-01-01 for "unknown"; and 25 a year born in 1861, 1862 and 1863 given 1 July for "day unknown".
 */
const rows = (): string[] => {
  const out = ['id,first,last,yr,mon,dy,Birth Place,occupation']
  for (let i = 0; i < 60; i++)
    out.push(`p${i},ann,${surname(i)},${1880 + (i % 10)},${1 + (i % 12)},${1 + (i % 28)},,`)
  for (let i = 0; i < 30; i++) out.push(`q${i},ann,${surname(0)},1880,1,1,,`)
  for (let i = 0; i < 40; i++) out.push(`u${i},bo,${surname(i)},1901,Jan,1,,`)
  for (const year of [1861, 1862, 1863])
    for (let i = 0; i < 25; i++) out.push(`d${year}_${i},cy,${surname(i)},${year},7,1,,`)
  out.push('y1,cy,yearonly,1872,,,Saint-Étienne,Coal  Miner')
  out.push('b1,di,badday,1872,2,30,,')
  return out
}

/** Loads one register of the lines given, with its settings, into a new database in a new folder. */
const loadRegister = async (lines: readonly string[], settings: SourceSettings) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'justid-load-'))
  const file = path.join(dir, 'register.csv')
  writeFileSync(file, `${lines.join('\n')}\n`)
  const db = await openDatabase()
  const loaded = await loadRecords(db, [await openSource({ name: 'register', file }, settings)], {
    settings: { register: settings },
    nameVariantFiles: [],
    stagingDir: dir,
    threads: 1,
  })
  return { dir, db, loaded }
}

describe('loadRecords', () => {
  let dir: string
  let db: Database
  let loaded: LoadResult
  before(async () => {
    ;({ dir, db, loaded } = await loadRegister(rows(), SETTINGS))
  })
  after(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const row = async (id: string) =>
    (await db.jsRows(`SELECT * FROM records WHERE record_id = '${id}'`))[0] as Record<string, unknown>

  test('a birth date in parts makes the date, its year and the derived keys; dates before 1900 are valid', async () => {
    const r = await row('p3')
    assert.deepEqual(
      [r.date_of_birth, r.birth_year, r.dob_year, r.dob_month_day],
      ['1883-04-04', '1883', '1883', '04-04'],
    )
  })

  test('a year alone is kept as the year of birth and the dob_year key', async () => {
    const r = await row('y1')
    assert.deepEqual([r.date_of_birth, r.birth_year, r.dob_year], [null, '1872', '1872'])
    assert.equal(loaded.counts.invalidDate, 1)
    assert.equal((await row('b1')).birth_year, '1872')
  })

  test('a date given for far more people than the others is set aside, with its year and keys, and counted', async () => {
    const r = await row('u7')
    assert.deepEqual([r.date_of_birth, r.birth_year, r.dob_year, r.dob_month_day], [null, null, null, null])
    assert.equal(loaded.counts.placeholderDate, 40 + 3 * 25)
    assert.equal(loaded.counts.distinctPlaceholderDates, 1 + 3)
  })

  test('one day and month over-represented in several years is "day unknown": the year is kept', async () => {
    const r = await row('d1862_3')
    assert.deepEqual(
      [r.date_of_birth, r.birth_year, r.dob_year, r.dob_month_day],
      [null, '1862', '1862', null],
    )
  })

  test("one person's many records on their birth date count once: the date is kept", async () => {
    assert.equal((await row('q9')).date_of_birth, '1880-01-01')
  })

  test('attributes are folded like names into attr_<key> columns', async () => {
    assert.deepEqual(loaded.attributes, ['birth_place', 'occupation'])
    const r = await row('y1')
    assert.deepEqual([r[attrColumn('Birth Place')], r.attr_occupation], ['saint etienne', 'coal miner'])
    assert.equal((await row('p1')).attr_birth_place, null)
  })

  test('rows read back as standardised records with their attributes and year, by JSON and by row', async () => {
    const json = recordJsonSql(loaded.otherIds, loaded.attributes)
    const fromJson = recordFromJson(
      String((await db.rows(`SELECT ${json} AS j FROM records WHERE record_id = 'y1'`))[0]!.j),
    )
    const fromRow = recordFromRow(await row('y1'), loaded.otherIds)
    for (const r of [fromJson, fromRow]) {
      assert.deepEqual(r.attributes, { birth_place: 'saint etienne', occupation: 'coal miner' })
      assert.equal(r.birthYear, '1872')
      assert.equal(columnValue(r, 'attr_birth_place'), 'saint etienne')
      assert.equal(columnValue(r, 'dob_year'), '1872')
    }
    const none = recordFromJson(
      String((await db.rows(`SELECT ${json} AS j FROM records WHERE record_id = 'p1'`))[0]!.j),
    )
    assert.deepEqual(none.attributes, {})
  })
})

describe('loadRecords numbers records in source and row order', () => {
  let dir: string
  let db: Database
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'justid-load-order-'))
    db = await openDatabase()
  })
  after(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test("by sources given, then rows, after records already standardised, whichever source's worker ends first", async () => {
    // The second source is the largest, so it is standardised first; rids still follow the order of the sources.
    const sizes = { a: 2, b: 5, c: 3 }
    const sources = await Promise.all(
      Object.entries(sizes).map(([name, n]) => {
        const file = path.join(dir, `${name}.csv`)
        const lines = Array.from({ length: n }, (_, i) => `${name}${i},ann,${surname(i)},1880-01-0${i + 1}`)
        writeFileSync(file, `id,forename,surname,date_of_birth\n${lines.join('\n')}\n`)
        return openSource({ name, file })
      }),
    )
    const first = await loadRecords(db, [sources[0]!], {
      settings: {},
      nameVariantFiles: [],
      stagingDir: dir,
    })
    const earlier = (await db.jsRows('SELECT * FROM records ORDER BY rid')).map((r) =>
      recordFromRow(r, first.otherIds),
    )
    await loadRecords(db, sources, {
      settings: {},
      nameVariantFiles: [],
      stagingDir: dir,
      threads: 2,
      prestandardised: earlier,
    })
    // Read without ORDER BY: the table itself is in rid order.
    const rows = await db.rows('SELECT rid, record_id FROM records')
    const expected = ['a0', 'a1', 'a0', 'a1', 'b0', 'b1', 'b2', 'b3', 'b4', 'c0', 'c1', 'c2']
    assert.deepEqual(
      rows.map((r) => [r.rid, r.record_id]),
      expected.map((id, rid) => [rid, id]),
    )
  })
})

describe('identifier values held by many people', () => {
  const FORENAMES = ['ann', 'bob', 'carl', 'dave', 'eve', 'fred', 'gail', 'hugh']
  const settings = {
    recordId: 'id',
    columns: { id: 'recordId', first: 'forename', last: 'surname', ni: 'nino', tel: 'phone' },
  } as const
  let dir: string
  let db: Database
  let loaded: LoadResult
  before(async () => {
    const out = ['id,first,last,ni,tel']
    // Eight people given one real-looking NI number for "not known".
    for (const [i, f] of FORENAMES.entries()) out.push(`f${i},${f},${surname(i + 20)},JT482913C,`)
    // One person's four records, the names mistyped or shortened: her own number.
    for (const [i, f] of ['ann', 'anne', 'annie', 'an'].entries())
      out.push(`a${i},${f},${surname(i % 2)},KP120954B,`)
    // A household of six sharing one landline: one surname.
    for (const [i, f] of FORENAMES.slice(0, 6).entries()) out.push(`h${i},${f},${surname(40)},,01632 960123`)
    ;({ dir, db, loaded } = await loadRegister(out, settings))
  })
  after(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const values = async (column: string, prefix: string) =>
    (await db.jsRows(`SELECT ${column} AS v FROM records WHERE record_id LIKE '${prefix}%'`)).map((r) => r.v)

  test("a number given for many people is set aside; one person's, and a household's phone, are kept", async () => {
    assert.deepEqual(await values('nino', 'f'), Array(8).fill(null))
    assert.deepEqual(await values('nino', 'a'), Array(4).fill('KP120954B'))
    assert.equal((await values('phone', 'h')).filter((v) => v !== null).length, 6)
    assert.equal(loaded.counts.sharedIdentifier, 8)
    assert.equal(loaded.counts.distinctSharedIdentifiers, 1)
  })
})
