import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { type RecordKey, recordKeyOf } from '../core/record-key.ts'
import { type GroupBreakdown, type GroupMetrics, groupMetrics, wilsonInterval } from './groups.ts'

const key = (id: string): RecordKey => recordKeyOf('s', id)

/** Builds a clustering from groups of record ids: [['a', 'b'], ['c']] → a, b in cluster 0, c in 1. */
const clustering = (clusters: string[][], prefix = 'p'): Map<RecordKey, string> =>
  new Map(clusters.flatMap((ids, i) => ids.map((id) => [key(id), `${prefix}${i}`] as const)))

const groupsOf = (byGroup: Record<string, string[]>): Map<RecordKey, string> =>
  new Map(Object.entries(byGroup).flatMap(([group, ids]) => ids.map((id) => [key(id), group] as const)))

// Persons: A {a1,a2,a3} irish, B {b1,b2} arabic, C {c1,c2} arabic, D {d1} irish, E {e1} other, F {f1,f2} welsh.
const persons = [['a1', 'a2', 'a3'], ['b1', 'b2'], ['c1', 'c2'], ['d1'], ['e1'], ['f1', 'f2']]
const truth = clustering(persons, 't')
const groupOf = groupsOf({
  irish: ['a1', 'a2', 'a3', 'd1'],
  arabic: ['b1', 'b2', 'c1', 'c2'],
  other: ['e1'],
  welsh: ['f1', 'f2'],
})

const byName = (b: GroupBreakdown, group: string): GroupMetrics => {
  const found = b.groups.find((g) => g.group === group)
  assert.ok(found, `no group ${group}`)
  return found
}

