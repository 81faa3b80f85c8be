import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { type RecordKey, recordKeyOf } from '../core/record-key.ts'
import { bCubed } from './b-cubed.ts'
import { clusterMetrics } from './cluster-metrics.ts'
import { clusterPairwiseMetrics, truePairCount } from './pairwise.ts'

/** Builds a clustering from groups of record ids in one source: [['a', 'b'], ['c']] → a, b in cluster 0, c in 1. */
const clustering = (groups: string[][], prefix = 'p'): Map<RecordKey, string> =>
  new Map(groups.flatMap((ids, i) => ids.map((id) => [recordKeyOf('s', id), `${prefix}${i}`] as const)))

// Truth: persons {a,b,c}, {d,e}, {f} → true pairs 3 + 1 = 4.
const truth = clustering([['a', 'b', 'c'], ['d', 'e'], ['f']], 't')

/** Pairs counted the slow way, to check the contingency-table counts against. */
const bruteForce = (predicted: Map<RecordKey, string>, truth: Map<RecordKey, string>) => {
  const keys = [...predicted.keys()].filter((k) => truth.has(k))
  let tp = 0
  let fp = 0
  let fn = 0
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const linked = predicted.get(keys[i]!) === predicted.get(keys[j]!)
      const same = truth.get(keys[i]!) === truth.get(keys[j]!)
      if (linked && same) tp++
      else if (linked) fp++
      else if (same) fn++
    }
  }
  return { tp, fp, fn }
}

describe('clusterPairwiseMetrics', () => {
  test('a perfect clustering scores 1 everywhere', () => {
    const m = clusterPairwiseMetrics(clustering([['a', 'b', 'c'], ['d', 'e'], ['f']]), truth)
    assert.deepEqual(
      {
        tp: m.truePositives,
        fp: m.falsePositives,
        fn: m.falseNegatives,
        p: m.precision,
        r: m.recall,
        f1: m.f1,
      },
      { tp: 4, fp: 0, fn: 0, p: 1, r: 1, f1: 1 },
    )
  })

  test('all singletons: nothing claimed, so precision 1 by convention, recall 0', () => {
    const m = clusterPairwiseMetrics(clustering([['a'], ['b'], ['c'], ['d'], ['e'], ['f']]), truth)
    assert.equal(m.truePositives, 0)
    assert.equal(m.falsePositives, 0)
    assert.equal(m.falseNegatives, 4)
    assert.equal(m.precision, 1)
    assert.equal(m.recall, 0)
    assert.equal(m.f1, 0)
  })

  test('everything merged: 15 linked pairs of which 4 true', () => {
    const m = clusterPairwiseMetrics(clustering([['a', 'b', 'c', 'd', 'e', 'f']]), truth)
    assert.equal(m.truePositives, 4)
    assert.equal(m.falsePositives, 11)
    assert.equal(m.falseNegatives, 0)
    assert.equal(m.precision, 4 / 15)
    assert.equal(m.recall, 1)
    assert.ok(Math.abs(m.f1 - (2 * (4 / 15)) / (4 / 15 + 1)) < 1e-12)
  })

  test('one wrong merge of f into {d,e}: two false positives', () => {
    const m = clusterPairwiseMetrics(
      clustering([
        ['a', 'b', 'c'],
        ['d', 'e', 'f'],
      ]),
      truth,
    )
    assert.equal(m.truePositives, 4)
    assert.equal(m.falsePositives, 2)
    assert.equal(m.falseNegatives, 0)
    assert.equal(m.precision, 4 / 6)
    assert.equal(m.recall, 1)
  })

  test('records unknown to the truth are left out and counted; records never predicted are missed', () => {
    const predicted = clustering([['a', 'b', 'x'], ['d', 'e'], ['f']])
    const m = clusterPairwiseMetrics(predicted, truth)
    assert.equal(m.recordsWithoutTruth, 1, 'x is not in the truth')
    assert.equal(m.recordsNotPredicted, 1, 'c is not in the prediction')
    assert.equal(m.truePositives, 2)
    assert.equal(m.falsePositives, 0)
    assert.equal(m.falseNegatives, 2, 'a-c and b-c are missed')
  })

  test('empty input: precision and recall 1, nothing to get wrong', () => {
    const m = clusterPairwiseMetrics(new Map(), new Map())
    assert.deepEqual([m.precision, m.recall, m.f1], [1, 1, 1])
  })

  test('agrees with counting every pair (property)', () => {
    const assignment = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), {
      maxLength: 30,
    })
    fc.assert(
      fc.property(assignment, (rows) => {
        const predicted = new Map(rows.map(([p], i) => [recordKeyOf('s', String(i)), `p${p}`]))
        const truth = new Map(rows.map(([, t], i) => [recordKeyOf('s', String(i)), `t${t}`]))
        const m = clusterPairwiseMetrics(predicted, truth)
        const b = bruteForce(predicted, truth)
        assert.deepEqual([m.truePositives, m.falsePositives, m.falseNegatives], [b.tp, b.fp, b.fn])
        assert.equal(truePairCount(truth), b.tp + b.fn)
      }),
    )
  })
})

