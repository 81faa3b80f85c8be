/**
 * The custody estimate page in a browser: signed in as custody staff, the page passes axe (no serious or critical
 * violations), an incomplete decision shows the GOV.UK error summary, a complete one the success banner.
 * Synthetic people only. Skips when chromium is missing, unless JUSTID_REQUIRE_BROWSER=1.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { testCustodyModel } from '../../src/custody/testing/model.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../../src/realtime/memory-index.ts'
import { seedStore } from '../../src/realtime/testing/seed.ts'
import { buildApp } from '../../src/serve/app.ts'
import { launchChromium, seriousAxeViolations, skipWithoutBrowser } from '../support/browser.ts'
import { addCustodyPerson } from '../support/custody-person.ts'
import { addStaff, PASSWORD, TEST_PASSWORD_COST } from './helpers.ts'

const skip = skipWithoutBrowser
let app: FastifyInstance | null = null
let index: OpenRealtimeIndex | null = null
let cleanup: (() => Promise<void>) | null = null
let browser: Browser | null = null
let base = ''
let justiceId = ''

const noSeriousViolations = async (page: Page, name: string): Promise<void> => {
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on the ${name} page`)
}

before(async () => {
  if (skip) return
  const seeded = await seedStore()
  cleanup = seeded.cleanup
  index = await openRealtimeIndex(seeded.store)
  justiceId = await addCustodyPerson(index, seeded.store, [
    { startDate: '2025-09-01', detail: 'fight:victim' },
  ])
  await addStaff(seeded.store, 'cus1', 'custody')
  app = await buildApp({
    index,
    store: seeded.store,
    auditFlushMs: 1,
    custodyModel: testCustodyModel(),
    web: { passwordCost: TEST_PASSWORD_COST },
  })
  base = await app.listen({ host: '127.0.0.1', port: 0 })
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app?.close()
  await index?.close()
  await cleanup?.()
})

describe('custody estimate page in a browser', { skip }, () => {
  test('is accessible, shows errors the GOV.UK way, and confirms a recorded decision', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${base}/persons/${justiceId}/custody`)
    await page.fill('#username', 'cus1')
    await page.fill('#password', PASSWORD)
    await page.click('button:has-text("Sign in")')
    await page.waitForURL(`${base}/persons/${justiceId}/custody`)
    assert.match((await page.textContent('h1')) ?? '', /Custody violence estimate/)
    await noSeriousViolations(page, 'custody estimate')
    await page.click('button:has-text("Record the decision")')
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Select the decision taken/)
    await noSeriousViolations(page, 'custody estimate error')
    await page.check('#decision-2')
    await page.check('#reason')
    await page.click('button:has-text("Record the decision")')
    await page.waitForURL(/recorded=1$/)
    assert.match((await page.textContent('.govuk-notification-banner')) ?? '', /recorded in the audit log/)
    await page.close()
  })
})
