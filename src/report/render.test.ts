import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compile, type TopLevelSpec } from 'vega-lite'
import { precisionRecallDomain } from './charts.ts'
import type { LinkReportData } from './link-report-data.ts'
import { renderLinkReport } from './render.ts'
import { EVALUATED_RUN_CHARTS } from './testing/charts.ts'

const data = (): LinkReportData => ({
  title: 'Synthetic link <test> & report',
  generatedAt: '2026-01-02T03:04:05Z',
  justidVersion: '0.1.0',
  summary: {
    records: 12345,
    sources: [
      { name: 'court', records: 7000 },
      { name: 'prison', records: 5345 },
    ],
    candidatePairs: 987654,
    pairsByBlockingRule: [
      { rule: 'surname and year of birth', pairs: 600000 },
      { rule: 'postcode', pairs: 387654 },
    ],
    matches: 4321,
    persons: 9876,
    seconds: 12.5,
    threshold: 0.95,
    reviewThreshold: 0.5,
  },
  comparisons: [
    {
      name: 'surname',
      description: 'Surname similarity',
      levels: [
        { label: 'exact', m: 0.85, u: 0.0012, weight: 9.47, pairs: 3000 },
        { label: 'jaro-winkler >= 0.9', m: 0.1, u: 0.01, weight: 3.32, pairs: 4000 },
        { label: 'else', m: 0.05, u: 0.9888, weight: -4.31, pairs: 980654 },
      ],
    },
    {
      name: 'date of birth',
      description: 'Date of birth, allowing day-month swaps',
      levels: [
        { label: 'exact', m: 0.9, u: 0.00003, weight: 14.87, pairs: 2500 },
        { label: 'day and month swapped', m: null, u: null, weight: null, pairs: 7 },
        { label: 'else', m: 0.1, u: 0.99997, weight: -3.32, pairs: 985147 },
      ],
    },
  ],
  prior: 0.0001,
  training: {
    sessions: [
      {
        rule: 'surname',
        iterations: [
          { iteration: 1, maxMChange: 0.3 },
          { iteration: 2, maxMChange: 0.01 },
          { iteration: 3, maxMChange: 0.00005 },
        ],
        converged: true,
        m: [
          { comparison: 'date of birth', level: 'exact', m: 0.91 },
          { comparison: 'date of birth', level: 'else', m: 0.09 },
        ],
      },
      {
        rule: 'date of birth',
        iterations: [{ iteration: 1, maxMChange: 0.2 }],
        converged: false,
        m: [
          { comparison: 'surname', level: 'exact', m: 0.8512 },
          { comparison: 'surname', level: 'else', m: 0.0488 },
        ],
      },
    ],
    uSampleSize: 1000000,
    neverTrained: ['date of birth: day and month swapped'],
  },
  weightHistogram: [
    { binStart: -10, binEnd: -5, count: 900000 },
    { binStart: -5, binEnd: 0, count: 80000 },
    { binStart: 0, binEnd: 5, count: 3333 },
    { binStart: 5, binEnd: 10, count: 4321 },
  ],
  clusterSizes: [
    { size: 1, clusters: 8000 },
    { size: 2, clusters: 1500 },
    { size: 17, clusters: 1 },
  ],
  waterfalls: [
    {
      left: 'court:C-0001',
      right: 'prison:P-0042',
      rows: [
        { label: 'prior', weight: -13.29 },
        { label: 'surname: exact (TF)', weight: 9.47 },
        { label: 'date of birth: else', weight: -3.32 },
      ],
      final: -7.14,
      probability: 0.0071,
      values: [
        { column: 'surname', left: 'okafor', right: '<b>okafor</b>' },
        { column: 'date_of_birth', left: '1980-01-02', right: '1981-02-01' },
      ],
    },
  ],
  termFrequencies: [
    {
      comparison: 'surname',
      level: 'exact',
      weight: 9.47,
      values: [
        { value: 'smith', tf: 0.012, weight: 6.54 },
        { value: 'jones', tf: 0.008, weight: 7.12 },
      ],
    },
  ],
  completeness: [
    { source: 'court', column: 'surname', records: 7000, filled: 7000 },
    { source: 'court', column: 'date_of_birth', records: 7000, filled: 6300 },
    { source: 'prison', column: 'surname', records: 5345, filled: 5345 },
    { source: 'prison', column: 'date_of_birth', records: 5345, filled: 2672 },
  ],
  largestBlocks: [
    { rule: 'surname and year of birth', key: 'smith | 1980', records: 412 },
    { rule: 'postcode', key: 'zz99 9zz', records: 97 },
  ],
  selfMatch: {
    sampled: 100,
    weights: [
      { weight: 0.5, records: 4 },
      { weight: 18, records: 96 },
    ],
  },
  evaluation: {
    pairwise: {
      truePositives: 4000,
      falsePositives: 321,
      falseNegatives: 500,
      precision: 0.9257,
      recall: 0.8889,
      f1: 0.9069,
      recordsWithoutTruth: 3,
      recordsNotPredicted: 0,
    },
    bCubed: { precision: 0.9612, recall: 0.9401, f1: 0.9505 },
    curve: [
      { threshold: 10, precision: 1, recall: 0.5, f1: 0.6667 },
      { threshold: 4.5, precision: 0.95, recall: 0.85, f1: 0.8972 },
      { threshold: -2, precision: 0.6, recall: 0.9, f1: 0.72 },
    ],
  },
  flagged: [{ reason: 'conflicting prison numbers', clusters: 12 }],
})

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0

