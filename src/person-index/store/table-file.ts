import { DuckDBInstance } from '@duckdb/node-api'
import { plainValue, type TableSpec } from './sql-client.ts'

/** A file name as a SQL string literal. */
export const fileLiteral = (file: string): string => `'${file.replaceAll("'", "''")}'`

/** The table's columns read by name from a Parquet file, in the table's order. */
export const fileRowsSql = (table: TableSpec, file: string): string =>
  `SELECT ${table.columns.map((c) => `"${c.name}"`).join(', ')} FROM read_parquet(${fileLiteral(file)})`

/**
 * The rows of a Parquet file of the table's columns, `size` at a time, as plain values in column order: for a store
 * that cannot read the file itself (PostgreSQL), through an embedded DuckDB of its own.
 */
export const fileRowChunks = async function* (
  table: TableSpec,
  file: string,
  size: number,
): AsyncIterable<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  const connection = await instance.connect()
  try {
    const result = await connection.stream(fileRowsSql(table, file))
    let rows: unknown[][] = []
    for (;;) {
      const chunk = await result.fetchChunk()
      if (!chunk || chunk.rowCount === 0) break
      for (const row of chunk.getRows()) rows.push(row.map(plainValue))
      if (rows.length >= size) {
        yield rows
        rows = []
      }
    }
    if (rows.length > 0) yield rows
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
