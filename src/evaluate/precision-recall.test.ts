import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isJustIdError } from '../core/errors.ts'
import { precisionRecallCurve, type ScoredPair } from './precision-recall.ts'

// One of the 4 true pairs was never proposed by blocking, so recall never reaches 1.
const pairs: ScoredPair[] = [
  { weight: 3, isMatch: true },
  { weight: -2, isMatch: true },
  { weight: 5, isMatch: false },
  { weight: 1, isMatch: false },
  { weight: 5, isMatch: true },
]

const rounded = (points: { threshold: number; precision: number; recall: number; f1: number }[]) =>
  points.map((p) => ({
    threshold: p.threshold,
    precision: Number(p.precision.toFixed(4)),
    recall: Number(p.recall.toFixed(4)),
    f1: Number(p.f1.toFixed(4)),
  }))

const expected = [
  { threshold: 5, precision: 0.5, recall: 0.25, f1: 0.3333 },
  { threshold: 3, precision: 0.6667, recall: 0.5, f1: 0.5714 },
  { threshold: 1, precision: 0.5, recall: 0.5, f1: 0.5 },
  { threshold: -2, precision: 0.6, recall: 0.75, f1: 0.6667 },
]

describe('precisionRecallCurve', () => {
  test('one point per distinct weight, highest first, ties taken together, recall over all true pairs', () => {
    assert.deepEqual(rounded(precisionRecallCurve(pairs, 4)), expected)
  })

  test('an async stream gives the same curve', async () => {
    async function* stream() {
      yield* pairs
    }
    assert.deepEqual(rounded(await precisionRecallCurve(stream(), 4)), expected)
  })

  test('no pairs gives no points; no true pairs gives recall 1', () => {
    assert.deepEqual(precisionRecallCurve([], 10), [])
    assert.deepEqual(precisionRecallCurve([{ weight: 2, isMatch: false }], 0), [
      { threshold: 2, precision: 0, recall: 1, f1: 0 },
    ])
  })

  test('more matching pairs than the truth holds is an error', () => {
    assert.throws(() => precisionRecallCurve(pairs, 2), isJustIdError)
  })

  test('a long curve is thinned but keeps its ends and its best F1', () => {
    const many: ScoredPair[] = Array.from({ length: 5000 }, (_, i) => ({ weight: i, isMatch: i % 3 !== 0 }))
    const full = precisionRecallCurve(many, 4000, { maxPoints: 10000 })
    const thinned = precisionRecallCurve(many, 4000, { maxPoints: 50 })
    assert.equal(full.length, 5000)
    assert.ok(thinned.length <= 50 && thinned.length >= 45)
    assert.deepEqual(thinned[0], full[0])
    assert.deepEqual(thinned.at(-1), full.at(-1))
    const bestF1 = Math.max(...full.map((p) => p.f1))
    assert.ok(thinned.some((p) => p.f1 === bestF1))
    for (let i = 1; i < thinned.length; i++) assert.ok(thinned[i]!.threshold < thinned[i - 1]!.threshold)
  })
})
