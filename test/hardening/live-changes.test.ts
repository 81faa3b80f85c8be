import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { runCli } from '../../src/cli/testing/run-cli.ts'
import { openIndexStore } from '../../src/person-index/store/open-store.ts'
import { seedInto } from '../../src/realtime/testing/seed.ts'
import { createClient } from '../../src/serve/clients.ts'
import { type RunningServer, startServer } from '../../src/serve/server.ts'
import { startPostgres, type TestPostgres } from '../support/postgres.ts'
import { addStaff, cookieOf, csrfOf, PASSWORD, TEST_PASSWORD_COST } from '../web/helpers.ts'

/**
 * #19 item 7: `justid clients …` and `justid users …` take effect at once on a running server. A PostgreSQL index
 * is shared, so the CLI writes while the server runs; the server reads the stored state on each request.
 */

let postgres: TestPostgres | null = null
let server: RunningServer | null = null
let location = ''
let token = ''
let clientId = ''

before(async () => {
  postgres = await startPostgres()
  if (!postgres) return
  location = await postgres.createDatabase('live_changes')
  const store = await openIndexStore(location)
  await seedInto(store)
  ;({
    token,
    client: { id: clientId },
  } = await createClient(store, { name: 'synthetic reader', scopes: ['person:read'] }))
  await addStaff(store, 'casey.reviewer', 'reviewer')
  await store.close()
  server = await startServer({
    index: location,
    host: '127.0.0.1',
    port: 0,
    web: { passwordCost: TEST_PASSWORD_COST },
  })
})

after(async () => {
  await server?.stop()
  await postgres?.stop()
})

const read = (bearer: string) =>
  fetch(`${server!.url}/v1/persons?name=Robert%20Ashworth`, {
    headers: { authorization: `Bearer ${bearer}`, 'x-purpose': 'synthetic test' },
  }).then((r) => r.status)

test('clients disable, enable and rotate apply to the next request', async (t) => {
  if (!server) return t.skip('no PostgreSQL server binaries on this machine')
  assert.equal(await read(token), 200)
  assert.equal((await runCli('clients', 'disable', '--index', location, '--client', clientId)).code, 0)
  assert.equal(await read(token), 401)
  assert.equal((await runCli('clients', 'enable', '--index', location, '--client', clientId)).code, 0)
  assert.equal(await read(token), 200)
  const rotated = await runCli('clients', 'rotate', '--index', location, '--client', clientId)
  assert.equal(rotated.code, 0)
  const fresh = /token:\s+(\S+)/.exec(rotated.out)?.[1]
  assert.ok(fresh)
  assert.equal(await read(token), 401, 'the old token')
  assert.equal(await read(fresh), 200, 'the new token')
  const unknown = await runCli('clients', 'disable', '--index', location, '--client', 'cNoSuchClient')
  assert.equal(unknown.code, 2)
  assert.match(unknown.err, /no API client cNoSuchClient/)
})

test('users disable, enable, reset-password and unlock apply to a running server', async (t) => {
  if (!server) return t.skip('no PostgreSQL server binaries on this machine')
  const signIn = async (password: string) => {
    const form = await fetch(`${server!.url}/sign-in`)
    const cookie = cookieOf(form.headers.get('set-cookie') ?? '')
    const res = await fetch(`${server!.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrfOf(await form.text()),
        username: 'casey.reviewer',
        password,
        next: '/search',
      }),
    })
    return { status: res.status, cookie: cookieOf(res.headers.get('set-cookie') ?? '') }
  }
  const page = (cookie: string) =>
    fetch(`${server!.url}/search`, { headers: { cookie }, redirect: 'manual' }).then((r) => r.status)
  const users = (command: string) =>
    runCli('users', command, '--index', location, '--username', 'casey.reviewer')

  const session = await signIn(PASSWORD)
  assert.equal(session.status, 303)
  assert.equal(await page(session.cookie), 200)
  assert.equal((await users('disable')).code, 0)
  assert.equal(await page(session.cookie), 303, 'the signed-in session ends at its next request')
  assert.equal((await signIn(PASSWORD)).status, 401)
  assert.equal((await users('enable')).code, 0)
  const again = await signIn(PASSWORD)
  assert.equal(again.status, 303)

  process.env.JUSTID_PASSWORD = 'a new synthetic passphrase'
  try {
    assert.equal((await users('reset-password')).code, 0)
  } finally {
    delete process.env.JUSTID_PASSWORD
  }
  assert.equal(await page(again.cookie), 303, 'a password reset ends existing sessions')
  assert.equal((await signIn(PASSWORD)).status, 401)
  for (let i = 0; i < 5; i++) await signIn('wrong password')
  assert.equal((await signIn('a new synthetic passphrase')).status, 401, 'locked out')
  assert.equal((await users('unlock')).code, 0)
  assert.equal((await signIn('a new synthetic passphrase')).status, 303)
})
