import type { TopLevelSpec } from 'vega-lite'
import { priorWeight } from '../model/fellegi-sunter.ts'
import type { LinkageModel } from '../model/model.ts'
import type { PairScore } from '../model/score.ts'
import { renderSvgChart } from '../report/svg-chart.ts'
import { agreementOf, comparisonNoun, evidenceWords, guardWords } from './words.ts'

/**
 * A pair's score explained for a caseworker: the guard that capped it first, then each comparison in words ("Surname
 * the same, and rare: strong evidence for") with its bits as a detail, and the comparisons with nothing to compare
 * folded into one line. The waterfall chart draws the same rows.
 */

export interface ExplanationRow {
  /** Short, for the chart's axis: "Surname: the same". */
  short: string
  /** The whole sentence, for the table. */
  text: string
  bits: number
  kind: 'prior' | 'comparison' | 'guard'
}

export interface Explanation {
  /** The guard that capped the score, named and explained, or null. */
  guard: { name: string; words: string; description: string; bits: number } | null
  rows: ExplanationRow[]
  /** Comparisons with nothing to compare: a value not recorded on one record or both. */
  notRecorded: string[]
  total: number
}

/** Level labels in words; a label not listed is shown as the model names it. */
const LEVEL_WORDS: [RegExp, string][] = [
  [/^jaro-winkler >= 0\.9/, 'spelt almost the same'],
  [/^jaro-winkler >= 0\.8/, 'spelt similarly'],
  [/^jaccard >= 0\.7/, 'mostly the same words'],
  [/^jaccard >= 0\.4/, 'many words the same'],
  [/double metaphone/, 'sounds the same'],
  [/^same nickname\/variant group/, 'a nickname or variant of the other'],
  [/^same variant group/, 'a variant spelling of the other'],
  [/^full postcode/, 'the same'],
]

const levelWords = (label: string): string => LEVEL_WORDS.find(([re]) => re.test(label))?.[1] ?? label

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

export const explainForPeople = (model: LinkageModel, score: PairScore): Explanation => {
  const levels = new Map(model.comparisons.map((c) => [c.name, c.levels.length]))
  const rows: ExplanationRow[] = [
    {
      short: 'Before comparing',
      text: 'Before comparing anything: two records picked at random are rarely the same person',
      bits: priorWeight(model.prior),
      kind: 'prior',
    },
  ]
  const notRecorded: string[] = []
  let uncapped = rows[0]!.bits
  for (const c of score.comparisons) {
    const bits = c.partialWeight + c.tfAdjustment
    uncapped += bits
    const noun = comparisonNoun(c.name)
    const agreement = agreementOf(c.levelIndex, levels.get(c.name) ?? 0)
    if (agreement === 'not recorded') {
      notRecorded.push(noun)
      continue
    }
    const how =
      agreement === 'same' ? 'the same' : agreement === 'different' ? 'different' : levelWords(c.label)
    const rarity = c.tfAdjustment > 0.05 ? ', and rare' : c.tfAdjustment < -0.05 ? ', but common' : ''
    rows.push({
      short: `${capitalise(noun)}: ${how}`,
      text: `${capitalise(noun)} ${how}${rarity}: ${evidenceWords(bits)}`,
      bits,
      kind: 'comparison',
    })
  }
  let guard: Explanation['guard'] = null
  if (score.guard) {
    const g = model.guards.find((x) => x.name === score.guard)
    const bits = score.matchWeight - uncapped
    guard = {
      name: score.guard,
      words: capitalise(guardWords(score.guard)),
      description: g?.description ?? '',
      bits,
    }
    rows.push({
      short: 'Held back by a guard',
      text: `${guard.words}: the score is held back`,
      bits,
      kind: 'guard',
    })
  }
  return { guard, rows, notRecorded, total: score.matchWeight }
}

/** The waterfall as a Vega-Lite chart: labelled bars, an axis in bits, and the join weight drawn. */
export const waterfallSvg = async (explanation: Explanation, join: number): Promise<string> => {
  let running = 0
  const steps = explanation.rows.map((row, order) => {
    const start = running
    running += row.bits
    return { order, label: row.short, start, end: running, kind: row.bits >= 0 ? 'for' : 'against' }
  })
  steps.push({ order: steps.length, label: 'Match weight', start: 0, end: explanation.total, kind: 'total' })
  const spec: TopLevelSpec = {
    width: 460,
    height: { step: 22 },
    layer: [
      {
        data: { values: steps },
        mark: 'bar',
        encoding: {
          y: {
            field: 'label',
            type: 'nominal',
            sort: { field: 'order' },
            title: null,
            axis: { labelLimit: 400 },
          },
          x: { field: 'start', type: 'quantitative', title: 'match weight (bits)' },
          x2: { field: 'end' },
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['for', 'against', 'total'], range: ['#00703c', '#d4351c', '#1d70b8'] },
            legend: {
              title: null,
              orient: 'bottom',
              labelExpr:
                "datum.label == 'for' ? 'evidence for' : datum.label == 'against' ? 'evidence against' : 'match weight'",
            },
          },
        },
      },
      {
        data: { values: [{ join, label: `joined at ${join.toFixed(1)} bits` }] },
        layer: [
          {
            mark: { type: 'rule', color: '#0b0c0c', strokeDash: [4, 3] },
            encoding: { x: { field: 'join', type: 'quantitative' } },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#0b0c0c', fontSize: 12 },
            encoding: {
              x: { field: 'join', type: 'quantitative' },
              y: { value: 0 },
              text: { field: 'label' },
            },
          },
        ],
      },
    ],
  }
  return renderSvgChart(
    spec,
    `Waterfall of the match weight: ${steps.length} bars from before comparing to the match weight of ${explanation.total.toFixed(1)} bits; the join weight, ${join.toFixed(1)} bits, is drawn as a dashed line. The table below lists the same rows.`,
  )
}
