import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { ONE_EDIT_KEYS } from '../blocking/plan.ts'
import { openSource } from '../sources/index.ts'
import { planCandidatePairs } from './blocking.ts'
import { openDatabase } from './database.ts'
import { loadRecords } from './load-records.ts'
import { populatedColumns, recordColumns } from './record-table.ts'

const RECORDS = 52_000

/** Invented names: letters from a seeded generator, six to nine of them. */
const names = (seed: number) => {
  let state = seed
  return (): string => {
    let name = ''
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    const length = 6 + (state % 4)
    for (let i = 0; i < length; i++) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
      name += String.fromCharCode(97 + (state % 26))
    }
    return name
  }
}

test('in a file of more than 50,000 records, an undated record with a typo in each name meets its person by the names one typo apart', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'justid-blocking-scale-'))
  const db = await openDatabase()
  try {
    const name = names(7)
    // One record in ten lacks its birth date, as in heavily corrupted extracts; every other name is unique.
    const rows = ['id,forename,surname,dob,sex']
    for (let i = 0; i < RECORDS - 2; i++)
      rows.push(
        `r${i},${name()},${name()},${i % 10 === 0 ? '' : `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`},f`,
      )
    // The pair: each name one letter wrong, the sounds and the first and last three letters of both names changed,
    // one of them undated, nothing else in common but the sex.
    rows.push('a,marguerite,oyelaranwo,,f', 'b,mazguerite,oyelaranvo,1990-05-17,f')
    const file = path.join(dir, 'register.csv')
    writeFileSync(file, `${rows.join('\n')}\n`)
    const settings = {
      recordId: 'id',
      columns: { id: 'recordId', forename: 'forename', surname: 'surname', dob: 'dateOfBirth', sex: 'sex' },
    } as const
    const source = await openSource({ name: 'register', file }, settings)
    await loadRecords(db, [source], {
      settings: { register: settings },
      nameVariantFiles: [],
      stagingDir: dir,
      threads: 1,
    })
    const columns = await recordColumns(db)
    const { rules } = await planCandidatePairs(db, {
      records: RECORDS,
      comparablePairs: (RECORDS * (RECORDS - 1)) / 2,
      columns,
      available: await populatedColumns(db, columns),
      otherIdColumns: [],
      maxPairsPerRule: 50_000_000,
    })
    const found = await db.rows(`SELECT c.rule FROM candidates c
      JOIN records l ON l.rid = c.rid_l JOIN records r ON r.rid = c.rid_r
      WHERE l.record_id = 'a' AND r.record_id = 'b'`)
    assert.equal(found.length, 1, 'the pair is not among the candidates')
    const by = rules[Number(found[0]?.rule)]!
    assert.ok(
      by.keys.some((k) => ONE_EDIT_KEYS.has(k)),
      `found by ${by.name}, not by the names one typo apart`,
    )
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
