import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { runCli } from '../cli/testing/run-cli.ts'
import { openIndexStore } from '../person-index/store/open-store.ts'
import { matchEntry } from '../person-index/store/testing/audit-log.ts'
import { hashSecret } from './auth.ts'

let folder: string
let file: string

const cli = runCli

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'justid-serve-cli-'))
  file = join(folder, 'index.duckdb')
  const store = await openIndexStore(file)
  await store.appendAudit([1, 2, 3].map(matchEntry))
  await store.close()
})

after(() => rmSync(folder, { recursive: true, force: true }))

test('clients add prints the token once and stores only its hash; clients list never shows secrets', async () => {
  const added = await cli(
    'clients',
    'add',
    '--index',
    file,
    '--name',
    'listing service',
    '--scopes',
    'match,person:read',
  )
  assert.equal(added.code, 0, added.err)
  const token = /token:\s+(\S+)/.exec(added.out)?.[1] ?? ''
  const [id, secret] = token.split('.') as [string, string]
  const store = await openIndexStore(file, { create: false })
  try {
    const stored = await store.client(id)
    assert.deepEqual(stored?.client.scopes, ['match', 'person:read'])
    assert.equal(stored?.secretHash, hashSecret(secret))
  } finally {
    await store.close()
  }
  const listed = await cli('clients', 'list', '--index', file)
  assert.equal(listed.code, 0)
  assert.match(listed.out, new RegExp(`${id}\\tlisting service\\tmatch,person:read`))
  assert.ok(!listed.out.includes(secret))
})

test('clients add refuses an unknown scope (exit 2), naming every scope there is', async () => {
  const res = await cli('clients', 'add', '--index', file, '--name', 'x', '--scopes', 'match,superuser')
  assert.equal(res.code, 2)
  for (const scope of ['match', 'person:read', 'record:write', 'admin', 'eligibility:<service>'])
    assert.ok(res.err.includes(scope), `${scope} in: ${res.err}`)
})

test('clients add --help lists every scope with what it grants', async () => {
  const res = await cli('clients', 'add', '--help')
  const help = res.out.replace(/\s+/g, ' ')
  for (const scope of [
    'match',
    'person:read',
    'record:write',
    'admin',
    'eligibility:<service>',
    'eligibility:verify',
  ])
    assert.ok(help.includes(scope), `${scope} in: ${help}`)
  assert.ok(help.includes('GET /v1/audit/verify'))
})

test('audit verify: exit 0 when the chain is intact, 1 naming the first bad entry when edited', async () => {
  const intact = await cli('audit', 'verify', '--index', file)
  assert.equal(intact.code, 0, intact.err)
  assert.equal(intact.out, 'audit log intact: 3 entries\n')

  const instance = await DuckDBInstance.create(file)
  const connection = await instance.connect()
  await connection.run("UPDATE audit_log SET purpose = 'edited' WHERE seq = 2")
  connection.closeSync()
  instance.closeSync()

  const broken = await cli('audit', 'verify', '--index', file)
  assert.equal(broken.code, 1)
  assert.match(broken.err, /audit log broken at entry 2/)
})