/** The page without its scripts (the inlined chart libraries hold markup of their own in strings). */
const outsideScripts = (html: string): string => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')

describe('renderLinkReport', () => {
  test('is one well-formed page with a title, headings and captioned tables', async () => {
    const html = outsideScripts(await renderLinkReport(data()))
    assert.equal(count(html, /<html\b/g), 1)
    assert.equal(count(html, /<\/html>/g), 1)
    assert.equal(count(html, /<title>/g), 1)
    assert.match(html, /^<!doctype html>/)
    assert.match(html, /<title>Synthetic link &lt;test&gt; &amp; report<\/title>/)
    assert.equal(count(html, /<h1>/g), 1)
    assert.equal(count(html, /<table>/g), count(html, /<caption>/g))
    assert.equal(count(html, /<table>/g), count(html, /<\/table>/g))
    assert.equal(count(html, /<section\b/g), count(html, /<\/section>/g))
  })

  test('shows the run figures, the model and the evaluation', async () => {
    const html = await renderLinkReport(data())
    for (const figure of [
      '12,345',
      '987,654',
      '4,321',
      '9,876',
      '600,000',
      '1,000,000',
      '0.9257',
      '0.9505',
    ]) {
      assert.ok(html.includes(figure), `missing ${figure}`)
    }
    assert.ok(html.includes('+9.47'))
    assert.ok(html.includes('3.00e-5'), 'small u in e-notation')
    assert.ok(html.includes('date of birth: day and month swapped'), 'never-trained levels are named')
    assert.ok(html.includes('court:C-0001'))
    assert.ok(html.includes('conflicting prison numbers'))
    assert.ok(html.includes('best pairwise F1 is 0.8972'))
  })

  test('says how each column was read, why, and what was done with it', async () => {
    const withMapping = data()
    withMapping.summary.mapping = [
      {
        source: 'court',
        file: 'court.csv',
        recordId: null,
        recordIdReason: 'row number',
        columns: [
          { header: 'FAM_NM', role: 'surname', reason: 'header+content', guess: false },
          { header: 'by', role: 'birthYear', reason: 'header+content', guess: false },
          { header: 'bm', role: 'birthMonth', reason: 'header+content', guess: false },
          { header: 'notes', role: 'extra', reason: 'content', guess: true },
        ],
      },
    ]
    const html = await renderLinkReport(withMapping)
    assert.match(html, /<h2 id="columns-heading">Columns<\/h2>/)
    assert.ok(html.includes('record ids from the row number'))
    assert.ok(html.includes('compared as a surname'))
    assert.ok(html.includes('birth year: assembled with bm into a birth date'))
    assert.ok(html.includes('content (a guess)'))
    assert.equal(
      /id="columns-heading"/.test(await renderLinkReport(data())),
      false,
      'no section without a mapping',
    )
  })

  test('says how many records were given the sex their forename bears, from how many forenames', async () => {
    const withSex = data()
    withSex.summary.sexFromForename = { records: 1234, forenames: 56 }
    const html = await renderLinkReport(withSex)
    assert.match(html, /Sex read from the forename: 1,234 records that give no sex[^<]* from 56\s+forenames/)
    assert.equal((await renderLinkReport(data())).includes('Sex read from the forename'), false)
  })

  test('gives each chart a unique id, a caption, a valid vega-lite spec with tooltips, and its table folded beneath', async () => {
    const html = await renderLinkReport(data())
    const ids = [...html.matchAll(/<div class="chart" id="([^"]+)" data-chart/g)].map((m) => m[1]!)
    assert.deepEqual(ids, EVALUATED_RUN_CHARTS)
    const all = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1])
    assert.equal(new Set(all).size, all.length, 'element ids are unique')
    for (const id of ids) {
      const json = new RegExp(`<script type="application/json" id="${id}-spec">([^<]*)</script>`).exec(
        html,
      )?.[1]
      assert.ok(json, `${id} has its spec`)
      const spec = JSON.parse(json) as TopLevelSpec
      assert.ok(json.includes('"tooltip"'), `${id} has tooltips`)
      const warnings: string[] = []
      const note = (...m: unknown[]) => {
        warnings.push(m.join(' '))
        return logger
      }
      const logger = { level: () => logger, warn: note, info: () => logger, debug: () => logger, error: note }
      compile(spec, { logger } as unknown as Parameters<typeof compile>[1])
      assert.deepEqual(warnings, [], `${id} compiles without warnings`)
    }
    assert.equal(count(html, /<figure class="chart-figure">/g), ids.length)
    assert.equal(count(html, /<figcaption>/g), ids.length)
    assert.equal(count(html, /<details>/g), ids.length, 'each chart has its figures folded beneath')
  })

  test('shows the values of records as text, escaped, in the page and in the charts’ data', async () => {
    const html = await renderLinkReport(data())
    assert.ok(html.includes('<td>&lt;b&gt;okafor&lt;/b&gt;</td>'), 'a value in a table is escaped')
    assert.doesNotMatch(html, /<b>okafor/)
    assert.ok(html.includes('<th scope="col">court:C-0001</th>'), 'the values sit under the records’ keys')
    assert.ok(html.includes('smith | 1980'), 'the largest blocks are named by their key')
    assert.ok(html.includes('4 (4.0%) score below the threshold'), 'the records that could not be linked')
  })

  test('a chart’s data cannot close its script element', async () => {
    const d = data()
    d.termFrequencies![0]!.values[0]!.value = '</script><script>alert(1)</script>'
    const html = await renderLinkReport(d)
    assert.doesNotMatch(html, /<\/script><script>alert/)
    assert.ok(html.includes('\\u003c/script>\\u003cscript>alert(1)'))
  })

  test("shows the model against reviewers' decisions apart from the truth, with their figures", async () => {
    const base = data()
    const html = await renderLinkReport({
      ...base,
      evaluation: {
        ...base.evaluation!,
        reviewers: {
          labels: 137,
          truePositives: 90,
          falsePositives: 7,
          falseNegatives: 11,
          trueNegatives: 29,
          agreement: 119 / 137,
          agreementInterval: { low: 0.8017, high: 0.9148 },
          precision: 90 / 97,
          recall: 90 / 101,
        },
      },
    })
    assert.match(html, /<section id="reviewers"/)
    for (const figure of ['137', '0.8686', '0.8017', '0.9148', '0.9278'])
      assert.ok(html.includes(figure), figure)
    assert.doesNotMatch(await renderLinkReport(base), /id="reviewers"/)
  })

  test('inlines the chart libraries: no external resource, no script loaded from elsewhere', async () => {
    const html = await renderLinkReport(data())
    assert.doesNotMatch(outsideScripts(html), /<(link|img|iframe)\b/)
    assert.doesNotMatch(html, /<script[^>]*\bsrc=/)
    assert.doesNotMatch(html, /sourceMappingURL/)
    assert.ok(html.includes('vegaEmbed('), 'the charts are drawn by vega-embed, inlined')
  })

  test('leaves out evaluation and training charts when there is nothing to show', async () => {
    const d = data()
    delete d.evaluation
    d.training = null
    const html = await renderLinkReport(d)
    assert.equal(count(html, /data-chart=/g), 10)
    assert.doesNotMatch(html, /Accuracy against the truth/)
    assert.match(html, /not trained in this run/)
  })

  test('zooms the precision-recall axes to where the curve bends', () => {
    const curve = [
      { threshold: 20, precision: 1, recall: 0.2, f1: 0.33 },
      { threshold: 8, precision: 0.998, recall: 0.96, f1: 0.9786 },
      { threshold: 4, precision: 0.99, recall: 0.99, f1: 0.99 },
      { threshold: 0, precision: 0.95, recall: 0.995, f1: 0.972 },
      { threshold: -10, precision: 0.1, recall: 1, f1: 0.18 },
    ]
    const domain = precisionRecallDomain(curve)
    // F1 within 0.02 of the best 0.99: recall from 0.96, precision from 0.95, each less a quarter of its gap to 1.
    assert.deepEqual(domain, { recall: [0.95, 1], precision: [0.93, 1] })
    assert.deepEqual(precisionRecallDomain([]), { recall: [0, 1], precision: [0, 1] })
  })
})
