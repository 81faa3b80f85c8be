/** HTML-escapes text for element content and double-quoted attributes. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

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

/** Match weight of a probability: log2 of the odds, the scale every chart uses. */
export const weightOfProbability = (p: number): number => Math.log2(p / (1 - p))

export interface Column<Row> {
  heading: string
  cell: (row: Row) => string
  /** Numbers align right so digits line up. */
  numeric?: boolean
}

/** A table with a caption and column headers, its cells escaped. */
export const table = <Row>(caption: string, columns: Column<Row>[], rows: readonly Row[]): string => {
  const head = columns
    .map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.heading)}</th>`)
    .join('')
  const body = rows
    .map(
      (row) =>
        `<tr>${columns.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.cell(row))}</td>`).join('')}</tr>`,
    )
    .join('\n')
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

/** A two-column table of named figures. */
export const figuresTable = (caption: string, figures: readonly [string, string][]): string =>
  `<table>\n<caption>${escapeHtml(caption)}</caption>\n<tbody>\n${figures
    .map(
      ([name, value]) =>
        `<tr><th scope="row">${escapeHtml(name)}</th><td class="num">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n')}\n</tbody>\n</table>`
