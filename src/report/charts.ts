import type { TopLevelSpec } from 'vega-lite'
import type { LinkReportData } from './link-report-data.ts'

/** Vega-Lite specs of the report's charts, one function per chart, data in and spec out. */

const RED = '#d4351c'
const GREEN = '#00703c'
const BLUE = '#1d70b8'
const ORANGE = '#f47738'
const BLACK = '#0b0c0c'
const WIDTH = 560

/** Green for evidence for a match, red for evidence against, as in every waterfall and weight chart. */
const signColour = {
  field: 'sign',
  type: 'nominal',
  scale: { domain: ['for a match', 'against a match'], range: [GREEN, RED] },
  legend: { title: null, orient: 'bottom' },
} as const

const signOf = (weight: number): string => (weight >= 0 ? 'for a match' : 'against a match')

/** Ticks 0, 1, 10, 100 … up to the largest count: vega's own ticks on a symlog scale are crowded and uneven. */
const powersOfTenUpTo = (max: number): number[] => {
  const ticks = [0]
  for (let t = 1; t <= Math.max(max, 1); t *= 10) ticks.push(t)
  return ticks
}

/** One row of small charts per comparison, in the model's order. */
const byComparison = (comparisons: LinkReportData['comparisons']) => ({
  row: {
    field: 'comparison',
    type: 'nominal' as const,
    sort: comparisons.map((c) => c.name),
    header: { title: null, labelAngle: 0, labelAlign: 'left' as const },
  },
})

/** Match weight of each comparison level, grouped by comparison; levels never estimated are left out. */
export const levelWeightsSpec = (comparisons: LinkReportData['comparisons']): TopLevelSpec => ({
  data: {
    values: comparisons.flatMap((c) =>
      c.levels
        .filter((l) => l.weight !== null)
        .map((l) => ({ comparison: c.name, level: l.label, weight: l.weight, sign: signOf(l.weight!) })),
    ),
  },
  facet: byComparison(comparisons),
  spec: {
    width: WIDTH - 200,
    mark: 'bar',
    encoding: {
      y: { field: 'level', type: 'nominal', sort: null, title: null },
      x: { field: 'weight', type: 'quantitative', title: 'match weight (log2 Bayes factor)' },
      color: signColour,
    },
  },
  resolve: { scale: { y: 'independent' } },
})

/** m and u probability of each level side by side, grouped by comparison. */
export const mAndUSpec = (comparisons: LinkReportData['comparisons']): TopLevelSpec => ({
  data: {
    values: comparisons.flatMap((c) =>
      c.levels.flatMap((l) => [
        ...(l.m === null ? [] : [{ comparison: c.name, level: l.label, parameter: 'm', probability: l.m }]),
        ...(l.u === null ? [] : [{ comparison: c.name, level: l.label, parameter: 'u', probability: l.u }]),
      ]),
    ),
  },
  facet: byComparison(comparisons),
  spec: {
    width: WIDTH - 200,
    mark: 'bar',
    encoding: {
      y: { field: 'level', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'parameter', type: 'nominal' },
      x: { field: 'probability', type: 'quantitative', scale: { domain: [0, 1] }, title: 'probability' },
      color: {
        field: 'parameter',
        type: 'nominal',
        scale: { domain: ['m', 'u'], range: [BLUE, ORANGE] },
        legend: {
          title: null,
          orient: 'bottom',
          labelExpr: "datum.label === 'm' ? 'm (same person)' : 'u (different people)'",
        },
      },
    },
  },
  resolve: { scale: { y: 'independent' } },
})

/**
 * Histogram of the match weights of all scored pairs, with the link threshold marked. Counts are on a symmetric log
 * scale: the few pairs above the threshold would vanish beside millions of non-matches, and empty bins stay at 0.
 */
