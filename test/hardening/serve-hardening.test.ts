import assert from 'node:assert/strict'
import { createHash, randomBytes, scryptSync } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { UNAUTHENTICATED_PER_MINUTE } from '../../src/http/rate-limit.ts'
import { readAuditLog } from '../../src/person-index/store/testing/audit-log.ts'
import type { PersonIndexStore } from '../../src/person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../../src/realtime/memory-index.ts'
import { seedStore } from '../../src/realtime/testing/seed.ts'
import { buildApp } from '../../src/serve/app.ts'
import { COST, type ScryptCost } from '../../src/web/passwords.ts'
import { ATTEMPTS_PER_ADDRESS, MAX_FAILURES } from '../../src/web/sign-in-guard.ts'
import { addStaff, cookieOf, csrfOf, PASSWORD, TEST_PASSWORD_COST } from '../web/helpers.ts'

/** #19 items 5, 6 and 8 on the embedded store; synthetic people and staff only. */

let store: PersonIndexStore
let index: OpenRealtimeIndex
let cleanup: () => Promise<void>
const apps: FastifyInstance[] = []

const newApp = async (web?: { secureCookies?: boolean; passwordCost?: ScryptCost }) => {
  const app = await buildApp({
    index,
    store,
    auditFlushMs: 1,
    web: { passwordCost: TEST_PASSWORD_COST, ...web },
  })
  apps.push(app)
  return app
}

before(async () => {
  ;({ store, cleanup } = await seedStore())
  index = await openRealtimeIndex(store)
  await addStaff(store, 'lock.me', 'reviewer')
  await addStaff(store, 'leave.me', 'reviewer')
})

after(async () => {
  for (const app of apps) await app.close()
  await index.close()
  await cleanup()
})

/** Signs in from `address`; the response of the POST. */
const signIn = async (app: FastifyInstance, username: string, password: string, address: string) => {
  const form = await app.inject({ method: 'GET', url: '/sign-in', remoteAddress: address })
  return app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: address,
    headers: { cookie: cookieOf(form.headers['set-cookie']) },
    payload: { _csrf: csrfOf(form.body), username, password, next: '/search' },
  })
}

describe('security headers (item 8)', () => {
  test('every response of the API and the review app carries CSP, nosniff and a referrer policy', async () => {
    const app = await newApp()
    for (const url of [
      '/health',
      '/v1/persons/JID-NOPE',
      '/no-such-route',
      '/sign-in',
      '/docs/',
      '/openapi.json',
    ]) {
      const res = await app.inject({ method: 'GET', url })
      const csp = String(res.headers['content-security-policy'])
      assert.match(csp, /frame-ancestors 'none'/, url)
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url)
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url)
      assert.equal(res.headers['strict-transport-security'], undefined, `${url}: no HSTS over plain HTTP`)
    }
    // The GOV.UK template's inline script is allowed by its hash, and no other inline script is.
    const page = await app.inject({ method: 'GET', url: '/sign-in' })
    const inline = /<script(?![^>]*src=)[^>]*>([^<]+)<\/script>/.exec(page.body)?.[1]
    assert.ok(inline, 'the page has its inline script')
    const hash = createHash('sha256').update(inline).digest('base64')
    assert.ok(String(page.headers['content-security-policy']).includes(`'sha256-${hash}'`))
    assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline/)
  })

  test('behind HTTPS (--secure-cookies) responses add Strict-Transport-Security', async () => {
    const app = await newApp({ secureCookies: true })
    for (const url of ['/health', '/sign-in']) {
      const res = await app.inject({ method: 'GET', url })
      assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/, url)
    }
  })
})

describe('unauthenticated requests (item 5)', () => {
  test('100 token-less requests are limited per address and written as a few counted entries', async () => {
    const app = await newApp()
    const before = (await readAuditLog(store)).length
    const statuses: number[] = []
    for (let i = 0; i < 100; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/match',
        remoteAddress: '192.0.2.10',
        headers: { 'x-purpose': 'x'.repeat(200) },
        payload: { record: { forename: 'Synthetic', surname: 'Person' } },
      })
      statuses.push(res.statusCode)
    }
    assert.deepEqual(
      [statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length],
      [UNAUTHENTICATED_PER_MINUTE, 100 - UNAUTHENTICATED_PER_MINUTE],
    )
    const during = (await readAuditLog(store)).slice(before)
    assert.deepEqual(
      during.map((e) => e.outcome),
      ['401', '429'],
      'the first of each kind at once, repeats held',
    )
    await app.close()
    const added = (await readAuditLog(store)).slice(before)
    assert.deepEqual(added.map((e) => e.outcome).sort(), ['401', '401 x59 repeats', '429', '429 x39 repeats'])
    assert.ok(
      added.every((e) => e.actor === 'unauthenticated' && e.purpose === null),
      'no caller text stored',
    )
  })
})

