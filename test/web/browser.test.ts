/**
 * The review app end to end in a real browser (Debian's chromium driven by playwright-core): sign in, search by name
 * and date of birth and by PNC, open a person, open the review queue (reasons in words), decide one pair with the
 * keyboard, see it confirmed, change it with a reason, and see the decision survive a re-run of the batch; the
 * "Page not found" page and the API docs. axe-core checks every page visited. Synthetic data only. Skips when chromium is missing, unless
 * JUSTID_REQUIRE_BROWSER=1 (CI), which makes that a failure. JUSTID_SCREENSHOTS=1 also refreshes docs/screenshots.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { runLink } from '../../src/link/run-link.ts'
import { quiet } from '../../src/link/testing/link-synthetic.ts'
import { openIndexStore } from '../../src/person-index/store/open-store.ts'
import type { RunningServer } from '../../src/serve/server.ts'
import { writeSyntheticData } from '../../src/synth/index.ts'
import { seriousAxeViolations, shotsDir, skipWithoutBrowser } from '../support/browser.ts'
import { serveWithBrowser } from './browser-app.ts'
import { PASSWORD } from './helpers.ts'

const skip = skipWithoutBrowser

const dir = mkdtempSync(path.join(tmpdir(), 'justid-web-'))
const data = path.join(dir, 'data')
const index = path.join(dir, 'index.duckdb')
const sources = ['court', 'prison', 'probation'].map((name) => ({
  name,
  file: path.join(data, `${name}.csv`),
}))
const link = (out: string) =>
  runLink({ sources, index, outDir: path.join(dir, out), progress: quiet, onWarning: () => {} })

let server: RunningServer | null = null
let browser: Browser | null = null
const checked: string[] = []

/** Runs axe on the page: no serious or critical violations allowed. */
const checkAccessibility = async (page: Page, name: string): Promise<void> => {
  // On GOV.UK pages, the template's inline script ran under the Content-Security-Policy (allowed by its hash, #19).
  const govuk = await page.evaluate(() => document.body.classList.contains('govuk-template__body'))
  if (govuk)
    assert.ok(
      await page.evaluate(() => document.body.classList.contains('js-enabled')),
      `js-enabled on ${name}`,
    )
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on the ${name} page`)
  checked.push(name)
  if (shotsDir && !name.endsWith('-error')) {
    mkdirSync(shotsDir, { recursive: true })
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true })
  }
}

before(async () => {
  if (skip) return
  await writeSyntheticData({ people: 300, seed: 5, outDir: data })
  await link('run-1')
  ;({ server, browser } = await serveWithBrowser(index))
})

after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('review app in a browser', { skip }, () => {
  test('sign in, search, open a person, decide a pair by keyboard; the decision survives a re-run', async () => {
    const base = server!.url
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })

    await page.goto(`${base}/review`)
    assert.match(page.url(), /\/sign-in\?next=%2Freview$/)
    await checkAccessibility(page, 'sign-in')
    await page.fill('#username', 'reviewer1')
    await page.fill('#password', PASSWORD)
    await page.click('button:has-text("Sign in")')
    await page.waitForURL(`${base}/review`)

    const [first] = await server!.store.recordsByKey(
      (await server!.store.edges()).map((e) => e.left).slice(0, 1),
    )
    assert.ok(first?.record.surname && first.record.dateOfBirth)
    // By name and date of birth, with the GOV.UK date input: the person born that day is listed first.
    const [year, month, day] = first.record.dateOfBirth.split('-')
    await page.goto(`${base}/search`)
    await page.fill('#q', `${first.record.forename ?? ''} ${first.record.surname}`)
    await page.fill('#dob-day', String(Number(day)))
    await page.fill('#dob-month', String(Number(month)))
    await page.fill('#dob-year', year!)
    await page.click('button:has-text("Search")')
    await page.waitForSelector('#results')
    assert.equal(
      await page.getAttribute('#matches tbody tr:first-child a', 'href'),
      `/persons/${encodeURIComponent(first.justiceId)}`,
    )
    assert.match((await page.textContent('#matches tbody tr:first-child')) ?? '', /date of birth matches/)
    await checkAccessibility(page, 'search')
    // By PNC number.
    let withPnc: { pnc: string; justiceId: string } | null = null
    for await (const chunk of server!.store.records(500)) {
      const found = chunk.find((r) => r.record.pnc)
      if (found) {
        withPnc = { pnc: found.record.pnc!, justiceId: found.justiceId }
        break
      }
    }
    assert.ok(withPnc, 'the synthetic data has PNC numbers')
    await page.goto(`${base}/search`)
    await page.fill('#q', withPnc.pnc)
    await page.click('button:has-text("Search")')
    await page.waitForSelector('#results')
    assert.ok(
      await page.locator(`#results a[href="/persons/${encodeURIComponent(withPnc.justiceId)}"]`).count(),
    )
    // An empty search says what to enter, and focus moves to the error summary.
    await page.goto(`${base}/search`)
    await page.click('button:has-text("Search")')
    await page.waitForSelector('.govuk-error-summary')
    assert.match(await page.title(), /^Error: /)
    assert.ok(
      await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
      'focus is on the error summary',
    )
    await checkAccessibility(page, 'search-error')

    await page.goto(`${base}/persons/${encodeURIComponent(first.justiceId)}`)
    await page.waitForSelector('.app-records')
    assert.match(
      (await page.textContent('.moj-identity-bar')) ?? '',
      new RegExp(`Justice ID ${first.justiceId}`),
    )
    await checkAccessibility(page, 'person')

    await page.click('a:has-text("Review queue")')
    await page.waitForSelector('#left-count')
    const waiting = Number(await page.textContent('#left-count strong'))
    assert.ok(waiting > 0, 'the synthetic index leaves uncertain pairs to review')
    // Why each item is there, in words: never a code or a bare number of bits.
    const reasons = await page.locator('.app-reason').allTextContents()
    assert.ok(reasons.length > 0)
    for (const reason of reasons) {
      assert.doesNotMatch(reason, /_|\bbits\b|uncertain match/, reason)
      assert.match(reason, /^\s*(Same|Similar|Different|Little to compare|\d+ records)/)
    }
    assert.match((await page.textContent('#showing')) ?? '', /^Showing 1 to \d+ of \d+ items?$/)
    await checkAccessibility(page, 'review-queue')
    await page.click('a[href^="/review/pair"]')
    await page.waitForSelector('#decision-form')
    const pair = new URL(page.url()).searchParams
    const [left, right] = [pair.get('left')!, pair.get('right')!]
    await checkAccessibility(page, 'pair')

    // "Same person" below the join weight overrules the model, so the form first asks for a reason.
    await page.keyboard.press('s')
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).value), 'same_person')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.govuk-error-summary')
    assert.match(await page.title(), /^Error: /)
    assert.ok(
      await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
      'focus moves to the error summary',
    )
    await checkAccessibility(page, 'pair-error')
    await page.keyboard.press('s')
    await page.keyboard.press('r')
    await page.keyboard.type('Same PNC in the source system')
    await page.keyboard.press('Control+Enter')
    // Saved: the pair again, with a success banner, the decision in force, and links to change it or move on.
    await page.waitForSelector('.govuk-notification-banner--success')
    assert.match(
      (await page.textContent('.govuk-notification-banner--success')) ?? '',
      /Decision saved: the same person/,
    )
    assert.match((await page.textContent('.app-decision')) ?? '', /The same person\s*Made by\s*reviewer1/)
    await checkAccessibility(page, 'pair-saved')

    const decisionOf = async () =>
      (await server!.store.decisions([left])).find((d) => d.left === left && d.right === right)
    assert.equal((await decisionOf())?.outcome, 'same_person')
    assert.equal((await decisionOf())?.reviewer, 'reviewer1')
    const together = await server!.store.recordsByKey([left, right])
    assert.equal(
      together[0]?.justiceId,
      together[1]?.justiceId,
      'the decision re-linked the two records at once',
    )

    // Changing the decision needs a reason; the new decision is in force and the records are apart again.
    await page.click('a:has-text("Change decision")')
    await page.check('#outcome-2')
    await page.click('button:has-text("Save decision")')
    await page.waitForSelector('.govuk-error-summary')
    assert.match(
      (await page.textContent('.govuk-error-summary')) ?? '',
      /Enter why you are changing the decision/,
    )
    await page.check('#outcome-2')
    await page.fill('#reason', 'Different prison numbers on checking')
    await page.click('button:has-text("Save decision")')
    await page.waitForSelector('.govuk-notification-banner--success')
    assert.match(
      (await page.textContent('.govuk-notification-banner--success')) ?? '',
      /Decision saved: not the same person/,
    )
    assert.equal((await decisionOf())?.outcome, 'not_same_person')
    const apart = await server!.store.recordsByKey([left, right])
    assert.notEqual(apart[0]?.justiceId, apart[1]?.justiceId, 'the change re-linked the records apart')
    await page.click('#next-item')
    await page.waitForLoadState()
    assert.doesNotMatch(
      page.url(),
      new RegExp(`left=${encodeURIComponent(left)}&right=${encodeURIComponent(right)}`),
    )

    // The decided pair leaves the queue.
    await page.goto(`${base}/review`)
    const decidedLink = `a[href="/review/pair?left=${encodeURIComponent(left)}&right=${encodeURIComponent(right)}"]`
    assert.equal(await page.locator(decidedLink).count(), 0, 'the decided pair is no longer in the queue')
    await page.goto(`${base}/persons/${encodeURIComponent(together[0]!.justiceId)}/cluster`)
    await page.waitForSelector('.app-graph')
    await checkAccessibility(page, 'cluster')

    // An unknown page is the GOV.UK "Page not found" page.
    const missing = await page.goto(`${base}/persons/${encodeURIComponent(first.justiceId)}/no-such-page`)
    assert.equal(missing?.status(), 404)
    assert.equal(await page.title(), 'Page not found - JustID review')
    await checkAccessibility(page, 'not-found')
    await page.close()
    // The API documentation. Swagger UI's own CSP refuses inline scripts, axe's among them: this page lets it in.
    const docs = await browser!.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    await docs.goto(`${base}/docs/`)
    await docs.waitForSelector('.swagger-ui .opblock')
    await checkAccessibility(docs, 'api-docs')
    await docs.click('#operations-matching-post_v1_match .opblock-summary-control')
    await docs.waitForSelector('#operations-matching-post_v1_match .opblock-body')
    await checkAccessibility(docs, 'api-docs-operation')
    await docs.close()

    await server!.stop()
    server = null
    await link('run-2')
    const store = await openIndexStore(index, { create: false })
    try {
      const after = await store.recordsByKey([left, right])
      assert.equal(after.length, 2)
      assert.notEqual(after[0]!.justiceId, after[1]!.justiceId, 'a re-run keeps the decided pair apart')
    } finally {
      await store.close()
    }
    assert.deepEqual(checked, [
      'sign-in',
      'search',
      'search-error',
      'person',
      'review-queue',
      'pair',
      'pair-error',
      'pair-saved',
      'cluster',
      'not-found',
      'api-docs',
      'api-docs-operation',
    ])
  })
})
