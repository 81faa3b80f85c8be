import type { TopLevelSpec } from 'vega-lite'
import type { LinkReportData } from './link-report-data.ts'

/**
 * Vega-Lite specs of the report's charts, one function per chart, data in and spec out. Every mark has a tooltip
 * with its figures; charts with a continuous x axis can be zoomed (wheel) and panned (drag), double-click resets.
 */

const RED = '#d4351c'
const GREEN = '#00703c'
const BLUE = '#1d70b8'
const ORANGE = '#f47738'

const BLACK = '#0b0c0c'
const GREY = '#505a5f'
const WIDTH = 560

/** One colour per training session, the same in every chart of the sessions. */
const SESSION_COLOUR = {
  field: 'session',
  type: 'nominal',
  title: 'training session (blocked on)',
  legend: { orient: 'bottom', columns: 1 },
} as const

/** Green for evidence for a match, red for evidence against, as in every waterfall and weight chart. */
const signColour = {
  field: 'sign',
  type: 'nominal',
  scale: { domain: ['for a match', 'against a match'], range: [GREEN, RED] },
  legend: { title: null, orient: 'bottom' },
} as const

const signOf = (weight: number): string => (weight >= 0 ? 'for a match' : 'against a match')

/** Wheel zooms and drag pans the scales bound to it; double-click resets. */
const zoom = { name: 'zoom', select: 'interval', bind: 'scales' } as const

const weightFormat = '+.2f'

/** Ticks 0, 1, 10, 100 … up to the largest count: vega's own ticks on a symlog scale are crowded and uneven. */
const powersOfTenUpTo = (max: number): number[] => {
  const ticks = [0]
  for (let t = 1; t <= Math.max(max, 1); t *= 10) ticks.push(t)
  return ticks
}

/** A count axis on a symmetric log scale (zero still shows), ticked at powers of ten, counts written in full. */
const logCountAxis = (field: string, counts: number[], title: string) => ({
  field,
  type: 'quantitative' as const,
  scale: { type: 'symlog' as const },
  axis: { values: powersOfTenUpTo(Math.max(0, ...counts)), labelExpr: "format(datum.value, ',')" },
  title,
})

/** One row of small charts per comparison, in the model's order. */
const byComparison = (names: readonly string[]) => ({
  row: {
    field: 'comparison',
    type: 'nominal' as const,
    sort: [...names],
    header: { title: null, labelAngle: 0, labelAlign: 'left' as const },
  },
})

/** A dashed vertical rule with a label at the top: a threshold on a match-weight axis. */
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number]

const thresholdRule = (x: number, label: string, colour = BLACK): Layer[] => [
  {
    data: { values: [{ x, label }] },
    mark: { type: 'rule', color: colour, strokeDash: [4, 3], strokeWidth: 2 },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      tooltip: [
        { field: 'label', title: 'threshold' },
        { field: 'x', title: 'match weight', format: weightFormat },
      ],
    },
  },
  {
    data: { values: [{ x, label }] },
    mark: { type: 'text', align: 'left', dx: 4, baseline: 'top', color: colour },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 2 }, text: { field: 'label' } },
  },
]

/** Match weight of each comparison level, grouped by comparison; levels never estimated are left out. */
export const levelWeightsSpec = (comparisons: LinkReportData['comparisons']): TopLevelSpec => ({
  data: {
    values: comparisons.flatMap((c) =>
      c.levels
        .filter((l) => l.weight !== null)
        .map((l) => ({
          comparison: c.name,
          level: l.label,
          weight: l.weight,
          pairs: l.pairs,
          sign: signOf(l.weight!),
        })),
    ),
  },
  facet: byComparison(comparisons.map((c) => c.name)),
  spec: {
    width: WIDTH - 200,
    mark: 'bar',
    encoding: {
      y: { field: 'level', type: 'nominal', sort: null, title: null },
      x: { field: 'weight', type: 'quantitative', title: 'match weight (log2 Bayes factor)' },
      color: signColour,
      tooltip: [
        { field: 'comparison' },
        { field: 'level' },
        { field: 'weight', title: 'match weight', format: weightFormat },
        { field: 'pairs', title: 'candidate pairs', format: ',' },
      ],
    },
  },
  resolve: { scale: { y: 'independent' } },
})