export const weightHistogramSpec = (
  bins: LinkReportData['weightHistogram'],
  thresholdWeight: number,
): TopLevelSpec => ({
  width: WIDTH,
  height: 220,
  layer: [
    {
      data: { values: bins.map((b) => ({ ...b, sign: signOf((b.binStart + b.binEnd) / 2) })) },
      mark: { type: 'bar', binSpacing: 1 },
      encoding: {
        x: { field: 'binStart', type: 'quantitative', title: 'match weight' },
        x2: { field: 'binEnd' },
        y: {
          field: 'count',
          type: 'quantitative',
          scale: { type: 'symlog' },
          axis: {
            values: powersOfTenUpTo(Math.max(0, ...bins.map((b) => b.count))),
            labelExpr: "format(datum.value, ',')",
          },
          title: 'scored pairs (log scale)',
        },
        y2: { datum: 0 },
        color: signColour,
      },
    },
    {
      data: { values: [{ threshold: thresholdWeight }] },
      mark: { type: 'rule', color: BLACK, strokeDash: [4, 3], strokeWidth: 2 },
      encoding: { x: { field: 'threshold', type: 'quantitative' } },
    },
    {
      data: { values: [{ threshold: thresholdWeight, text: 'threshold' }] },
      mark: { type: 'text', align: 'left', dx: 4, baseline: 'top', color: BLACK },
      encoding: { x: { field: 'threshold', type: 'quantitative' }, y: { value: 2 }, text: { field: 'text' } },
    },
  ],
})

/** Largest m change per EM iteration for each training session; a log scale shows convergence as a straight fall. */
export const trainingSpec = (
  sessions: NonNullable<LinkReportData['training']>['sessions'],
): TopLevelSpec => ({
  width: WIDTH - 160,
  height: 220,
  data: {
    values: sessions.flatMap((s, i) =>
      s.iterations
        .filter((it) => it.maxMChange > 0)
        .map((it) => ({
          session: `${i + 1}: ${s.rule}`,
          iteration: it.iteration,
          maxMChange: it.maxMChange,
        })),
    ),
  },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'iteration', type: 'quantitative', title: 'iteration', axis: { tickMinStep: 1 } },
    y: {
      field: 'maxMChange',
      type: 'quantitative',
      scale: { type: 'log' },
      title: 'largest change in an m probability',
    },
    color: {
      field: 'session',
      type: 'nominal',
      title: 'training session (blocked on)',
      legend: { orient: 'bottom', columns: 1 },
    },
  },
})

/** Number of clusters of each size, on a symmetric log scale so a single large cluster still shows as a bar. */
export const clusterSizesSpec = (sizes: LinkReportData['clusterSizes']): TopLevelSpec => ({
  width: WIDTH,
  height: 200,
  data: { values: sizes.filter((s) => s.clusters > 0) },
  mark: { type: 'bar', color: BLUE },
  encoding: {
    x: { field: 'size', type: 'ordinal', title: 'records in the cluster', axis: { labelAngle: 0 } },
    y: {
      field: 'clusters',
      type: 'quantitative',
      scale: { type: 'symlog' },
      axis: {
        values: powersOfTenUpTo(Math.max(0, ...sizes.map((s) => s.clusters))),
        labelExpr: "format(datum.value, ',')",
      },
      title: 'clusters (log scale)',
    },
    y2: { datum: 0 },
  },
})

/** Cumulative bars: each term moves the running match weight up (green) or down (red); the last bar is the total. */
export const waterfallSpec = (
  pair: LinkReportData['waterfalls'][number],
  thresholdWeight: number,
): TopLevelSpec => {
  let running = 0
  const steps = pair.rows.map((row, order) => {
    const start = running
    running += row.weight
    return { order, label: row.label, start, end: running, sign: signOf(row.weight) }
  })
  steps.push({ order: steps.length, label: 'final match weight', start: 0, end: pair.final, sign: 'total' })
  return {
    width: WIDTH - 180,
    height: { step: 18 },
    layer: [
      {
        data: { values: steps },
        mark: 'bar',
        encoding: {
          y: { field: 'label', type: 'nominal', sort: { field: 'order' }, title: null },
          x: { field: 'start', type: 'quantitative', title: 'match weight' },
          x2: { field: 'end' },
          color: {
            field: 'sign',
            type: 'nominal',
            scale: { domain: ['for a match', 'against a match', 'total'], range: [GREEN, RED, BLUE] },
            legend: { title: null, orient: 'bottom' },
          },
        },
      },
      {
        data: { values: [{ threshold: thresholdWeight }] },
        mark: { type: 'rule', color: BLACK, strokeDash: [4, 3] },
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  }
}

/** Pairwise precision against recall over match-weight thresholds. */
export const precisionRecallSpec = (
  curve: NonNullable<LinkReportData['evaluation']>['curve'],
): TopLevelSpec => ({
  width: 360,
  height: 300,
  data: { values: curve },
  mark: { type: 'line', color: BLUE, point: curve.length <= 40 },
  encoding: {
    x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] }, title: 'recall' },
    y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] }, title: 'precision' },
    order: { field: 'threshold', sort: 'descending' },
  },
})
