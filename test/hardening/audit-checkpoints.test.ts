import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { runCli } from '../../src/cli/testing/run-cli.ts'
import { auditHash } from '../../src/person-index/store/audit-chain.ts'
import { LATEST_CHECKPOINT } from '../../src/person-index/store/audit-checkpoint.ts'
import { openAuditWriter } from '../../src/person-index/store/audit-writer.ts'
import { openIndexStore } from '../../src/person-index/store/open-store.ts'
import { readAuditLog } from '../../src/person-index/store/testing/audit-log.ts'

/**
 * #19 item 4: the audit log anchored outside the database. Each tampering below passed `justid audit verify`
 * before signed checkpoints ("audit log intact"); each must now fail it.
 */

const folder = mkdtempSync(join(tmpdir(), 'justid-checkpoints-'))
after(() => rmSync(folder, { recursive: true, force: true }))
let n = 0

/** An index with 120 audit entries written through the server's writer, which signs the head after each batch. */
const loggedIndex = async () => {
  const index = join(folder, `index-${++n}.duckdb`)
  const store = await openIndexStore(index)
  const writer = await openAuditWriter(store, {
    checkpointFolder: `${index}.audit-checkpoints`,
    maxBatch: 40,
  })
  await Promise.all(
    Array.from({ length: 120 }, (_, i) =>
      writer.append({
        at: `2026-03-01T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
        actor: 'c-synthetic',
        action: 'match',
        justiceIds: [],
        purpose: `synthetic purpose ${i}`,
        outcome: '200',
      }),
    ),
  )
  await writer.flush()
  await store.close()
  return index
}

const tamper = async (index: string, ...sql: string[]): Promise<void> => {
  const instance = await DuckDBInstance.create(index)
  const connection = await instance.connect()
  for (const statement of sql) await connection.run(statement)
  connection.closeSync()
  instance.closeSync()
}

/** Edits one entry and recomputes every hash after it: the chain alone is then self-consistent. */
const rechain = async (index: string, editSeq: number): Promise<void> => {
  const store = await openIndexStore(index)
  const entries = await readAuditLog(store)
  await store.close()
  const statements: string[] = []
  let prev = entries[editSeq - 2]?.hash ?? '0'.repeat(64)
  for (const entry of entries.slice(editSeq - 1)) {
    const changed = entry.seq === editSeq ? { ...entry, outcome: '404' } : entry
    const hash = auditHash(prev, changed)
    statements.push(
      `UPDATE audit_log SET outcome = '${changed.outcome}', prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${entry.seq}`,
    )
    prev = hash
  }
  await tamper(index, ...statements)
}

describe('audit verify against signed checkpoints', () => {
  test('an untouched log verifies and reaches its checkpoint', async () => {
    const index = await loggedIndex()
    const result = await runCli('audit', 'verify', '--index', index)
    assert.equal(result.code, 0, result.err)
    assert.match(result.out, /audit log intact: 120 entries, reaching signed checkpoint entry 120/)
  })

  test('a server that stopped with nothing in its audit log starts again, and its empty log verifies', async () => {
    const index = join(folder, `index-${++n}.duckdb`)
    const checkpointFolder = `${index}.audit-checkpoints`
    // The second opening refused, reading the first one's checkpoint of the empty log as a cut log.
    for (let start = 0; start < 2; start++) {
      const store = await openIndexStore(index)
      await (await openAuditWriter(store, { checkpointFolder })).flush()
      await store.close()
    }
    const result = await runCli('audit', 'verify', '--index', index)
    assert.equal(result.code, 0, result.err)
  })

  test('deleting every entry is detected', async () => {
    const index = await loggedIndex()
    await tamper(index, 'DELETE FROM audit_log')
    const result = await runCli('audit', 'verify', '--index', index)
    assert.equal(result.code, 1)
    assert.match(result.err, /broken at entry 1: a signed checkpoint holds 120 entries but the log ends at 0/)
  })

  test('deleting the last 50 entries is detected', async () => {
    const index = await loggedIndex()
    await tamper(index, 'DELETE FROM audit_log WHERE seq > 70')
    const result = await runCli('audit', 'verify', '--index', index)
    assert.equal(result.code, 1)
    assert.match(result.err, /broken at entry 71: .*log ends at 70/)
  })

  test('editing one entry and recomputing the hashes after it is detected', async () => {
    const index = await loggedIndex()
    await rechain(index, 30)
    const result = await runCli('audit', 'verify', '--index', index)
    assert.equal(result.code, 1)
    assert.match(result.err, /broken at entry 120: the chain differs from a signed checkpoint/)
  })

  test('a checkpoint kept elsewhere catches a log and its checkpoint folder rolled back together', async () => {
    const index = await loggedIndex()
    const checkpoints = `${index}.audit-checkpoints`
    const older = join(folder, `older-${n}.jws`)
    copyFileSync(join(checkpoints, LATEST_CHECKPOINT), older)
    const store = await openIndexStore(index)
    const writer = await openAuditWriter(store, { checkpointFolder: checkpoints })
    await writer.append({
      at: '2026-03-01T11:00:00.000Z',
      actor: 'c-synthetic',
      action: 'match',
      justiceIds: [],
      purpose: 'one more',
      outcome: '200',
    })
    await writer.flush()
    await store.close()
    const kept = join(folder, `kept-${n}.jws`)
    copyFileSync(join(checkpoints, LATEST_CHECKPOINT), kept)

    // The log cut back to 120 entries and the folder's checkpoint put back to the one of 120: consistent again.
    await tamper(index, 'DELETE FROM audit_log WHERE seq > 120')
    copyFileSync(older, join(checkpoints, LATEST_CHECKPOINT))
    assert.equal(
      (await runCli('audit', 'verify', '--index', index)).code,
      0,
      'what the folder alone cannot see',
    )
    const result = await runCli('audit', 'verify', '--index', index, '--checkpoint', kept)
    assert.equal(result.code, 1)
    assert.match(
      result.err,
      /broken at entry 121: a signed checkpoint holds 121 entries but the log ends at 120/,
    )

    // A server refuses to start on a log behind its latest checkpoint, rather than sign over the cut.
    copyFileSync(kept, join(checkpoints, LATEST_CHECKPOINT))
    const reopened = await openIndexStore(index)
    await assert.rejects(
      openAuditWriter(reopened, { checkpointFolder: checkpoints }),
      /ends at entry 120 but its latest signed checkpoint .* holds entry 121/,
    )
    await reopened.close()

    // A forged checkpoint (the seq changed, the signature kept) is refused, and so is a missing latest one.
    const [header, payload, signature] = readFileSync(kept, 'utf8').trim().split('.')
    const altered = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), seq: 120 }
    const forged = join(folder, `forged-${n}.jws`)
    writeFileSync(
      forged,
      `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`,
    )
    const refused = await runCli('audit', 'verify', '--index', index, '--checkpoint', forged)
    assert.equal(refused.code, 1)
    assert.match(refused.err, /signature does not verify/)
    rmSync(join(checkpoints, LATEST_CHECKPOINT))
    const missing = await runCli('audit', 'verify', '--index', index)
    assert.equal(missing.code, 1)
    assert.match(missing.err, /has its key but no checkpoint/)
  })
})