/**
 * m and u of each level on a log scale, so a u of 1e-6 is as readable as an m of 0.9; the gap between the two
 * points is the level's match weight.
 */
export const mAndUSpec = (comparisons: LinkReportData['comparisons']): TopLevelSpec => ({
  data: {
    values: comparisons.flatMap((c) =>
      c.levels.flatMap((l) =>
        (['m', 'u'] as const).flatMap((parameter) => {
          const p = l[parameter]
          return p === null || p <= 0
            ? []
            : [{ comparison: c.name, level: l.label, parameter, probability: p, weight: l.weight }]
        }),
      ),
    ),
  },
  facet: byComparison(comparisons.map((c) => c.name)),
  spec: {
    width: WIDTH - 200,
    mark: { type: 'point', filled: true, size: 70 },
    encoding: {
      y: { field: 'level', type: 'nominal', sort: null, title: null },
      x: {
        field: 'probability',
        type: 'quantitative',
        scale: { type: 'log' },
        axis: { format: '.0e', tickCount: 6 },
        title: 'probability (log scale)',
      },
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
      tooltip: [
        { field: 'comparison' },
        { field: 'level' },
        { field: 'parameter' },
        { field: 'probability', format: '.3~e' },
        { field: 'weight', title: 'match weight', format: weightFormat },
      ],
    },
  },
  resolve: { scale: { y: 'independent' } },
})

/**
 * m of each level as each training session estimated it, beside the average the model kept: sessions that
 * disagree much are a sign that a blocking rule of training biased the estimate.
 */
export const sessionEstimatesSpec = (
  sessions: NonNullable<LinkReportData['training']>['sessions'],
  comparisons: LinkReportData['comparisons'],
): TopLevelSpec => {
  const sessionName = (i: number, rule: string) => `${i + 1}: ${rule}`
  const values = [
    ...sessions.flatMap((s, i) => (s.m ?? []).map((e) => ({ ...e, session: sessionName(i, s.rule) }))),
    ...comparisons.flatMap((c) =>
      c.levels.flatMap((l) =>
        l.m === null ? [] : [{ comparison: c.name, level: l.label, m: l.m, session: 'the model (average)' }],
      ),
    ),
  ].filter((v) => sessions.some((s) => s.m?.some((e) => e.comparison === v.comparison)))
  return {
    data: { values },
    facet: byComparison(comparisons.map((c) => c.name)),
    spec: {
      width: WIDTH - 200,
      mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
      encoding: {
        y: { field: 'level', type: 'nominal', sort: null, title: null },
        x: {
          field: 'm',
          type: 'quantitative',
          scale: { domain: [0, 1] },
          title: 'm (share of true matches)',
        },
        color: SESSION_COLOUR,
        tooltip: [
          { field: 'session' },
          { field: 'comparison' },
          { field: 'level' },
          { field: 'm', format: '.4f' },
        ],
      },
    },
    resolve: { scale: { y: 'independent' } },
  }
}

