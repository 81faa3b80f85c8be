import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { issueCredential, statusListUri } from '../../credentials/issue.ts'
import { IssuerKeys } from '../../credentials/keys.ts'
import { StatusLists } from '../../credentials/status-list.ts'
import { openIndexStore } from '../../person-index/store/open-store.ts'
import { runCli } from '../testing/run-cli.ts'

const folder = mkdtempSync(join(tmpdir(), 'justid-eligibility-cli-'))
after(() => rmSync(folder, { recursive: true, force: true }))

const cli = runCli

const write = (name: string, text: string): string => {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}

test('events load stores events by record; a bad row fails naming the line and field', async () => {
  const index = join(folder, 'index.duckdb')
  await (await openIndexStore(index)).close()
  const events = write(
    'events.csv',
    'person_id,event_type,start_date,end_date,source,record_id,detail\n' +
      'P9,custody,2025-01-01,,prison,A1,HMP Example\n' +
      'P9,probation_supervision,2024-01-01,2024-06-01,probation,X1,Licence\n',
  )
  const loaded = await cli('events', 'load', '--index', index, events)
  assert.equal(loaded.code, 0, loaded.err)
  assert.match(loaded.out, /loaded 2 events/)
  const store = await openIndexStore(index, { create: false })
  const stored = await store.justiceEvents(['prison:A1', 'probation:X1']).finally(() => store.close())
  assert.deepEqual(
    stored.map((e) => [e.recordKey, e.eventType, e.endDate]),
    [
      ['prison:A1', 'custody', null],
      ['probation:X1', 'probation_supervision', '2024-06-01'],
    ],
  )
  const bad = write(
    'bad.csv',
    'person_id,event_type,start_date,end_date,source,record_id,detail\nP9,custody,,,prison,A1,x\n',
  )
  const failed = await cli('events', 'load', '--index', index, bad)
  assert.equal(failed.code, 3)
  assert.match(failed.err, /bad\.csv line 2: field start_date/)
})

test('credential verify passes a good credential across a key rotation and names why a bad one fails', async () => {
  const keysDir = join(folder, 'keys')
  const now = new Date()
  const keys = await IssuerKeys.open(keysDir, now)
  const status = StatusLists.open(keysDir)
  const entry = await status.allocate('check-1')
  const credential = await issueCredential(keys, {
    issuer: 'https://justid.example',
    service: 'not-in-custody',
    ruleVersion: '1.0.0',
    outcome: 'eligible',
    validityDays: 1,
    status: entry,
    now,
  })
  const rotated = await cli('credential', 'rotate-key', '--keys', keysDir)
  assert.equal(rotated.code, 0, rotated.err)
  assert.match(rotated.out, /JWKS now holds 2 keys/)

  const reopened = await IssuerKeys.open(keysDir)
  const jwks = write('jwks.json', JSON.stringify(reopened.jwks()))
  const uri = statusListUri('https://justid.example', entry.listId)
  const list = write('status.jwt', (await status.token(entry.listId, uri, reopened, now))!)
  const file = write('credential.txt', credential)
  const ok = await cli('credential', 'verify', '--jwks', jwks, '--status-list', list, file)
  assert.equal(ok.code, 0, ok.err)
  assert.match(ok.out, /credential valid: service not-in-custody, rule version 1\.0\.0, outcome eligible/)

  const [jwt, ...rest] = credential.split('~')
  const [h, , s] = jwt!.split('.')
  const other = write(
    'other.txt',
    [`${h}.${Buffer.from('{"iss":"x"}').toString('base64url')}.${s}`, ...rest].join('~'),
  )
  const bad = await cli('credential', 'verify', '--jwks', jwks, '--status-list', list, other)
  assert.equal(bad.code, 1)
  assert.match(bad.err, /credential not valid: bad_signature/)
})
