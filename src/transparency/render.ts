import { escapeHtml, formatCount, formatProbability } from '../report/format.ts'
import { REPORT_STYLE } from '../report/style.ts'
import type { FieldSource, TransparencyField, TransparencyRecord, TransparencySection } from './record.ts'
import { fieldsToComplete } from './record.ts'

/** Fields to complete stand out like a GOV.UK inset: a thick yellow rule the owner cannot miss on screen or paper. */
const TRANSPARENCY_STYLE = `
.to-complete{border-left:6px solid #ffdd00;background:#fff7bf;padding:.6rem 1rem;margin:.5rem 0 1rem;max-width:44em}
.source{color:#505a5f;font-size:.9rem;margin-top:0}
.tier{color:#505a5f;font-size:1rem;font-weight:400;display:block}
`

const SOURCE_TEXT: Record<FieldSource, string> = {
  measured: 'measured against a labelled truth (evaluation.json)',
  model: 'the trained model (model.json)',
  run: 'the link run (run.json)',
  fixed: 'stated by JustID or by the owner when this record was made',
}

/** Words for keys whose camel case does not read well split. */
const KEY_LABELS: Record<string, string> = {
  bCubed: 'B-cubed',
  f1: 'F1',
  recallLow: 'Recall, 95% interval low',
  recallHigh: 'Recall, 95% interval high',
  randomPairsForU: 'Random pairs for u',
}

const labelOfKey = (key: string): string => {
  const known = KEY_LABELS[key]
  if (known) return known
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

type Primitive = string | number | boolean

const isPrimitive = (v: unknown): v is Primitive =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** Keys of probabilities and rates, shown as such even when exactly 0 or 1 (a precision of 1 is not a count). */
const RATE_KEYS = new Set([
  'precision',
  'recall',
  'f1',
  'falseMatchRate',
  'recallLow',
  'recallHigh',
  'matchThreshold',
  'match',
  'review',
  'linkedAtOrAbove',
  'sentForReviewFrom',
])

/** Other whole numbers are counts; the rest are probabilities, which can be tiny (a prior of 1e-5). */
const formatPrimitive = (v: Primitive, key = ''): string => {
  if (typeof v !== 'number') return String(v)
  return Number.isInteger(v) && !RATE_KEYS.has(key) ? formatCount(v) : formatProbability(v)
}

const isFlat = (v: unknown): v is Record<string, Primitive> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isPrimitive)

const cell = (v: Primitive, key: string): string =>
  typeof v === 'number'
    ? `<td class="num">${escapeHtml(formatPrimitive(v, key))}</td>`
    : `<td>${escapeHtml(formatPrimitive(v))}</td>`

const rowsTable = (rows: Record<string, Primitive>[]): string => {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const head = keys.map((k) => `<th scope="col">${escapeHtml(labelOfKey(k))}</th>`).join('')
  const body = rows
    .map((r) => `<tr>${keys.map((k) => (r[k] === undefined ? '<td></td>' : cell(r[k], k))).join('')}</tr>`)
    .join('\n')
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

/**
 * Renders any field value as plain HTML: text as a paragraph, a list of flat records as a table, an object as a table
 * of named figures followed by its nested parts. The record decides the content; this only lays it out.
 */
const renderValue = (value: unknown): string => {
  if (isPrimitive(value)) return `<p>${escapeHtml(formatPrimitive(value))}</p>`
  if (Array.isArray(value)) {
    if (value.length === 0) return '<p>None.</p>'
    if (value.every(isPrimitive))
      return `<ul>\n${value.map((v) => `<li>${escapeHtml(formatPrimitive(v))}</li>`).join('\n')}\n</ul>`
    if (value.every(isFlat)) return rowsTable(value)
    return value.map(renderValue).join('\n')
  }
  if (value === null || typeof value !== 'object') return ''
  const entries = Object.entries(value)
  const flat = entries.filter(([, v]) => isPrimitive(v))
  const nested = entries.filter(([, v]) => !isPrimitive(v))
  const figures =
    flat.length > 0
      ? `<table>\n<tbody>\n${flat
          .map(
            ([k, v]) =>
              `<tr><th scope="row">${escapeHtml(labelOfKey(k))}</th>${cell(v as Primitive, k)}</tr>`,
          )
          .join('\n')}\n</tbody>\n</table>`
      : ''
  const parts = nested.map(([k, v]) => `<h4>${escapeHtml(labelOfKey(k))}</h4>\n${renderValue(v)}`)
  return [figures, ...parts].filter((p) => p !== '').join('\n')
}

const renderField = (id: string, field: TransparencyField): string => {
  const heading = `<h3 id="${escapeHtml(id)}">${escapeHtml(field.label)}</h3>`
  if ('toComplete' in field) {
    return `${heading}\n<div class="to-complete"><strong>To be completed by the owner:</strong> ${escapeHtml(field.toComplete)}.</div>`
  }
  return `${heading}\n${renderValue(field.value)}\n<p class="source">Source: ${escapeHtml(SOURCE_TEXT[field.source])}.</p>`
}

const renderSection = (s: TransparencySection): string =>
  `<section id="${escapeHtml(s.id)}" aria-labelledby="${escapeHtml(s.id)}-heading">
<h2 id="${escapeHtml(s.id)}-heading"><span class="tier">Tier ${s.tier}</span>${escapeHtml(s.heading)}</h2>
${Object.entries(s.fields)
  .map(([key, f]) => renderField(`${s.id}-${key}`, f))
  .join('\n')}
</section>`

/**
 * The transparency record as one self-contained page (inline CSS, no scripts, no external resources), in the plain
 * style of the link report. Fields the owner must still write are marked, and listed at the top.
 */
export const renderTransparencyHtml = (record: TransparencyRecord): string => {
  const title = `Algorithmic transparency record: ${record.tool}`
  const missing = fieldsToComplete(record)
  const summary =
    missing.length === 0
      ? '<p>Every field is filled in.</p>'
      : `<div class="to-complete"><strong>To be completed by the owner: ${missing.length} field${missing.length === 1 ? '' : 's'}.</strong>
<ul>
${missing.map((m) => `<li>${escapeHtml(m.section)}: ${escapeHtml(m.label)}</li>`).join('\n')}
</ul>
</div>`
  const contents = record.sections
    .map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a></li>`)
    .join('\n')
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}${TRANSPARENCY_STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Following the ${escapeHtml(record.standard)}. Generated ${escapeHtml(record.generatedAt)} by ${escapeHtml(record.tool)} ${escapeHtml(record.version)}.</p>
${summary}
<nav aria-label="Contents">
<h2 class="contents">Contents</h2>
<ol>
${contents}
</ol>
</nav>
${record.sections.map(renderSection).join('\n')}
</main>
</body>
</html>
`
}