describe('bCubed', () => {
  // Textbook case (Amigó et al. style): items 1-5 of person A, 6-7 of person B; predicted {1,2,3,4,5,6}, {7}.
  test('hand-computed example', () => {
    const truthAB = clustering(
      [
        ['1', '2', '3', '4', '5'],
        ['6', '7'],
      ],
      't',
    )
    const predicted = clustering([['1', '2', '3', '4', '5', '6'], ['7']])
    const m = bCubed(predicted, truthAB)
    // Precision: items 1-5 each 5/6, item 6 1/6, item 7 1/1 → (25/6 + 1/6 + 1) / 7 = (32/6) / 7.
    assert.ok(Math.abs(m.precision - 32 / 6 / 7) < 1e-12)
    // Recall: items 1-5 each 5/5, item 6 1/2, item 7 1/2 → 6 / 7.
    assert.ok(Math.abs(m.recall - 6 / 7) < 1e-12)
    assert.ok(Math.abs(m.f1 - (2 * m.precision * m.recall) / (m.precision + m.recall)) < 1e-12)
  })

  test('perfect clustering is 1; all singletons has precision 1 and recall the mean share', () => {
    assert.deepEqual(bCubed(clustering([['a', 'b', 'c'], ['d', 'e'], ['f']]), truth), {
      precision: 1,
      recall: 1,
      f1: 1,
    })
    const singletons = bCubed(clustering([['a'], ['b'], ['c'], ['d'], ['e'], ['f']]), truth)
    assert.equal(singletons.precision, 1)
    assert.ok(Math.abs(singletons.recall - (3 * (1 / 3) + 2 * (1 / 2) + 1) / 6) < 1e-12)
  })
})

describe('clusterMetrics', () => {
  test('counts exact, split and merged persons', () => {
    // {a,b} of person 0 split from c; f wrongly merged into {d,e}.
    const m = clusterMetrics(clustering([['a', 'b'], ['c'], ['d', 'e', 'f']]), truth)
    assert.deepEqual(m, {
      predictedClusters: 3,
      trueClusters: 3,
      exactMatches: 0,
      exactClusterMatchRate: 0,
      splitPersons: 1,
      mergedPersons: 2,
      mergedClusters: 1,
    })
  })

  test('a perfect clustering matches every person exactly', () => {
    const m = clusterMetrics(clustering([['a', 'b', 'c'], ['d', 'e'], ['f']]), truth)
    assert.equal(m.exactMatches, 3)
    assert.equal(m.exactClusterMatchRate, 1)
    assert.equal(m.splitPersons + m.mergedPersons + m.mergedClusters, 0)
  })
})
