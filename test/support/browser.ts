/** What the browser tests share: Debian's chromium (required in CI), axe, and where screenshots go when asked for. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
const required = process.env.JUSTID_REQUIRE_BROWSER === '1'
const missing = !existsSync(CHROMIUM)
if (missing && required)
  throw new Error(`JUSTID_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install chromium`)
/** The test's `skip` option: false, or why the browser tests cannot run here. */
export const skipWithoutBrowser: string | false = missing
  ? `${CHROMIUM} is missing: install Debian's chromium to run the browser tests`
  : false

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const axeScript = path.join(root, 'node_modules/axe-core/axe.min.js')
/** Set JUSTID_SCREENSHOTS=1 to refresh the screenshots in docs/screenshots. */
export const shotsDir = process.env.JUSTID_SCREENSHOTS === '1' ? path.join(root, 'docs/screenshots') : null

/** Debian's chromium, headless, with nothing of its own going on (no sync, updates or first-run pages). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })

/**
 * The serious and critical accessibility violations axe-core finds on the page. Evaluated, not added as a script
 * tag: the review app's Content-Security-Policy rightly refuses inline scripts it does not know.
 */
export const seriousAxeViolations = async (
  page: Page,
): Promise<{ id: string; impact: string; nodes: number }[]> => {
  await page.evaluate(readFileSync(axeScript, 'utf8'))
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> }
      }
    ).axe.run()
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
