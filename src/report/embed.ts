import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

/** Plain GOV.UK-like look: black text, light grid, the system font; the review app's charts use it too. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  background: 'white',
  axis: {
    labelColor: '#0b0c0c',
    titleColor: '#0b0c0c',
    gridColor: '#e5e5e5',
    labelFontSize: 12,
    titleFontSize: 13,
    labelLimit: 280,
  },
  legend: {
    labelColor: '#0b0c0c',
    titleColor: '#0b0c0c',
    labelFontSize: 12,
    labelLimit: 280,
    titleLimit: 400,
  },
  header: { labelColor: '#0b0c0c', labelFontSize: 13, labelFontWeight: 'bold' },
  view: { stroke: null },
} as const

/**
 * vega-embed's options: SVG (crisp in print), its HTML tooltips, and only the export actions, since the others open
 * the online editor and the report must work offline.
 */
export const EMBED_OPTIONS = {
  renderer: 'svg',
  config: CHART_CONFIG,
  actions: { export: true, source: false, compiled: false, editor: false },
  tooltip: { theme: 'light' },
} as const

/** The browser builds of vega, vega-lite and vega-embed, in load order, each package's own file. */
const BUNDLES: [pkg: string, file: string][] = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
]

let libraries: string[] | null = null

/**
 * The chart libraries' code, inlined so the report opens offline as one file. Their source-map comments are
 * dropped: a browser's developer tools would otherwise look for maps that are not there.
 */
export const chartLibraries = (): string[] => {
  libraries ??= BUNDLES.map(([pkg, file]) => {
    // Each package's exports map hides its build files, but its entry point sits in the same folder.
    const dir = path.dirname(require.resolve(pkg))
    return readFileSync(path.join(dir, file), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n')
  })
  return libraries
}
