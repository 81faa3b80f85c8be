import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type Database, openDatabase } from './database.ts'
import { learnGivenNames, learnNameVariants } from './learned-variants.ts'

describe('learning name variants in DuckDB', () => {
  let db: Database
  before(async () => {
    db = await openDatabase()
    await db.run(`CREATE TABLE records (rid INTEGER, source VARCHAR, record_id VARCHAR, forename VARCHAR,
      surname VARCHAR, forename_group VARCHAR, surname_group VARCHAR, pnc VARCHAR)`)
    const rows: string[] = []
    let rid = 0
    const add = (source: string, forename: string, surname: string, pnc: string | null) => {
      rid++
      rows.push(
        `(${rid}, '${source}', 'r${rid}', '${forename}', '${surname}', '${forename}', '${surname}', ${pnc ? `'${pnc}'` : 'NULL'})`,
      )
    }
    // Filler people, one record each, so the names' shares are small.
    for (let i = 0; i < 200; i++) add('court', `name${i}`, `family${i}`, null)
    // Two persons whose PNC-linked records say Tobi and Oluwatobi; one person whose say Kemi and Oluwakemi.
    add('court', 'oluwatobi', 'adeyemi', 'P1')
    add('prison', 'tobi', 'adeyemi', 'P1')
    add('court', 'oluwatobi', 'bakare', 'P2')
    add('prison', 'tobi', 'bakare', 'P2')
    add('court', 'oluwakemi', 'cole', 'P3')
    add('prison', 'kemi', 'cole', 'P3')
    // Two persons whose names one source records the wrong way round: a swap, not a variant.
    add('court', 'joss', 'carter', 'P4')
    add('prison', 'carter', 'joss', 'P4')
    add('court', 'joss', 'carter', 'P5')
    add('prison', 'carter', 'joss', 'P5')
    // Reviewers confirmed a second Kemi/Oluwakemi person, with no PNC.
    add('court', 'oluwakemi', 'dada', null)
    add('probation', 'kemi', 'dada', null)
    await db.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
  })
  after(() => db.close())

  const forenamePairs = async (confirmed: Parameters<typeof learnNameVariants>[2] = []) =>
    (await learnNameVariants(db, new Set(['forename', 'surname', 'forename_group', 'pnc']), confirmed))
      .find((l) => l.column === 'forename')
      ?.variants.map((v) => `${v.a}|${v.b}`)

  test('a pair given by two PNC-linked persons is learned; one person, or names swapped, is not', async () => {
    assert.deepEqual(await forenamePairs(), ['oluwatobi|tobi'])
  })

  test("a reviewer's same-person decision counts as a person giving the pair", async () => {
    const decided = [
      [
        { source: 'court', recordId: 'r211' },
        { source: 'probation', recordId: 'r212' },
      ],
    ] as const
    assert.deepEqual(await forenamePairs(decided), ['kemi|oluwakemi', 'oluwatobi|tobi'])
  })
})

describe('learning the given names of the records in DuckDB', () => {
  let db: Database
  before(async () => {
    db = await openDatabase()
    await db.run('CREATE TABLE records (forename VARCHAR, surname VARCHAR)')
    const rows: string[] = []
    const add = (n: number, forename: string, surname: string) => {
      for (let i = 0; i < n; i++) rows.push(`('${forename}', '${surname}')`)
    }
    // Khalid: a forename of six records and the surname of two (a patronymic recorded as the surname).
    add(6, 'khalid', 'el attar')
    add(2, 'omar', 'khalid')
    // Thomas as often a surname as a forename is still a given name; Carter, more often a surname, is not.
    add(5, 'thomas', 'carter')
    add(5, 'carter', 'thomas')
    add(1, 'jane', 'carter')
    // A typo repeated in a few records, and an initial, are not given names.
    add(4, 'khaild', 'hamdan')
    add(9, 'j', 'hamdan')
    await db.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
  })
  after(() => db.close())

  test('words five or more records give as the forename, and no more as the surname', async () => {
    assert.deepEqual(await learnGivenNames(db, new Set(['forename', 'surname'])), ['khalid', 'thomas'])
  })

  test('nothing without both name columns', async () => {
    assert.deepEqual(await learnGivenNames(db, new Set(['forename'])), [])
  })
})
