/**
 * The charts of a link report evaluated against its truth, in page order, before the accuracy-by-group section
 * (which draws a pair of charts per attribute the truth carries).
 */
export const EVALUATED_RUN_CHARTS = [
  'chart-completeness',
  'chart-blocking',
  'chart-largest-blocks',
  'chart-match-weights',
  'chart-m-u',
  'chart-term-frequencies',
  'chart-training',
  'chart-session-estimates',
  'chart-weight-histogram',
  'chart-self-match',
  'chart-cluster-sizes',
  'chart-waterfall-1',
  'chart-precision-recall',
]
