import assert from 'node:assert/strict'
import { test } from 'node:test'
import { columnsOf, decodeChunk, encodeChunk } from './columns.ts'

const roundTrip = (rows: object[]) => {
  const columns = columnsOf(rows)
  return decodeChunk(columns, rows.length, encodeChunk(columns, rows))
}

test('rows come back as they were written, field by field and in order (#20 item 3)', () => {
  const rows = [
    {
      source: 'court',
      forename: 'anne',
      surname: null,
      parts: ['o', 'brien'],
      ids: { pnc: '2001/0000001A' },
      seq: 3,
      flagged: false,
      mixed: 1,
    },
    {
      source: 'court',
      forename: 'anne',
      surname: 'o brien',
      parts: [],
      ids: {},
      seq: 2.5,
      flagged: true,
      mixed: 'x',
    },
    // A field a row lacks stays lacking; another holds null.
    { source: 'prison', parts: ['smith'], ids: {}, seq: null, flagged: null, mixed: null },
  ]
  const back = roundTrip(rows)
  assert.deepEqual(back, rows)
  assert.deepEqual(Object.keys(back[0]!), Object.keys(rows[0]!))
  assert.equal('forename' in back[2]!, false)
})

test('any text survives: letters past one byte, a lone surrogate, an empty text (#20 item 3)', () => {
  const rows = [{ name: 'Zoë' }, { name: 'Łukasz 李' }, { name: '\ud800x' }, { name: '' }]
  assert.deepEqual(roundTrip(rows), rows)
  assert.deepEqual(roundTrip([{ name: 'Zoë' }]), [{ name: 'Zoë' }])
})

test('a text repeated across rows is one string, and empty lists are shared but cannot be changed (#20 item 3)', () => {
  const rows = [
    { surname: 'smith', tokens: [] as string[] },
    { surname: 'smith', tokens: [] as string[] },
  ]
  const columns = columnsOf(rows)
  const chunk = encodeChunk(columns, rows)
  assert.equal(chunk.strings.toString('latin1'), 'smith')
  const back = decodeChunk<{ tokens: string[] }>(columns, 2, chunk)
  assert.throws(() => back[0]!.tokens.push('changed'), TypeError)
})

test('a damaged or cut chunk is refused, never read as other rows (#20 item 3)', () => {
  const rows = [
    { a: 'x', list: ['y', 'z'] },
    { a: 'w', list: [] },
  ]
  const columns = columnsOf(rows)
  const good = encodeChunk(columns, rows)
  const cut = { ...good, ints: good.ints.subarray(0, good.ints.length - 1) }
  assert.throws(() => decodeChunk(columns, 2, cut), /ends early|holds more|damaged|does not hold/)
  const longer = Int32Array.from([...good.ints, 0])
  assert.throws(() => decodeChunk(columns, 2, { ...good, ints: longer }), /holds more/)
  const named = Int32Array.from(good.ints)
  named[named.length - 1] = 999
  assert.throws(() => decodeChunk(columns, 2, { ...good, ints: named }), /does not hold/)
  assert.throws(() => decodeChunk([{ name: 'a b', kind: 'text' }], 2, good), /unusable name/)
})
