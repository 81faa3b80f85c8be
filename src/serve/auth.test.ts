import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ApiClient } from '../person-index/types.ts'
import { ClientAuthenticator, generateSecret, hashSecret, parseBearer } from './auth.ts'
import { ApiError } from './errors.ts'

const client = (disabled = false): ApiClient => ({
  id: 'c1',
  name: 'test',
  scopes: ['match'],
  rateLimitPerMinute: 60,
  createdAt: '2026-01-01T00:00:00.000Z',
  disabled,
})

const statusOf = async (p: Promise<unknown>): Promise<number> =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof ApiError ? e.statusCode : 500),
  )

test('secrets are 256 random bits, base64url, stored only as a sha256 hex', () => {
  const secret = generateSecret()
  assert.match(secret, /^[A-Za-z0-9_-]{43}$/)
  assert.notEqual(generateSecret(), secret)
  assert.match(hashSecret(secret), /^[0-9a-f]{64}$/)
})

test('bearer tokens parse as <client id>.<secret>, anything else is refused', () => {
  assert.deepEqual(parseBearer('Bearer c1.abc_-9'), { clientId: 'c1', secret: 'abc_-9' })
  for (const bad of [undefined, '', 'c1.abc', 'Basic c1.abc', 'Bearer c1', 'Bearer c1.', 'Bearer .abc'])
    assert.equal(parseBearer(bad), null, String(bad))
})

test('the right secret authenticates; a wrong one, an unknown client or a disabled client is 401', async () => {
  const secret = generateSecret()
  const clients = new Map([
    ['c1', { client: client(), secretHash: hashSecret(secret) }],
    ['c2', { client: { ...client(true), id: 'c2' }, secretHash: hashSecret(secret) }],
  ])
  const auth = new ClientAuthenticator({ client: async (id) => clients.get(id) ?? null })
  assert.equal((await auth.authenticate(`Bearer c1.${secret}`)).id, 'c1')
  assert.equal(await statusOf(auth.authenticate(`Bearer c1.${generateSecret()}`)), 401)
  assert.equal(await statusOf(auth.authenticate(`Bearer c9.${secret}`)), 401)
  assert.equal(await statusOf(auth.authenticate(`Bearer c2.${secret}`)), 401)
  assert.equal(await statusOf(auth.authenticate(undefined)), 401)
})

test('on a shared (PostgreSQL) store, a client disabled or given a new secret is refused at its next request', async () => {
  const secret = generateSecret()
  let stored = { client: client(), secretHash: hashSecret(secret) }
  const auth = new ClientAuthenticator({ kind: 'postgres', client: async () => stored })
  assert.equal((await auth.authenticate(`Bearer c1.${secret}`)).id, 'c1')
  stored = { ...stored, client: client(true) }
  assert.equal(await statusOf(auth.authenticate(`Bearer c1.${secret}`)), 401, 'disabled')
  const rotated = generateSecret()
  stored = { client: client(), secretHash: hashSecret(rotated) }
  assert.equal(await statusOf(auth.authenticate(`Bearer c1.${secret}`)), 401, 'the old secret after rotation')
  assert.equal((await auth.authenticate(`Bearer c1.${rotated}`)).id, 'c1')
})

test('on an embedded store, which no other process can change, lookups are kept', async () => {
  const secret = generateSecret()
  let lookups = 0
  const auth = new ClientAuthenticator({
    kind: 'embedded',
    client: async (id) => {
      lookups++
      return id === 'c1' ? { client: client(), secretHash: hashSecret(secret) } : null
    },
  })
  for (let i = 0; i < 3; i++) await auth.authenticate(`Bearer c1.${secret}`)
  for (let i = 0; i < 3; i++) assert.equal(await statusOf(auth.authenticate(`Bearer c9.${secret}`)), 401)
  assert.equal(lookups, 2)
  // A header verified once is kept whole: another secret for the same client is still checked, and refused.
  assert.equal(await statusOf(auth.authenticate(`Bearer c1.${generateSecret()}`)), 401)
  assert.equal(await statusOf(auth.authenticate(`Bearer c1.${secret}x`)), 401)
})
