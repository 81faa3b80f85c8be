import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { aucOf, biasCheck, evaluateCustody, type ScoredYear } from './evaluate.ts'
import { testPeople } from './testing/people.ts'

const close = (a: number | undefined, b: number, what: string): void =>
  assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `${what}: ${a} against ${b}`)

describe('evaluateCustody on hand-made cases', () => {
  const row = (rate: number, observed: number, group: string): ScoredYear => ({
    expected: rate,
    rate,
    observed,
    groups: { g: group },
  })
  // At the cut-off 1: A a true positive, B a false positive, C a false negative, D and E true negatives.
  const rows = [row(2, 1, 'x'), row(1.5, 0, 'x'), row(0.5, 2, 'x'), row(0.2, 0, 'y'), row(0.1, 0, 'y')]
  const e = evaluateCustody(rows, { cutOff: 1, minCell: 3 })

  test('calibration, flag rate, false-positive and false-negative rates and precision overall', () => {
    close(e.overall.calibration?.value, 4.3 / 3, 'expected ÷ observed')
    close(e.overall.flagRate?.value, 2 / 5, 'flag rate')
    close(e.overall.falsePositiveRate?.value, 1 / 3, 'false-positive rate')
    close(e.overall.falseNegativeRate?.value, 1 / 2, 'false-negative rate')
    close(e.overall.precision?.value, 1 / 2, 'precision')
    const i = e.overall.precision!.interval
    assert.ok(i.low < 0.5 && i.high > 0.5 && i.low >= 0 && i.high <= 1)
  })

  test('per group, with a group under the minimum cell size suppressed', () => {
    const x = e.groups.find((g) => g.group === 'x')!
    close(x.figures?.calibration?.value, 4 / 3, 'x: expected ÷ observed')
    close(x.figures?.flagRate?.value, 2 / 3, 'x: flag rate')
    close(x.figures?.falsePositiveRate?.value, 1, 'x: false-positive rate')
    close(x.figures?.falseNegativeRate?.value, 1 / 2, 'x: false-negative rate')
    const y = e.groups.find((g) => g.group === 'y')!
    assert.equal(y.personYears, 2)
    assert.equal(y.figures, null)
  })

  test('the AUC counts ordered pairs, ties as half', () => {
    close(e.auc ?? undefined, 5 / 6, 'AUC')
    assert.equal(aucOf([1, 1], [true, false]), 0.5)
    assert.equal(aucOf([1, 2], [false, false]), null)
  })

  test('the reliability curve keeps every person-year once', () => {
    assert.equal(
      e.reliability.reduce((s, b) => s + b.personYears, 0),
      rows.length,
    )
  })
})

describe('biasCheck on synthetic sets with known true rates', () => {
  const byGroup = (biasFactor: number) => {
    const people = testPeople(20_000, 5, biasFactor)
    const totals = new Map<string, { recorded: number; trueExpected: number }>()
    for (const p of people) {
      const t = totals.get(p.group) ?? { recorded: 0, trueExpected: 0 }
      for (const y of p.years) {
        t.recorded += y.recordedIncidents
        t.trueExpected += y.expected
      }
      totals.set(p.group, t)
    }
    return biasCheck([...totals].map(([group, t]) => ({ group, ...t })))
  }

  test('fires for the over-recorded group of the biased set, and for no other', () => {
    const findings = byGroup(1.5)
    assert.deepEqual(
      findings.filter((f) => f.inflated).map((f) => f.group),
      ['biased'],
    )
  })

  test('does not fire on the unbiased set', () => {
    const findings = byGroup(1)
    assert.equal(findings.length, 2)
    assert.deepEqual(
      findings.filter((f) => f.inflated),
      [],
    )
    for (const f of findings) assert.ok(f.ratio.interval.low < 1 && f.ratio.interval.high > 0.9, f.group)
  })
})
