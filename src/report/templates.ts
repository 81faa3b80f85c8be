import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'

/** The report's templates: the page layout and the blocks macros, which the transparency record uses too. */
export const REPORT_VIEWS = fileURLToPath(new URL('./views', import.meta.url))

export type Render = (view: string, context: Record<string, unknown>) => string

/** JSON that is safe inside a <script> element: no "</script>", "<!--" or line separators can end it early. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029')

/**
 * The one nunjucks set-up for pages JustID writes as files, over the given folders of views: autoescaping on, so
 * data (record values included) is never markup; `scriptJson` for data handed to a page's script.
 */
export const createRenderer = (folders: readonly string[]): Render => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([...folders]), {
    autoescape: true,
    throwOnUndefined: false,
  })
  env.addFilter('scriptJson', (value: unknown) => new nunjucks.runtime.SafeString(scriptJson(value)))
  return (view, context) => env.render(view, context)
}
