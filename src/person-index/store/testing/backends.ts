import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import pg from 'pg'
import { startPostgres, type TestPostgres } from '../../../../test/support/postgres.ts'

/** A backend a store suite runs against: a fresh, empty index per call, and SQL run behind the store's back. */
export interface IndexBackend {
  /** The location of an index no one has opened yet. */
  fresh(): Promise<string>
  /**
   * Runs SQL on the index at `location` (its store closed) as a tamperer with full rights would: on PostgreSQL, with
   * the append-only triggers of the audit log switched off around it, as a superuser could.
   */
  raw(location: string, sql: string): Promise<void>
}

/**
 * Declares `suite` once per backend, embedded DuckDB and PostgreSQL, so a store behaves the same on both. The
 * PostgreSQL backend is null (the suite skips) where the server binaries are missing; `server` gives the running
 * server to tests of PostgreSQL alone.
 */
export const eachIndexBackend = (
  name: string,
  suite: (backend: string, get: () => IndexBackend | null) => void,
): { server: () => TestPostgres | null } => {
  const folder = mkdtempSync(join(tmpdir(), `justid-${name}-`))
  let files = 0
  const embedded: IndexBackend = {
    fresh: async () => join(folder, `index-${++files}.duckdb`),
    async raw(location, sql) {
      const instance = await DuckDBInstance.create(location)
      const connection = await instance.connect()
      await connection.run(sql)
      connection.closeSync()
      instance.closeSync()
    },
  }
  let server: TestPostgres | null = null
  let databases = 0
  const postgres: IndexBackend = {
    fresh: () => server!.createDatabase(`${name}_${++databases}`),
    async raw(location, sql) {
      const client = new pg.Client({ connectionString: location })
      await client.connect()
      try {
        await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER')
        await client.query(sql)
        await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER')
      } finally {
        await client.end()
      }
    },
  }
  before(async () => {
    server = await startPostgres()
  })
  after(async () => {
    await server?.stop()
    rmSync(folder, { recursive: true, force: true })
  })
  suite('embedded DuckDB', () => embedded)
  suite('PostgreSQL', () => (server ? postgres : null))
  return { server: () => server }
}
