import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hashPassword, verifyPassword } from './passwords.ts'

test('a password verifies against its own hash only, and the hash never holds it', async () => {
  const hash = await hashPassword('synthetic passphrase one')
  assert.match(hash, /^scrypt\$16384\$8\$1\$/)
  assert.doesNotMatch(hash, /synthetic/)
  assert.equal(await verifyPassword('synthetic passphrase one', hash), true)
  assert.equal(await verifyPassword('synthetic passphrase two', hash), false)
  assert.notEqual(
    await hashPassword('synthetic passphrase one'),
    hash,
    'salted: the same password hashes differently',
  )
})

test('an unreadable stored hash never verifies', async () => {
  assert.equal(await verifyPassword('anything at all', ''), false)
  assert.equal(await verifyPassword('anything at all', 'bcrypt$x$y'), false)
})
