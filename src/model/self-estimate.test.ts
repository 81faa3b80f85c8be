import assert from 'node:assert/strict'
import { test } from 'node:test'
import { selfEstimate } from './self-estimate.ts'

test('precision is the mean probability above the threshold, recall its share of all expected matches', () => {
  // Three pairs above the threshold (0.9, 0.8, 0.7) and two below (0.4, 0.2).
  const estimate = selfEstimate({ pairsAbove: 3, probabilityAbove: 2.4, probabilityAll: 3.0, pairsCapped: 0 })
  assert.ok(Math.abs(estimate.precision - 0.8) < 1e-12)
  assert.ok(Math.abs(estimate.recall - 0.8) < 1e-12)
  assert.equal(estimate.expectedTruePairs, 2.4)
  assert.equal(estimate.expectedMatches, 3.0)
})

test('no pair linked and no match expected read as nothing wrong, not as NaN', () => {
  const estimate = selfEstimate({ pairsAbove: 0, probabilityAbove: 0, probabilityAll: 0, pairsCapped: 0 })
  assert.equal(estimate.precision, 1)
  assert.equal(estimate.recall, 1)
})
