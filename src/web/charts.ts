import type { IndexEdge, RecordKey } from '../index/types.ts'
import type { WaterfallRow } from '../model/index.ts'

/** Geometry for the inline SVG charts; the templates only draw it. Every chart has a table beside it. */

export interface WaterfallBar {
  x: number
  y: number
  width: number
  height: number
  fill: string
}

const BAR = 18
const GAP = 6

/** Horizontal waterfall: each row a bar from the running total before it to the total after it. */
export const waterfallChart = (rows: readonly WaterfallRow[], width = 640) => {
  const totals: number[] = []
  let running = 0
  for (const row of rows) {
    totals.push(running)
    running += row.weight
  }
  const ends = rows.flatMap((row, i) => [totals[i]!, totals[i]! + row.weight])
  const min = Math.min(0, ...ends)
  const max = Math.max(0, ...ends)
  const scale = (width - 20) / (max - min || 1)
  const x = (v: number) => 10 + (v - min) * scale
  const bars: WaterfallBar[] = rows.map((row, i) => {
    const from = totals[i]!
    const to = from + row.weight
    return {
      x: x(Math.min(from, to)),
      y: i * (BAR + GAP),
      width: Math.max(1, Math.abs(to - from) * scale),
      height: BAR,
      fill: row.weight >= 0 ? '#00703c' : '#d4351c',
    }
  })
  bars.push({
    x: x(Math.min(0, running)),
    y: rows.length * (BAR + GAP),
    width: Math.max(1, Math.abs(running) * scale),
    height: BAR,
    fill: '#1d70b8',
  })
  return { width, height: (rows.length + 1) * (BAR + GAP), zero: x(0), bars }
}

/** Running totals for the waterfall table. */
export const withTotals = (rows: readonly WaterfallRow[]) => {
  let total = 0
  return rows.map((row) => {
    total += row.weight
    return { ...row, total }
  })
}

/** Records on a circle, edges as lines: enough to see which links are weak for the few records of one person. */
export const clusterGraph = (
  keys: readonly RecordKey[],
  edges: readonly IndexEdge[],
  strong: number,
  size = 520,
) => {
  const centre = size / 2
  const radius = size / 2 - 70
  const position = new Map(
    keys.map((key, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, keys.length) - Math.PI / 2
      return [key, { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) }]
    }),
  )
  const nodes = keys.map((key) => {
    const p = position.get(key)!
    return { key, x: p.x, y: p.y, lx: p.x, ly: p.y + (p.y >= centre ? 26 : -16) }
  })
  const lines = edges
    .filter((e) => position.has(e.left) && position.has(e.right))
    .map((e) => {
      const a = position.get(e.left)!
      const b = position.get(e.right)!
      return {
        x1: a.x,
        y1: a.y,
        x2: b.x,
        y2: b.y,
        mx: (a.x + b.x) / 2 + 4,
        my: (a.y + b.y) / 2 - 4,
        weight: e.weight,
        weak: e.weight < strong,
      }
    })
  return { size, nodes, edges: lines }
}
