import type { TopLevelSpec } from 'vega-lite'

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-GB')

export const formatWeight = (w: number | null): string =>
  w === null ? 'not estimated' : `${w > 0 ? '+' : ''}${w.toFixed(2)}`

/** Probabilities span many orders of magnitude (u of an exact match can be 1e-7), so small ones are shown in e-notation. */
export const formatProbability = (p: number | null): string => {
  if (p === null) return 'not estimated'
  if (p === 0 || p >= 0.001) return p.toFixed(4)
  return p.toExponential(2)
}

export const formatRate = (p: number): string => p.toFixed(4)

export const formatPercent = (p: number): string => `${(p * 100).toFixed(1)}%`

/** Match weight of a probability: log2 of the odds, the scale every chart uses. */
export const weightOfProbability = (p: number): number => Math.log2(p / (1 - p))

/**
 * What the templates draw (src/report/views/blocks.njk): plain data, never markup, so every text is escaped by the
 * template engine and the same blocks serve the link report and the transparency record.
 */
export interface Cell {
  text: string
  /** Numbers align right so digits line up. */
  numeric?: boolean
  /** A row heading (th scope="row"). */
  header?: boolean
}

export interface TableView {
  caption: string | null
  head: Cell[] | null
  rows: Cell[][]
}

export interface ChartView {
  /** Unique on the page; the browser test finds each chart by it. */
  id: string
  caption: string
  spec: TopLevelSpec
  /** The chart's figures, folded away beneath it. */
  details: Block[]
}

export type Block =
  | { kind: 'paragraph'; text: string; class?: string }
  /** A heading within a section: h3 unless level 4 is asked for. */
  | { kind: 'heading'; text: string; id?: string; level?: 4 }
  | { kind: 'table'; table: TableView }
  | { kind: 'list'; items: string[] }
  | { kind: 'chart'; chart: ChartView }
  /** Blocks kept together in a box of a class (a pair of records, a field to complete). */
  | { kind: 'group'; class: string; blocks: Block[]; strong?: string }

export interface SectionView {
  id: string
  heading: string
  /** Shown above the heading in small type (the transparency record's tier). */
  kicker?: string
  blocks: Block[]
}

export const paragraph = (text: string, cls?: string): Block =>
  cls === undefined ? { kind: 'paragraph', text } : { kind: 'paragraph', text, class: cls }

export const chart = (id: string, spec: TopLevelSpec, caption: string, details: Block[]): Block => ({
  kind: 'chart',
  chart: { id, caption, spec: { description: caption, ...spec } as TopLevelSpec, details },
})

export interface Column<Row> {
  heading: string
  cell: (row: Row) => string
  numeric?: boolean
}

/** A table with a caption and column headers. */
export const table = <Row>(caption: string, columns: Column<Row>[], rows: readonly Row[]): Block => ({
  kind: 'table',
  table: {
    caption,
    head: columns.map((c) => ({ text: c.heading, ...(c.numeric ? { numeric: true } : {}) })),
    rows: rows.map((row) =>
      columns.map((c) => ({ text: c.cell(row), ...(c.numeric ? { numeric: true } : {}) })),
    ),
  },
})

/** A two-column table of named figures. */
export const figuresTable = (caption: string | null, figures: readonly [string, string][]): Block => ({
  kind: 'table',
  table: {
    caption,
    head: null,
    rows: figures.map(([name, value]) => [
      { text: name, header: true },
      { text: value, numeric: true },
    ]),
  },
})
