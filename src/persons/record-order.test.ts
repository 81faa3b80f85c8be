import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compareRecordKeys, sortRecordKeys } from './record-order.ts'

test('record keys sort by code point, as DuckDB sorts text, also past U+FFFF', () => {
  // JavaScript's own order puts an emoji (two UTF-16 surrogates) before U+FFFF; DuckDB (UTF-8 bytes) after it.
  const keys = ['court:😀', 'court:\uffff', 'court2:a', 'court:a', 'court:é']
  assert.deepEqual(sortRecordKeys([...keys]), ['court2:a', 'court:a', 'court:é', 'court:\uffff', 'court:😀'])
  assert.ok(compareRecordKeys('court:a', 'court:ab') < 0)
  assert.equal(compareRecordKeys('court:a', 'court:a'), 0)
  // Without such characters the order is JavaScript's own.
  const plain = ['prison:B2', 'court:10', 'court:9', 'probation:a']
  assert.deepEqual(sortRecordKeys([...plain]), [...plain].sort())
})
