import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { runCli } from '../cli/testing/run-cli.ts'
import { JustIdError } from '../core/errors.ts'
import { AUDIT_ACTIONS, type AuditAction, isAuditAction } from './audit-actions.ts'
import { auditHash } from './store/audit-chain.ts'
import { AuditWriter } from './store/audit-writer.ts'
import { openIndexStore } from './store/open-store.ts'
import { readAuditLog } from './store/testing/audit-log.ts'
import type { AuditEntryInput } from './types.ts'

const folder = mkdtempSync(join(tmpdir(), 'justid-audit-actions-'))
after(() => rmSync(folder, { recursive: true, force: true }))

const entry = (action: string, i = 0): AuditEntryInput => ({
  at: `2026-03-01T10:00:0${i}.000Z`,
  actor: 'c-synthetic',
  // An action the types would refuse, as a defect or a future caller could still build one at run time.
  action: action as AuditAction,
  justiceIds: [],
  purpose: 'synthetic purpose',
  outcome: '200',
})

describe('audit actions', () => {
  test('the listed actions are the only ones; a service name fills the eligibility check', () => {
    for (const action of ['match', 'person.read', 'web.review.change', 'eligibility.check.not-in-custody'])
      assert.ok(isAuditAction(action), action)
    for (const action of [
      'person:read',
      'web.review.changed',
      'eligibility.check.',
      'eligibility.check.Verify!',
    ])
      assert.ok(!isAuditAction(action), action)
  })

  test('the store refuses an unlisted action, and writes nothing of its batch', async () => {
    const store = await openIndexStore(join(folder, 'refused.duckdb'))
    try {
      await assert.rejects(
        store.appendAudit([entry('match'), entry('person:read', 1)]),
        (e: unknown) =>
          e instanceof JustIdError && /"person:read" is not a listed audit action/.test(e.message),
      )
      assert.deepEqual(await readAuditLog(store), [])
    } finally {
      await store.close()
    }
  })

  test('the writer refuses an unlisted entry alone: the entries beside it are still written', async () => {
    const store = await openIndexStore(join(folder, 'writer.duckdb'))
    try {
      const writer = new AuditWriter(store)
      const results = await Promise.allSettled([
        writer.append(entry('match')),
        writer.append(entry('person:read', 1)),
        writer.append(entry('person.read', 2)),
      ])
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      )
      assert.deepEqual(
        (await readAuditLog(store)).map((e) => e.action),
        ['match', 'person.read'],
      )
    } finally {
      await store.close()
    }
  })

  test('a log holding an action no longer listed still reads back as written and verifies', async () => {
    const index = join(folder, 'older.duckdb')
    const store = await openIndexStore(index)
    const [first] = await store.appendAudit([entry('match')])
    await store.close()
    // As an older version could have written it: an action since renamed, chained like any other entry.
    const older = { ...entry('person:read', 1), seq: 2, prevHash: first!.hash }
    const hash = auditHash(first!.hash, older)
    const instance = await DuckDBInstance.create(index)
    const connection = await instance.connect()
    await connection.run(
      `INSERT INTO audit_log VALUES (2, '${older.at}', 'c-synthetic', 'person:read', '[]', 'synthetic purpose', '200', '${first!.hash}', '${hash}')`,
    )
    connection.closeSync()
    instance.closeSync()

    const reopened = await openIndexStore(index)
    try {
      assert.deepEqual(
        (await readAuditLog(reopened)).map((e) => e.action),
        ['match', 'person:read'],
      )
      assert.equal((await reopened.verifyAudit()).ok, true)
    } finally {
      await reopened.close()
    }
    const verified = await runCli('audit', 'verify', '--index', index)
    assert.equal(verified.code, 0, verified.err)
    assert.match(verified.out, /audit log intact: 2 entries/)
  })

  test('docs/person-index.md lists every action, in the table’s order, with its description', () => {
    const docs = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'person-index.md'), 'utf8')
    const rows = [...docs.matchAll(/^\| `([a-z.{}-]+)` \| (api|web) \| (.+) \|$/gm)].map((m) => ({
      action: m[1],
      by: m[2],
      description: m[3],
    }))
    assert.deepEqual(
      rows,
      AUDIT_ACTIONS.map(({ action, by, description }) => ({ action, by, description })),
    )
  })
})
