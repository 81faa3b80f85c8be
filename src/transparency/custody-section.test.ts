import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TERMS } from '../custody/features.ts'
import { testCustodyModel } from '../custody/testing/model.ts'
import { type CustodyEvaluationFigures, custodySection } from './custody-section.ts'
import type { TransparencyRecord } from './record.ts'
import { renderTransparencyHtml } from './render.ts'

const model = testCustodyModel({
  dispersion: 1.02,
  terms: TERMS.map((name, i) => ({
    name,
    description: `about ${name}`,
    coefficient: i / 10,
    standardError: 0.05,
  })),
})
const figures = {
  expected: 40,
  observed: 50,
  calibration: { value: 0.8, interval: { low: 0.6, high: 1.05 } },
  flagRate: { value: 0.1, interval: { low: 0.07, high: 0.14 }, of: 200 },
  falsePositiveRate: { value: 0.05, interval: { low: 0.03, high: 0.09 }, of: 160 },
  falseNegativeRate: { value: 0.6, interval: { low: 0.45, high: 0.73 }, of: 40 },
  precision: { value: 0.5, interval: { low: 0.35, high: 0.65 }, of: 20 },
}
const evaluation: CustodyEvaluationFigures = {
  settings: { cutOff: 0.5, minCell: 30 },
  criterion: 'Calibration within groups comes first.',
  overall: { personYears: 200, ...figures },
  auc: 0.74,
  groups: [
    { dimension: 'sex', group: 'm', personYears: 180, figures },
    { dimension: 'sex', group: 'f', personYears: 20, figures: null },
  ],
  biasCheck: [
    { group: 'west_african', ratio: { value: 1.4, interval: { low: 1.2, high: 1.6 } }, inflated: true },
  ],
}

describe('the custody estimate section of the transparency record', () => {
  test('states its purpose and limits, its coefficients and the live figures, small groups suppressed', () => {
    const s = custodySection({ model, evaluation })
    assert.deepEqual(Object.keys(s.fields), [
      'purpose',
      'notFor',
      'model',
      'terms',
      'performance',
      'groups',
      'fairness',
      'recordingBias',
    ])
    const groups = s.fields.groups!.value as { group: string; flagRate: string }[]
    assert.equal(groups.find((g) => g.group === 'sex: f')!.flagRate, 'suppressed')
    assert.equal(groups.find((g) => g.group === 'sex: m')!.flagRate, '10.0% (7.0–14.0)')
    const record: TransparencyRecord = {
      standard: 'UK ATRS',
      tool: 'JustID',
      version: '0',
      generatedAt: '2026-01-02',
      sections: [s],
    }
    const html = renderTransparencyHtml(record)
    assert.match(html, /Custody violence estimate/)
    assert.match(html, /must not decide or change a security category/)
    assert.match(html, /about recent incidents/)
  })

  test('without an evaluation, only what the model file says', () => {
    assert.deepEqual(Object.keys(custodySection({ model, evaluation: null }).fields), [
      'purpose',
      'notFor',
      'model',
      'terms',
    ])
  })
})
