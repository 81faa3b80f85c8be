import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import pg from 'pg'
import { JustIdError } from '../../core/errors.ts'
import { defaultComparisons } from '../../model/default-comparisons.ts'
import type { LinkageModel } from '../../model/model.ts'
import type { AuditEntryInput, IndexMeta, PersonIndexStore, PersonState } from '../types.ts'
import { openIndexStore } from './open-store.ts'
import { eachIndexBackend, type IndexBackend } from './testing/backends.ts'
import { withBatchFiles } from './testing/batch-files.ts'
import { activePerson, emptyBatch, linkBatch, syntheticRecord } from './testing/synthetic-batch.ts'

const model: LinkageModel = {
  version: 1,
  prior: 0.000123,
  comparisons: defaultComparisons(new Set(['forename', 'surname'])),
  guards: [],
  blockingRules: [{ name: 'surname', keys: ['surname'] }],
  thresholds: { match: 0.9, reviewLow: 0.5 },
}

const meta: IndexMeta = {
  model,
  thresholds: { join: 10, fracture: 6, strong: 14 },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
}

const merged = (justiceId: string, into: string): PersonState => ({
  ...activePerson(justiceId),
  status: 'merged',
  mergedInto: into,
})

const audit = (n: number): AuditEntryInput[] =>
  Array.from({ length: n }, (_, i) => ({
    at: `2026-01-01T00:00:0${i % 10}.000Z`,
    actor: 'client-test',
    action: 'person.read',
    justiceIds: [`ID${i}`],
    purpose: i % 2 === 0 ? 'case review' : null,
    outcome: '200',
  }))

