import assert from 'node:assert/strict'
import { test } from 'node:test'
import { emptyCounts } from '../core/standardised.ts'
import { formatLinkSummary, type LinkSummary } from './summary.ts'

const summary = (rules: string[]): LinkSummary => ({
  outDir: 'out',
  files: ['clusters.csv'],
  sources: [{ name: 'court', file: 'court.csv', records: 10, unknownColumns: [] }],
  records: 10,
  standardisation: emptyCounts(),
  blocking: rules.map((rule, i) => ({
    rule,
    estimated: 1000 * (i + 1),
    pairs: 10 ** (i + 1),
    matchesAlone: i,
  })),
  candidatePairs: 1111,
  training: { trained: false, modelFile: 'model.json' },
  matchThreshold: 0.7,
  matches: 3,
  estimate: {
    prior: 0.01,
    expectedTruePairs: 3,
    expectedMatches: 3,
    pairsCapped: 0,
    precision: 1,
    recall: 1,
  },
  reviewPairs: 0,
  persons: 7,
  flagged: [],
  seconds: 1,
  stageSeconds: {},
})

test('the blocking table keeps its counts in one column when a rule is longer than forty characters', () => {
  const rules = ['pnc', 'forename_initial + surname_metaphone + dob_month_day', 'surname']
  const rows = formatLinkSummary(summary(rules))
    .split('\n')
    .filter((line) => line.includes(' added  ('))
  assert.equal(rows.length, 3)
  const ends = rows.map((line) => line.indexOf(' added'))
  assert.equal(new Set(ends).size, 1, rows.join('\n'))
  for (const [i, rule] of rules.entries()) assert.ok(rows[i]!.startsWith(`  ${rule} `))
})
