import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import pg from 'pg'
import { openIndexStore } from '../../src/person-index/store/open-store.ts'
import { seedInto } from '../../src/realtime/testing/seed.ts'
import { createClient } from '../../src/serve/clients.ts'
import { type RunningServer, startServer } from '../../src/serve/server.ts'
import { startPostgres, type TestPostgres } from '../support/postgres.ts'

/**
 * #19 item 4: `GET /v1/audit/verify` checks the chain against the latest signed checkpoint, as `justid audit verify`
 * does, and says which checkpoint. On PostgreSQL a superuser can cut the log while the server runs; the chain that
 * is left is self-consistent, so only the checkpoint shows the cut.
 */

let postgres: TestPostgres | null = null
let server: RunningServer | null = null
let location = ''
let admin = ''
let reader = ''
const folder = mkdtempSync(join(tmpdir(), 'justid-verify-endpoint-'))

before(async () => {
  postgres = await startPostgres()
  if (!postgres) return
  location = await postgres.createDatabase('audit_verify')
  const store = await openIndexStore(location)
  await seedInto(store)
  admin = (await createClient(store, { name: 'synthetic admin', scopes: ['admin'] })).token
  reader = (await createClient(store, { name: 'synthetic reader', scopes: ['person:read'] })).token
  await store.close()
  server = await startServer({
    index: location,
    host: '127.0.0.1',
    port: 0,
    auditCheckpoints: join(folder, 'checkpoints'),
  })
})

after(async () => {
  await server?.stop()
  await postgres?.stop()
  rmSync(folder, { recursive: true, force: true })
})

const verify = async () => {
  const res = await fetch(`${server!.url}/v1/audit/verify`, { headers: { authorization: `Bearer ${admin}` } })
  assert.equal(res.status, 200)
  return (await res.json()) as {
    ok: boolean
    entries: number
    firstBadSeq: number | null
    reason: string | null
    checkpoint: { seq: number; hash: string; at: string } | null
  }
}

const read = () =>
  fetch(`${server!.url}/v1/persons?name=Robert%20Ashworth`, {
    headers: { authorization: `Bearer ${reader}`, 'x-purpose': 'synthetic test' },
  }).then((r) => r.status)

/** Waits until the server has signed a checkpoint of at least `seq` entries (signing follows each batch). */
const signedUpTo = async (seq: number) => {
  for (let i = 0; i < 100; i++) {
    const result = await verify()
    if ((result.checkpoint?.seq ?? -1) >= seq) return result
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no checkpoint of ${seq} entries was signed`)
}

test('the endpoint reports the checkpoint it checked, and a log cut after it as broken', async (t) => {
  if (!server) return t.skip('no PostgreSQL server binaries on this machine')
  const fresh = await verify()
  assert.equal(fresh.ok, true)
  assert.equal(fresh.checkpoint?.seq, 0, 'a new checkpoint folder is signed when the server starts')
  for (let i = 0; i < 6; i++) assert.equal(await read(), 200)
  const intact = await signedUpTo(6)
  assert.deepEqual([intact.ok, intact.entries, intact.reason], [true, 6, null])
  assert.ok(Date.parse(intact.checkpoint!.at) <= Date.now())
  assert.match(intact.checkpoint!.hash, /^[0-9a-f]{64}$/)

  // Cut the last two entries, as a superuser with the append-only triggers off would.
  const client = new pg.Client({ connectionString: location })
  await client.connect()
  try {
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER')
    await client.query('DELETE FROM audit_log WHERE seq > 4')
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER')
  } finally {
    await client.end()
  }
  const cut = await verify()
  assert.equal(cut.ok, false)
  assert.equal(cut.entries, 4)
  assert.equal(cut.firstBadSeq, 5)
  assert.match(cut.reason!, /a signed checkpoint holds 6 entries but the log ends at 4/)
  assert.equal(cut.checkpoint?.seq, 6)

  // The server goes on writing after the cut: new entries chain onto the cut log and pass seq 6, but no checkpoint
  // of them is signed, which would hide the cut.
  for (let i = 0; i < 4; i++) assert.equal(await read(), 200)
  await new Promise((r) => setTimeout(r, 300))
  const later = await verify()
  assert.equal(later.ok, false)
  assert.equal(later.checkpoint?.seq, 6)
  assert.match(later.reason!, /differs from a signed checkpoint/)
})
