import assert from 'node:assert/strict'
import { test } from 'node:test'
import { reviewerAgreement } from './reviewer-labels.ts'

test('the model is scored against reviewers: agreements, both kinds of error, precision and recall', () => {
  const a = reviewerAgreement([
    { samePerson: true, modelMatch: true },
    { samePerson: true, modelMatch: true },
    { samePerson: true, modelMatch: false },
    { samePerson: false, modelMatch: true },
    { samePerson: false, modelMatch: false },
  ])
  assert.deepEqual(
    [a.labels, a.truePositives, a.falsePositives, a.falseNegatives, a.trueNegatives],
    [5, 2, 1, 1, 1],
  )
  assert.equal(a.agreement, 3 / 5)
  assert.equal(a.precision, 2 / 3)
  assert.equal(a.recall, 2 / 3)
  assert.ok(a.agreementInterval.low < 0.6 && a.agreementInterval.high > 0.6)
})

test('no labels yet gives zero counts, not a division by zero', () => {
  const a = reviewerAgreement([])
  assert.equal(a.labels, 0)
  assert.ok(Number.isFinite(a.precision) && Number.isFinite(a.recall))
})
