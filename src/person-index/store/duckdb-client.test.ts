import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { DuckDBInstance } from '@duckdb/node-api'
import { duckdbClient } from './duckdb-client.ts'
import type { TableSpec } from './sql-client.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const things: TableSpec = { name: 'things', columns: [{ name: 'id', type: 'bigint' }], key: ['id'] }

test('a failed bulk insert keeps its own error and leaves nothing that breaks a later transaction', async () => {
  const instance = await DuckDBInstance.create(':memory:')
  const client = duckdbClient(instance, await instance.connect())
  await client.query('CREATE TABLE things (id BIGINT PRIMARY KEY)')
  await assert.rejects(
    client.transaction((tx) => tx.insertRows(things, [[1], [1]], 'insert')),
    /constraint/i,
  )
  // The collector runs while the next transaction is open, as it may at any moment in a busy process.
  await client.transaction(async (tx) => {
    for (let i = 0; i < 3; i++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await tx.insertRows(things, [[2]], 'insert')
  })
  assert.deepEqual(await client.query('SELECT id FROM things'), [{ id: 2 }])
  await client.close()
})

test('many rows, written through a file, read back as they were given, odd values and all', async () => {
  const instance = await DuckDBInstance.create(':memory:')
  const client = duckdbClient(instance, await instance.connect())
  const table: TableSpec = {
    name: 'mixed',
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'name', type: 'text' },
      { name: 'weight', type: 'double' },
      { name: 'flag', type: 'boolean' },
    ],
    key: ['id'],
  }
  await client.query('CREATE TABLE mixed (id BIGINT PRIMARY KEY, name TEXT, weight DOUBLE, flag BOOLEAN)')
  const odd = ['', 'a "quoted"\nline', 'back\\slash', 'naïve 名前 😀', '{"json":1}', null]
  const weights = [0.1 + 0.2, -Infinity, Infinity, 12.5, -1e-300, null]
  const rows = Array.from({ length: 20_000 }, (_, i) => [
    i,
    odd[i % odd.length] ?? null,
    weights[i % weights.length] ?? null,
    i % 3 === 0 ? null : i % 3 === 1,
  ])
  await client.transaction((tx) => tx.insertRows(table, rows, 'insert'))
  const back = await client.query('SELECT * FROM mixed ORDER BY id')
  assert.deepEqual(
    back.map((r) => [r.id, r.name, r.weight, r.flag]),
    rows,
  )
  // An upsert of as many rows replaces them by key.
  await client.transaction((tx) =>
    tx.insertRows(
      table,
      rows.map(([id]) => [id, 'again', 1, true]),
      'upsert',
    ),
  )
  assert.deepEqual(await client.query(`SELECT count(*) AS n FROM mixed WHERE name = 'again'`), [
    { n: 20_000 },
  ])
  await client.close()
})