const counts = (m: GroupMetrics) => ({
  records: m.records,
  truePairs: m.truePairs,
  truePositives: m.truePositives,
  predictedPairs: m.predictedPairs,
  falseMatches: m.falseMatches,
})

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`)

describe('wilsonInterval', () => {
  test('matches hand-computed values', () => {
    const round = (i: { low: number; high: number }) => [Number(i.low.toFixed(4)), Number(i.high.toFixed(4))]
    assert.deepEqual(round(wilsonInterval(8, 10)), [0.4902, 0.9433])
    assert.deepEqual(round(wilsonInterval(80, 100)), [0.7112, 0.8666])
    assert.deepEqual(round(wilsonInterval(0, 10)), [0, 0.2775])
    assert.deepEqual(round(wilsonInterval(10, 10)), [0.7225, 1])
  })

  test('no trials: nothing known', () => {
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 })
  })

  test('stays inside [0, 1], contains the rate and narrows as trials grow (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const k = Math.round(share * n)
          const i = wilsonInterval(k, n)
          const wider = wilsonInterval(k, n, 2.576)
          assert.ok(i.low >= 0 && i.high <= 1 && i.low <= k / n + 1e-12 && k / n <= i.high + 1e-12)
          assert.ok(wider.low <= i.low + 1e-12 && wider.high >= i.high - 1e-12)
          const bigger = wilsonInterval(k * 4, n * 4)
          assert.ok(bigger.high - bigger.low <= i.high - i.low + 1e-12)
        },
      ),
    )
  })
})

describe('groupMetrics', () => {
  test('a perfect clustering: every group has no errors', () => {
    const b = groupMetrics(clustering(persons), truth, groupOf, 'name_origin')
    assert.equal(b.attribute, 'name_origin')
    assert.deepEqual(
      b.groups.map((g) => g.group),
      ['arabic', 'irish', 'other', 'welsh'],
    )
    assert.deepEqual(counts(byName(b, 'irish')), {
      records: 4,
      truePairs: 3,
      truePositives: 3,
      predictedPairs: 3,
      falseMatches: 0,
    })
    assert.deepEqual(counts(b.overall), {
      records: 11,
      truePairs: 6,
      truePositives: 6,
      predictedPairs: 6,
      falseMatches: 0,
    })
    for (const g of [b.overall, ...b.groups]) {
      assert.deepEqual([g.recall, g.falseMatchRate, g.precision, g.f1], [1, 0, 1, 1], g.group)
    }
    assert.deepEqual(b.gaps.slice(1), [
      'No group has any false matches.',
      "Every group is within 2 points of overall recall and at most twice the overall false-match rate, the project's fairness targets.",
    ])
  })

  test('a group with no true pairs has recall 1 with the interval {0, 1}', () => {
    const other = byName(groupMetrics(clustering(persons), truth, groupOf, 'g'), 'other')
    assert.equal(other.truePairs, 0)
    assert.equal(other.recall, 1)
    assert.deepEqual(other.recallInterval, { low: 0, high: 1 })
  })

  test('all singletons: no predicted pairs, false-match rate 0, recall 0', () => {
    const b = groupMetrics(clustering(persons.flat().map((id) => [id])), truth, groupOf, 'g')
    for (const g of [b.overall, ...b.groups]) {
      assert.equal(g.predictedPairs, 0)
      assert.equal(g.falseMatchRate, 0)
      assert.deepEqual(g.falseMatchRateInterval, { low: 0, high: 1 })
      assert.equal(g.precision, 1)
    }
    const arabic = byName(b, 'arabic')
    assert.equal(arabic.recall, 0)
    assert.equal(arabic.f1, 0)
  })

  test('one wrong merge across two groups counts against both', () => {
    // d1 (irish) wrongly joins B {b1,b2} (arabic): false pairs b1-d1 and b2-d1.
    const b = groupMetrics(
      clustering([['a1', 'a2', 'a3'], ['b1', 'b2', 'd1'], ['c1', 'c2'], ['e1'], ['f1', 'f2']]),
      truth,
      groupOf,
      'g',
    )
    const arabic = byName(b, 'arabic')
    const irish = byName(b, 'irish')
    // arabic: cluster {b1,b2,d1} has 3 pairs touching arabic, plus c1-c2; 2 are false.
    assert.deepEqual([arabic.predictedPairs, arabic.falseMatches], [4, 2])
    close(arabic.falseMatchRate, 0.5)
    close(arabic.precision, 0.5)
    // irish: the 3 pairs of A plus b1-d1 and b2-d1.
    assert.deepEqual([irish.predictedPairs, irish.falseMatches], [5, 2])
    close(irish.falseMatchRate, 0.4)
    // Overall each false pair counts once: 8 linked pairs, 2 false.
    assert.deepEqual([b.overall.predictedPairs, b.overall.falseMatches], [8, 2])
    // The group untouched by the merge has no errors.
    const welsh = byName(b, 'welsh')
    assert.deepEqual([welsh.recall, welsh.falseMatchRate], [1, 0])
    assert.equal(b.overall.recall, 1)
  })

  test('everything merged', () => {
    const b = groupMetrics(clustering([persons.flat()]), truth, groupOf, 'g')
    // 11 records, 55 pairs, 6 true. Irish touches 55 - C(7,2) = 34 pairs, 3 of them the same person.
    assert.deepEqual([b.overall.predictedPairs, b.overall.falseMatches, b.overall.recall], [55, 49, 1])
    const irish = byName(b, 'irish')
    assert.deepEqual([irish.predictedPairs, irish.falseMatches, irish.recall], [34, 31, 1])
    const other = byName(b, 'other')
    assert.deepEqual([other.predictedPairs, other.falseMatches], [10, 10])
    close(other.falseMatchRate, 1)
  })

  test("a person's group is its commonest, ties to the first in sorted order", () => {
    // Person G: g1 irish, g2 arabic → arabic; person H: h1, h2 welsh, h3 irish → welsh.
    const t = clustering(
      [
        ['g1', 'g2'],
        ['h1', 'h2', 'h3'],
      ],
      't',
    )
    const groups = groupsOf({ irish: ['g1', 'h3'], arabic: ['g2'], welsh: ['h1', 'h2'] })
    const b = groupMetrics(clustering([['g1'], ['g2'], ['h1', 'h2', 'h3']]), t, groups, 'g')
    assert.deepEqual([byName(b, 'arabic').truePairs, byName(b, 'arabic').truePositives], [1, 0])
    assert.deepEqual([byName(b, 'welsh').truePairs, byName(b, 'welsh').truePositives], [3, 3])
    assert.equal(byName(b, 'irish').truePairs, 0)
    // h3 is irish, so the two same-person pairs h1-h3 and h2-h3 touch irish and are not false matches.
    assert.deepEqual([byName(b, 'irish').predictedPairs, byName(b, 'irish').falseMatches], [2, 0])
  })

  test('records without truth or without a group are left out and counted; unpredicted records are missed', () => {
    const predicted = clustering([
      ['a1', 'a2', 'x'],
      ['b1', 'b2'],
      ['c1', 'c2'],
      ['d1'],
      ['e1'],
      ['f1', 'f2'],
    ])
    const groups = new Map(groupOf)
    groups.delete(key('f2'))
    const b = groupMetrics(predicted, truth, groups, 'g')
    assert.deepEqual([b.recordsWithoutTruth, b.recordsWithoutGroup, b.recordsNotPredicted], [1, 1, 1])
    const irish = byName(b, 'irish')
    assert.deepEqual([irish.truePairs, irish.truePositives], [3, 1], 'a3 was never predicted')
    assert.deepEqual([byName(b, 'welsh').records, byName(b, 'welsh').truePairs], [1, 0])
    assert.equal(b.overall.records, 10)
  })

  test('agrees with counting every pair (property)', () => {
    const rows = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('x', 'y', 'z'),
      ),
      { maxLength: 30 },
    )
    fc.assert(
      fc.property(rows, (rs) => {
        const predicted = new Map(rs.map(([p], i) => [key(String(i)), `p${p}`]))
        const t = new Map(rs.map(([, person], i) => [key(String(i)), `t${person}`]))
        const groups = new Map(rs.map(([, , g], i) => [key(String(i)), g]))
        const b = groupMetrics(predicted, t, groups, 'g')
        const personGroup = new Map<string, string>()
        for (const person of new Set(t.values())) {
          const tally = new Map<string, number>()
          rs.forEach(([, p, g]) => {
            if (`t${p}` === person) tally.set(g, (tally.get(g) ?? 0) + 1)
          })
          const [best] = [...tally].sort((l, r) => r[1] - l[1] || (l[0] < r[0] ? -1 : 1))
          personGroup.set(person, best![0])
        }
        for (const g of b.groups) {
          let truePairs = 0
          let truePositives = 0
          let predictedPairs = 0
          let falseMatches = 0
          for (let i = 0; i < rs.length; i++) {
            for (let j = i + 1; j < rs.length; j++) {
              const [pi, ti, gi] = rs[i]!
              const [pj, tj, gj] = rs[j]!
              const same = ti === tj
              const linked = pi === pj
              if (same && personGroup.get(`t${ti}`) === g.group) {
                truePairs++
                if (linked) truePositives++
              }
              if (linked && (gi === g.group || gj === g.group)) {
                predictedPairs++
                if (!same) falseMatches++
              }
            }
          }
          assert.deepEqual(
            [g.truePairs, g.truePositives, g.predictedPairs, g.falseMatches],
            [truePairs, truePositives, predictedPairs, falseMatches],
            g.group,
          )
        }
      }),
    )
  })

  describe('gap sentences', () => {
    // irish: 300 persons of 2 records, all found, but 6 clusters each wrongly join two irish persons.
    // arabic: 100 persons of 2 records, 80 found, 20 split.
    const ids: string[][] = []
    const predictedClusters: string[][] = []
    const groupIds: Record<string, string[]> = { irish: [], arabic: [] }
    for (let i = 0; i < 300; i++) {
      ids.push([`i${i}a`, `i${i}b`])
      groupIds.irish!.push(`i${i}a`, `i${i}b`)
      if (i < 12) {
        if (i % 2 === 0) predictedClusters.push([`i${i}a`, `i${i}b`, `i${i + 1}a`, `i${i + 1}b`])
      } else predictedClusters.push([`i${i}a`, `i${i}b`])
    }
    for (let i = 0; i < 100; i++) {
      ids.push([`r${i}a`, `r${i}b`])
      groupIds.arabic!.push(`r${i}a`, `r${i}b`)
      predictedClusters.push(...(i < 80 ? [[`r${i}a`, `r${i}b`]] : [[`r${i}a`], [`r${i}b`]]))
    }
    const b = groupMetrics(clustering(predictedClusters), clustering(ids, 't'), groupsOf(groupIds), 'origin')

    test('the figures behind the sentences', () => {
      // Overall recall 380 / 400; irish 324 linked pairs of which 24 false; overall 404 of which 24 false.
      assert.deepEqual(counts(byName(b, 'arabic')), {
        records: 200,
        truePairs: 100,
        truePositives: 80,
        predictedPairs: 80,
        falseMatches: 0,
      })
      assert.deepEqual([byName(b, 'irish').predictedPairs, byName(b, 'irish').falseMatches], [324, 24])
      close(b.overall.recall, 0.95)
    })

    test('recall: the group furthest from overall, with its interval and size', () => {
      assert.equal(
        b.gaps[0],
        'Recall for arabic is 15.0 points below overall (80.0% vs 95.0%, 95% CI 71.1–86.7%, 100 true pairs).',
      )
    })

    test('false-match rate: the highest, as a multiple of overall', () => {
      assert.equal(
        b.gaps[1],
        'False-match rate for irish is 1.2 times the overall rate (7.41% vs 5.94%, 95% CI 5.03–10.79%, ' +
          '324 predicted pairs).',
      )
    })

    test('names the groups outside the fairness targets', () => {
      assert.match(
        b.gaps[2]!,
        /^Not within 2 points of overall recall and at most twice the overall false-match/,
      )
      assert.match(
        b.gaps[2]!,
        /arabic \(recall 15\.0 points below overall\), irish \(recall 5\.0 points above/,
      )
    })
  })
})
