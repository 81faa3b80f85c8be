import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { PairScore } from '../model/score.ts'
import { evidenceWords, formatDate, formatDateTime, pairSummary } from './words.ts'

test('dates read as people write them, times in UK time', () => {
  assert.equal(formatDate('1998-06-26'), '26 June 1998')
  assert.equal(formatDate('1905-01-01'), '1 January 1905')
  assert.equal(formatDateTime('2026-12-06T10:16:00Z'), '6 December 2026, 10:16am')
  // British Summer Time: 11:00 UTC is noon in London.
  assert.equal(formatDateTime('2026-06-06T11:00:00Z'), '6 June 2026, 12pm')
  assert.equal(formatDateTime('2026-12-06T00:05:00Z'), '6 December 2026, 12:05am')
  assert.equal(formatDate(null), '')
})

const score = (levels: [string, number][], guard?: string): PairScore => ({
  matchWeight: 0,
  matchProbability: 0.5,
  comparisons: levels.map(([name, levelIndex]) => ({
    name,
    levelIndex,
    label: '',
    partialWeight: 0,
    tfAdjustment: 0,
  })),
  ...(guard ? { guard } : {}),
})

test('a pair reads as what agrees, what differs and what a guard suggests', () => {
  // Levels: null, exact, ..., different (the last); five levels each here.
  const twins = score(
    [
      ['forename', 4],
      ['surname', 1],
      ['postcode', 2],
      ['date_of_birth', 1],
      ['address', 1],
      ['crn', 4],
      ['pnc', -1],
    ],
    'likely_relatives',
  )
  assert.equal(
    pairSummary(twins, () => 5),
    'Same surname, date of birth and address, similar postcode, different first name: possibly twins or relatives',
  )
})

test('bits in words', () => {
  assert.equal(evidenceWords(8.2), 'strong evidence for')
  assert.equal(evidenceWords(-3), 'evidence against')
  assert.equal(evidenceWords(0.5), 'weak evidence for')
  assert.equal(evidenceWords(0), 'no evidence either way')
})
