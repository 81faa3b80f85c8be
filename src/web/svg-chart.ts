import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { CHART_CONFIG } from '../report/embed.ts'

let charts = 0

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const escapeAttribute = (text: string): string => text.replace(/[&<>"']/g, (c) => ATTRIBUTE_ESCAPES[c]!)

/**
 * Renders a Vega-Lite spec to an inline SVG without a browser. Element ids are made unique per chart because many
 * SVGs share one page and vega numbers its clip paths from 1 in each; the xlink namespace is dropped when unused so
 * the page references no URL but the SVG namespace.
 */
export const renderSvgChart = async (spec: TopLevelSpec, description: string): Promise<string> => {
  const vegaSpec = compile({ ...spec, config: { ...CHART_CONFIG, ...spec.config } } as TopLevelSpec).spec
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' })
  let svg: string
  try {
    svg = await view.toSVG()
  } finally {
    view.finalize()
  }
  const prefix = `c${++charts}-`
  svg = svg.replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
  if (!svg.includes('xlink:href')) svg = svg.replace(/\s+xmlns:xlink="[^"]*"/, '')
  return svg.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeAttribute(description)}"`)
}
