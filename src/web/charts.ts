import type { IndexEdge, RecordKey } from '../person-index/types.ts'

/** Geometry for the inline SVG charts; the templates only draw it. Every chart has a table beside it. */

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
  // Labels sit outside the circle, beside their node and anchored away from the centre, so they cannot overlap
  // each other or the lines; the weights are in the table beside the graph rather than on the lines.
  const nodes = keys.map((key, i) => {
    const p = position.get(key)!
    const angle = (2 * Math.PI * i) / Math.max(1, keys.length) - Math.PI / 2
    const cos = Math.cos(angle)
    return {
      key,
      x: p.x,
      y: p.y,
      lx: p.x + 14 * cos,
      ly: p.y + 14 * Math.sin(angle) + 5,
      anchor: Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end',
    }
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
