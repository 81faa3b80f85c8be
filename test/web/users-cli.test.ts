import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { run } from '../../src/cli/main.ts'
import { openIndexStore } from '../../src/person-index/store/open-store.ts'
import { seedInto } from '../../src/realtime/testing/seed.ts'
import { verifyPassword } from '../../src/web/passwords.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-users-'))
const index = path.join(dir, 'index.duckdb')

before(async () => {
  const store = await openIndexStore(index)
  await seedInto(store)
  await store.close()
})

after(() => rmSync(dir, { recursive: true, force: true }))

const addUser = async (password: string, username = 'casey.reviewer'): Promise<number> => {
  process.env.JUSTID_PASSWORD = password
  const errors: string[] = []
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0) as typeof process.stderr.write
  try {
    return await run([
      'users',
      'add',
      '--index',
      index,
      '--username',
      username,
      '--name',
      'Casey Test',
      '--role',
      'reviewer',
    ])
  } finally {
    process.stderr.write = write
    delete process.env.JUSTID_PASSWORD
  }
}

test('users add stores a reviewer with a scrypt hash of the password, never the password', async () => {
  assert.equal(await addUser('short'), 2, 'a password under 12 characters is refused')
  assert.equal(await addUser('a long synthetic passphrase'), 0)
  assert.equal(await addUser('a long synthetic passphrase'), 2, 'the username is taken')
  const store = await openIndexStore(index, { create: false })
  try {
    const found = await store.staffUser('casey.reviewer')
    assert.equal(found?.user.role, 'reviewer')
    assert.equal(found?.user.displayName, 'Casey Test')
    assert.doesNotMatch(found!.passwordHash, /synthetic/)
    assert.equal(await verifyPassword('a long synthetic passphrase', found!.passwordHash), true)
  } finally {
    await store.close()
  }
})
