import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { JusticeEvent } from '../person-index/types.ts'
import { dayOf, featuresAt } from './features.ts'
import { personCustody } from './person-histories.ts'
import { evaluateCustodyModel, trainCustodyModel } from './run.ts'
import { TEST_TODAY, testPeople } from './testing/people.ts'

const event = (
  recordKey: string,
  eventType: JusticeEvent['eventType'],
  start: string,
  end: string | null,
) => {
  const [source, recordId] = recordKey.split(':') as [string, string]
  return { source, recordId, recordKey, eventType, startDate: start, endDate: end, detail: '' }
}

describe('the estimate over the person index', () => {
  test("a person's features come from every linked record, never one alone", () => {
    const records = [
      { key: 'prison:A', justiceId: 'J1', dateOfBirth: '2000-06-01', sex: 'm' as const },
      { key: 'prison:B', justiceId: 'J1', dateOfBirth: null, sex: null },
      { key: 'prison:C', justiceId: 'J2', dateOfBirth: '1980-01-01', sex: 'f' as const },
    ]
    const events = [
      event('prison:A', 'custody', '2025-01-01', '2025-06-30'),
      event('prison:A', 'custody_incident', '2025-03-01', '2025-03-01'),
      // The same person's later stay under another prison number.
      event('prison:B', 'custody', '2025-09-01', null),
      event('prison:B', 'custody_incident', '2025-10-01', null),
      event('prison:B', 'court_case', '2025-08-01', null),
    ]
    const [j1] = personCustody(records, events)
    assert.equal(j1!.justiceId, 'J1')
    assert.deepEqual(j1!.recordKeys, ['prison:A', 'prison:B'])
    const f = featuresAt(j1!.history, dayOf('2026-01-01'))
    assert.equal(f.recent, 2)
    assert.equal(f.ageBand, '25-29')
    assert.equal(j1!.sex, 'm')
    assert.equal(personCustody(records, events).length, 1, 'J2 has no custody history')
  })

  test('train on the earlier years, evaluate on the last, per group', () => {
    const people = testPeople(5000, 4).map((p) => ({
      justiceId: `J${p.id}`,
      history: p.history,
      sex: p.sex,
      recordKeys: [`prison:${p.id}`],
    }))
    const model = trainCustodyModel(people, TEST_TODAY, new Date('2026-01-02T00:00:00Z'))
    assert.equal(model.asOf, '2026-01-01')
    assert.equal(model.test.from, '2025-01-01')
    assert.ok(model.train.personYears > model.test.personYears)
    const groups = new Map(people.map((p, i) => [p.recordKeys[0]!, i % 2 === 0 ? 'even' : 'odd']))
    const report = evaluateCustodyModel(
      model,
      people,
      { cutOff: 0.5, minCell: 30 },
      { groups, expectedByGroup: null },
    )
    assert.equal(report.overall.personYears, model.test.personYears)
    assert.ok(report.overall.calibration!.interval.low < 1 && report.overall.calibration!.interval.high > 1)
    assert.deepEqual(
      report.groups.filter((g) => g.dimension === 'name origin').map((g) => g.group),
      ['even', 'odd'],
    )
    assert.equal(report.biasCheck, null)
  })
})
