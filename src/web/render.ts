import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { formatDate, formatDateTime } from './words.ts'

const require = createRequire(import.meta.url)

/** Folders of the installed design-system packages, for templates and static assets. */
export const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist')
export const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'))
export const webRoot = dirname(fileURLToPath(import.meta.url))

export type Render = (view: string, context: Record<string, unknown>) => string

/** Nunjucks over the app's views and the GOV.UK and MoJ macros; autoescaping on, so data is never markup. */
export const createRenderer = (): Render => {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([join(webRoot, 'views'), govukDist, mojRoot], { noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  )
  // Dates as people write them: "26 June 1998", "6 December 2026, 10:16am".
  env.addFilter('date', formatDate)
  env.addFilter('dateTime', formatDateTime)
  return (view, context) => env.render(view, context)
}
