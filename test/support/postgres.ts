import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

export interface TestPostgres {
  /** A database made for the caller. */
  url: string
  /** Makes another empty database on the same server, for a suite that wants a fresh one. */
  createDatabase(name: string): Promise<string>
  stop(): Promise<void>
}

const binDir = (): string | null => {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : null
}

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })

const postgresIds = async (): Promise<{ uid: number; gid: number }> => {
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim())
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim())
  return { uid, gid }
}

/**
 * A throwaway PostgreSQL cluster on a free loopback port, with trust auth, in a fresh temp folder. Null when the
 * server binaries are missing (tests then skip), unless JUSTID_REQUIRE_POSTGRES=1, when that is an error.
 */
export const startPostgres = async (): Promise<TestPostgres | null> => {
  const bin = binDir()
  if (!bin) {
    if (process.env.JUSTID_REQUIRE_POSTGRES === '1') {
      throw new Error('JUSTID_REQUIRE_POSTGRES=1 but no /usr/lib/postgresql/*/bin/initdb: install postgresql')
    }
    return null
  }
  const folder = mkdtempSync(join(tmpdir(), 'justid-pg-'))
  const data = join(folder, 'data')
  // initdb refuses to run as root: run the server tools as the postgres user, in a folder it owns.
  const asRoot = userInfo().uid === 0
  if (asRoot) {
    const { uid, gid } = await postgresIds()
    chownSync(folder, uid, gid)
  }
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args]) : run(join(bin, name), args)
  const port = await freePort()
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
  try {
    await tool('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ])
    await tool('pg_ctl', ['-D', data, '-o', options, '-l', join(folder, 'server.log'), '-w', 'start'])
  } catch (e) {
    rmSync(folder, { recursive: true, force: true })
    throw e
  }
  const base = `postgres://postgres@127.0.0.1:${port}`
  const createDatabase = async (name: string): Promise<string> => {
    const client = new pg.Client({ connectionString: `${base}/postgres` })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    return `${base}/${name}`
  }
  return {
    url: await createDatabase('justid_test'),
    createDatabase,
    async stop() {
      await tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
      rmSync(folder, { recursive: true, force: true })
    },
  }
}
