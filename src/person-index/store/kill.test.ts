import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { startPostgres, type TestPostgres } from '../../../test/support/postgres.ts'
import { openIndexStore } from './open-store.ts'
import { linkBatch } from './testing/synthetic-batch.ts'

const CHILD = fileURLToPath(new URL('./testing/kill-child.ts', import.meta.url))
const LARGE = 200_000
/** Long enough after "writing" to be inside the transaction, well short of the seconds the batch takes. */
const KILL_AFTER_MS = 250

/** Runs the child, kills it with SIGKILL once it is writing; tells whether it had finished first. */
const killMidWrite = (location: string): Promise<{ finished: boolean; signal: NodeJS.Signals | null }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, location, String(LARGE)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.stdout.on('data', (d) => {
      const before = output
      output += d
      if (!before.includes('writing') && output.includes('writing')) {
        setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS)
      }
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`))
      else resolve({ finished: output.includes('done'), signal })
    })
  })

/** The index holds exactly the small batch, or exactly small plus large: never part of the large one. */
const assertWhole = async (location: string, finished: boolean) => {
  const store = await openIndexStore(location, { create: false })
  try {
    const records = await store.recordCount()
    const expected = finished ? 10 + LARGE : 10
    assert.equal(records, expected)
    assert.equal((await store.persons()).length, expected / 2)
    assert.equal((await store.events()).length, (expected / 2) * 3)
    assert.equal((await store.edges()).length, expected / 2)
  } finally {
    await store.close()
  }
}

const survivesKill = async (location: string) => {
  const store = await openIndexStore(location)
  await store.applyBatch(linkBatch('small', 's', 10))
  await store.close()
  const { finished, signal } = await killMidWrite(location)
  assert.equal(signal, 'SIGKILL')
  assert.equal(finished, false, 'the child finished before the kill: the test did not interrupt a write')
  await assertWhole(location, finished)
}

describe('a writer killed mid-batch leaves the index whole', () => {
  const folder = mkdtempSync(join(tmpdir(), 'justid-kill-'))
  let server: TestPostgres | null = null
  before(async () => {
    server = await startPostgres()
  })
  after(async () => {
    await server?.stop()
    rmSync(folder, { recursive: true, force: true })
  })

  test('embedded DuckDB', () => survivesKill(join(folder, 'index.duckdb')))

  test('PostgreSQL', async (t) => {
    if (!server) return t.skip('no PostgreSQL server binaries on this machine')
    await survivesKill(await server.createDatabase('killed'))
  })
})
