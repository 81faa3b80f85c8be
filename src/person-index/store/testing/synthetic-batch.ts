import { record } from '../../../model/testing/records.ts'
import type { IndexBatch, IndexRecord, PersonEvent, PersonState } from '../../types.ts'

/** Synthetic index content for tests and measurements: made-up names, no real person's data. */

const AT = '2026-01-01T00:00:00.000Z'

export const syntheticRecord = (source: string, recordId: string, justiceId: string): IndexRecord => ({
  key: `${source}:${recordId}`,
  source,
  recordId,
  justiceId,
  record: record({
    source,
    recordId,
    forename: 'testname',
    surname: `synthetic${recordId}`,
    nameTokens: ['testname', `synthetic${recordId}`],
    dateOfBirth: '1980-01-02',
    postcode: 'zz1 1zz',
  }),
  updatedAt: AT,
})

export const activePerson = (justiceId: string, at = AT): PersonState => ({
  justiceId,
  status: 'active',
  mergedInto: null,
  needsAttention: false,
  attentionReason: null,
  createdAt: at,
  updatedAt: at,
})

export const emptyBatch = (id: string, fields: Partial<IndexBatch> = {}): IndexBatch => ({
  id,
  kind: 'add',
  at: AT,
  upsertRecords: [],
  deleteRecords: [],
  upsertPersons: [],
  events: [],
  replaceEdgesOf: [],
  edges: [],
  ...fields,
})

/**
 * `count` records from `source`, two to a person, each pair joined by an edge, with created and record_added
 * events: the shape of a batch link.
 */
export const linkBatch = (id: string, source: string, count: number): IndexBatch => {
  const records: IndexRecord[] = []
  const persons: PersonState[] = []
  const events: PersonEvent[] = []
  const edges: IndexBatch['edges'] = []
  for (let i = 0; i < count; i++) {
    const justiceId = `${source}-P${Math.floor(i / 2)}`
    const r = syntheticRecord(source, String(i).padStart(8, '0'), justiceId)
    records.push(r)
    if (i % 2 === 0) {
      persons.push(activePerson(justiceId))
      events.push({
        justiceId,
        kind: 'created',
        recordKey: null,
        otherJusticeId: null,
        reason: 'batch link',
        at: AT,
        batchId: id,
      })
    } else {
      edges.push({ left: records[i - 1]!.key, right: r.key, weight: 12.5, guard: null })
    }
    events.push({
      justiceId,
      kind: 'record_added',
      recordKey: r.key,
      otherJusticeId: null,
      reason: 'batch link',
      at: AT,
      batchId: id,
    })
  }
  return emptyBatch(id, { kind: 'link', upsertRecords: records, upsertPersons: persons, events, edges })
}
