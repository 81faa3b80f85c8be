import assert from 'node:assert/strict'
import { test } from 'node:test'
import { record } from '../model/testing/records.ts'
import { evidenceOf, type RecordEvidence } from '../persons/evidence.ts'
import { readRecordEvidence } from './clustering.ts'
import { openDatabase } from './database.ts'

test('each record evidence clustering weighs is the same read from the records table as built in memory', async () => {
  // Invented names and identifiers only.
  const records = [
    record({
      forename: 'tao',
      surname: 'yang',
      nameTokens: ['tao', 'yang'],
      aliasNames: ['michael'],
      pnc: '2001/0000001Z',
    }),
    record({
      forename: 'ming',
      surname: 'yang',
      dateOfBirth: '1990-04-02',
      nameTokens: ['ming', 'yang'],
      cro: '000001/01A',
      nino: 'QQ123456C',
    }),
    record({ forename: null, surname: null, nameTokens: ['yang'], aliasNames: ['kevin'] }),
  ]
  const db = await openDatabase()
  try {
    await db.run(
      `CREATE TABLE records (rid INTEGER, forename VARCHAR, name_tokens VARCHAR[], alias_names VARCHAR[],
        date_of_birth VARCHAR, surname VARCHAR, pnc VARCHAR, cro VARCHAR, nino VARCHAR)`,
    )
    const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]::VARCHAR[]`
    const text = (x: string | null) => (x === null ? 'NULL' : `'${x}'`)
    const rows = records.map(
      (r, rid) =>
        `(${rid}, ${text(r.forename)}, ${list(r.nameTokens)}, ${list(r.aliasNames)}, ${text(r.dateOfBirth)}, ` +
        `${text(r.surname)}, ${text(r.pnc)}, ${text(r.cro)}, ${text(r.nino)})`,
    )
    await db.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
    const read = await readRecordEvidence(db)
    records.forEach((r, rid) => {
      const fromSql: RecordEvidence = {
        identifiers: read.identifiers.get(rid) ?? new Map(),
        knownNames: read.knownNames.get(rid) ?? null,
        birthDate: read.birthDates.get(rid) ?? null,
        surname: read.surnames.get(rid) ?? null,
      }
      assert.deepEqual(fromSql, evidenceOf(r), `record ${rid}`)
    })
    assert.deepEqual(read.knownNames.get(0), ['tao', 'tao', 'yang', 'michael'])
    assert.deepEqual(
      read.identifiers.get(1),
      new Map([
        ['cro', '000001/01A'],
        ['nino', 'QQ123456C'],
      ]),
    )
    // Records without a value are absent, not held as empty.
    assert.deepEqual([...read.surnames.keys()], [0, 1])
    assert.deepEqual([...read.identifiers.keys()], [0, 1])
  } finally {
    db.close()
  }
})
