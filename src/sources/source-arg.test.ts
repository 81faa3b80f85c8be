import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JustIdError } from '../core/errors.ts'
import { parseSourceArg } from './source-arg.ts'

test('a source is NAME=FILE, or FILE named by its stem', () => {
  assert.deepEqual(parseSourceArg('data/court.csv'), { name: 'court', file: 'data/court.csv' })
  assert.deepEqual(parseSourceArg('prison=extracts/prison_extract.csv'), {
    name: 'prison',
    file: 'extracts/prison_extract.csv',
  })
  assert.deepEqual(parseSourceArg('probation=a=b.parquet'), { name: 'probation', file: 'a=b.parquet' })
  // A compressed file is named by the stem under its compression, so the run can say it must be decompressed.
  assert.deepEqual(parseSourceArg('data/court.csv.gz'), { name: 'court', file: 'data/court.csv.gz' })
})

test('bad source names and missing files are usage errors', () => {
  for (const arg of ['2024.csv', 'my court=court.csv', '=court.csv', 'court=']) {
    assert.throws(
      () => parseSourceArg(arg),
      (e: unknown) => e instanceof JustIdError && e.code === 'usage' && e.message.includes(arg),
      arg,
    )
  }
})
