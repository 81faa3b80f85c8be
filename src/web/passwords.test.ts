import assert from 'node:assert/strict'
import { randomBytes, scryptSync } from 'node:crypto'
import { test } from 'node:test'
import { hashPassword, needsRehash, verifyPassword } from './passwords.ts'

test('a password verifies against its own hash only, and the hash never holds it', async () => {
  const hash = await hashPassword('synthetic passphrase one')
  assert.match(hash, /^scrypt\$131072\$8\$1\$/, "OWASP's scrypt cost: N = 2^17, r = 8, p = 1")
  assert.doesNotMatch(hash, /synthetic/)
  assert.equal(await verifyPassword('synthetic passphrase one', hash), true)
  assert.equal(await verifyPassword('synthetic passphrase two', hash), false)
  assert.notEqual(
    await hashPassword('synthetic passphrase one'),
    hash,
    'salted: the same password hashes differently',
  )
  assert.equal(needsRehash(hash), false)
})

test('a hash made at the old cost (N = 2^14) still verifies, and is marked for upgrade', async () => {
  const salt = randomBytes(16)
  const key = scryptSync('synthetic passphrase one', salt, 32, { N: 16384, r: 8, p: 1 })
  const old = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
  assert.equal(await verifyPassword('synthetic passphrase one', old), true)
  assert.equal(needsRehash(old), true)
})

test('an unreadable stored hash, or one asking for absurd memory, never verifies', async () => {
  assert.equal(await verifyPassword('anything at all', ''), false)
  assert.equal(await verifyPassword('anything at all', 'bcrypt$x$y'), false)
  assert.equal(await verifyPassword('anything at all', 'scrypt$1073741824$8$1$c2FsdA$aGFzaA'), false)
  assert.equal(await verifyPassword('anything at all', 'scrypt$1000$8$1$c2FsdA$aGFzaA'), false)
})
