import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { columnOfField } from '../core/column-names.ts'
import { defaultComparisons } from '../model/default-comparisons.ts'
import { defaultGuards } from '../model/guards.ts'
import type { LinkageModel } from '../model/model.ts'
import { openDatabase } from './database.ts'
import { LIST_FIELDS, SCALAR_FIELDS } from './record-table.ts'
import { scoringSql } from './scoring.ts'
import { duckdbDialect } from './sql/dialect.ts'
import { guardConditionSql } from './sql/guards.ts'

const available = new Set([...SCALAR_FIELDS.map(columnOfField), ...LIST_FIELDS.map(columnOfField)])
const model: LinkageModel = {
  version: 1,
  prior: 1e-4,
  comparisons: defaultComparisons(available),
  guards: defaultGuards(available),
  blockingRules: [],
  thresholds: { match: 0.7, reviewLow: 0.5 },
}

describe('scoring SQL', () => {
  // The guards hold the costliest tests (edit distances over name lists): the capped weight and the guard's name
  // come from one evaluation, not one each.
  test('tests each guard once per pair', () => {
    const sql = scoringSql(model, 'SELECT rid_l, rid_r, rule FROM candidates')
    assert.ok(model.guards.length > 0)
    for (const guard of model.guards)
      assert.equal(sql.split(guardConditionSql(guard, duckdbDialect)).length - 1, 1, guard.name)
  })

  // The report scores a sample of records against themselves: from a table of those records alone, not all of them.
  test('reads the records from the table it is given', async () => {
    const db = await openDatabase()
    try {
      await db.run(
        "CREATE TABLE sample_records AS SELECT * FROM (VALUES (1, 'okafor'), (2, NULL)) t(rid, surname)",
      )
      const one: LinkageModel = {
        ...model,
        comparisons: [
          {
            name: 'surname',
            description: 'surname',
            levels: [
              { label: 'null', condition: { kind: 'null', columns: ['surname'] }, isNull: true },
              { label: 'exact', condition: { kind: 'exact', column: 'surname' }, m: 0.8, u: 0.1 },
              { label: 'else', condition: { kind: 'else' }, m: 0.2, u: 0.9 },
            ],
          },
        ],
        guards: [],
      }
      const pairs = 'SELECT rid AS rid_l, rid AS rid_r, NULL AS rule FROM sample_records'
      const rows = await db.rows(
        `SELECT rid_l, gamma_surname FROM (${scoringSql(one, pairs, duckdbDialect, 'sample_records')}) ORDER BY 1`,
      )
      assert.deepEqual(
        rows.map((r) => [r.rid_l, r.gamma_surname]),
        [
          [1, 1],
          [2, -1],
        ],
      )
    } finally {
      db.close()
    }
  })
})
