/**
 * Records as their sources entered them, in a real browser (Debian's chromium driven by playwright-core): after
 * `justid link --index` on synthetic extracts holding one invented person entered as "O'Brien, Seán" by the court
 * and "Seán" / "O'Brien" by the prison, the person page shows those names, the postcode and sex as written and the
 * date for people, and the pair page keeps the values the model compared inside its explanation. axe checks each
 * page. Skips when chromium is missing, unless JUSTID_REQUIRE_BROWSER=1 (CI). JUSTID_SCREENSHOTS=1 also writes
 * docs/screenshots/person-as-entered.png and pair-as-entered.png (issue #17 item 1).
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { linkSynthExtracts } from '../../src/link/testing/link-synthetic.ts'
import type { RunningServer } from '../../src/serve/server.ts'
import { writeSyntheticData } from '../../src/synth/index.ts'
import { seriousAxeViolations, shotsDir, skipWithoutBrowser } from '../support/browser.ts'
import { appendEnteredPerson, COURT, PRISON } from '../support/entered-person.ts'
import { serveWithBrowser } from './browser-app.ts'
import { PASSWORD } from './helpers.ts'

const skip = skipWithoutBrowser
const dir = mkdtempSync(path.join(tmpdir(), 'justid-web-entered-'))
const data = path.join(dir, 'data')
const index = path.join(dir, 'index.duckdb')

let server: RunningServer | null = null
let browser: Browser | null = null

/** axe finds nothing serious or critical; the page is photographed when screenshots are asked for. */
const checkPage = async (page: Page, name: string): Promise<void> => {
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on the ${name} page`)
  if (shotsDir) {
    mkdirSync(shotsDir, { recursive: true })
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true })
  }
}

before(async () => {
  if (skip) return
  await writeSyntheticData({ people: 150, seed: 7, outDir: data })
  appendEnteredPerson(data)
  await linkSynthExtracts(data, path.join(dir, 'out'), index)
  ;({ server, browser } = await serveWithBrowser(index))
})

after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('records as entered, in a browser', { skip }, () => {
  test('the person page shows the names as entered; the pair page explains with the values compared', async () => {
    const base = server!.url
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${base}/sign-in`)
    await page.fill('#username', 'reviewer1')
    await page.fill('#password', PASSWORD)
    await page.click('button:has-text("Sign in")')
    await page.waitForURL(/\/search$/)

    const [court, prison] = await server!.store.recordsByKey([COURT, PRISON])
    assert.equal(court?.justiceId, prison?.justiceId, 'the two records are one person')
    await page.goto(`${base}/persons/${encodeURIComponent(court!.justiceId)}`)
    await page.waitForSelector('.app-records')
    assert.match((await page.textContent('.moj-identity-bar')) ?? '', /Seán O'Brien\s*Born 26 June 1998/)
    const table = (await page.textContent('.app-records')) ?? ''
    for (const entered of [
      "O'Brien, Seán",
      'Seán',
      "O'Brien",
      'sw1a1aa',
      '14 Example Street, Flat 2',
      'Male',
    ])
      assert.ok(table.includes(entered), `the records table shows "${entered}"`)
    for (const compared of ["o'brien", 'sean', 'sw1a 1aa', 'Words compared'])
      assert.ok(!table.includes(compared), `the records table does not show "${compared}"`)
    await checkPage(page, 'person-as-entered')

    await page.goto(
      `${base}/review/pair?left=${encodeURIComponent(COURT)}&right=${encodeURIComponent(PRISON)}`,
    )
    await page.waitForSelector('#decision-form')
    assert.ok(((await page.textContent('.app-records')) ?? '').includes("O'Brien, Seán"))
    assert.equal(
      await page.isVisible('.app-compared'),
      false,
      'the compared values wait inside the explanation',
    )
    await page.click('.app-compared-details summary')
    assert.match((await page.textContent('.app-compared')) ?? '', /Postcode\s*sw1a 1aa\s*Not recorded/)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await checkPage(page, 'pair-as-entered')
    await page.close()
  })
})
