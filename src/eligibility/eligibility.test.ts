import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { JustIdError } from '../core/errors.ts'
import type { JusticeEvent } from '../person-index/types.ts'
import type { MatchCandidate, MatchResult } from '../realtime/types.ts'
import { resolveMatch } from './check.ts'
import { evaluateRule } from './evaluate.ts'
import { readJusticeEvents } from './events-csv.ts'
import { defaultRulesFolder, loadServiceRules, parseServiceRule } from './rules.ts'

const rules = loadServiceRules(defaultRulesFolder())
const rule = (service: string) => rules.get(service)!
const TODAY = '2026-03-01'

const event = (
  eventType: JusticeEvent['eventType'],
  startDate: string,
  endDate: string | null,
): JusticeEvent => ({
  source: 'prison',
  recordId: 'p1',
  recordKey: 'prison:p1',
  eventType,
  startDate,
  endDate,
  detail: '',
})

describe('service rules', () => {
  test('the three shipped examples load and validate', () => {
    assert.deepEqual([...rules.keys()].sort(), ['not-in-custody', 'recently-released', 'under-probation'])
  })

  test('an invalid rule is refused naming the file and field', () => {
    const bad = {
      ...rule('under-probation'),
      identity: { minMatchProbability: 0.5, maxAmbiguityProbability: 0.9 },
    }
    assert.throws(() => parseServiceRule(bad, 'x.json'), /x\.json.*identity.*maxAmbiguityProbability/)
    assert.throws(() => parseServiceRule({ ...bad, service: 'verify' }, 'v.json'), /reserved/)
  })
})

describe('rule evaluation', () => {
  test('recently released: a custody that ended within 12 weeks, unless back in custody', () => {
    const r = rule('recently-released')
    const weeks12 = '2025-12-07' // exactly 84 days before the check date: still inside
    assert.equal(evaluateRule(r, [event('custody', '2024-01-01', weeks12)], TODAY).outcome, 'eligible')
    assert.deepEqual(evaluateRule(r, [event('custody', '2024-01-01', '2025-12-06')], TODAY), {
      outcome: 'not_eligible',
      reason: 'no_recent_release',
    })
    const backInside = [event('custody', '2024-01-01', '2026-01-10'), event('custody', '2026-02-20', null)]
    assert.deepEqual(evaluateRule(r, backInside, TODAY), { outcome: 'not_eligible', reason: 'in_custody' })
    // A release date still to come is not a release.
    assert.equal(evaluateRule(r, [event('custody', '2025-01-01', '2026-04-01')], TODAY).reason, 'in_custody')
  })

  test('under probation: supervision started and not ended at the check date', () => {
    const r = rule('under-probation')
    assert.equal(
      evaluateRule(r, [event('probation_supervision', '2025-06-01', null)], TODAY).outcome,
      'eligible',
    )
    assert.equal(
      evaluateRule(r, [event('probation_supervision', '2025-06-01', '2026-06-01')], TODAY).outcome,
      'eligible',
    )
    assert.equal(
      evaluateRule(r, [event('probation_supervision', '2025-06-01', TODAY)], TODAY).outcome,
      'not_eligible',
    )
    assert.equal(
      evaluateRule(r, [event('probation_supervision', '2026-04-01', null)], TODAY).outcome,
      'not_eligible',
    )
  })

  test('not in custody: no ongoing custody; no history at all cannot be determined', () => {
    const r = rule('not-in-custody')
    assert.equal(
      evaluateRule(r, [event('court_case', '2025-01-01', '2025-01-01')], TODAY).outcome,
      'eligible',
    )
    assert.equal(evaluateRule(r, [event('custody', '2025-01-01', null)], TODAY).outcome, 'not_eligible')
    assert.deepEqual(evaluateRule(r, [], TODAY), { outcome: 'cannot_determine', reason: 'no_event_history' })
  })
})

const candidate = (justiceId: string, matchProbability: number): MatchCandidate => ({
  justiceId,
  matchProbability,
  matchWeight: 0,
  status: 'MATCH',
  recordKey: 'k',
  comparisons: [],
  waterfall: [],
  guard: null,
})
const result = (...candidates: MatchCandidate[]): MatchResult => ({
  status: 'MATCH',
  candidates,
  recordsScored: 1,
})

describe('strict identity resolution', () => {
  const identity = { minMatchProbability: 0.99, maxAmbiguityProbability: 0.5 }
  test('exactly one confident candidate resolves', () => {
    assert.deepEqual(resolveMatch(result(candidate('A', 0.995), candidate('B', 0.3)), identity), {
      resolved: true,
      justiceId: 'A',
      considered: ['A'],
    })
  })
  test('no candidate, a weak best or a second plausible candidate does not', () => {
    assert.equal(resolveMatch(result(), identity).resolved, false)
    assert.deepEqual(resolveMatch(result(candidate('A', 0.9)), identity), {
      resolved: false,
      reason: 'low_confidence',
      considered: ['A'],
    })
    assert.deepEqual(resolveMatch(result(candidate('B', 0.6), candidate('A', 0.999)), identity), {
      resolved: false,
      reason: 'ambiguous_match',
      considered: ['A', 'B'],
    })
  })
})

describe('events file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'justid-events-'))
  after(() => rmSync(folder, { recursive: true, force: true }))
  const file = (name: string, text: string) => {
    const path = join(folder, name)
    writeFileSync(path, text)
    return path
  }
  const readAll = async (path: string) => {
    const all: JusticeEvent[] = []
    for await (const batch of readJusticeEvents(path)) all.push(...batch)
    return all
  }
  const HEADER = 'person_id,event_type,start_date,end_date,source,record_id,detail\n'

  test('events are keyed by source and record id; person_id is ignored', async () => {
    const events = await readAll(
      file(
        'ok.csv',
        `${HEADER}P1,custody,2024-01-01,,prison,A1,HMP Example\nP1,court_case,2023-05-05,2023-05-05,court,c9,"Theft; Fine"\n`,
      ),
    )
    assert.deepEqual(events[0], {
      source: 'prison',
      recordId: 'A1',
      recordKey: 'prison:A1',
      eventType: 'custody',
      startDate: '2024-01-01',
      endDate: null,
      detail: 'HMP Example',
    })
    assert.equal(events[1]!.detail, 'Theft; Fine')
    assert.ok(!JSON.stringify(events).includes('P1'))
  })

  test('a bad header or row is refused naming file, line and field, never the value', async () => {
    await assert.rejects(readAll(file('h.csv', 'a,b\n1,2\n')), /h\.csv line 1: the header must name/)
    const badType = file('t.csv', `${HEADER}P1,parole,2024-01-01,,prison,A1,x\n`)
    await assert.rejects(readAll(badType), (e: unknown) => {
      assert.ok(e instanceof JustIdError)
      assert.match(e.message, /t\.csv line 2: field event_type must be one of/)
      assert.ok(!e.message.includes('parole'))
      return true
    })
    const badDate = file('d.csv', `${HEADER}P1,custody,01/02/2024,,prison,A1,x\n`)
    await assert.rejects(readAll(badDate), /d\.csv line 2: field start_date must be a date as yyyy-mm-dd/)
    const backwards = file('b.csv', `${HEADER}P1,custody,2024-01-02,2024-01-01,prison,A1,x\n`)
    await assert.rejects(readAll(backwards), /b\.csv line 2: field end_date must not be before start_date/)
  })
})
