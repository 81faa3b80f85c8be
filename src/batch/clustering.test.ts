import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { GuardConstraint } from '../model/model.ts'
import { record } from '../model/testing/records.ts'
import { type EvidenceBySlot, evidenceBySlot, evidenceOf } from '../persons/evidence.ts'
import { relink } from '../persons/relink.ts'
import { clusterScoredPairs, readEvidenceOfRids, readRecordEvidence } from './clustering.ts'
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
    const inMemory = evidenceBySlot(records.length, (rid) => evidenceOf(records[rid]!))
    for (let rid = 0; rid < records.length; rid++)
      assert.deepEqual(textOf(read, rid), textOf(inMemory, rid), `record ${rid}`)
    assert.deepEqual(textOf(read, 0).knownNames, ['tao', 'tao', 'yang', 'michael'])
    // Identifiers are numbers, equal where the values are: the same records share one, or give none, both ways.
    for (const [k, values] of read.identifiers.entries())
      for (let x = 0; x < records.length; x++)
        for (let y = 0; y < records.length; y++) {
          const given = (e: EvidenceBySlot, r: number) => e.identifiers[k]![r]! >= 0
          assert.equal(given(read, x), given(inMemory, x))
          assert.equal(values[x] === values[y], inMemory.identifiers[k]![x] === inMemory.identifiers[k]![y])
        }
    // The reader for a few records gives the text itself, as evidenceOf does.
    const few = await readEvidenceOfRids(db, new Set([1, 2]))
    assert.deepEqual([...few.keys()].sort(), [1, 2])
    assert.deepEqual(few.get(1), evidenceOf(records[1]!))
    assert.deepEqual(few.get(2), evidenceOf(records[2]!))
  } finally {
    db.close()
  }
})

/** A record's names, surname and birth date as text, from evidence by slot. */
const textOf = (e: EvidenceBySlot, slot: number) => ({
  knownNames:
    e.nameCount[slot]! > 0
      ? Array.from(e.nameOf.subarray(e.nameAt[slot], e.nameAt[slot]! + e.nameCount[slot]!), (n) => e.names[n])
      : null,
  surname: e.surname[slot]! >= 0 ? e.surnames[e.surname[slot]!] : null,
  birthDate: e.birthDate[slot]! >= 0 ? e.dates[e.birthDate[slot]!] : null,
})

test('a plain run and relink decide the same persons, whatever the order of rows in the sources', async () => {
  // A court record pairs equally well with two probation records of one person entered twice under different PNCs
  // (invented ones): it can join only one of them, and which one must not depend on the order rows were read in.
  // The probation rows come in the reverse of their key order, as a source's rows may.
  const rows = [
    { key: 'court:C1', pnc: null },
    { key: 'probation:P2', pnc: '2001/0000002A' },
    { key: 'probation:P1', pnc: '2001/0000001Z' },
  ]
  const pairs: [string, string, number][] = [
    ['court:C1', 'probation:P2', 20],
    ['court:C1', 'probation:P1', 20],
    ['probation:P1', 'probation:P2', 30],
  ]
  const thresholds = { join: 2, fracture: 0, strong: 7 }
  const guards = new Map<string, GuardConstraint>()
  const personsOf = (members: Iterable<[string, unknown]>) => {
    const byPerson = new Map<unknown, string[]>()
    for (const [key, person] of members) byPerson.set(person, [...(byPerson.get(person) ?? []), key])
    return [...byPerson.values()].map((m) => m.sort().join('|')).sort()
  }
  const plainRun = async (order: readonly number[]) => {
    const db = await openDatabase()
    try {
      await db.run(
        `CREATE TABLE records (rid INTEGER, source VARCHAR, record_id VARCHAR, forename VARCHAR,
          name_tokens VARCHAR[], alias_names VARCHAR[], date_of_birth VARCHAR, surname VARCHAR, pnc VARCHAR,
          cro VARCHAR, nino VARCHAR)`,
      )
      const ridOf = new Map(order.map((row, rid) => [rows[row]!.key, rid]))
      const values = order.map((row, rid) => {
        const { key, pnc } = rows[row]!
        const [source, id] = key.split(':')
        return `(${rid}, '${source}', '${id}', NULL, []::VARCHAR[], []::VARCHAR[], NULL, NULL, ${pnc === null ? 'NULL' : `'${pnc}'`}, NULL, NULL)`
      })
      await db.run(`INSERT INTO records VALUES ${values.join(', ')}`)
      await db.run('CREATE TABLE scored (rid_l INTEGER, rid_r INTEGER, match_weight DOUBLE, guard VARCHAR)')
      const scored = pairs.map(([l, r, w]) => {
        const [a, b] = [ridOf.get(l)!, ridOf.get(r)!].sort((x, y) => x - y)
        return `(${a}, ${b}, ${w}, NULL)`
      })
      await db.run(`INSERT INTO scored VALUES ${scored.join(', ')}`)
      const { result } = await clusterScoredPairs(db, rows.length, { thresholds, guards })
      return personsOf(order.map((row, rid): [string, unknown] => [rows[row]!.key, result.cluster[rid]]))
    } finally {
      db.close()
    }
  }
  const relinked = relink({
    records: rows.map((r) => r.key),
    edges: pairs.map(([left, right, weight]) => ({ left, right, weight, guard: null })),
    previous: new Map(),
    persons: new Map(),
    evidence: new Map(
      rows.map((r) => [
        r.key,
        {
          identifiers: new Map(r.pnc === null ? [] : [['pnc', r.pnc]]),
          knownNames: null,
          birthDate: null,
          surname: null,
        },
      ]),
    ),
    thresholds,
    guards,
    batchId: 'b',
    at: '2026-01-01T00:00:00Z',
    newJusticeId: (() => {
      let n = 0
      return () => `NEW-${++n}`
    })(),
  })
  const expected = ['court:C1|probation:P1', 'probation:P2']
  assert.deepEqual(personsOf(relinked.assignments), expected)
  assert.deepEqual(await plainRun([0, 1, 2]), expected)
  assert.deepEqual(await plainRun([2, 0, 1]), expected)
  assert.deepEqual(await plainRun([1, 2, 0]), expected)
})
