import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import type { ClusterResult } from '../persons/cluster.ts'
import { openDatabase } from './database.ts'
import { writeClustersCsv } from './outputs.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-outputs-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const clustering = (): ClusterResult => ({
  cluster: Int32Array.from([0, 0, 1]),
  clusters: 2,
  flags: [],
  refusedMerges: 0,
})

describe('CSV outputs', () => {
  test('clusters.csv keeps its header and column order, quoting only the keys that need it', async () => {
    const db = await openDatabase()
    try {
      await db.run(`CREATE TABLE records AS SELECT * FROM (VALUES
        (0, 'court', 'C1'), (1, 'court', 'C,2'), (2, 'prison', 'say "P3"\nnext')) t(rid, source, record_id)`)
      const file = path.join(dir, 'clusters.csv')
      await writeClustersCsv(db, clustering(), file)
      assert.equal(
        readFileSync(file, 'utf8'),
        'source,record_id,person_id\ncourt,C1,P0000001\ncourt,"C,2",P0000001\nprison,"say ""P3""\nnext",P0000002\n',
      )
      await writeClustersCsv(db, clustering(), file, (rid) => (rid === 2 ? undefined : `J${rid}`))
      assert.deepEqual(parse(readFileSync(file, 'utf8')), [
        ['source', 'record_id', 'person_id', 'justice_id'],
        ['court', 'C1', 'P0000001', 'J0'],
        ['court', 'C,2', 'P0000001', 'J1'],
        ['prison', 'say "P3"\nnext', 'P0000002', ''],
      ])
      // Ten million persons and more: the run-local id grows beyond seven digits instead of being cut.
      await writeClustersCsv(
        db,
        { ...clustering(), cluster: Int32Array.from([0, 9_999_999, 12_345_677]) },
        file,
      )
      assert.deepEqual(
        parse(readFileSync(file, 'utf8')).map((row: string[]) => row[2]),
        ['person_id', 'P0000001', 'P10000000', 'P12345678'],
      )
    } finally {
      db.close()
    }
  })
})
