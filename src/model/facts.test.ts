import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { defaultComparisons } from './default-comparisons.ts'
import { factsOf, impliedByKeys } from './facts.ts'
import { BASIC_COLUMNS } from './testing/model.ts'

const columns = new Set([...BASIC_COLUMNS, 'phone', 'birth_year', 'sex'])
const comparisons = defaultComparisons(columns)
const named = (name: string) => {
  const found = comparisons.find((c) => c.name === name)
  assert.ok(found, name)
  return found
}

describe('facts a blocking key records', () => {
  test('a derived column records the fact of its base column; a list of every name word records none', () => {
    assert.deepEqual(factsOf('dob_year'), ['birth'])
    assert.deepEqual(factsOf('postcode_district'), ['location'])
    assert.deepEqual(factsOf('name_pair_key'), ['forename', 'surname'])
    assert.deepEqual(factsOf('name_tokens'), [])
    assert.deepEqual(factsOf('email'), ['email'])
  })

  test('blocking on a postcode leaves the street, the town and the household surname untrained, not the forename', () => {
    assert.ok(impliedByKeys(['postcode'], named('address')))
    assert.ok(impliedByKeys(['postcode'], named('town')))
    assert.ok(impliedByKeys(['postcode'], named('surname')))
    assert.ok(!impliedByKeys(['postcode'], named('forename')))
    assert.ok(!impliedByKeys(['postcode'], named('phone')))
  })

  test('blocking on the birth date leaves the birth year untrained; on the names, the birth date trainable', () => {
    assert.ok(impliedByKeys(['date_of_birth'], named('birth_year')))
    assert.ok(!impliedByKeys(['date_of_birth'], named('surname')))
    assert.ok(!impliedByKeys(['forename', 'surname'], named('date_of_birth')))
    assert.ok(impliedByKeys(['forename', 'surname'], named('forename')))
    // Namesakes share a forename and so its sex.
    assert.ok(impliedByKeys(['forename', 'surname'], named('sex')))
  })
})
