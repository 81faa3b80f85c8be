import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { IndexEdge, JusticeId, PersonState, RecordKey } from '../person-index/types.ts'
import type { RecordEvidence } from './evidence.ts'
import { type RelinkInput, relink } from './relink.ts'

const thresholds = { join: 2, fracture: 0, strong: 7 }
// The default guards' constraints, and a junior/senior guard that keeps its pairs apart.
const guards = new Map([
  ['likely_relatives', 'likely_relatives'],
  ['generations_apart', 'none'],
  ['different_generation', 'cannot_link'],
] as const)
const edge = (left: string, right: string, weight: number, guard: string | null = null): IndexEdge => ({
  left,
  right,
  weight,
  guard,
})
const person = (justiceId: JusticeId, createdAt = '2026-01-01T00:00:00Z'): PersonState => ({
  justiceId,
  status: 'active',
  mergedInto: null,
  needsAttention: false,
  attentionReason: null,
  createdAt,
  updatedAt: createdAt,
})
const counter = () => {
  let n = 0
  return () => `NEW-${++n}`
}
/** Evidence as a test states it: the kinds it needs, by record. */
interface EvidenceByKind {
  knownNames?: ReadonlyMap<RecordKey, readonly string[]>
  birthDates?: ReadonlyMap<RecordKey, string>
  surnames?: ReadonlyMap<RecordKey, string>
}
const evidenceOfKinds = ({ knownNames, birthDates, surnames }: EvidenceByKind) => {
  const keys = new Set([
    ...(knownNames?.keys() ?? []),
    ...(birthDates?.keys() ?? []),
    ...(surnames?.keys() ?? []),
  ])
  return new Map(
    [...keys].map((k): [RecordKey, RecordEvidence] => [
      k,
      {
        identifiers: new Map(),
        knownNames: knownNames?.get(k) ?? null,
        birthDate: birthDates?.get(k) ?? null,
        surname: surnames?.get(k) ?? null,
      },
    ]),
  )
}
/** An index's records by key with their persons, each person made when its first record names it. */
const indexOf = (assigned: Record<string, JusticeId>, createdAt: Record<JusticeId, string> = {}) => ({
  previous: new Map(Object.entries(assigned)),
  persons: new Map([...new Set(Object.values(assigned))].map((id) => [id, person(id, createdAt[id])])),
})

const run = ({ knownNames, birthDates, surnames, ...over }: Partial<RelinkInput> & EvidenceByKind) =>
  relink({
    records: [],
    edges: [],
    previous: new Map(),
    persons: new Map(),
    evidence: evidenceOfKinds({ knownNames, birthDates, surnames }),
    thresholds,
    guards,
    batchId: 'b1',
    at: '2026-02-01T00:00:00Z',
    newJusticeId: counter(),
    ...over,
  })
const kinds = (r: ReturnType<typeof relink>, id: string) =>
  r.events.filter((e) => e.justiceId === id).map((e) => e.kind)

test('new records that link become one new person, with its creation and each record in its history', () => {
  const r = run({ records: ['a', 'b', 'c'], edges: [edge('a', 'b', 10)] })
  assert.equal(r.assignments.get('a'), r.assignments.get('b'))
  assert.notEqual(r.assignments.get('a'), r.assignments.get('c'))
  const ab = r.assignments.get('a')!
  assert.deepEqual(kinds(r, ab), ['created', 'record_added', 'record_added'])
  assert.equal(r.persons.length, 2)
})

test('a re-run on unchanged evidence keeps every ID and records nothing', () => {
  const { previous, persons } = indexOf({ a: 'P1', b: 'P1', c: 'P2' })
  const r = run({ records: ['a', 'b', 'c'], edges: [edge('a', 'b', 10)], previous, persons })
  assert.deepEqual([...r.assignments], [...previous])
  assert.deepEqual(r.events, [])
  assert.deepEqual(r.persons, [])
})

test('a merge keeps the ID with most records and turns the other into an alias', () => {
  const { previous, persons } = indexOf(
    { a: 'P1', b: 'P1', c: 'P2' },
    { P1: '2026-01-02T00:00:00Z', P2: '2026-01-01T00:00:00Z' },
  )
  const r = run({
    records: ['a', 'b', 'c'],
    edges: [edge('a', 'b', 10), edge('b', 'c', 9)],
    previous,
    persons,
  })
  assert.equal(r.assignments.get('c'), 'P1')
  assert.deepEqual(kinds(r, 'P1'), ['merged'])
  assert.deepEqual(kinds(r, 'P2'), ['merged'])
  const alias = r.persons.find((p) => p.justiceId === 'P2')!
  assert.equal(alias.status, 'merged')
  assert.equal(alias.mergedInto, 'P1')
})

test('between equal persons the older ID survives a merge', () => {
  const { previous, persons } = indexOf(
    { a: 'P1', b: 'P2' },
    { P1: '2026-01-05T00:00:00Z', P2: '2026-01-01T00:00:00Z' },
  )
  const r = run({ records: ['a', 'b'], edges: [edge('a', 'b', 10)], previous, persons })
  assert.equal(r.assignments.get('a'), 'P2')
})