const behaviour = (name: string, backend: () => IndexBackend | null) => {
  describe(`person index store: ${name}`, () => {
    let store: PersonIndexStore
    let location: string
    const fresh = async (t: { skip(message: string): void }): Promise<boolean> => {
      const b = backend()
      if (!b) {
        t.skip('no PostgreSQL server binaries on this machine')
        return false
      }
      location = await b.fresh()
      store = await openIndexStore(location)
      return true
    }
    const done = () => store?.close()
    /** Closes the store and runs SQL behind its back; reopen the location afterwards. */
    const tamper = async (sql: string): Promise<void> => {
      await store.close()
      await backend()!.raw(location, sql)
    }

    test('meta and term frequencies round-trip', async (t) => {
      if (!(await fresh(t))) return
      assert.equal(await store.meta(), null)
      const tf = new Map([
        [
          'surname',
          new Map([
            ['synthetica', 0.01],
            ['syntheticb', 0.002],
          ]),
        ],
      ])
      await store.applyBatch(emptyBatch('b1', { meta, termFrequencies: tf }))
      assert.deepEqual(await store.meta(), meta)
      assert.deepEqual(await store.termFrequencies(), tf)
      await store.applyBatch(
        emptyBatch('b2', { termFrequencies: new Map([['forename', new Map([['x', 0.5]])]]) }),
      )
      assert.deepEqual([...(await store.termFrequencies()).keys()], ['forename'])
      await done()
    })

    test('a batch writes records, persons, events and edges that read back', async (t) => {
      if (!(await fresh(t))) return
      await store.applyBatch(linkBatch('b1', 's', 6))
      assert.equal(await store.recordCount(), 6)
      const [one] = await store.recordsByKey(['s:00000003'])
      assert.equal(one?.justiceId, 's-P1')
      assert.equal(one?.record.surname, 'synthetic00000003')
      assert.deepEqual(one?.record.nameTokens, ['testname', 'synthetic00000003'])
      const assignments = await store.assignments()
      assert.equal(assignments.size, 6)
      assert.equal(assignments.get('s:00000004'), 's-P2')
      assert.deepEqual(
        (await store.persons()).map((p) => p.justiceId),
        ['s-P0', 's-P1', 's-P2'],
      )
      assert.deepEqual(await store.persons(['s-P1']), [activePerson('s-P1')])
      assert.deepEqual(await store.edges(['s:00000002']), [
        { left: 's:00000002', right: 's:00000003', weight: 12.5, guard: null },
      ])
      assert.equal((await store.edges()).length, 3)
      const events = await store.events()
      assert.deepEqual(
        events.map((e) => e.seq),
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
      )
      assert.deepEqual(
        (await store.events(['s-P1'])).map((e) => [e.kind, e.recordKey]),
        [
          ['created', null],
          ['record_added', 's:00000002'],
          ['record_added', 's:00000003'],
        ],
      )
      const chunks: string[][] = []
      for await (const chunk of store.records(4)) chunks.push(chunk.map((r) => r.key))
      assert.deepEqual(chunks, [
        ['s:00000000', 's:00000001', 's:00000002', 's:00000003'],
        ['s:00000004', 's:00000005'],
      ])
      await done()
    })

    test('event numbers continue across batches', async (t) => {
      if (!(await fresh(t))) return
      await store.applyBatch(linkBatch('b1', 's', 2))
      await store.applyBatch(linkBatch('b2', 'r', 2))
      assert.deepEqual(
        (await store.events()).map((e) => [e.seq, e.batchId]),
        [
          [1, 'b1'],
          [2, 'b1'],
          [3, 'b1'],
          [4, 'b2'],
          [5, 'b2'],
          [6, 'b2'],
        ],
      )
      await done()
    })

    test('an upsert replaces records and persons by key', async (t) => {
      if (!(await fresh(t))) return
      await store.applyBatch(linkBatch('b1', 's', 4))
      const moved = { ...syntheticRecord('s', '00000001', 's-P1'), updatedAt: '2026-02-01T00:00:00.000Z' }
      const attention = { ...activePerson('s-P1'), needsAttention: true, attentionReason: 'weak_bridge' }
      await store.applyBatch(
        emptyBatch('b2', { kind: 'upsert', upsertRecords: [moved], upsertPersons: [attention] }),
      )
      assert.equal(await store.recordCount(), 4)
      // Written without entered values, as the synthetic batch's records are: the index holds none for it.
      assert.deepEqual(await store.recordsByKey(['s:00000001']), [{ ...moved, entered: null }])
      assert.deepEqual(await store.persons(['s-P1']), [attention])
      assert.equal((await store.persons()).length, 2)
      await done()
    })

    test('records and edges given as files are written as the same rows, replacing records by key', async (t) => {
      if (!(await fresh(t))) return
      const files = mkdtempSync(join(tmpdir(), 'justid-batch-files-'))
      try {
        const batch = linkBatch('b1', 's', 4)
        await store.applyBatch(await withBatchFiles(batch, files))
        assert.equal(await store.recordCount(), 4)
        assert.deepEqual(
          await store.recordsByKey(['s:00000000', 's:00000003']),
          [batch.upsertRecords[0]!, batch.upsertRecords[3]!].map((r) => ({ ...r, entered: null })),
        )
        assert.deepEqual(await store.edges(), batch.edges)
        const moved = { ...syntheticRecord('s', '00000001', 's-P9'), updatedAt: '2026-02-01T00:00:00.000Z' }
        await store.applyBatch(
          await withBatchFiles(emptyBatch('b2', { kind: 'upsert', upsertRecords: [moved] }), files),
        )
        assert.equal(await store.recordCount(), 4)
        assert.deepEqual(await store.recordsByKey(['s:00000001']), [{ ...moved, entered: null }])
        assert.equal((await store.events()).filter((e) => e.batchId === 'b1').length, batch.events.length)
      } finally {
        rmSync(files, { recursive: true, force: true })
      }
      await done()
    })

    test('deleting records removes their edges', async (t) => {
      if (!(await fresh(t))) return
      await store.applyBatch(linkBatch('b1', 's', 4))
      await store.applyBatch(emptyBatch('b2', { kind: 'delete', deleteRecords: ['s:00000001'] }))
      assert.equal(await store.recordCount(), 3)
      assert.deepEqual(await store.recordsByKey(['s:00000001']), [])
      assert.deepEqual(
        (await store.edges()).map((e) => e.left),
        ['s:00000002'],
      )
      await done()
    })

    test('replaceEdgesOf removes only edges touching those records, or all', async (t) => {
      if (!(await fresh(t))) return
      await store.applyBatch(linkBatch('b1', 's', 6))
      const edge = { left: 's:00000001', right: 's:00000002', weight: -3.25, guard: 'likely_twins' }
      await store.applyBatch(
        emptyBatch('b2', { replaceEdgesOf: ['s:00000000', 's:00000002'], edges: [edge] }),
      )
      assert.deepEqual(await store.edges(), [
        edge,
        { left: 's:00000004', right: 's:00000005', weight: 12.5, guard: null },
      ])
      await store.applyBatch(emptyBatch('b3', { replaceEdgesOf: 'all' }))
      assert.deepEqual(await store.edges(), [])
      await done()
    })

    test('a batch that fails midway leaves nothing behind', async (t) => {
      if (!(await fresh(t))) return
      await store.applyBatch(linkBatch('b1', 's', 2))
      const bad = linkBatch('b2', 'r', 6)
      // The same pair twice: the edge insert, after records, persons and events, breaks the primary key.
      bad.edges.push({ ...bad.edges[0]! })
      bad.deleteRecords = ['s:00000000']
      bad.meta = meta
      await assert.rejects(store.applyBatch(bad))
      assert.equal(await store.recordCount(), 2)
      assert.equal((await store.persons()).length, 1)
      assert.equal((await store.events()).length, 3)
      assert.equal((await store.edges()).length, 1)
      assert.equal(await store.meta(), null)
      await store.applyBatch(linkBatch('b3', 'q', 2))
      assert.deepEqual(
        (await store.events()).map((e) => e.seq),
        [1, 2, 3, 4, 5, 6],
      )
      await done()
    })

    test('person() follows merges, through a chain, and gathers aliases and their events', async (t) => {
      if (!(await fresh(t))) return
      await store.applyBatch(linkBatch('b1', 's', 6))
      assert.equal(await store.person('never-issued'), null)
      const at = '2026-03-01T00:00:00.000Z'
      const mergeEvent = (justiceId: string, other: string) => ({
        justiceId,
        kind: 'merged' as const,
        recordKey: null,
        otherJusticeId: other,
        reason: 'new record bridged them',
        at,
        batchId: 'b2',
      })
      // P0 into P1, then P1 into P2: P0 resolves through the chain to P2.
      await store.applyBatch(
        emptyBatch('b2', {
          upsertPersons: [merged('s-P0', 's-P1')],
          upsertRecords: ['00000000', '00000001'].map((id) => syntheticRecord('s', id, 's-P1')),
          events: [mergeEvent('s-P1', 's-P0'), mergeEvent('s-P0', 's-P1')],
        }),
      )
      const once = await store.person('s-P0')
      assert.equal(once?.requested, 's-P0')
      assert.equal(once?.person.justiceId, 's-P1')
      assert.deepEqual(once?.aliases, ['s-P0'])
      assert.equal(once?.records.length, 4)
      await store.applyBatch(
        emptyBatch('b3', {
          upsertPersons: [merged('s-P1', 's-P2')],
          upsertRecords: ['00000000', '00000001', '00000002', '00000003'].map((id) =>
            syntheticRecord('s', id, 's-P2'),
          ),
          events: [mergeEvent('s-P2', 's-P1'), mergeEvent('s-P1', 's-P2')],
        }),
      )
      const view = await store.person('s-P0')
      assert.equal(view?.requested, 's-P0')
      assert.equal(view?.person.justiceId, 's-P2')
      assert.equal(view?.person.status, 'active')
      assert.deepEqual(view?.aliases, ['s-P0', 's-P1'])
      assert.deepEqual(
        view?.records.map((r) => r.key),
        ['s:00000000', 's:00000001', 's:00000002', 's:00000003', 's:00000004', 's:00000005'],
      )
      const seqs = view?.events.map((e) => e.seq) ?? []
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => a - b),
      )
      assert.equal(view?.events.length, 9 + 4)
      assert.deepEqual(
        view?.events.filter((e) => e.kind === 'merged').map((e) => [e.justiceId, e.otherJusticeId]),
        [
          ['s-P1', 's-P0'],
          ['s-P0', 's-P1'],
          ['s-P2', 's-P1'],
          ['s-P1', 's-P2'],
        ],
      )
      await done()
    })

    test('API clients are stored and read back; an id is issued once', async (t) => {
      if (!(await fresh(t))) return
      const client = {
        id: 'court-app',
        name: 'Court application',
        scopes: ['match' as const, 'eligibility:legal-aid' as const],
        rateLimitPerMinute: 600,
        createdAt: '2026-01-01T00:00:00.000Z',
        disabled: false,
      }
      await store.addClient(client, 'scrypt$abc')
      assert.deepEqual(await store.client('court-app'), { client, secretHash: 'scrypt$abc' })
      assert.equal(await store.client('nobody'), null)
      assert.deepEqual(await store.clients(), [client])
      await assert.rejects(store.addClient(client, 'other'), JustIdError)
      await done()
    })

    test('staff users are stored with their password hash; a username is taken once', async (t) => {
      if (!(await fresh(t))) return
      const user = {
        username: 'reviewer1',
        displayName: 'Reviewer One',
        role: 'reviewer' as const,
        createdAt: '2026-01-01T00:00:00.000Z',
        disabled: false,
      }
      await store.addStaffUser(user, 'scrypt$hash')
      assert.deepEqual(await store.staffUser('reviewer1'), { user, passwordHash: 'scrypt$hash' })
      assert.equal(await store.staffUser('nobody'), null)
      assert.deepEqual(await store.staffUsers(), [user])
      await assert.rejects(store.addStaffUser(user, 'other'), JustIdError)
      await done()
    })

    test('the newest review decision on a pair is the one in force', async (t) => {
      if (!(await fresh(t))) return
      const decision = (
        id: string,
        left: string,
        right: string,
        outcome: 'same_person' | 'not_same_person',
        at: string,
      ) => ({
        id,
        left,
        right,
        outcome,
        reviewer: 'reviewer1',
        reason: 'checked the custody photo record',
        at,
        matchWeight: 1.5,
      })
      const first = [
        decision('d1', 'court:1', 'prison:1', 'same_person', '2026-01-01T00:00:00Z'),
        decision('d3', 'court:2', 'prison:2', 'same_person', '2026-01-01T00:00:00Z'),
      ]
      await store.applyBatch(emptyBatch('b1', { kind: 'decision', decisions: first }))
      const later = [decision('d2', 'court:1', 'prison:1', 'not_same_person', '2026-01-02T00:00:00Z')]
      await store.applyBatch(emptyBatch('b2', { kind: 'decision', decisions: later }))
      const all = await store.decisions()
      assert.deepEqual(all.map((d) => d.id).sort(), ['d2', 'd3'])
      assert.deepEqual(
        (await store.decisions(['prison:2'])).map((d) => d.id),
        ['d3'],
      )
      await done()
    })

    test('audit entries chain and verify across appends', async (t) => {
      if (!(await fresh(t))) return
      assert.deepEqual(await store.verifyAudit(), { ok: true, entries: 0, firstBadSeq: null, reason: null })
      const first = await store.appendAudit(audit(3))
      const second = await store.appendAudit(audit(2))
      assert.deepEqual(
        [...first, ...second].map((e) => e.seq),
        [1, 2, 3, 4, 5],
      )
      assert.equal(second[0]?.prevHash, first[2]?.hash)
      const read: unknown[] = []
      for await (const chunk of store.auditEntries(2)) read.push(...chunk)
      assert.deepEqual(read, [...first.slice(1), ...second])
      assert.deepEqual(await store.verifyAudit(), { ok: true, entries: 5, firstBadSeq: null, reason: null })
      await done()
    })

    test('an edited audit entry is detected, naming its seq', async (t) => {
      if (!(await fresh(t))) return
      await store.appendAudit(audit(5))
      await tamper(`UPDATE audit_log SET purpose = 'edited' WHERE seq = 3`)
      store = await openIndexStore(location)
      assert.deepEqual(await store.verifyAudit(), {
        ok: false,
        entries: 2,
        firstBadSeq: 3,
        reason: 'hash mismatch',
      })
      await done()
    })

    test('a deleted middle audit entry is detected', async (t) => {
      if (!(await fresh(t))) return
      await store.appendAudit(audit(5))
      await tamper('DELETE FROM audit_log WHERE seq = 2')
      store = await openIndexStore(location)
      const result = await store.verifyAudit()
      assert.equal(result.ok, false)
      assert.equal(result.firstBadSeq, 2)
      assert.equal(result.reason, 'missing entry')
      await done()
    })

    test('justice events are stored by record, read back by record key, and a reload does not duplicate', async (t) => {
      if (!(await fresh(t))) return
      const custody = {
        source: 'prison',
        recordId: 'p1',
        recordKey: 'prison:p1',
        eventType: 'custody' as const,
        startDate: '2024-01-05',
        endDate: null,
        detail: 'HMP Example',
      }
      const court = { ...custody, source: 'court', recordId: 'c1', recordKey: 'court:c1' }
      const other = { ...custody, recordId: 'p2', recordKey: 'prison:p2', startDate: '2020-02-02' }
      const court2 = {
        ...court,
        eventType: 'court_case' as const,
        startDate: '2023-12-01',
        endDate: '2023-12-01',
      }
      await store.addJusticeEvents([custody, court, court2, other])
      await store.addJusticeEvents([{ ...custody, endDate: '2025-06-30' }])
      assert.deepEqual(await store.justiceEvents(['prison:p1', 'court:c1']), [
        court2,
        court,
        { ...custody, endDate: '2025-06-30' },
      ])
      assert.deepEqual(await store.justiceEvents(['nobody:x']), [])
      await done()
    })

    test('an index written by a newer schema is refused', async (t) => {
      if (!(await fresh(t))) return
      await tamper('UPDATE index_meta SET schema_version = 99')
      await assert.rejects(openIndexStore(location), /schema version 99.*upgrade JustID/)
    })
  })
}

const { server } = eachIndexBackend('store', behaviour)

describe('PostgreSQL append-only tables', () => {
  test('refuse UPDATE and DELETE of audit entries and person events', async (t) => {
    const postgres = server()
    if (!postgres) return t.skip('no PostgreSQL server binaries on this machine')
    const location = await postgres.createDatabase('append_only')
    const store = await openIndexStore(location)
    await store.appendAudit(audit(1))
    await store.applyBatch(linkBatch('b1', 's', 2))
    const client = new pg.Client({ connectionString: location })
    await client.connect()
    try {
      await assert.rejects(client.query(`UPDATE audit_log SET outcome = '500'`), /append-only/)
      await assert.rejects(client.query('DELETE FROM audit_log'), /append-only/)
      await assert.rejects(client.query('DELETE FROM person_events'), /append-only/)
      await assert.rejects(client.query('TRUNCATE person_events'), /append-only/)
    } finally {
      await client.end()
      await store.close()
    }
  })
})
