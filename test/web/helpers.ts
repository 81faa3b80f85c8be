import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { PersonIndexStore, StaffRole } from '../../src/person-index/types.ts'
import { hashPassword } from '../../src/web/passwords.ts'
import { TEST_PASSWORD_COST } from '../../src/web/testing/password-cost.ts'

export { TEST_PASSWORD_COST }

/** Synthetic staff only. */
export const PASSWORD = 'correct horse battery'

export const addStaff = async (store: PersonIndexStore, username: string, role: StaffRole): Promise<void> => {
  await store.addStaffUser(
    { username, displayName: `Test ${role}`, role, createdAt: '2026-01-01T00:00:00.000Z', disabled: false },
    await hashPassword(PASSWORD, TEST_PASSWORD_COST),
  )
}

/** The cookie pair (`name=value`) of a Set-Cookie header, to send back. */
export const cookieOf = (setCookie: string | string[] | undefined): string => {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie
  return (first ?? '').split(';')[0]!
}

export const csrfOf = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!match) throw new Error('no CSRF token on the page')
  return match[1]!
}

/**
 * Submits the sign-in form as a browser would: the page first, for its session cookie and CSRF token, then `fields`
 * posted with them. Returns the answer and the cookie of the session before signing in.
 */
export const postSignIn = async (
  app: FastifyInstance,
  fields: { username: string; password: string; next?: string },
): Promise<{ response: LightMyRequestResponse; anonymous: string }> => {
  const page = await app.inject({ method: 'GET', url: '/sign-in' })
  const anonymous = cookieOf(page.headers['set-cookie'])
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonymous },
    payload: new URLSearchParams({ _csrf: csrfOf(page.body), ...fields }).toString(),
  })
  return { response, anonymous }
}

/** Signs a test member of staff in (PASSWORD) and returns their session cookie and a CSRF token for forms. */
export const signIn = async (
  app: FastifyInstance,
  username: string,
): Promise<{ cookie: string; csrf: string }> => {
  const { response: res } = await postSignIn(app, { username, password: PASSWORD, next: '/search' })
  assert.equal(res.statusCode, 303)
  const cookie = cookieOf(res.headers['set-cookie'])
  const search = await app.inject({ method: 'GET', url: '/search', headers: { cookie } })
  return { cookie, csrf: csrfOf(search.body) }
}
