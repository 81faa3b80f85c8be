import { fileURLToPath } from 'node:url'
import {
  type Block,
  type Cell,
  formatCount,
  formatProbability,
  paragraph,
  type SectionView,
} from '../report/format.ts'
import { REPORT_STYLE } from '../report/style.ts'
import { createRenderer, REPORT_VIEWS } from '../report/templates.ts'
import type { FieldSource, TransparencyField, TransparencyRecord, TransparencySection } from './record.ts'
import { fieldsToComplete } from './record.ts'

/** Fields to complete stand out like a GOV.UK inset: a thick yellow rule the owner cannot miss on screen or paper. */
const TRANSPARENCY_STYLE = `
.to-complete{border-left:6px solid #ffdd00;background:#fff7bf;padding:.6rem 1rem;margin:.5rem 0 1rem;max-width:44em}
.source{color:#505a5f;font-size:.9rem;margin-top:0}
.to-complete p.inline{display:inline;margin:0}
`

const TRANSPARENCY_VIEWS = fileURLToPath(new URL('./views', import.meta.url))

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

const cell = (v: Primitive, key: string): Cell =>
  typeof v === 'number' ? { text: formatPrimitive(v, key), numeric: true } : { text: formatPrimitive(v) }

const rowsTable = (rows: Record<string, Primitive>[]): Block => {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  return {
    kind: 'table',
    table: {
      caption: null,
      head: keys.map((k) => ({ text: labelOfKey(k) })),
      rows: rows.map((r) => keys.map((k) => (r[k] === undefined ? { text: '' } : cell(r[k], k)))),
    },
  }
}

/**
 * Lays out any field value as blocks: text as a paragraph, a list of flat records as a table, an object as a table
 * of named figures followed by its nested parts. The record decides the content; this only lays it out.
 */
const valueBlocks = (value: unknown): Block[] => {
  if (isPrimitive(value)) return [paragraph(formatPrimitive(value))]
  if (Array.isArray(value)) {
    if (value.length === 0) return [paragraph('None.')]
    if (value.every(isPrimitive)) return [{ kind: 'list', items: value.map((v) => formatPrimitive(v)) }]
    if (value.every(isFlat)) return [rowsTable(value)]
    return value.flatMap(valueBlocks)
  }
  if (value === null || typeof value !== 'object') return []
  const entries = Object.entries(value)
  const flat = entries.filter((e): e is [string, Primitive] => isPrimitive(e[1]))
  const nested = entries.filter(([, v]) => !isPrimitive(v))
  const figures: Block[] =
    flat.length > 0
      ? [
          {
            kind: 'table',
            table: {
              caption: null,
              head: null,
              rows: flat.map(([k, v]) => [{ text: labelOfKey(k), header: true }, cell(v, k)]),
            },
          },
        ]
      : []
  return [
    ...figures,
    ...nested.flatMap(([k, v]): Block[] => [
      { kind: 'heading', text: labelOfKey(k), level: 4 },
      ...valueBlocks(v),
    ]),
  ]
}

const fieldBlocks = (id: string, field: TransparencyField): Block[] => {
  const heading: Block = { kind: 'heading', text: field.label, id }
  if ('toComplete' in field) {
    return [
      heading,
      {
        kind: 'group',
        class: 'to-complete',
        strong: 'To be completed by the owner:',
        blocks: [paragraph(`${field.toComplete}.`, 'inline')],
      },
    ]
  }
  return [heading, ...valueBlocks(field.value), paragraph(`Source: ${SOURCE_TEXT[field.source]}.`, 'source')]
}

const sectionView = (s: TransparencySection): SectionView => ({
  id: s.id,
  heading: s.heading,
  kicker: `Tier ${s.tier}`,
  blocks: Object.entries(s.fields).flatMap(([key, f]) => fieldBlocks(`${s.id}-${key}`, f)),
})

const render = createRenderer([TRANSPARENCY_VIEWS, REPORT_VIEWS])

/**
 * The transparency record as one self-contained page (inline CSS, no scripts, no external resources), drawn by the
 * link report's page layout. Fields the owner must still write are marked, and listed at the top.
 */
export const renderTransparencyHtml = (record: TransparencyRecord): string => {
  const missing = fieldsToComplete(record)
  const summary: Block =
    missing.length === 0
      ? paragraph('Every field is filled in.')
      : {
          kind: 'group',
          class: 'to-complete',
          strong: `To be completed by the owner: ${missing.length} field${missing.length === 1 ? '' : 's'}.`,
          blocks: [{ kind: 'list', items: missing.map((m) => `${m.section}: ${m.label}`) }],
        }
  return render('transparency.njk', {
    title: `Algorithmic transparency record: ${record.tool}`,
    meta: `Following the ${record.standard}. Generated ${record.generatedAt} by ${record.tool} ${record.version}.`,
    style: `${REPORT_STYLE}${TRANSPARENCY_STYLE}`,
    summary: [summary],
    sections: record.sections.map(sectionView),
  })
}
