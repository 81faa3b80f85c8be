import type { TopLevelSpec } from 'vega-lite'
import type { GroupBreakdown, GroupMetrics, Interval } from '../evaluate/groups.ts'
import { type Block, chart, formatCount, paragraph, type SectionView, table } from './format.ts'

const BLUE = '#1d70b8'
const RED = '#d4351c'
const BLACK = '#0b0c0c'
const WIDTH = 420

const percent = (p: number): string => `${(p * 100).toFixed(2)}%`

const intervalText = (i: Interval): string => `${percent(i.low)} to ${percent(i.high)}`

/**
 * One rate per group as a point with its 95% interval as a bar, and the overall rate as a dashed rule, so a gap can
 * be judged against the uncertainty of a small group.
 */
const rateByGroupSpec = (groups: GroupMetrics[], overall: number, drawn: RateChart): TopLevelSpec => {
  const { title, colour } = drawn
  const interval = `${drawn.rate}Interval` as const
  const rows = groups.map((g) => ({
    group: g.group,
    rate: g[drawn.rate],
    low: g[interval].low,
    high: g[interval].high,
  }))
  const y = { field: 'group', type: 'nominal', sort: null, title: null } as const
  const tooltip = [
    { field: 'group' },
    { field: 'rate', title, format: '.2%' },
    { field: 'low', title: '95% interval from', format: '.2%' },
    { field: 'high', title: 'to', format: '.2%' },
  ]
  return {
    width: WIDTH,
    height: { step: 24 },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'rule', color: colour, strokeWidth: 2 },
        encoding: {
          y,
          x: { field: 'low', type: 'quantitative', title, axis: { format: '.1%' } },
          x2: { field: 'high' },
          tooltip,
        },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 60, color: colour },
        encoding: { y, x: { field: 'rate', type: 'quantitative' }, tooltip },
      },
      {
        data: { values: [{ overall }] },
        mark: { type: 'rule', color: BLACK, strokeDash: [4, 3] },
        encoding: {
          x: { field: 'overall', type: 'quantitative' },
          tooltip: [{ field: 'overall', title: 'overall', format: '.2%' }],
        },
      },
    ],
  }
}

const metricsTable = (b: GroupBreakdown): Block =>
  table(
    `Accuracy by ${b.attribute}, with 95% intervals (the first row is all groups together)`,
    [
      { heading: 'Group', cell: (g) => g.group },
      { heading: 'Records', cell: (g) => formatCount(g.records), numeric: true },
      { heading: 'True pairs', cell: (g) => formatCount(g.truePairs), numeric: true },
      { heading: 'True pairs found', cell: (g) => formatCount(g.truePositives), numeric: true },
      { heading: 'Recall', cell: (g) => percent(g.recall), numeric: true },
      { heading: 'Recall 95% interval', cell: (g) => intervalText(g.recallInterval), numeric: true },
      { heading: 'Linked pairs', cell: (g) => formatCount(g.predictedPairs), numeric: true },
      { heading: 'False matches', cell: (g) => formatCount(g.falseMatches), numeric: true },
      { heading: 'False-match rate', cell: (g) => percent(g.falseMatchRate), numeric: true },
      {
        heading: 'False-match rate 95% interval',
        cell: (g) => intervalText(g.falseMatchRateInterval),
        numeric: true,
      },
      { heading: 'Precision', cell: (g) => percent(g.precision), numeric: true },
      { heading: 'F1', cell: (g) => percent(g.f1), numeric: true },
    ],
    [b.overall, ...b.groups],
  )

/** A chart id from an attribute name: letters, digits and dashes only. */
const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-')

/** A rate charted by group: which measure, the chart's id, axis title, colour and caption, and what it shows beneath. */
interface RateChart {
  rate: 'recall' | 'falseMatchRate'
  id: string
  title: string
  colour: string
  caption: (attribute: string, overall: string) => string
  figures: (b: GroupBreakdown) => Block[]
}

/** Recall, then the false-match rate, the second sharing the table under the first. */
const RATE_CHARTS: RateChart[] = [
  {
    rate: 'recall',
    id: 'recall',
    title: 'recall (share of true pairs found)',
    colour: BLUE,
    caption: (attribute, overall) =>
      `Recall by ${attribute} with 95% intervals; the dashed line is overall recall (${overall})`,
    figures: (b) => [metricsTable(b)],
  },
  {
    rate: 'falseMatchRate',
    id: 'false-matches',
    title: 'false-match rate (share of linked pairs that are different people)',
    colour: RED,
    caption: (attribute, overall) =>
      `False-match rate by ${attribute} with 95% intervals; the dashed line is the overall rate (${overall})`,
    figures: () => [paragraph('The figures are in the table under the chart before.')],
  },
]

const rateChart = (b: GroupBreakdown, drawn: RateChart): Block =>
  chart(
    `chart-${drawn.id}-by-${slug(b.attribute)}`,
    rateByGroupSpec(b.groups, b.overall[drawn.rate], drawn),
    drawn.caption(b.attribute, percent(b.overall[drawn.rate])),
    drawn.figures(b),
  )

const attributeBlocks = (b: GroupBreakdown): Block[] => {
  const heading: Block = { kind: 'heading', text: `By ${b.attribute}` }
  if (b.groups.length === 0)
    return [heading, paragraph('No record in the truth has a value for this column.')]
  const leftOut = b.recordsWithoutGroup + b.recordsWithoutTruth
  const notes = [
    ...b.gaps.map((g) => paragraph(g)),
    ...(leftOut > 0
      ? [
          paragraph(
            `Left out: ${formatCount(b.recordsWithoutTruth)} records not in the truth and ` +
              `${formatCount(b.recordsWithoutGroup)} with no ${b.attribute}.`,
          ),
        ]
      : []),
  ]
  return [heading, ...RATE_CHARTS.map((drawn) => rateChart(b, drawn)), ...notes]
}

/**
 * The report section on accuracy per group of people: a false match attaches someone else's record to a person and
 * a missed match splits a person's history, so both are shown per group, with intervals so small groups are not
 * over-read. Only group names and counts appear.
 */
export const fairnessSection = (breakdowns: GroupBreakdown[]): SectionView => ({
  id: 'fairness',
  heading: 'Accuracy by group',
  blocks: [
    paragraph(
      'Pairwise accuracy for each group of people. Recall counts the pairs of one true person found, the person ' +
        'taking the commonest group of its records. A linked pair counts for the group of each of its records, so a ' +
        'false match between two groups counts against both. Intervals are 95% Wilson intervals.',
    ),
    ...(breakdowns.length === 0
      ? [paragraph('No group columns were given, so accuracy was not broken down by group.')]
      : breakdowns.flatMap(attributeBlocks)),
  ],
})
