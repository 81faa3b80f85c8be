import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api'

/**
 * The embedded linkage engine: one DuckDB instance per run. Extensions are never downloaded (the machine has no
 * network beyond package registries), so a missing extension fails at once with DuckDB's own message.
 */
export interface Database {
  run(sql: string): Promise<void>
  rows(sql: string): Promise<Record<string, DuckDBValue>[]>
  /** Rows as plain JavaScript values: lists as arrays, BigInt counts kept as BigInt. */
  jsRows(sql: string): Promise<Record<string, unknown>[]>
  /** A single numeric value, with DuckDB's BigInt counts turned into numbers. */
  scalar(sql: string): Promise<number>
  /** Streams the result in chunks of rows (arrays of values), for results too large to hold as objects. */
  chunks(sql: string): AsyncIterable<DuckDBValue[][]>
  /**
   * Creates a temporary table from columns held in memory (whole numbers, or text with NULL for none), through
   * DuckDB's appender: no SQL text per row, so a million values take a fraction of a second.
   */
  createTableFrom(table: string, columns: Readonly<Record<string, TableColumnValues>>): Promise<void>
  close(): void
}

export type TableColumnValues = Int32Array | readonly (string | null)[]

export interface DatabaseOptions {
  /** A database file for out-of-core work; ':memory:' by default. */
  path?: string
  /** Where DuckDB spills when a join or sort outgrows memory. */
  tempDirectory?: string
  memoryLimit?: string
  threads?: number
}

export const toNumber = (v: DuckDBValue): number => {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number') return v
  if (v === null || v === undefined) return 0
  return Number(String(v))
}

export const openDatabase = async (options: DatabaseOptions = {}): Promise<Database> => {
  const config: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  }
  if (options.tempDirectory) config.temp_directory = options.tempDirectory
  if (options.memoryLimit) config.memory_limit = options.memoryLimit
  if (options.threads) config.threads = String(options.threads)
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config)
  const connection: DuckDBConnection = await instance.connect()
  return {
    async run(sql) {
      await connection.run(sql)
    },
    async rows(sql) {
      const reader = await connection.runAndReadAll(sql)
      return reader.getRowObjects()
    },
    async jsRows(sql) {
      const reader = await connection.runAndReadAll(sql)
      return reader.getRowObjectsJS() as Record<string, unknown>[]
    },
    async scalar(sql) {
      const reader = await connection.runAndReadAll(sql)
      const row = reader.getRows()[0]
      return toNumber(row?.[0] ?? null)
    },
    async *chunks(sql) {
      const result = await connection.stream(sql)
      for (;;) {
        const chunk = await result.fetchChunk()
        if (!chunk || chunk.rowCount === 0) break
        yield chunk.getRows()
      }
    },
    async createTableFrom(table, columns) {
      const entries = Object.entries(columns)
      const types = entries.map(
        ([name, values]) => `${name} ${values instanceof Int32Array ? 'INTEGER' : 'VARCHAR'}`,
      )
      await connection.run(`CREATE OR REPLACE TEMP TABLE ${table} (${types.join(', ')})`)
      const rows = entries[0]?.[1].length ?? 0
      const appender = await connection.createAppender(table)
      for (let i = 0; i < rows; i++) {
        for (const [, values] of entries) {
          const value = values[i]
          if (typeof value === 'number') appender.appendInteger(value)
          else if (typeof value === 'string') appender.appendVarchar(value)
          else appender.appendNull()
        }
        appender.endRow()
      }
      appender.closeSync()
    },
    close() {
      connection.closeSync()
      instance.closeSync()
    },
  }
}

/** Quotes a string as a SQL literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`
