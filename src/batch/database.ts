import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, type DuckDBVector } from '@duckdb/node-api'
import { JustIdError } from '../core/errors.ts'

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
   * Streams the result in chunks of columns, each value read where it lies: no array per row, so millions of rows
   * of numbers cost a fraction of what `chunks` does (a million pairs: about a second less).
   */
  columnChunks(sql: string): AsyncIterable<ColumnChunk>
  /**
   * Creates a temporary table from columns held in memory (whole numbers, or text with NULL for none), through
   * DuckDB's appender: no SQL text per row, so a million values take a fraction of a second.
   */
  createTableFrom(table: string, columns: Readonly<Record<string, TableColumnValues>>): Promise<void>
  /** Bytes DuckDB holds now, in memory and in temporary files (its buffer manager's count). */
  memoryInUse(): Promise<number>
  /** The most bytes of temporary files the watchdog has seen (0 without a temporary directory). */
  peakTempBytes(): number
  close(): void
}

export type TableColumnValues = Int32Array | readonly (string | null)[]

/** A chunk of a result by column: `columns[c].getItem(row)` for row below `rows`. */
export interface ColumnChunk {
  rows: number
  columns: readonly DuckDBVector[]
}

export interface DatabaseOptions {
  /** A database file for out-of-core work; ':memory:' by default. */
  path?: string
  /** Where DuckDB spills when a join or sort outgrows memory. */
  tempDirectory?: string
  memoryLimit?: string
  threads?: number
  /**
   * The most bytes of temporary files: DuckDB is told (max_temp_directory_size), and as it does not hold its
   * in-memory tables to it (1.5: 630 MB written under a 20 MB limit), a watchdog measures the folder every
   * TEMP_WATCH_MS and interrupts the query that passes it.
   */
  maxTempBytes?: number
  /** The message of the error a query stopped by the watchdog fails with. */
  tempExceededMessage?: string
}

/** How often the watchdog measures the temporary folder: a 2-core machine spills well under 1 GB a second. */
export const TEMP_WATCH_MS = 500

/** Bytes of the files in a folder (DuckDB's temporary files lie flat in it); 0 when it does not exist yet. */
const folderBytes = async (dir: string): Promise<number> => {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return 0
  }
  let total = 0
  for (const name of names)
    total += await stat(path.join(dir, name)).then(
      (s) => s.size,
      () => 0,
    )
  return total
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
  if (options.maxTempBytes !== undefined)
    config.max_temp_directory_size = `${Math.floor(options.maxTempBytes)}B`
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config)
  const connection: DuckDBConnection = await instance.connect()
  let peakTemp = 0
  let exceeded = false
  const { tempDirectory, maxTempBytes } = options
  const watchdog =
    tempDirectory === undefined
      ? undefined
      : setInterval(() => {
          void folderBytes(tempDirectory).then((used) => {
            peakTemp = Math.max(peakTemp, used)
            if (maxTempBytes !== undefined && used > maxTempBytes && !exceeded) {
              exceeded = true
              connection.interrupt()
            }
          })
        }, TEMP_WATCH_MS)
  watchdog?.unref()
  // A query the watchdog interrupted fails with DuckDB's "Interrupted"; the caller learns why.
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    if (exceeded) throw tempExceeded()
    try {
      return await work()
    } catch (e) {
      throw exceeded ? tempExceeded() : e
    }
  }
  const tempExceeded = () =>
    new JustIdError(
      'resources_exceeded',
      options.tempExceededMessage ??
        `DuckDB's temporary files passed their limit of ${maxTempBytes} bytes: the run was stopped`,
    )
  return {
    run: (sql) => guarded(async () => void (await connection.run(sql))),
    rows: (sql) => guarded(async () => (await connection.runAndReadAll(sql)).getRowObjects()),
    jsRows: (sql) =>
      guarded(
        async () => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
      ),
    scalar: (sql) =>
      guarded(async () => toNumber((await connection.runAndReadAll(sql)).getRows()[0]?.[0] ?? null)),
    async *chunks(sql) {
      const result = await guarded(() => connection.stream(sql))
      for (;;) {
        const chunk = await guarded(() => result.fetchChunk())
        if (!chunk || chunk.rowCount === 0) break
        yield chunk.getRows()
      }
    },
    async *columnChunks(sql) {
      const result = await guarded(() => connection.stream(sql))
      for (;;) {
        const chunk = await guarded(() => result.fetchChunk())
        if (!chunk || chunk.rowCount === 0) break
        yield {
          rows: chunk.rowCount,
          columns: Array.from({ length: chunk.columnCount }, (_, c) => chunk.getColumnVector(c)),
        }
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
    memoryInUse: () =>
      guarded(async () =>
        toNumber(
          (
            await connection.runAndReadAll(
              'SELECT coalesce(sum(memory_usage_bytes + temporary_storage_bytes), 0) FROM duckdb_memory()',
            )
          ).getRows()[0]?.[0] ?? null,
        ),
      ),
    peakTempBytes: () => peakTemp,
    close() {
      clearInterval(watchdog)
      connection.closeSync()
      instance.closeSync()
    },
  }
}

/** Quotes a string as a SQL literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`
