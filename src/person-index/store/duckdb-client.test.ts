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
