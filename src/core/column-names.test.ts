import assert from 'node:assert/strict'
import { test } from 'node:test'
import { columnOfField, fieldOfColumn } from './column-names.ts'

test('a field and its column map both ways', () => {
  for (const [field, column] of [
    ['forenameGroup', 'forename_group'],
    ['dateOfBirth', 'date_of_birth'],
    ['surname', 'surname'],
    ['nameJoinedFamilyFirst', 'name_joined_family_first'],
  ]) {
    assert.equal(columnOfField(field!), column)
    assert.equal(fieldOfColumn(column!), field)
  }
})
