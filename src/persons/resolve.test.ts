import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { IndexEdge } from '../person-index/types.ts'
import { CONTRADICTION_WEIGHT } from './cluster.ts'
import { evidenceBySlot, type RecordEvidence } from './evidence.ts'
import { relink } from './relink.ts'
import { resolvePersons, type SlotPair } from './resolve.ts'

const thresholds = { join: 5, fracture: 2, strong: 10 }
const noGuards = new Map()

/** Each record's fellow members, as a sorted list: the same persons whatever their numbering. */
const partition = (personOf: (r: number) => string | number, records: number): string[] =>
  Array.from({ length: records }, (_, r) =>
    Array.from({ length: records }, (_, o) => o)
      .filter((o) => personOf(o) === personOf(r))
      .join(','),
  )

test('a plain batch run (no previous persons) gives the persons relink gives into an empty index', () => {
  const graph = fc.integer({ min: 2, max: 9 }).chain((records) =>
    fc.record({
      records: fc.constant(records),
      pairs: fc.uniqueArray(
        fc.tuple(fc.nat(records - 1), fc.nat(records - 1), fc.constantFrom(-9, 1, 3, 6, 8, 12, 20)),
        { maxLength: 16, selector: ([l, r]) => `${Math.min(l, r)},${Math.max(l, r)}` },
      ),
      dates: fc.array(fc.constantFrom(null, '1980-01-02', '1981-03-04'), {
        minLength: records,
        maxLength: records,
      }),
      pncs: fc.array(fc.constantFrom(null, '2001/0000001Z', '2002/0000002Z'), {
        minLength: records,
        maxLength: records,
      }),
    }),
  )
  fc.assert(
    fc.property(graph, ({ records, pairs, dates, pncs }) => {
      const edges = pairs
        .filter(([l, r]) => l !== r)
        .map(([l, r, w]): [number, number, number] => [Math.min(l, r), Math.max(l, r), w])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      const evidenceOf = (r: number): RecordEvidence => ({
        identifiers: new Map(pncs[r] ? [['pnc', pncs[r]]] : []),
        knownNames: null,
        birthDate: dates[r] ?? null,
        surname: null,
      })
      const evidence = evidenceBySlot(records, evidenceOf)
      // As the batch engine reads the scored table: the pairs at or above the join weight, in rid order.
      const joining = edges.filter(([, , w]) => w >= thresholds.join)
      const contradicting = edges.filter(([, , w]) => w <= CONTRADICTION_WEIGHT)
      const plain = resolvePersons({
        records,
        evidence,
        joining: {
          left: Int32Array.from(joining, (e) => e[0]),
          right: Int32Array.from(joining, (e) => e[1]),
          weight: Float64Array.from(joining, (e) => e[2]),
        },
        contradictions: {
          left: Int32Array.from(contradicting, (e) => e[0]),
          right: Int32Array.from(contradicting, (e) => e[1]),
          weight: Float64Array.from(contradicting, (e) => e[2]),
        },
        thresholds,
      })
      assert.equal(plain.justiceIds, null)
      // Single-digit keys sort as their slots do.
      const key = (r: number) => `r${r}`
      let n = 0
      const indexed = relink({
        records: Array.from({ length: records }, (_, r) => key(r)),
        edges: edges.map(([l, r, w]): IndexEdge => ({ left: key(l), right: key(r), weight: w, guard: null })),
        previous: new Map(),
        persons: new Map(),
        evidence: new Map(Array.from({ length: records }, (_, r) => [key(r), evidenceOf(r)])),
        thresholds,
        guards: noGuards,
        batchId: 'b1',
        at: '2026-02-01T00:00:00Z',
        newJusticeId: () => `NEW-${++n}`,
      })
      assert.deepEqual(
        partition((r) => indexed.assignments.get(key(r))!, records),
        partition((r) => plain.clustering.cluster[r]!, records),
      )
      // The same persons need attention, for the same reason (the first flag of each person).
      const reasonOf = new Map<number, string>()
      for (const f of plain.clustering.flags) if (!reasonOf.has(f.cluster)) reasonOf.set(f.cluster, f.reason)
      const stateOf = new Map(indexed.persons.map((p) => [p.justiceId, p]))
      for (let r = 0; r < records; r++)
        assert.equal(
          stateOf.get(indexed.assignments.get(key(r))!)?.attentionReason ?? undefined,
          reasonOf.get(plain.clustering.cluster[r]!),
        )
    }),
  )
})

test("reviewers' decisions bind a run without previous persons, and one that cannot hold is flagged", () => {
  const joining = { left: Int32Array.of(0, 2), right: Int32Array.of(1, 3), weight: Float64Array.of(20, 20) }
  const run = (same: SlotPair[], apart: SlotPair[]) =>
    resolvePersons({
      records: 4,
      evidence: evidenceBySlot(4, () => undefined),
      joining,
      decisions: { same, apart },
      thresholds,
    })
  const decided = run([[1, 2]], [[2, 3]])
  assert.equal(decided.justiceIds, null)
  assert.deepEqual([...decided.clustering.cluster], [0, 0, 0, 1])
  // Same person for 0 and 3, while 2 and 3 are decided apart and 0 and 2 decided the same: not all can hold.
  const conflicting = run(
    [
      [0, 2],
      [0, 3],
    ],
    [[2, 3]],
  )
  assert.ok(conflicting.clustering.flags.some((f) => f.reason === 'conflicting_decisions'))
})
