import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { IndexBatch } from '../../types.ts'
import { duckdbClient } from '../duckdb-client.ts'
import { edgeRow, recordRow } from '../rows.ts'
import { tables } from '../schema.ts'
import type { TableSpec } from '../sql-client.ts'
import { fileLiteral } from '../table-file.ts'

/** The batch with its records and edges moved into Parquet files in `dir`, as a batch link hands them over. */
export const withBatchFiles = async (batch: IndexBatch, dir: string): Promise<IndexBatch> => {
  const instance = await DuckDBInstance.create(':memory:')
  const client = duckdbClient(instance, await instance.connect())
  const write = async (table: TableSpec, rows: unknown[][]) => {
    const columns = table.columns.map((c) => `"${c.name}" ${c.type === 'double' ? 'DOUBLE' : 'VARCHAR'}`)
    await client.query(`CREATE TABLE ${table.name} (${columns.join(', ')})`)
    await client.insertRows(table, rows, 'insert')
    const file = join(dir, `${batch.id}-${table.name}.parquet`)
    await client.query(`COPY ${table.name} TO ${fileLiteral(file)} (FORMAT parquet)`)
    return { path: file, rows: rows.length }
  }
  try {
    const records = await write(
      tables.records,
      batch.upsertRecords.map((r) => recordRow({ ...r, entered: r.entered ?? null })),
    )
    const edges = await write(tables.edges, batch.edges.map(edgeRow))
    return { ...batch, upsertRecords: [], edges: [], files: { records, edges } }
  } finally {
    await client.close()
  }
}
