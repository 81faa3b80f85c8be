/**
 * Authorisation of the staff review app, through app.inject over a real embedded store and real-time index holding
 * synthetic people only: sign-in gates every page with personal data, roles gate /admin, CSRF gates every POST,
 * and the session cookie is HttpOnly, SameSite and (when asked) Secure.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { readAuditLog } from '../../src/person-index/store/testing/audit-log.ts'
import type { PersonIndexStore } from '../../src/person-index/types.ts'
import { openRealtimeIndex } from '../../src/realtime/memory-index.ts'
import { seedStore } from '../../src/realtime/testing/seed.ts'
import type { RealtimeIndex } from '../../src/realtime/types.ts'
import { buildApp } from '../../src/serve/app.ts'
import { addStaff, cookieOf, csrfOf, PASSWORD, postSignIn, TEST_PASSWORD_COST } from './helpers.ts'

let store: PersonIndexStore
let index: RealtimeIndex & { close(): Promise<void> }
let cleanup: () => Promise<void>
let app: FastifyInstance
let secureApp: FastifyInstance

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

/** Signs in through the form; returns the signed-in session cookie and its CSRF token. */
const signIn = async (target: FastifyInstance, username: string) => {
  const { response: res, anonymous } = await postSignIn(target, {
    username,
    password: PASSWORD,
    next: '/search',
  })
  assert.equal(res.statusCode, 303)
  const cookie = cookieOf(res.headers['set-cookie'])
  const search = await target.inject({ method: 'GET', url: '/search', headers: { cookie } })
  assert.equal(search.statusCode, 200)
  return { cookie, csrf: csrfOf(search.body), anonymous }
}

before(async () => {
  ;({ store, cleanup } = await seedStore())
  index = await openRealtimeIndex(store)
  await addStaff(store, 'rev1', 'reviewer')
  await addStaff(store, 'admin1', 'admin')
  app = await buildApp({ index, store, auditFlushMs: 1, web: { passwordCost: TEST_PASSWORD_COST } })
  secureApp = await buildApp({
    index,
    store,
    auditFlushMs: 1,
    web: { secureCookies: true, sessionSecret: 's'.repeat(32), passwordCost: TEST_PASSWORD_COST },
  })
})

after(async () => {
  await app.close()
  await secureApp.close()
  await index.close()
  await cleanup()
})

describe('staff review app: authorisation', () => {
  test('pages showing personal data redirect to sign-in when no one is signed in', async () => {
    for (const url of [
      '/search?q=ashworth',
      '/persons/JID-ASHWORTH',
      '/persons/JID-ASHWORTH/cluster',
      '/review',
      '/review/pair?left=court:c1&right=prison:p1',
      '/admin',
    ]) {
      const res = await app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, 303, url)
      assert.equal(res.headers.location, `/sign-in?next=${encodeURIComponent(url)}`, url)
      assert.doesNotMatch(res.body, /ashworth/i, url)
    }
  })

  test('a reviewer is refused /admin; an admin sees the staff list', async () => {
    const reviewer = await signIn(app, 'rev1')
    const refused = await app.inject({ method: 'GET', url: '/admin', headers: { cookie: reviewer.cookie } })
    assert.equal(refused.statusCode, 403)
    assert.doesNotMatch(refused.body, /admin1/)
    const admin = await signIn(app, 'admin1')
    const list = await app.inject({ method: 'GET', url: '/admin', headers: { cookie: admin.cookie } })
    assert.equal(list.statusCode, 200)
    assert.match(list.body, /rev1/)
  })

  test('a signed-in reviewer sees a person, and the view is audited under their name', async () => {
    const { cookie } = await signIn(app, 'rev1')
    const res = await app.inject({ method: 'GET', url: '/persons/JID-ASHWORTH', headers: { cookie } })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /ashworth/i)
    const entries = await readAuditLog(store)
    const view = entries.find((e) => e.action === 'web.person.view')
    assert.ok(view)
    assert.equal(view.actor, 'staff:rev1')
    assert.equal(view.purpose, 'case review')
    assert.deepEqual(view.justiceIds, ['JID-ASHWORTH'])
  })

  test('a POST without a CSRF token, or with a wrong one, is refused with 403', async () => {
    const { cookie, csrf } = await signIn(app, 'rev1')
    const decision = { left: 'court:c1', right: 'prison:p1', outcome: 'cannot_tell', reason: '' }
    for (const token of [undefined, 'wrong', `${csrf.slice(0, -1)}x`]) {
      const payload = form(token === undefined ? decision : { ...decision, _csrf: token })
      const res = await app.inject({
        method: 'POST',
        url: '/review/decisions',
        headers: { ...FORM, cookie },
        payload,
      })
      assert.equal(res.statusCode, 403, String(token))
    }
    const signOut = await app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { ...FORM, cookie },
      payload: '',
    })
    assert.equal(signOut.statusCode, 403)
    assert.equal(await store.decisions(['court:c1']).then((d) => d.length), 0)
  })

  test('the session cookie is HttpOnly and SameSite=Lax, and Secure when asked', async () => {
    const plain = String((await app.inject({ method: 'GET', url: '/sign-in' })).headers['set-cookie'])
    assert.match(plain, /HttpOnly/i)
    assert.match(plain, /SameSite=Lax/i)
    assert.doesNotMatch(plain, /Secure/i)
    const secure = String((await secureApp.inject({ method: 'GET', url: '/sign-in' })).headers['set-cookie'])
    assert.match(secure, /HttpOnly/i)
    assert.match(secure, /SameSite=Lax/i)
    assert.match(secure, /;\s*Secure/i)
  })

  test('a wrong password and an unknown user get the same sign-in error', async () => {
    const attempt = async (username: string, password: string) =>
      (await postSignIn(app, { username, password })).response
    const wrong = await attempt('rev1', 'not the password at all')
    const unknown = await attempt('nobody', 'not the password at all')
    assert.equal(wrong.statusCode, 401)
    assert.equal(unknown.statusCode, 401)
    const message = (html: string) => /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1]?.trim()
    assert.match(message(wrong.body) ?? '', /Enter a correct username and password/)
    assert.equal(message(wrong.body), message(unknown.body))
    assert.equal(wrong.headers['set-cookie'], undefined)
  })

  test('signing in replaces the session: the anonymous cookie gains no access', async () => {
    const { anonymous } = await signIn(app, 'rev1')
    const res = await app.inject({ method: 'GET', url: '/review', headers: { cookie: anonymous } })
    assert.equal(res.statusCode, 303)
  })

  test('sign-in never redirects off the site', async () => {
    const { response: res } = await postSignIn(app, {
      username: 'rev1',
      password: PASSWORD,
      next: '//evil.example/x',
    })
    assert.equal(res.headers.location, '/search')
  })
})
