import type { Browser } from 'playwright-core'
import { openIndexStore } from '../../src/person-index/store/open-store.ts'
import { type RunningServer, startServer } from '../../src/serve/server.ts'
import { launchChromium } from '../support/browser.ts'
import { addStaff, TEST_PASSWORD_COST } from './helpers.ts'

/** The review app served on a free port over the index at `index`, with reviewer1 able to sign in, and chromium. */
export const serveWithBrowser = async (
  index: string,
): Promise<{ server: RunningServer; browser: Browser }> => {
  const store = await openIndexStore(index, { create: false })
  await addStaff(store, 'reviewer1', 'reviewer')
  await store.close()
  const server = await startServer({
    index,
    host: '127.0.0.1',
    port: 0,
    web: { passwordCost: TEST_PASSWORD_COST },
  })
  return { server, browser: await launchChromium() }
}
