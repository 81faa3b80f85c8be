import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { defaultComparisons } from '../model/default-comparisons.ts'
import { defaultGuards } from '../model/guards.ts'
import type { LinkageModel } from '../model/model.ts'
import { columnOf, LIST_FIELDS, SCALAR_FIELDS } from './record-table.ts'
import { scoringSql } from './scoring.ts'
import { duckdbDialect } from './sql/dialect.ts'
import { guardConditionSql } from './sql/guards.ts'

const available = new Set([...SCALAR_FIELDS.map(columnOf), ...LIST_FIELDS.map(columnOf)])
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
})