describe('sign-in (items 5 and 6)', () => {
  test('25 wrong passwords lock the account, audited; the right one is then refused until unlocked', async () => {
    const app = await newApp()
    const before = (await readAuditLog(store)).length
    for (let i = 0; i < 25; i++) {
      const res = await signIn(app, 'lock.me', `wrong password ${i}`, '192.0.2.20')
      assert.equal(res.statusCode, 401)
    }
    const right = await signIn(app, 'lock.me', PASSWORD, '192.0.2.21')
    assert.equal(right.statusCode, 401, 'locked: the right password does not sign in')
    assert.match(right.body, /Enter a correct username and password/)
    const lockedState = await store.signInState('lock.me')
    assert.equal(lockedState?.failures, MAX_FAILURES)
    assert.ok(lockedState?.lockedUntil)

    const added = (await readAuditLog(store)).slice(before)
    const signIns = added.filter((e) => e.actor === 'staff:lock.me')
    assert.equal(
      signIns.filter((e) => e.action === 'web.sign-in' && e.outcome === '401').length,
      MAX_FAILURES,
    )
    assert.equal(signIns.filter((e) => e.action === 'web.sign-in.lockout').length, 1)
    assert.equal(signIns.filter((e) => e.outcome === 'locked' && e.action === 'web.sign-in').length, 21)

    // What `justid users unlock` does: the lock goes, and the right password signs in.
    await store.setSignInState('lock.me', null)
    const after = await signIn(app, 'lock.me', PASSWORD, '192.0.2.22')
    assert.equal(after.statusCode, 303)
    assert.equal(await store.signInState('lock.me'), null)
  })

  test('one address is throttled after its allowance of attempts, whichever accounts it tries', async () => {
    const app = await newApp()
    const statuses: number[] = []
    for (let i = 0; i < ATTEMPTS_PER_ADDRESS + 3; i++)
      statuses.push((await signIn(app, `nobody.${i}`, 'wrong password', '192.0.2.30')).statusCode)
    assert.deepEqual(statuses.slice(0, ATTEMPTS_PER_ADDRESS), Array(ATTEMPTS_PER_ADDRESS).fill(401))
    assert.deepEqual(statuses.slice(ATTEMPTS_PER_ADDRESS), [429, 429, 429])
    const other = await signIn(app, 'leave.me', PASSWORD, '192.0.2.31')
    assert.equal(other.statusCode, 303, 'another address is unaffected')
  })

  test('a hash made at the old scrypt cost is upgraded at the next sign-in', async () => {
    const salt = randomBytes(16)
    const key = scryptSync(PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 })
    await store.addStaffUser(
      {
        username: 'old.hash',
        displayName: 'Test reviewer',
        role: 'reviewer',
        createdAt: '2026-01-01T00:00:00.000Z',
        disabled: false,
      },
      ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$'),
    )
    const app = await newApp({ passwordCost: COST })
    const res = await signIn(app, 'old.hash', PASSWORD, '192.0.2.40')
    assert.equal(res.statusCode, 303)
    assert.match((await store.staffUser('old.hash'))!.passwordHash, /^scrypt\$131072\$8\$1\$/)
    const search = await app.inject({
      method: 'GET',
      url: '/search',
      remoteAddress: '192.0.2.40',
      headers: { cookie: cookieOf(res.headers['set-cookie']) },
    })
    assert.equal(search.statusCode, 200, 'the session survives its own upgrade')
  })
})

describe('the admin page (items 6 and 7 on a running embedded server)', () => {
  test('an admin unlocks a locked user and disables one, whose session then ends, all audited', async () => {
    await addStaff(store, 'page.admin', 'admin')
    await addStaff(store, 'page.reviewer', 'reviewer')
    const app = await newApp()
    const reviewer = await signIn(app, 'page.reviewer', PASSWORD, '192.0.2.50')
    const reviewerCookie = cookieOf(reviewer.headers['set-cookie'])
    for (let i = 0; i < MAX_FAILURES; i++) await signIn(app, 'lock.me', 'wrong password', '192.0.2.51')
    const admin = await signIn(app, 'page.admin', PASSWORD, '192.0.2.52')
    const cookie = cookieOf(admin.headers['set-cookie'])
    const listing = await app.inject({ method: 'GET', url: '/admin', headers: { cookie } })
    assert.match(listing.body, /locked until \d\d:\d\d UTC/)
    const csrf = csrfOf(listing.body)
    const act = (path: string) =>
      app.inject({ method: 'POST', url: path, headers: { cookie }, payload: { _csrf: csrf } })

    const before = (await readAuditLog(store)).length
    assert.equal((await act('/admin/users/lock.me/unlock')).statusCode, 200)
    assert.equal(await store.signInState('lock.me'), null)
    assert.equal((await signIn(app, 'lock.me', PASSWORD, '192.0.2.53')).statusCode, 303)

    const searchAs = (c: string) => app.inject({ method: 'GET', url: '/search', headers: { cookie: c } })
    assert.equal((await searchAs(reviewerCookie)).statusCode, 200)
    assert.equal((await act('/admin/users/page.reviewer/disable')).statusCode, 200)
    assert.equal((await searchAs(reviewerCookie)).statusCode, 303, 'signed out at the next request')
    assert.equal((await act('/admin/users/page.admin/disable')).statusCode, 400, 'not oneself')
    assert.equal((await act('/admin/users/page.reviewer/enable')).statusCode, 200)
    assert.equal((await store.staffUser('page.reviewer'))?.user.disabled, false)

    const added = (await readAuditLog(store)).slice(before).filter((e) => e.actor === 'staff:page.admin')
    assert.deepEqual(
      added.map((e) => `${e.action} ${e.outcome}`),
      [
        'web.admin.user-unlock 200 user:lock.me',
        'web.admin.user-disable 200 user:page.reviewer',
        'web.admin.user-enable 200 user:page.reviewer',
      ],
    )
  })
})
