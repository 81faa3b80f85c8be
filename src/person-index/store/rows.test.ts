import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JustIdError } from '../../core/errors.ts'
import { columnValue } from '../../model/conditions.ts'
import { record } from '../../model/testing/records.ts'
import { nameSimilarity } from '../../realtime/search.ts'
import { auditOf, clientOf, decisionOf, personOf, recordOf } from './rows.ts'

test('a record an older index stored, without the list fields added since, reads with them empty', () => {
  // Invented names only. Stored before aliases and a nickname's other groups were standardised.
  const {
    aliasNames: _a,
    forenameOtherGroups: _g,
    ...older
  } = record({
    forename: 'sammy',
    forenameGroup: 'samuel',
    surname: 'ashworth',
  })
  const stored = recordOf({
    record_key: 'court:1',
    source: 'court',
    record_id: '1',
    justice_id: 'JID-0000-0000-0000',
    record_json: JSON.stringify(older),
    updated_at: '2026-11-01T00:00:00.000Z',
  })
  assert.deepEqual(stored.record.aliasNames, [])
  assert.deepEqual(stored.record.forenameOtherGroups, [])
  const query = record({ forename: 'samantha', forenameGroup: 'samantha', surname: 'ashworth' })
  assert.ok(nameSimilarity(query, stored.record) > 0.5)
})

test('a record stored before the year of birth and attributes existed reads with them completed', () => {
  // Invented values only. Stored before 2026-12: no birthYear, no attributes.
  const {
    birthYear: _y,
    attributes: _a,
    ...older
  } = record({ surname: 'ashworth', dateOfBirth: '1899-03-07' })
  const stored = recordOf({
    record_key: 'court:2',
    source: 'court',
    record_id: '2',
    justice_id: 'JID-0000-0000-0000',
    record_json: JSON.stringify(older),
    updated_at: '2026-11-01T00:00:00.000Z',
  })
  assert.equal(stored.record.birthYear, '1899')
  assert.deepEqual(stored.record.attributes, {})
  assert.equal(columnValue(stored.record, 'dob_year'), '1899')
  assert.equal(columnValue(stored.record, 'attr_birth_place'), null)
})

test('a record stored as a batch run writes it, with absent identifiers and attributes as null, reads without them', () => {
  // Invented values only.
  const written = record({
    surname: 'ashworth',
    otherIds: { old_ref: 'R1' },
    attributes: { birth_place: 'leeds' },
  })
  const stored = recordOf({
    record_key: 'court:3',
    source: 'court',
    record_id: '3',
    justice_id: 'JID-0000-0000-0000',
    record_json: JSON.stringify({
      ...written,
      otherIds: { ...written.otherIds, prison_no: null },
      attributes: { ...written.attributes, nationality: null },
    }),
    updated_at: '2026-11-01T00:00:00.000Z',
  })
  assert.deepEqual(stored.record, written)
})

test('a damaged row is refused naming its table and column, never its value', () => {
  // Invented values; each damage stands for a value another writer, or a hand, put into the index.
  const secret = 'ASHWORTH-1899'
  const damaged: [string, () => unknown, string][] = [
    [
      'index_records.record_json',
      () =>
        recordOf({
          record_key: 'court:1',
          source: 'court',
          record_id: '1',
          justice_id: 'JID-0000-0000-0000',
          record_json: `{"surname": "${secret}"`,
          updated_at: '2026-11-01T00:00:00.000Z',
        }),
      'record_json',
    ],
    [
      'api_clients.scopes_json',
      () =>
        clientOf({
          client_id: 'c1',
          name: 'n',
          scopes_json: JSON.stringify(['match', secret]),
          rate_limit_per_minute: 60,
          created_at: '2026-11-01T00:00:00.000Z',
          disabled: false,
        }),
      'scopes_json',
    ],
    [
      'audit_log.justice_ids_json',
      () =>
        auditOf({
          seq: 1,
          at: '2026-11-01T00:00:00.000Z',
          actor: 'a',
          action: 'match',
          justice_ids_json: JSON.stringify({ id: secret }),
          purpose: null,
          outcome: 'ok',
          prev_hash: '0',
          hash: '1',
        }),
      'justice_ids_json',
    ],
    [
      'persons.status',
      () =>
        personOf({
          justice_id: 'JID-0000-0000-0000',
          status: secret,
          merged_into: null,
          needs_attention: false,
          attention_reason: null,
          created_at: '2026-11-01T00:00:00.000Z',
          updated_at: '2026-11-01T00:00:00.000Z',
        }),
      'status',
    ],
    [
      'review_decisions.outcome',
      () =>
        decisionOf({
          decision_id: 'd1',
          left_key: 'court:1',
          right_key: 'court:2',
          outcome: secret,
          reviewer: 'r',
          reason: '',
          at: '2026-11-01T00:00:00.000Z',
          match_weight: null,
        }),
      'outcome',
    ],
  ]
  for (const [where, readRow] of damaged) {
    assert.throws(readRow, (e: unknown) => {
      assert.ok(e instanceof JustIdError, where)
      assert.match(e.message, new RegExp(where.replace('.', '\\.')))
      assert.ok(!e.message.includes(secret), `${where}: the message shows the value`)
      return true
    })
  }
  // Good rows still read.
  assert.deepEqual(
    clientOf({
      client_id: 'c1',
      name: 'n',
      scopes_json: JSON.stringify(['match', 'eligibility:housing']),
      rate_limit_per_minute: 60,
      created_at: '2026-11-01T00:00:00.000Z',
      disabled: false,
    }).scopes,
    ['match', 'eligibility:housing'],
  )
})
