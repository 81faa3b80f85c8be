import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultBlockingRules } from '../../blocking/plan.ts'
import type { EnteredRecord } from '../../core/entered-record.ts'
import type { StandardisedRecord } from '../../core/standardised.ts'
import { defaultComparisons } from '../../model/default-comparisons.ts'
import { defaultGuards } from '../../model/guards.ts'
import type { LinkageModel } from '../../model/model.ts'
import { scorePair } from '../../model/score.ts'
import { ADDRESS_COLUMNS } from '../../model/testing/model.ts'
import { weightThresholds } from '../../model/thresholds.ts'
import { openIndexStore } from '../../person-index/store/open-store.ts'
import type {
  IndexEdge,
  IndexRecord,
  JusticeId,
  PersonIndexStore,
  PersonState,
  StoredTermFrequencies,
} from '../../person-index/types.ts'
import { enteredRecordOf } from '../../sources/person-record.ts'
import { recordOfInput, standardiseInput } from '../probe.ts'
import type { RecordInput } from '../types.ts'

const COLUMNS = new Set([
  'forename',
  'forename_group',
  'forename_metaphone',
  'surname',
  'surname_parts',
  'surname_group',
  'surname_metaphone',
  'name_tokens',
  'name_pair_key',
  'dob_year',
  'dob_month_day',
  'forename_initial',
  'date_of_birth',
  'sex',
  ...ADDRESS_COLUMNS,
  'pnc',
  'nino',
])

/** The default comparisons, guards and blocking rules, untrained: enough to tell one person from another. */
export const testModel: LinkageModel = {
  version: 1,
  prior: 1e-4,
  comparisons: defaultComparisons(COLUMNS),
  guards: defaultGuards(COLUMNS),
  blockingRules: defaultBlockingRules(COLUMNS, []),
  thresholds: { match: 0.99, reviewLow: 0.5 },
}
export const testThresholds = weightThresholds(testModel.thresholds.match, testModel.thresholds.reviewLow)

/** Synthetic people; none is a real person. */
export const PEOPLE: Record<string, { id: JusticeId; records: [string, RecordInput][] }> = {
  ashworth: {
    id: 'JID-ASHWORTH',
    records: [
      [
        'court:c1',
        { forename: 'Robert', surname: 'Ashworth', dateOfBirth: '1985-04-12', sex: 'M', postcode: 'LS1 4AB' },
      ],
      [
        'prison:p1',
        { forename: 'Bob', surname: 'Ashworth', dateOfBirth: '1985-04-12', sex: 'M', postcode: 'LS1 4AB' },
      ],
    ],
  },
  natarajan: {
    id: 'JID-NATARAJAN',
    records: [
      [
        'court:c2',
        { forename: 'Priya', surname: 'Natarajan', dateOfBirth: '1962-11-30', sex: 'F', postcode: 'EX4 2ZZ' },
      ],
    ],
  },
  okonkwo: {
    id: 'JID-OKONKWO',
    records: [
      [
        'probation:x1',
        { forename: 'Chidi', surname: 'Okonkwo', dateOfBirth: '1990-07-01', sex: 'M', postcode: 'M1 1AA' },
      ],
    ],
  },
}

const AT = '2026-01-01T00:00:00.000Z'

const standardisedOf = (key: string, input: RecordInput): StandardisedRecord => {
  const [source, recordId] = key.split(':') as [string, string]
  return standardiseInput(source, recordId, input)
}

/** The values as entered, kept with each record as a link run keeps them. */
const enteredOf = (key: string, input: RecordInput): EnteredRecord => {
  const [source, recordId] = key.split(':') as [string, string]
  return enteredRecordOf(recordOfInput(source, recordId, input))
}

/** A new record of Robert Ashworth, his surname mistyped: a write that joins his person. */
export const ROBERT: RecordInput = {
  forename: 'Robert',
  surname: 'Ashwroth',
  dateOfBirth: '1985-04-12',
  sex: 'M',
  postcode: 'LS1 4AB',
}
/** A record of someone the seeded people are not: a write that makes a new person. */
export const ZOFIA: RecordInput = { forename: 'Zofia', surname: 'Quill', dateOfBirth: '1999-09-09' }

/** Writes PEOPLE into an empty store, linked as a batch run would leave them. */
export const seedInto = async (store: PersonIndexStore): Promise<void> => {
  const records: IndexRecord[] = []
  const persons: PersonState[] = []
  const edges: IndexEdge[] = []
  for (const { id, records: inputs } of Object.values(PEOPLE)) {
    persons.push({
      justiceId: id,
      status: 'active',
      mergedInto: null,
      needsAttention: false,
      attentionReason: null,
      createdAt: AT,
      updatedAt: AT,
    })
    const own = inputs.map(([key, input]) => ({
      key,
      record: standardisedOf(key, input),
      entered: enteredOf(key, input),
    }))
    for (const { key, record, entered } of own) {
      records.push({
        key,
        source: record.source,
        recordId: record.recordId,
        justiceId: id,
        record,
        entered,
        updatedAt: AT,
      })
    }
    for (let i = 0; i < own.length; i++) {
      for (let j = i + 1; j < own.length; j++) {
        const [l, r] = [own[i]!, own[j]!].sort((a, b) => (a.key < b.key ? -1 : 1)) as [
          (typeof own)[0],
          (typeof own)[0],
        ]
        const score = scorePair(testModel, l.record, r.record)
        edges.push({ left: l.key, right: r.key, weight: score.matchWeight, guard: score.guard ?? null })
      }
    }
  }
  const termFrequencies: StoredTermFrequencies = new Map()
  await store.applyBatch({
    id: 'seed',
    kind: 'link',
    at: AT,
    upsertRecords: records,
    deleteRecords: [],
    upsertPersons: persons,
    events: persons.map((p) => ({
      justiceId: p.justiceId,
      kind: 'created',
      recordKey: null,
      otherJusticeId: null,
      reason: 'new person',
      at: AT,
      batchId: 'seed',
    })),
    replaceEdgesOf: 'all',
    edges,
    meta: { model: testModel, thresholds: testThresholds, createdAt: AT, updatedAt: AT },
    termFrequencies,
  })
}

/** A person index in a temporary DuckDB file holding PEOPLE; `cleanup` closes it and deletes the file. */
export const seedStore = async (): Promise<{ store: PersonIndexStore; cleanup: () => Promise<void> }> => {
  const folder = mkdtempSync(join(tmpdir(), 'justid-realtime-'))
  const store = await openIndexStore(join(folder, 'index.duckdb'))
  await seedInto(store)
  return {
    store,
    cleanup: async () => {
      await store.close()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

/** Adds scored pairs to a seeded store in one batch of their own, as a link would leave them. */
export const addEdges = (
  store: PersonIndexStore,
  edges: IndexEdge[],
  at = '2026-02-01T00:00:00.000Z',
): Promise<void> =>
  store.applyBatch({
    id: 'edges',
    kind: 'upsert',
    at,
    upsertRecords: [],
    deleteRecords: [],
    upsertPersons: [],
    events: [],
    replaceEdgesOf: [],
    edges,
  })
