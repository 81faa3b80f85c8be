/**
 * The little SQL both index backends speak: `$n` positional parameters, TEXT / BIGINT / DOUBLE PRECISION /
 * BOOLEAN columns, timestamps as ISO text. Rows come back as plain JavaScript values (counts as numbers).
 */
export type Row = Record<string, unknown>

export type ColumnType = 'text' | 'bigint' | 'double' | 'boolean'

export interface TableColumn {
  name: string
  type: ColumnType
}

/** A table as the bulk writer sees it: columns in the table's own order, and the key an upsert replaces on. */
export interface TableSpec {
  name: string
  columns: readonly TableColumn[]
  key: readonly string[]
}

export interface SqlSession {
  /** Array parameters are text arrays (`$1::TEXT[]`); anything else is a scalar. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>
  /**
   * Writes many rows fast, each an array of values in `table.columns` order. `upsert` replaces rows with the
   * same key; a key repeated within `rows` is an error.
   */
  insertRows(
    table: TableSpec,
    rows: readonly (readonly unknown[])[],
    mode: 'insert' | 'upsert',
  ): Promise<void>
  /** `insertRows` of the rows of a Parquet file whose columns are the table's, in order. */
  insertFile(table: TableSpec, file: string, mode: 'insert' | 'upsert'): Promise<void>
}

export interface SqlClient extends SqlSession {
  readonly dialect: 'duckdb' | 'postgres'
  /** Runs `fn` between BEGIN and COMMIT; ROLLBACK when it throws, and the error goes on. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** BigInt (DuckDB counts and BIGINT columns) as number: index sizes and sequence numbers stay well below 2^53. */
export const plainValue = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v)

export const chunked = function* <T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}
