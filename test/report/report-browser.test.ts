/**
 * The link report of a synthetic run, evaluated against its truth: the figures report-data.json holds for the
 * charts, then the page in a real browser (Debian's chromium driven by playwright-core), opened from the file with
 * every network request refused. Each named chart must draw, its marks must carry tooltips, axe must find no
 * serious violation, and the page must log no error. Skips when chromium is missing, unless
 * JUSTID_REQUIRE_BROWSER=1 (CI). JUSTID_SCREENSHOTS=1 also refreshes docs/screenshots/report.png.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { evaluateLinkRun } from '../../src/link/evaluate-run.ts'
import { linkSynthExtracts } from '../../src/link/testing/link-synthetic.ts'
import type { LinkReportData } from '../../src/report/index.ts'
import { EVALUATED_RUN_CHARTS } from '../../src/report/testing/charts.ts'
import { writeSyntheticData } from '../../src/synth/index.ts'
import { launchChromium, seriousAxeViolations, shotsDir, skipWithoutBrowser } from '../support/browser.ts'

const skip = skipWithoutBrowser

/** The charts a linkage engineer looks for; the report of an evaluated synthetic run has every one of them. */
const NAMED_CHARTS = [...EVALUATED_RUN_CHARTS, 'chart-recall-by-sex', 'chart-false-matches-by-sex']

const dir = mkdtempSync(path.join(tmpdir(), 'justid-report-'))
const data = path.join(dir, 'data')
const out = path.join(dir, 'out')
let browser: Browser | null = null

before(async () => {
  await writeSyntheticData({ people: 300, seed: 7, outDir: data })
  await linkSynthExtracts(data, out)
  await evaluateLinkRun({
    outDir: out,
    truth: { kind: 'file-or-column', value: path.join(data, 'truth.csv') },
    groupBy: ['sex'],
  })
  if (skip) return
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('report-data.json of a synthetic run', () => {
  test('holds the figures the new charts draw, consistent with the run', () => {
    const data = JSON.parse(readFileSync(path.join(out, 'report-data.json'), 'utf8')) as LinkReportData
    const records = new Map(data.summary.sources.map((s) => [s.name, s.records]))
    assert.ok(data.completeness && data.completeness.length > 0)
    for (const c of data.completeness) {
      assert.equal(c.records, records.get(c.source), `${c.source} records`)
      assert.ok(c.filled >= 0 && c.filled <= c.records)
    }
    const surname = data.completeness.filter((c) => c.column === 'surname')
    assert.deepEqual(
      surname.map((c) => c.filled),
      surname.map((c) => c.records),
      'every synthetic record has a surname',
    )
    assert.equal(data.selfMatch?.sampled, data.summary.records, 'all 610 records compared with themselves')
    assert.equal(
      data.selfMatch?.weights.reduce((a, w) => a + w.records, 0),
      data.summary.records,
    )
    assert.ok(
      data.training?.sessions.every((s) => (s.m ?? []).length > 0),
      'every session keeps its m',
    )
    assert.ok((data.termFrequencies ?? []).every((t) => t.values.length > 0 && t.values.length <= 10))
    assert.ok(data.waterfalls.every((w) => (w.values ?? []).some((v) => v.column === 'surname')))
    for (const b of data.largestBlocks ?? []) assert.ok(b.records >= 1 && b.key !== '')
    assert.equal(data.summary.reviewThreshold, 0.5)
  })
})

describe('report.html in a browser', { skip }, () => {
  test('draws every named chart offline, with tooltips and no console errors', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
    const errors: string[] = []
    const requests: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith('file:')) return route.continue()
      requests.push(url)
      return route.abort()
    })
    await page.goto(pathToFileURL(path.join(out, 'report.html')).href)
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-chart]')].every(
          (el) => el.hasAttribute('data-rendered') || el.hasAttribute('data-failed'),
        ),
      undefined,
      { timeout: 60_000 },
    )
    const failed = await page.$$eval('[data-failed]', (els) => els.map((el) => `${el.id}: ${el.textContent}`))
    assert.deepEqual(failed, [])
    for (const id of NAMED_CHARTS) {
      const marks = await page
        .locator(`#${id} svg .mark-rect path, #${id} svg .mark-symbol path, #${id} svg .mark-line path`)
        .count()
      assert.ok(marks > 0, `${id} draws marks`)
    }

    // The error analysis sets each example's two records' values side by side under their keys.
    const errorValues = page.locator('#errors .pair table')
    assert.ok((await errorValues.count()) > 0, 'examples of errors with their values')
    const headings = await errorValues.first().locator('thead th').allTextContents()
    assert.equal(headings[0], 'Field')
    assert.match(headings[1] ?? '', /^(court|prison|probation):/)
    assert.ok((await errorValues.first().locator('tbody tr').count()) > 3, 'several fields of each record')

    // Hovering a bar of the histogram shows vega-tooltip's box with the bar's figures.
    const bar = page.locator('#chart-weight-histogram svg .mark-rect path').first()
    await bar.scrollIntoViewIfNeeded()
    await bar.hover({ force: true })
    const tooltip = page.locator('#vg-tooltip-element')
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 })
    assert.match((await tooltip.textContent()) ?? '', /pairs/)

    // Every chart's marks carry a tooltip: vega sets the handler on items with a tooltip encoding.
    const withTooltips = await page.evaluate(() => {
      const specs = [...document.querySelectorAll('script[type="application/json"]')]
      return specs.filter((s) => !(s.textContent ?? '').includes('"tooltip"')).map((s) => s.id)
    })
    assert.deepEqual(withTooltips, [], 'specs without a tooltip')

    // The tables are folded away under their charts; the contents list links to every section.
    assert.ok((await page.locator('details table').count()) >= NAMED_CHARTS.length - 2)
    const links = await page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')))
    for (const href of links) assert.equal(await page.locator(href!).count(), 1, `${href} exists`)

    // axe-core, as on the review app's pages: no serious or critical accessibility violation once drawn.
    assert.deepEqual(await seriousAxeViolations(page), [], 'axe on the report')

    assert.deepEqual(requests, [], 'no network request')
    assert.deepEqual(errors, [], 'no console error')

    if (shotsDir) {
      mkdirSync(shotsDir, { recursive: true })
      await page.setViewportSize({ width: 1100, height: 1500 })
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.screenshot({ path: path.join(shotsDir, 'report.png') })
    }
    await page.close()
  })
})