test('a split leaves the ID with the largest part and gives the rest a new ID, recorded on both', () => {
  const previous = new Map([
    ['a', 'P1'],
    ['b', 'P1'],
    ['c', 'P1'],
  ])
  const r = run({
    records: ['a', 'b', 'c'],
    edges: [edge('a', 'b', 10), edge('b', 'c', -5)],
    previous,
    persons: new Map([['P1', person('P1')]]),
  })
  assert.equal(r.assignments.get('a'), 'P1')
  assert.equal(r.assignments.get('b'), 'P1')
  const split = r.assignments.get('c')!
  assert.equal(split, 'NEW-1')
  assert.deepEqual(kinds(r, split), ['created', 'split', 'record_moved'])
  assert.deepEqual(kinds(r, 'P1'), ['split'])
  assert.equal(r.events.find((e) => e.justiceId === 'P1')!.otherJusticeId, split)
})

test('hysteresis: a pair between the fracture and join weights keeps records together but does not join new ones', () => {
  const together = run({
    records: ['a', 'b'],
    edges: [edge('a', 'b', 1)],
    previous: new Map([
      ['a', 'P1'],
      ['b', 'P1'],
    ]),
    persons: new Map([['P1', person('P1')]]),
  })
  assert.equal(together.assignments.get('b'), 'P1')
  const apart = run({
    records: ['a', 'b'],
    edges: [edge('a', 'b', 1)],
    previous: new Map([['a', 'P1']]),
    persons: new Map([['P1', person('P1')]]),
  })
  assert.equal(apart.assignments.get('a'), 'P1')
  assert.notEqual(apart.assignments.get('b'), 'P1')
})

test('a guarded pair is never joined, even through other records', () => {
  const r = run({
    records: ['a', 'b', 'c'],
    edges: [edge('a', 'b', 20), edge('b', 'c', 20), edge('a', 'c', -5, 'different_generation')],
  })
  assert.notEqual(r.assignments.get('a'), r.assignments.get('c'))
})

test("a guard's declared constraint decides, not its name: one that only caps does not keep its pair apart", () => {
  const edges = [edge('a', 'b', 20), edge('b', 'c', 20), edge('a', 'c', -5, 'same_household')]
  const capsOnly = run({ records: ['a', 'b', 'c'], edges, guards: new Map([['same_household', 'none']]) })
  assert.equal(capsOnly.assignments.get('a'), capsOnly.assignments.get('c'))
  const keepsApart = run({
    records: ['a', 'b', 'c'],
    edges,
    guards: new Map([['same_household', 'cannot_link']]),
  })
  assert.notEqual(keepsApart.assignments.get('a'), keepsApart.assignments.get('c'))
})

test('a parent and child a generation apart are not joined through a record without a birth date', () => {
  // p and c share a name and a town; u gives no birth date and agrees with both, more with p.
  const edges = [edge('p', 'u', 14), edge('u', 'c', 12), edge('p', 'c', 0, 'generations_apart')]
  const birthDates = new Map([
    ['p', '1966-06-16'],
    ['c', '1998-08-11'],
  ])
  const r = run({ records: ['c', 'p', 'u'], edges, birthDates })
  assert.equal(r.assignments.get('p'), r.assignments.get('u'))
  assert.notEqual(r.assignments.get('u'), r.assignments.get('c'))
})

test('persons confirming different birth dates are not joined by a pair between them, and both need attention', () => {
  const records = ['a1', 'a2', 'b1', 'b2']
  const edges = [edge('a1', 'a2', 30), edge('b1', 'b2', 30), edge('a2', 'b1', 12)]
  const birthDates = new Map([
    ['a1', '1972-04-18'],
    ['a2', '1972-04-18'],
    ['b1', '1972-06-18'],
    ['b2', '1972-06-18'],
  ])
  const r = run({ records, edges, birthDates })
  assert.notEqual(r.assignments.get('a1'), r.assignments.get('b1'))
  assert.ok(r.persons.every((p) => p.needsAttention && p.attentionReason === 'conflicting_birth_date'))
  assert.equal(run({ records, edges }).persons.length, 1, 'without the dates the pair joins them')
})

test('a weak pair does not join a record to a person another of whose records scored strongly against it', () => {
  const records = ['a', 'b', 'c']
  const edges = [edge('a', 'b', 20), edge('b', 'c', 3)]
  const r = run({ records, edges: [...edges, edge('a', 'c', -9)] })
  assert.notEqual(r.assignments.get('a'), r.assignments.get('c'))
  assert.ok(r.persons.every((p) => p.needsAttention && p.attentionReason === 'contradicted_link'))
  assert.equal(
    run({ records, edges: [...edges, edge('a', 'c', -1)] }).persons.length,
    1,
    'weak evidence against',
  )
})

