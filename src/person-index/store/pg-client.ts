import pg from 'pg'
import {
  type ColumnType,
  chunked,
  type Row,
  type SqlClient,
  type SqlSession,
  type TableSpec,
} from './sql-client.ts'
import { fileRowChunks } from './table-file.ts'

/** Rows per bulk statement: big enough to amortise the round trip, small enough for the parameter arrays. */
const CHUNK_ROWS = 10_000

const arrayType: Record<ColumnType, string> = {
  text: 'text[]',
  bigint: 'bigint[]',
  double: 'double precision[]',
  boolean: 'boolean[]',
}

const INT8_OID = 20

/** BIGINT (and count(*)) as number rather than pg's default string; index sizes stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

const bulkSql = (table: TableSpec, mode: 'insert' | 'upsert'): string => {
  const names = table.columns.map((c) => `"${c.name}"`)
  const arrays = table.columns.map((c, i) => `$${i + 1}::${arrayType[c.type]}`)
  const insert = `INSERT INTO ${table.name} (${names.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`
  if (mode === 'insert') return insert
  const updates = table.columns
    .map((c) => c.name)
    .filter((n) => !table.key.includes(n))
    .map((n) => `"${n}" = EXCLUDED."${n}"`)
  return `${insert} ON CONFLICT (${table.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
}

const session = (run: (sql: string, params?: unknown[]) => Promise<pg.QueryResult>): SqlSession => {
  const insertRows: SqlSession['insertRows'] = async (table, rows, mode) => {
    const sql = bulkSql(table, mode)
    for (const chunk of chunked(rows, CHUNK_ROWS)) {
      const columns = table.columns.map((_, i) => chunk.map((row) => row[i] ?? null))
      await run(sql, columns)
    }
  }
  return {
    async query(sql, params = []) {
      const result = await run(sql, [...params])
      return result.rows as Row[]
    },
    insertRows,
    async insertFile(table, file, mode) {
      for await (const rows of fileRowChunks(table, file, CHUNK_ROWS)) await insertRows(table, rows, mode)
    },
  }
}

export const pgClient = (pool: pg.Pool): SqlClient => {
  const direct = session((sql, params) => pool.query(sql, params))
  return {
    dialect: 'postgres',
    ...direct,
    async transaction(fn) {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        try {
          const result = await fn(session((sql, params) => client.query(sql, params)))
          await client.query('COMMIT')
          return result
        } catch (e) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError
          })
          throw e
        }
      } finally {
        client.release(broken)
      }
    },
    close: () => pool.end(),
  }
}

export const pgPool = (connectionString: string): pg.Pool => new pg.Pool({ connectionString, types, max: 4 })
