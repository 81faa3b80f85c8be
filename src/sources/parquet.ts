import type { DuckDBConnection } from '@duckdb/node-api'
import { DuckDBInstance } from '@duckdb/node-api'
import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import type { SourceLayout } from './layout.ts'
import { toPersonRecord } from './person-record.ts'
import { recordIdCheck } from './record-ids.ts'

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`
const sqlName = (s: string): string => `"${s.replaceAll('"', '""')}"`

/** A private in-memory DuckDB; extensions are never fetched, so a missing one fails at once. */
const openMemoryDatabase = async () => {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  const connection = await instance.connect()
  return {
    connection,
    close(): void {
      connection.closeSync()
      instance.closeSync()
    },
  }
}

const unreadable = (file: string, e: unknown): JustIdError =>
  new JustIdError(
    'file_unreadable',
    `${file}: not a readable Parquet file (${e instanceof Error ? e.message : String(e)}); ` +
      'check that it was written completely',
  )

/** The column names of a Parquet file. */
export const readParquetHeader = async (file: string): Promise<string[]> => {
  const db = await openMemoryDatabase()
  try {
    const reader = await db.connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`,
    )
    return reader.getRowObjects().map((row) => String(row.column_name))
  } catch (e) {
    throw unreadable(file, e)
  } finally {
    db.close()
  }
}

/** The first `limit` rows of a Parquet file as text, for sampling column values. */
export async function* parquetSampleRows(
  file: string,
  headers: readonly string[],
  limit: number,
): AsyncGenerator<string[]> {
  const { connection, close } = await openMemoryDatabase()
  const select = headers.map((h) => `${sqlName(h)}::VARCHAR`).join(', ')
  try {
    let result: Awaited<ReturnType<DuckDBConnection['stream']>>
    try {
      result = await connection.stream(
        `SELECT ${select} FROM read_parquet(${sqlString(file)}) LIMIT ${limit}`,
      )
    } catch (e) {
      throw unreadable(file, e)
    }
    for (;;) {
      const chunk = await result.fetchChunk().catch((e: unknown) => {
        throw unreadable(file, e)
      })
      if (!chunk || chunk.rowCount === 0) break
      for (const row of chunk.getRows()) yield row.map((v) => (v === null ? '' : String(v)))
    }
  } finally {
    close()
  }
}

/** Streams the records of a Parquet file in batches; every column is read as text, as a CSV's would be. */
export async function* parquetBatches(
  file: string,
  source: string,
  layout: SourceLayout,
  size: number,
  counted: (rows: number) => void,
): AsyncGenerator<PersonRecord[]> {
  const { connection, close } = await openMemoryDatabase()
  const check = recordIdCheck(file, layout, 'row')
  const select = layout.columns.map((c) => `${sqlName(c.header)}::VARCHAR`).join(', ')
  let rows = 0
  let batch: PersonRecord[] = []
  try {
    let result: Awaited<ReturnType<DuckDBConnection['stream']>>
    try {
      result = await connection.stream(`SELECT ${select} FROM read_parquet(${sqlString(file)})`)
    } catch (e) {
      throw unreadable(file, e)
    }
    for (;;) {
      let chunk: Awaited<ReturnType<typeof result.fetchChunk>>
      try {
        chunk = await result.fetchChunk()
      } catch (e) {
        throw unreadable(file, e)
      }
      if (!chunk || chunk.rowCount === 0) break
      for (const row of chunk.getRows()) {
        const values = row.map((v) => (v === null ? '' : String(v)))
        const person = toPersonRecord(source, values, layout)
        rows++
        check(person, rows, rows)
        batch.push(person)
        if (batch.length >= size) {
          counted(rows)
          yield batch
          batch = []
        }
      }
    }
  } finally {
    close()
  }
  counted(rows)
  if (rows === 0) throw new JustIdError('empty_file', `${file} has no records`)
  if (batch.length > 0) yield batch
}
