import assert from 'node:assert/strict'
import { test } from 'node:test'
import { record } from '../model/testing/records.ts'
import { dateSimilarity, displayName, nameSimilarity, searchScore } from './search.ts'

// Invented names only.
const stored = record({
  forename: 'robert',
  forenameGroup: 'robert',
  surname: 'ashworth',
  dateOfBirth: '1985-04-12',
})

test('names match in either order, and a nickname counts as the forename', () => {
  assert.equal(nameSimilarity(record({ forename: 'ashworth', surname: 'robert' }), stored), 1)
  assert.equal(
    nameSimilarity(record({ forename: 'bob', forenameGroup: 'robert', surname: 'ashworth' }), stored),
    1,
  )
  assert.ok(nameSimilarity(record({ forename: 'zofia', surname: 'quill' }), stored) < 0.7)
})

test('a nickname shared by several names counts as each of them', () => {
  const albert = record({ forename: 'albert', forenameGroup: 'albert', surname: 'ashworth' })
  const bert = record({
    forename: 'bert',
    forenameGroup: 'robert',
    forenameOtherGroups: ['albert', 'herbert'],
    surname: 'ashworth',
  })
  assert.equal(nameSimilarity(bert, albert), 1)
  assert.equal(nameSimilarity(albert, bert), 1)
  assert.ok(nameSimilarity(record({ ...albert, forename: 'alfie', forenameGroup: 'alfred' }), bert) < 1)
})

test('a one-word query is compared as a surname', () => {
  assert.equal(nameSimilarity(record({ surname: 'ashworth' }), stored), 1)
})

test('a birth date agreeing counts; one with day and month exchanged counts half', () => {
  assert.equal(dateSimilarity('1985-04-12', '1985-04-12'), 1)
  assert.equal(dateSimilarity('1985-12-04', '1985-04-12'), 0.5)
  assert.equal(dateSimilarity('1986-04-12', '1985-04-12'), 0)
  assert.equal(dateSimilarity('1985-04-12', null), 0)
  const query = record({ forename: 'robert', surname: 'ashworth', dateOfBirth: '1970-01-01' })
  assert.ok(searchScore(query, stored)! < searchScore({ ...query, dateOfBirth: '1985-04-12' }, stored)!)
})

test('display names are capitalised words', () => {
  assert.equal(
    displayName(record({ forename: 'anna', middleNames: 'maria', surname: 'al hassan' })),
    'Anna Maria Al Hassan',
  )
})
