import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { JustIdError } from '../../core/errors.ts'
import type { PersonIndexStore } from '../types.ts'
import { duckdbClient } from './duckdb-client.ts'
import { pgClient, pgPool } from './pg-client.ts'
import { ensureSchema } from './schema.ts'
import type { SqlClient } from './sql-client.ts'
import { sqlStore } from './sql-store.ts'

export interface OpenStoreOptions {
  /** Create the schema when the location holds none (default true). */
  create?: boolean
}

const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location)

/** The location for messages: a PostgreSQL URL without its password. */
export const maskLocation = (location: string): string => {
  if (!isPostgresUrl(location)) return location
  try {
    const url = new URL(location)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return location.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')
  }
}

const describeConnectFailure = (e: unknown, url: URL, masked: string): JustIdError => {
  const code = (e as { code?: string }).code
  const where = `${url.hostname || 'localhost'}:${url.port || '5432'}`
  const database = url.pathname.replace(/^\//, '') || '(default)'
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return new JustIdError(
        'usage',
        `cannot connect to PostgreSQL at ${where} (${code}): check the server is running and the address is right`,
      )
    case '28P01':
    case '28000':
      return new JustIdError('usage', `PostgreSQL at ${where} refused the login: check the user and password`)
    case '3D000':
      return new JustIdError('usage', `PostgreSQL at ${where} has no database ${database}: create it first`)
    default:
      return new JustIdError(
        'usage',
        `cannot open the person index at ${masked}: ${(e as Error).message ?? 'unknown error'}`,
      )
  }
}

const openPostgres = async (location: string, masked: string): Promise<SqlClient> => {
  const pool = pgPool(location)
  // Idle connections that the server drops must not crash the process; the next query reports the fault.
  pool.on('error', () => undefined)
  try {
    await pool.query('SELECT 1')
  } catch (e) {
    await pool.end().catch(() => undefined)
    throw describeConnectFailure(e, new URL(location), masked)
  }
  return pgClient(pool)
}

/**
 * DuckDB files carry "DUCK" at byte 8. DuckDB itself will open other files (a CSV, say) as a database that writes
 * nowhere, so a mistyped --index would lose the batch silently.
 */
const isDuckDbFile = (path: string): boolean => {
  if (statSync(path).size === 0) return true
  const fd = openSync(path, 'r')
  try {
    const magic = Buffer.alloc(4)
    readSync(fd, magic, 0, 4, 8)
    return magic.toString('latin1') === 'DUCK'
  } finally {
    closeSync(fd)
  }
}

const openEmbedded = async (file: string, create: boolean): Promise<SqlClient> => {
  const path = resolve(file)
  const folder = dirname(path)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new JustIdError('file_not_found', `the folder for the person index does not exist: ${folder}`)
  }
  if (!create && !existsSync(path)) {
    throw new JustIdError('file_not_found', `there is no person index at ${path}: create one first`)
  }
  if (existsSync(path) && !isDuckDbFile(path)) {
    throw new JustIdError(
      'file_unreadable',
      `${path} is not a person index (not a DuckDB database file): name a new file, or an index written by justid link`,
    )
  }
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(path, {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
  } catch (e) {
    const message = (e as Error).message ?? ''
    if (/lock/i.test(message)) {
      throw new JustIdError(
        'index_in_use',
        `the person index ${path} is in use by another process (justid serve, say): try again when it has stopped, or use a PostgreSQL index to share one`,
      )
    }
    throw new JustIdError('file_unreadable', `cannot open the person index ${path}: ${message}`)
  }
  return duckdbClient(instance, await instance.connect())
}

/**
 * Opens the person index at `location`: a `postgres://` or `postgresql://` URL, or else the path of an embedded
 * DuckDB file. Creates the schema when there is none, unless `create` is false.
 */
export const openIndexStore = async (
  location: string,
  options: OpenStoreOptions = {},
): Promise<PersonIndexStore> => {
  const create = options.create ?? true
  const masked = maskLocation(location)
  const postgres = isPostgresUrl(location)
  const client = postgres ? await openPostgres(location, masked) : await openEmbedded(location, create)
  try {
    await ensureSchema(client, masked, create)
  } catch (e) {
    await client.close().catch(() => undefined)
    throw e
  }
  return sqlStore(client, postgres ? 'postgres' : 'embedded', postgres ? masked : resolve(location))
}