/** The match weight an agreement on each of the commonest values gives, against the level's unadjusted weight. */
export const termFrequencySpec = (tf: NonNullable<LinkReportData['termFrequencies']>): TopLevelSpec => {
  const name = (t: (typeof tf)[number]) => `${t.comparison}: ${t.level}`
  return {
    data: {
      values: tf.flatMap((t) =>
        t.values.map((v, order) => ({ ...v, order, level: name(t), base: t.weight, sign: signOf(v.weight) })),
      ),
    },
    facet: {
      row: {
        field: 'level',
        type: 'nominal',
        sort: tf.map(name),
        header: { title: null, labelAngle: 0, labelAlign: 'left' },
      },
    },
    spec: {
      width: WIDTH - 200,
      layer: [
        {
          mark: 'bar',
          encoding: {
            y: { field: 'value', type: 'nominal', sort: { field: 'order' }, title: null },
            x: { field: 'weight', type: 'quantitative', title: 'match weight of an agreement on the value' },
            color: signColour,
            tooltip: [
              { field: 'value' },
              { field: 'tf', title: 'share of records', format: '.3~%' },
              { field: 'weight', title: 'match weight', format: weightFormat },
              { field: 'base', title: 'without the adjustment', format: weightFormat },
            ],
          },
        },
        {
          mark: { type: 'rule', color: BLACK, strokeDash: [4, 3] },
          encoding: { x: { field: 'base', type: 'quantitative', aggregate: 'min' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  }
}

/**
 * Histogram of the match weights of all scored pairs, with the link and review thresholds marked. Counts are on a
 * symmetric log scale: the few pairs above the threshold would vanish beside millions of non-matches.
 */
export const weightHistogramSpec = (
  bins: LinkReportData['weightHistogram'],
  thresholdWeight: number,
  reviewWeight?: number,
): TopLevelSpec => ({
  width: WIDTH,
  height: 220,
  layer: [
    {
      data: { values: bins.map((b) => ({ ...b, sign: signOf((b.binStart + b.binEnd) / 2) })) },
      params: [zoom],
      mark: { type: 'bar', binSpacing: 1 },
      encoding: {
        x: { field: 'binStart', type: 'quantitative', title: 'match weight' },
        x2: { field: 'binEnd' },
        y: logCountAxis(
          'count',
          bins.map((b) => b.count),
          'scored pairs (log scale)',
        ),
        y2: { datum: 0 },
        color: signColour,
        tooltip: [
          { field: 'binStart', title: 'match weight from', format: weightFormat },
          { field: 'binEnd', title: 'to', format: weightFormat },
          { field: 'count', title: 'pairs', format: ',' },
        ],
      },
    },
    ...thresholdRule(thresholdWeight, 'link'),
    ...(reviewWeight === undefined || reviewWeight >= thresholdWeight
      ? []
      : thresholdRule(reviewWeight, 'review', GREY)),
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
    color: SESSION_COLOUR,
    tooltip: [
      { field: 'session' },
      { field: 'iteration' },
      { field: 'maxMChange', title: 'largest m change', format: '.3~e' },
    ],
  },
})

/** Candidate pairs each blocking rule added (bars) and the running total over the rules in order (line). */
export const blockingSpec = (rules: LinkReportData['summary']['pairsByBlockingRule']): TopLevelSpec => {
  let total = 0
  const values = rules.map((r, order) => {
    total += r.pairs
    return { order, rule: r.rule, pairs: r.pairs, cumulative: total, matchesAlone: r.matchesAlone ?? null }
  })
  const tooltip = [
    { field: 'rule', title: 'blocking rule' },
    { field: 'pairs', title: 'pairs it added', format: ',' },
    { field: 'cumulative', title: 'pairs so far', format: ',' },
    { field: 'matchesAlone', title: 'matches no other rule found', format: ',' },
  ]
  return {
    width: WIDTH - 200,
    height: { step: 22 },
    data: { values },
    encoding: {
      y: { field: 'rule', type: 'nominal', sort: values.map((v) => v.rule), title: null },
      tooltip,
    },
    layer: [
      {
        mark: { type: 'bar', color: BLUE },
        encoding: { x: { field: 'pairs', type: 'quantitative', title: 'candidate pairs' } },
      },
      {
        mark: { type: 'line', color: BLACK, point: { color: BLACK } },
        encoding: { x: { field: 'cumulative', type: 'quantitative' } },
      },
    ],
  }
}

const LARGEST_BLOCKS_DRAWN = 20

/** The largest blocks over all rules: one bar per key value, its length the records sharing it. */
export const largestBlocksSpec = (blocks: NonNullable<LinkReportData['largestBlocks']>): TopLevelSpec => ({
  width: WIDTH - 200,
  height: { step: 18 },
  data: {
    values: [...blocks]
      .sort((a, b) => b.records - a.records)
      .slice(0, LARGEST_BLOCKS_DRAWN)
      .map((b, order) => ({
        ...b,
        order,
        label: `${b.rule}: ${b.key}`,
        pairs: (b.records * (b.records - 1)) / 2,
      })),
  },
  mark: 'bar',
  encoding: {
    y: { field: 'label', type: 'nominal', sort: { field: 'order' }, title: null },
    x: { field: 'records', type: 'quantitative', title: 'records in the block' },
    color: {
      field: 'rule',
      type: 'nominal',
      title: 'blocking rule',
      legend: { orient: 'bottom', columns: 1 },
    },
    tooltip: [
      { field: 'rule', title: 'blocking rule' },
      { field: 'key', title: 'key' },
      { field: 'records', format: ',' },
      { field: 'pairs', title: 'pairs within it', format: ',' },
    ],
  },
})

/** Share of each source's records with a value in each compared column: gaps decide which comparisons can help. */
export const completenessSpec = (rows: NonNullable<LinkReportData['completeness']>): TopLevelSpec => ({
  data: { values: rows.map((r) => ({ ...r, share: r.records === 0 ? 0 : r.filled / r.records })) },
  width: { step: 80 },
  height: { step: 20 },
  encoding: {
    y: { field: 'column', type: 'nominal', sort: null, title: null },
    x: { field: 'source', type: 'nominal', title: null, axis: { orient: 'top', labelAngle: 0 } },
  },
  layer: [
    {
      mark: 'rect',
      encoding: {
        color: {
          field: 'share',
          type: 'quantitative',
          scale: { domain: [0, 1], scheme: 'blues' },
          legend: { title: 'share filled', format: '.0%', orient: 'bottom' },
        },
        tooltip: [
          { field: 'source' },
          { field: 'column' },
          { field: 'share', title: 'share filled', format: '.1%' },
          { field: 'filled', title: 'records with a value', format: ',' },
          { field: 'records', format: ',' },
        ],
      },
    },
    {
      mark: { type: 'text', fontSize: 11 },
      encoding: {
        text: { field: 'share', type: 'quantitative', format: '.0%' },
        color: { condition: { test: 'datum.share > 0.6', value: 'white' }, value: BLACK },
      },
    },
  ],
})

/**
 * Cumulative share of records against the match weight of each record compared with itself: records left of the
 * threshold could not be linked even to an exact copy.
 */
export const selfMatchSpec = (
  selfMatch: NonNullable<LinkReportData['selfMatch']>,
  thresholdWeight: number,
): TopLevelSpec => {
  let running = 0
  const values = selfMatch.weights.map((w) => {
    running += w.records
    return { ...w, cumulative: running / Math.max(1, selfMatch.sampled) }
  })
  return {
    width: WIDTH,
    height: 220,
    layer: [
      {
        data: { values },
        params: [zoom],
        mark: { type: 'line', interpolate: 'step-after', color: BLUE, point: values.length <= 60 },
        encoding: {
          x: { field: 'weight', type: 'quantitative', title: 'match weight of the record against itself' },
          y: {
            field: 'cumulative',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            axis: { format: '.0%' },
            title: 'share of records at or below',
          },
          tooltip: [
            { field: 'weight', title: 'match weight', format: weightFormat },
            { field: 'records', title: 'records at this weight', format: ',' },
            { field: 'cumulative', title: 'share at or below', format: '.2%' },
          ],
        },
      },
      ...thresholdRule(thresholdWeight, 'link'),
    ],
  }
}

/** Number of clusters of each size, on a symmetric log scale so a single large cluster still shows as a bar. */
export const clusterSizesSpec = (sizes: LinkReportData['clusterSizes']): TopLevelSpec => ({
  width: WIDTH,
  height: 200,
  data: { values: sizes.filter((s) => s.clusters > 0) },
  mark: { type: 'bar', color: BLUE },
  encoding: {
    x: { field: 'size', type: 'ordinal', title: 'records in the cluster', axis: { labelAngle: 0 } },
    y: logCountAxis(
      'clusters',
      sizes.map((s) => s.clusters),
      'clusters (log scale)',
    ),
    y2: { datum: 0 },
    tooltip: [
      { field: 'size', title: 'records in the cluster' },
      { field: 'clusters', format: ',' },
    ],
  },
})

/** Cumulative bars: each term moves the running match weight up (green) or down (red); the last bar is the total. */
export const waterfallSpec = (
  pair: Pick<LinkReportData['waterfalls'][number], 'rows' | 'final'>,
  thresholdWeight: number,
): TopLevelSpec => {
  let running = 0
  const steps = pair.rows.map((row, order) => {
    const start = running
    running += row.weight
    return { order, label: row.label, weight: row.weight, start, end: running, sign: signOf(row.weight) }
  })
  steps.push({
    order: steps.length,
    label: 'final match weight',
    weight: pair.final,
    start: 0,
    end: pair.final,
    sign: 'total',
  })
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
          tooltip: [
            { field: 'label', title: 'term' },
            { field: 'weight', title: 'match weight', format: weightFormat },
            { field: 'end', title: 'running total', format: weightFormat },
          ],
        },
      },
      {
        data: { values: [{ threshold: thresholdWeight }] },
        mark: { type: 'rule', color: BLACK, strokeDash: [4, 3] },
        encoding: {
          x: { field: 'threshold', type: 'quantitative' },
          tooltip: [{ field: 'threshold', title: 'threshold', format: weightFormat }],
        },
      },
    ],
  }
}

type Curve = NonNullable<LinkReportData['evaluation']>['curve']

/**
 * The axes of the precision-recall chart, zoomed to where the curve bends: the points whose F1 is within 1 - F1
 * (at least 0.02) of the best, with a margin, up to 1. On 0-1 axes a good model's curve hugs the corner and looks
 * flat. The chart can be zoomed out with the mouse.
 */
export const precisionRecallDomain = (
  curve: Curve,
): { recall: [number, number]; precision: [number, number] } => {
  if (curve.length === 0) return { recall: [0, 1], precision: [0, 1] }
  const best = Math.max(...curve.map((c) => c.f1))
  const near = curve.filter((c) => c.f1 >= best - Math.max(0.02, 1 - best))
  const low = (values: number[]) => {
    const min = Math.min(...values)
    return Math.max(0, Math.floor((min - (1 - min) * 0.25) * 100) / 100)
  }
  return {
    recall: [low(near.map((c) => c.recall)), 1],
    precision: [low(near.map((c) => c.precision)), 1],
  }
}

/** The curve point at the threshold the run used: the one with the lowest match-weight threshold at or above it. */
const atThreshold = (curve: Curve, thresholdWeight: number) => {
  const above = curve.filter((c) => c.threshold >= thresholdWeight)
  return above.length === 0 ? undefined : above.reduce((a, b) => (b.threshold < a.threshold ? b : a))
}

/** Pairwise precision against recall over match-weight thresholds, zoomed where it bends, the run's threshold marked. */
export const precisionRecallSpec = (curve: Curve, thresholdWeight: number): TopLevelSpec => {
  const domain = precisionRecallDomain(curve)
  const chosen = atThreshold(curve, thresholdWeight)
  const tooltip = [
    { field: 'threshold', title: 'match weight threshold', format: weightFormat },
    { field: 'precision', format: '.4f' },
    { field: 'recall', format: '.4f' },
    { field: 'f1', title: 'F1', format: '.4f' },
  ]
  return {
    width: 420,
    height: 340,
    layer: [
      {
        data: { values: curve },
        params: [zoom],
        mark: { type: 'line', color: BLUE, point: { size: 25, color: BLUE }, clip: true },
        encoding: {
          x: { field: 'recall', type: 'quantitative', scale: { domain: domain.recall }, title: 'recall' },
          y: {
            field: 'precision',
            type: 'quantitative',
            scale: { domain: domain.precision },
            title: 'precision',
          },
          order: { field: 'threshold', sort: 'descending' },
          tooltip,
        },
      },
      ...(chosen
        ? [
            {
              data: { values: [{ ...chosen, label: 'the run’s threshold' }] },
              mark: { type: 'point', shape: 'diamond', size: 160, filled: true, color: ORANGE, clip: true },
              encoding: {
                x: { field: 'recall', type: 'quantitative' },
                y: { field: 'precision', type: 'quantitative' },
                tooltip: [{ field: 'label', title: 'point' }, ...tooltip],
              },
            } as const,
          ]
        : []),
    ],
  } as TopLevelSpec
}
