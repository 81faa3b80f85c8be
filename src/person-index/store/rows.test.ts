import assert from 'node:assert/strict'
import { test } from 'node:test'
import { columnValue } from '../../model/conditions.ts'
import { record } from '../../model/testing/records.ts'
import { nameSimilarity } from '../../realtime/search.ts'
import { recordOf } from './rows.ts'

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
