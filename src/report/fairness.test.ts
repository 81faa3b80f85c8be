import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { groupMetrics } from '../evaluate/groups.ts'
import { type RecordKey, recordKey } from '../evaluate/record-key.ts'
import { renderFairnessSection } from './fairness.ts'

const clustering = (clusters: string[][], prefix: string): Map<RecordKey, string> =>
  new Map(clusters.flatMap((ids, i) => ids.map((id) => [recordKey('s', id), `${prefix}${i}`] as const)))

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

describe('renderFairnessSection', () => {
  test('a section with a heading, two SVG charts per attribute, the gap sentences and the figures', async () => {
    const html = await renderFairnessSection([breakdown])
    assert.match(html, /^<section id="fairness"[^>]*>\n<h2 id="fairness-heading">Accuracy by group<\/h2>/)
    assert.match(html, /<\/section>$/)
    assert.equal(html.match(/<svg\b/g)?.length, 2)
    assert.ok(html.includes('By name origin &#60;test&#62;'), 'the attribute is escaped')
    for (const sentence of breakdown.gaps) {
      assert.ok(html.includes(sentence.replace(/'/g, '&#39;')), sentence)
    }
    // arabic: recall 1 of 2 true pairs; irish: 6 linked pairs, 4 false.
    assert.ok(html.includes('<td class="num">50.00%</td>'), 'arabic recall')
    assert.ok(html.includes('<td class="num">66.67%</td>'), 'irish false-match rate')
    assert.ok(html.includes('<caption>Accuracy by name origin &#60;test&#62;'))
    assert.ok(html.includes('<th scope="col">Group</th>'))
    for (const group of ['overall', 'irish', 'arabic', 'east_asian'])
      assert.ok(html.includes(`<td>${group}</td>`))
    const recallCi = breakdown.groups.find((g) => g.group === 'arabic')!.recallInterval
    assert.ok(html.includes(`${(recallCi.low * 100).toFixed(2)}% to ${(recallCi.high * 100).toFixed(2)}%`))
  })

  test('no scripts and no URL but the SVG namespace', async () => {
    const html = await renderFairnessSection([breakdown, { ...breakdown, attribute: 'sex' }])
    assert.equal(html.match(/<svg\b/g)?.length, 4)
    assert.doesNotMatch(html, /<script/i)
    const urls = new Set(html.match(/https?:\/\/[^\s"')<]+/g) ?? [])
    assert.deepEqual([...urls], ['http://www.w3.org/2000/svg'])
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1])
    assert.equal(new Set(ids).size, ids.length, 'element ids are unique across charts')
  })

  test('says so when there is nothing to break down', async () => {
    const html = await renderFairnessSection([])
    assert.ok(html.includes('No group columns were given'))
    assert.doesNotMatch(html, /<svg/)
  })
})
