import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type RecordKey, recordKeyOf } from '../core/record-key.ts'
import { groupMetrics } from '../evaluate/groups.ts'
import { fairnessSection } from './fairness.ts'

const clustering = (clusters: string[][], prefix: string): Map<RecordKey, string> =>
  new Map(clusters.flatMap((ids, i) => ids.map((id) => [recordKeyOf('s', id), `${prefix}${i}`] as const)))

// Synthetic: irish {a1,a2} {a3,a4} wrongly merged; arabic {b1,b2} split, {b3,b4} found; east_asian {c1,c2} found.
const truth = clustering(
  [
    ['a1', 'a2'],
    ['a3', 'a4'],
    ['b1', 'b2'],
    ['b3', 'b4'],
    ['c1', 'c2'],
  ],
  't',
)
const predicted = clustering([['a1', 'a2', 'a3', 'a4'], ['b1'], ['b2'], ['b3', 'b4'], ['c1', 'c2']], 'p')
const groups = new Map<RecordKey, string>(
  [...truth.keys()].map((k) => [k, k.includes('a') ? 'irish' : k.includes('b') ? 'arabic' : 'east_asian']),
)
const breakdown = groupMetrics(predicted, truth, groups, 'name origin <test>')

type Block = ReturnType<typeof fairnessSection>['blocks'][number]
const charts = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : []))
const texts = (blocks: Block[]): string[] =>
  blocks.flatMap((b) =>
    b.kind === 'paragraph' || b.kind === 'heading'
      ? [b.text]
      : b.kind === 'table'
        ? b.table.rows.flatMap((r) => r.map((c) => c.text))
        : b.kind === 'chart'
          ? texts(b.chart.details)
          : [],
  )

describe('fairnessSection', () => {
  test('two charts per attribute with tooltips, the gap sentences and the figures folded beneath', () => {
    const section = fairnessSection([breakdown])
    assert.equal(section.id, 'fairness')
    assert.equal(section.heading, 'Accuracy by group')
    assert.deepEqual(
      charts(section.blocks).map((c) => c.id),
      ['chart-recall-by-name-origin-test-', 'chart-false-matches-by-name-origin-test-'],
    )
    for (const c of charts(section.blocks)) assert.ok(JSON.stringify(c.spec).includes('"tooltip"'), c.id)
    const all = texts(section.blocks)
    assert.ok(all.includes('By name origin <test>'))
    for (const sentence of breakdown.gaps) assert.ok(all.includes(sentence), sentence)
    // arabic: recall 1 of 2 true pairs; irish: 6 linked pairs, 4 false.
    assert.ok(all.includes('50.00%'), 'arabic recall')
    assert.ok(all.includes('66.67%'), 'irish false-match rate')
    for (const group of ['overall', 'irish', 'arabic', 'east_asian']) assert.ok(all.includes(group))
    const recallCi = breakdown.groups.find((g) => g.group === 'arabic')!.recallInterval
    assert.ok(all.includes(`${(recallCi.low * 100).toFixed(2)}% to ${(recallCi.high * 100).toFixed(2)}%`))
  })

  test('chart ids stay unique over several attributes', () => {
    const ids = charts(fairnessSection([breakdown, { ...breakdown, attribute: 'sex' }]).blocks).map(
      (c) => c.id,
    )
    assert.equal(ids.length, 4)
    assert.equal(new Set(ids).size, 4)
  })

  test('says so when there is nothing to break down', () => {
    const section = fairnessSection([])
    assert.ok(texts(section.blocks).some((t) => t.includes('No group columns were given')))
    assert.equal(charts(section.blocks).length, 0)
  })
})