test('namesakes each confirming their own surname are not joined by a weak pair, and both need attention', () => {
  const records = ['a1', 'a2', 'b1', 'b2']
  const edges = [edge('a1', 'a2', 30), edge('b1', 'b2', 30), edge('a2', 'b1', 3)]
  const surnames = new Map([
    ['a1', 'malik'],
    ['a2', 'malik'],
    ['b1', 'suleiman'],
    ['b2', 'suleiman'],
  ])
  const knownNames = new Map([...surnames].map(([k, s]) => [k, ['rashid', s]]))
  const r = run({ records, edges, knownNames, surnames })
  assert.notEqual(r.assignments.get('a1'), r.assignments.get('b1'))
  assert.ok(r.persons.every((p) => p.needsAttention && p.attentionReason === 'conflicting_surname'))
  assert.equal(
    run({ records, edges, knownNames }).persons.length,
    1,
    'without the surnames the pair joins them',
  )
})

test('a weak bridge marks the person as needing attention, and a later clean run resolves it', () => {
  const records = ['a', 'b', 'c']
  const flagged = run({ records, edges: [edge('a', 'b', 20), edge('b', 'c', 3)] })
  const id = flagged.assignments.get('a')!
  assert.ok(kinds(flagged, id).includes('needs_attention'))
  const state = flagged.persons.find((p) => p.justiceId === id)!
  assert.equal(state.attentionReason, 'weak_bridge')
  const resolved = run({
    records,
    edges: [edge('a', 'b', 20), edge('b', 'c', 20), edge('a', 'c', 20)],
    previous: new Map(records.map((k) => [k, id])),
    persons: new Map([[id, state]]),
  })
  assert.deepEqual(kinds(resolved, id), ['resolved'])
})

test('deleting records removes them from their person, and a person left without records is retired', () => {
  const { previous, persons } = indexOf({ a: 'P1', b: 'P1', c: 'P2' })
  const r = run({
    records: ['a', 'b', 'c'],
    edges: [edge('a', 'b', 10)],
    previous,
    persons,
    removed: ['b', 'c'],
  })
  assert.deepEqual([...r.assignments], [['a', 'P1']])
  assert.deepEqual(kinds(r, 'P1'), ['record_removed'])
  assert.deepEqual(kinds(r, 'P2'), ['record_removed'])
  assert.equal(r.persons.find((p) => p.justiceId === 'P2')!.status, 'retired')
  assert.equal(r.persons.find((p) => p.justiceId === 'P1')!.status, 'active')
})

const decision = (
  left: string,
  right: string,
  outcome: 'same_person' | 'not_same_person' | 'cannot_tell',
) => ({
  id: `${left}-${right}`,
  left,
  right,
  outcome,
  reviewer: 'reviewer1',
  reason: 'reviewed',
  at: '2026-01-15T00:00:00Z',
  matchWeight: null,
})

test("a reviewer's same-person decision joins records the model scores apart, even over a guard", () => {
  const r = run({
    records: ['a', 'b', 'c'],
    edges: [edge('a', 'b', -6), edge('b', 'c', -5, 'different_generation')],
    decisions: [decision('a', 'b', 'same_person'), decision('b', 'c', 'same_person')],
  })
  assert.equal(r.assignments.get('a'), r.assignments.get('b'))
  assert.equal(r.assignments.get('b'), r.assignments.get('c'))
})

test("a reviewer's not-same-person decision splits a strong pair and keeps it apart", () => {
  const previous = new Map([
    ['a', 'P1'],
    ['b', 'P1'],
  ])
  const r = run({
    records: ['a', 'b'],
    edges: [edge('a', 'b', 25)],
    previous,
    persons: new Map([['P1', person('P1')]]),
    decisions: [decision('a', 'b', 'not_same_person')],
  })
  assert.notEqual(r.assignments.get('a'), r.assignments.get('b'))
  assert.ok(kinds(r, 'P1').includes('split'))
})

test("a reviewer's not-same-person decision that other pairs would bridge flags the person as decided apart", () => {
  const r = run({
    records: ['a', 'b', 'c'],
    edges: [edge('a', 'b', 25), edge('b', 'c', 25)],
    decisions: [decision('a', 'c', 'not_same_person')],
  })
  assert.notEqual(r.assignments.get('a'), r.assignments.get('c'))
  const flagged = r.persons.filter((p) => p.needsAttention).map((p) => p.attentionReason)
  assert.ok(flagged.length > 0 && flagged.every((reason) => reason === 'decided_apart'), String(flagged))
})

test('"cannot tell" binds nothing: the model decides', () => {
  const r = run({
    records: ['a', 'b'],
    edges: [edge('a', 'b', 25)],
    decisions: [decision('a', 'b', 'cannot_tell')],
  })
  assert.equal(r.assignments.get('a'), r.assignments.get('b'))
})

test('decisions that contradict each other are flagged for attention, not resolved silently', () => {
  const r = run({
    records: ['a', 'b', 'c'],
    edges: [],
    decisions: [
      decision('a', 'b', 'same_person'),
      decision('b', 'c', 'same_person'),
      decision('a', 'c', 'not_same_person'),
    ],
  })
  const flagged = r.persons.filter((p) => p.attentionReason === 'conflicting_decisions')
  assert.ok(flagged.length >= 1)
})
