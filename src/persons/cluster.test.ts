import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { type ClusterOptions, clusterRecords, generationApart, type ScoredEdges } from './cluster.ts'
import { evidenceBySlot } from './evidence.ts'

const edges = (list: [number, number, number][]): ScoredEdges => ({
  left: Int32Array.from(list.map((e) => e[0])),
  right: Int32Array.from(list.map((e) => e[1])),
  weight: Float64Array.from(list.map((e) => e[2])),
})
const noIds = new Map<number, Map<string, string>>()

/** Clustering options as the tests state them: evidence in maps by record, contradictions as pairs. */
type StatedOptions = Omit<ClusterOptions, 'evidence' | 'contradictions'> & {
  identifiers: ReadonlyMap<number, ReadonlyMap<string, string>>
  knownNames?: ReadonlyMap<number, readonly string[]>
  birthDates?: ReadonlyMap<number, string>
  surnames?: ReadonlyMap<number, string>
  /** Pairs scored strongly against one person, each at the weight given or at −10 bits. */
  contradictions?: readonly (readonly [number, number, number?])[]
}
const cluster = (
  records: number,
  scored: ScoredEdges,
  { identifiers, knownNames, birthDates, surnames, contradictions, ...options }: StatedOptions,
) =>
  clusterRecords(records, scored, {
    ...options,
    evidence: evidenceBySlot(records, (r) => ({
      identifiers: identifiers.get(r) ?? new Map(),
      knownNames: knownNames?.get(r) ?? null,
      birthDate: birthDates?.get(r) ?? null,
      surname: surnames?.get(r) ?? null,
    })),
    ...(contradictions && {
      contradictions: {
        left: Int32Array.from(contradictions, (p) => p[0]),
        right: Int32Array.from(contradictions, (p) => p[1]),
        weight: Float64Array.from(contradictions, (p) => p[2] ?? -10),
      },
    }),
  })
const groups = (cluster: Int32Array): number[][] => {
  const byCluster = new Map<number, number[]>()
  cluster.forEach((c, i) => {
    byCluster.set(c, [...(byCluster.get(c) ?? []), i])
  })
  return [...byCluster.values()]
}

describe('clusterRecords', () => {
  test('records with no pair above the threshold stay alone', () => {
    const result = cluster(3, edges([[0, 1, 2]]), {
      threshold: 5,
      strongWeight: 10,
      identifiers: noIds,
    })
    assert.equal(result.clusters, 3)
    assert.deepEqual([...result.cluster], [0, 1, 2])
  })

  test('pairs above the threshold join transitively, numbered by first record', () => {
    const result = cluster(
      5,
      edges([
        [3, 4, 20],
        [0, 2, 20],
        [2, 4, 20],
      ]),
      {
        threshold: 5,
        strongWeight: 10,
        identifiers: noIds,
      },
    )
    assert.deepEqual(groups(result.cluster), [[0, 2, 3, 4], [1]])
    assert.equal(result.cluster[0], 0)
    assert.equal(result.cluster[1], 1)
  })

  test('a merge that would join two different PNC numbers is refused and flagged', () => {
    const identifiers = new Map([
      [0, new Map([['pnc', '2001/0000001Z']])],
      [2, new Map([['pnc', '2002/0000002Z']])],
    ])
    // 0-1 strong, 1-2 weaker: record 1 goes with 0, and 2 must not join them.
    const result = cluster(
      3,
      edges([
        [1, 2, 8],
        [0, 1, 15],
      ]),
      { threshold: 5, strongWeight: 10, identifiers },
    )
    assert.deepEqual(groups(result.cluster), [[0, 1], [2]])
    assert.equal(result.refusedMerges, 1)
    assert.ok(
      result.flags.some((f) => f.reason === 'conflicting_identifier' && f.cluster === result.cluster[0]),
    )
  })

  test('the same PNC on both sides is no conflict', () => {
    const identifiers = new Map([
      [0, new Map([['pnc', '2001/0000001Z']])],
      [1, new Map([['pnc', '2001/0000001Z']])],
    ])
    const result = cluster(2, edges([[0, 1, 8]]), { threshold: 5, strongWeight: 10, identifiers })
    assert.equal(result.clusters, 1)
    assert.equal(result.refusedMerges, 0)
  })

  test('an NI number one character mistyped is the same number; two PNCs one character apart are two', () => {
    const linked = (kind: string, a: string, b: string) =>
      cluster(
        3,
        edges([
          [1, 2, 8],
          [0, 1, 15],
        ]),
        {
          threshold: 5,
          strongWeight: 10,
          identifiers: new Map([
            [0, new Map([[kind, a]])],
            [2, new Map([[kind, b]])],
          ]),
        },
      ).clusters === 1
    // An NI number has no check character: a digit mistyped or two transposed survives standardisation.
    assert.equal(linked('nino', 'CX091310C', 'CX091330C'), true)
    assert.equal(linked('nino', 'CX091310C', 'CX093110C'), true)
    assert.equal(linked('nino', 'CX091310C', 'CX771310C'), false)
    // A PNC mistyped fails its check letter and is set aside, so two valid ones one character apart are two numbers.
    assert.equal(linked('pnc', '2001/0000001Z', '2001/0000002Z'), false)
  })

  test('two groups held together by one weak pair are flagged as a weak bridge', () => {
    const result = cluster(
      4,
      edges([
        [0, 1, 20],
        [2, 3, 20],
        [1, 2, 6],
      ]),
      { threshold: 5, strongWeight: 10, identifiers: noIds },
    )
    assert.equal(result.clusters, 1)
    assert.deepEqual(result.flags, [{ cluster: 0, reason: 'weak_bridge' }])
  })

  test('weak-bridge flags are exactly the clusters of three or more where removing one weak pair splits them', () => {
    const threshold = 5
    const strongWeight = 10
    const graph = fc.integer({ min: 3, max: 9 }).chain((records) =>
      fc.tuple(
        fc.constant(records),
        fc.array(fc.tuple(fc.nat(records - 1), fc.nat(records - 1), fc.constantFrom(2, 6, 8, 12, 20)), {
          maxLength: 14,
        }),
      ),
    )
    fc.assert(
      fc.property(graph, ([records, list]) => {
        const pairs = list.filter(([l, r]) => l !== r)
        const result = cluster(records, edges(pairs), { threshold, strongWeight, identifiers: noIds })
        const inside = pairs.filter(([l, r, w]) => w >= threshold && result.cluster[l] === result.cluster[r])
        // Whether r is reached from l over the pairs inside clusters, leaving out pair `skip`.
        const reaches = (from: number, target: number, skip: number): boolean => {
          const seen = new Set([from])
          const queue = [from]
          while (queue.length > 0) {
            const v = queue.pop()!
            if (v === target) return true
            inside.forEach(([l, r], i) => {
              if (i === skip) return
              const w = l === v ? r : r === v ? l : -1
              if (w >= 0 && !seen.has(w)) {
                seen.add(w)
                queue.push(w)
              }
            })
          }
          return false
        }
        const sizes = new Map<number, number>()
        const ends = new Set<number>()
        for (const [l, r] of inside) ends.add(l).add(r)
        for (const v of ends) sizes.set(result.cluster[v]!, (sizes.get(result.cluster[v]!) ?? 0) + 1)
        const expected = new Set<number>()
        inside.forEach(([l, r, w], i) => {
          const c = result.cluster[l]!
          if (w < strongWeight && (sizes.get(c) ?? 0) >= 3 && !reaches(l, r, i)) expected.add(c)
        })
        const flagged = result.flags.filter((f) => f.reason === 'weak_bridge').map((f) => f.cluster)
        assert.deepEqual(
          flagged,
          [...expected].sort((a, b) => a - b),
        )
      }),
    )
  })

  test('a triangle has no bridge, so it is not flagged even with weak pairs', () => {
    const result = cluster(
      3,
      edges([
        [0, 1, 6],
        [1, 2, 6],
        [0, 2, 6],
      ]),
      {
        threshold: 5,
        strongWeight: 10,
        identifiers: noIds,
      },
    )
    assert.deepEqual(result.flags, [])
  })

  test('a long chain is handled without recursion limits', () => {
    const n = 200_000
    const list: [number, number, number][] = []
    for (let i = 0; i + 1 < n; i++) list.push([i, i + 1, 20])
    const result = cluster(n, edges(list), { threshold: 5, strongWeight: 10, identifiers: noIds })
    assert.equal(result.clusters, 1)
    assert.deepEqual(result.flags, [])
  })

  test('a junior and a senior a guard kept apart stay apart even when a third record links to both', () => {
    // 0 and 2 are a junior and a senior; 1 is a record of 0 that also scores above the threshold with 2.
    const result = cluster(
      3,
      edges([
        [0, 1, 20],
        [1, 2, 6],
      ]),
      { threshold: 5, strongWeight: 10, identifiers: noIds, cannotLink: [[0, 2]] },
    )
    assert.equal(result.cluster[0], result.cluster[1])
    assert.notEqual(result.cluster[1], result.cluster[2])
    assert.equal(result.refusedMerges, 1)
    // Flagged as kept apart by a guard, not as likely relatives: the flag says which rule held.
    assert.deepEqual(
      result.flags.map((f) => f.reason),
      ['kept_apart', 'kept_apart'],
    )
  })

  test("a reviewer's not-the-same-person decision keeps two apart through a third record, flagged as decided", () => {
    const result = cluster(
      3,
      edges([
        [0, 1, 20],
        [1, 2, 30],
      ]),
      { threshold: 5, strongWeight: 10, identifiers: noIds, decidedApart: [[0, 2]] },
    )
    assert.equal(result.cluster[1], result.cluster[2])
    assert.notEqual(result.cluster[0], result.cluster[1])
    assert.deepEqual(
      result.flags.map((f) => f.reason),
      ['decided_apart', 'decided_apart'],
    )
  })

  test('a parent and child a generation apart are not joined through a record that gives no birth date', () => {
    // 0 and 2 share a name and a town, born a generation apart (their own pair, capped or scored low, is not among
    // the edges); 1 gives no birth date and agrees with both, more with 0.
    const scored = edges([
      [0, 1, 14],
      [1, 2, 12],
    ])
    const birthDates = new Map([
      [0, '1966-06-16'],
      [2, '1998-08-11'],
    ])
    const apart = cluster(3, scored, {
      threshold: 5,
      strongWeight: 10,
      identifiers: noIds,
      birthDates,
    })
    assert.equal(apart.cluster[0], apart.cluster[1])
    assert.notEqual(apart.cluster[1], apart.cluster[2])
    assert.deepEqual(
      apart.flags.map((f) => f.reason),
      ['conflicting_birth_date', 'conflicting_birth_date'],
    )
    // A PNC the two share says one person whose birth date one record has wrong.
    const pnc = new Map([
      [0, new Map([['pnc', '2001/0000001a']])],
      [2, new Map([['pnc', '2001/0000001a']])],
    ])
    const shared = cluster(3, scored, {
      threshold: 5,
      strongWeight: 10,
      identifiers: pnc,
      birthDates,
    })
    assert.equal(shared.clusters, 1)
    // Where 1 gives the child's birth date, its pair with 0 weighed the dates and still agreed on the rest: one
    // person whose record 0 has a birth date wholly wrong.
    const dated = cluster(3, scored, {
      threshold: 5,
      strongWeight: 10,
      identifiers: noIds,
      birthDates: new Map([...birthDates, [1, '1998-08-11']]),
    })
    assert.equal(dated.clusters, 1)
  })

  test('birth dates a generation apart are read as the guard reads them: not a digit typo, nor a year alone wrong', () => {
    assert.equal(generationApart('1966-06-16', '1998-08-11'), true)
    assert.equal(generationApart('1998-08-11', '1966-06-16'), true)
    // Fifteen years to the day is a generation; a day less is not.
    assert.equal(generationApart('1980-03-02', '1995-03-02'), false, 'the same day and month')
    assert.equal(generationApart('1980-03-02', '1995-03-01'), false)
    assert.equal(generationApart('1980-03-02', '1995-03-03'), true)
    assert.equal(generationApart('1982-04-10', '1928-04-11'), true)
    assert.equal(generationApart('1982-04-10', '1928-04-10'), false, 'transposed digits of the year')
    assert.equal(generationApart('1952-04-10', '1982-04-10'), false, 'one digit, and the same day and month')
    assert.equal(generationApart('1952-04-11', '1982-04-10'), true)
  })

  /** Three records, `relatives` capped by the guard, each record known by the names given (threshold 5, strong 10). */
  const withNames = (
    list: [number, number, number][],
    relatives: [number, number],
    names: string[][],
    identifiers = noIds,
  ) =>
    cluster(3, edges(list), {
      threshold: 5,
      strongWeight: 10,
      identifiers,
      likelyRelatives: [relatives],
      knownNames: new Map(names.map((n, rid) => [rid, n])),
    })

  test('a likely-relatives pair is joined when a record of the person lists both forenames', () => {
    // 0 "tao" lists the alias "michael"; 1 "tao" lists none; 2 "michael" pairs weakly with 0 and was capped with 1.
    const scored: [number, number, number][] = [
      [0, 1, 20],
      [0, 2, 8],
    ]
    const joined = withNames(scored, [1, 2], [['tao', 'tao', 'yang', 'michael'], ['tao'], ['michael']])
    assert.equal(joined.clusters, 1)
    assert.equal(joined.refusedMerges, 0)
    // Without the alias list the same pairs look like twins, and stay apart.
    const apart = withNames(scored, [1, 2], [['tao'], ['tao'], ['michael']])
    assert.equal(apart.clusters, 2)
    assert.deepEqual(
      apart.flags.map((f) => f.reason),
      ['likely_relatives', 'likely_relatives'],
    )
  })

  test('a likely-relatives pair is joined when one side already holds a record under the other forename', () => {
    // 0 "michael" and 1 "tao" share a PNC, so they joined; 2 "tao" was capped with 0 (no address to tell them apart).
    const result = withNames(
      [
        [0, 1, 30],
        [1, 2, 15],
      ],
      [0, 2],
      [['michael'], ['tao'], ['tao']],
    )
    assert.equal(result.clusters, 1)
  })

  test('a likely-relatives pair is joined when a strong pair joining them links the two forenames', () => {
    // 1 and 2 "peter" joined first; 0 "qiang" pairs with 1 and was capped with 2.
    const clustersJoiningAt = (weight: number) =>
      withNames(
        [
          [1, 2, 40],
          [0, 1, weight],
        ],
        [0, 2],
        [['qiang'], ['peter'], ['peter']],
      ).clusters
    assert.equal(clustersJoiningAt(30), 1)
    // A weak pair (no identifier, say) may be the twins the guard could not see: it does not link the names.
    assert.equal(clustersJoiningAt(8), 2)
  })

  test('a forename with one mistyped or transposed letter still counts as the person being known under it', () => {
    // 1 and 2 joined first (a shared PNC, say); 0 was capped with 2 and pairs weakly with 1, under 1's forename
    // mistyped.
    const joinedVia = (names: string[][]) =>
      withNames(
        [
          [1, 2, 30],
          [0, 1, 8],
        ],
        [0, 2],
        names,
      ).clusters
    assert.equal(joinedVia([['mchael'], ['michael'], ['hui']]), 1)
    assert.equal(joinedVia([['joanan'], ['joanna'], ['grace']]), 1)
    // Names a letter apart that are short are different names ("tai", "tan").
    assert.equal(joinedVia([['tai'], ['tan'], ['hui']]), 2)
  })

  test('a name recorded family name first, or listed as an alias, counts as a name the person is known by', () => {
    // 1 "JUN, Tang" (forename "tang", names "jun tang") and 2 "hui" joined; 0 "jun" was capped with 2.
    const result = withNames(
      [
        [1, 2, 30],
        [0, 1, 8],
      ],
      [0, 2],
      [
        ['jun', 'jun', 'tang'],
        ['tang', 'jun', 'tang'],
        ['hui', 'hui', 'tang'],
      ],
    )
    assert.equal(result.clusters, 1)
  })

  test('two groups each confirming a different birth date are two people, unless they share an identifier', () => {
    // Namesakes: 0 and 1 agree on one date, 2 and 3 on another; 1 and 2 pair on a common name and a near date.
    const scored: [number, number, number][] = [
      [0, 1, 30],
      [2, 3, 30],
      [1, 2, 12],
    ]
    const dated = (dates: string[], identifiers = noIds) =>
      cluster(4, edges(scored), {
        threshold: 5,
        strongWeight: 10,
        identifiers,
        birthDates: new Map(dates.map((d, rid) => [rid, d])),
      })
    const namesakes = dated(['1972-04-18', '1972-04-18', '1972-06-18', '1972-06-18'])
    assert.deepEqual(groups(namesakes.cluster), [
      [0, 1],
      [2, 3],
    ])
    assert.deepEqual(
      namesakes.flags.map((f) => f.reason),
      ['conflicting_birth_date', 'conflicting_birth_date'],
    )
    // One record's date is a typo, not a second person's: it is confirmed by no other record.
    assert.equal(dated(['1972-04-18', '1972-04-18', '1972-06-18', '1972-04-18']).clusters, 1)
    // Day and month swapped may be one source's habit.
    assert.equal(dated(['1972-04-06', '1972-04-06', '1972-06-04', '1972-06-04']).clusters, 1)
    const pnc = new Map([
      [0, new Map([['pnc', '2003/0000001a']])],
      [3, new Map([['pnc', '2003/0000001a']])],
    ])
    assert.equal(dated(['1972-04-18', '1972-04-18', '1972-06-18', '1972-06-18'], pnc).clusters, 1)
  })

  test('a weak pair does not join two groups between which another pair scored strongly against one person', () => {
    // Namesakes: 0 and 1 are one person; 2 pairs weakly with 1 (a common name, a near date), but its pair with 0
    // (another address, another date) scored at CONTRADICTION_WEIGHT.
    const joining = (weight: number, contradictions: [number, number][], identifiers = noIds) =>
      cluster(
        3,
        edges([
          [0, 1, 20],
          [1, 2, weight],
        ]),
        { threshold: 2, strongWeight: 7, identifiers, contradictions },
      )
    const namesakes = joining(4, [[0, 2]])
    assert.deepEqual(groups(namesakes.cluster), [[0, 1], [2]])
    assert.deepEqual(
      namesakes.flags.map((f) => f.reason),
      ['contradicted_link', 'contradicted_link'],
    )
    assert.equal(namesakes.refusedMerges, 1)
    // A strong pair outweighs the contradiction; a contradiction within one group keeps nothing apart.
    assert.equal(joining(7, [[0, 2]]).clusters, 1)
    assert.equal(joining(4, [[0, 1]]).clusters, 1)
    assert.equal(joining(4, []).clusters, 1)
    // A shared person identifier outweighs the contradiction, as it does a conflicting birth date.
    const pnc = new Map([
      [0, new Map([['pnc', '2003/0000001a']])],
      [2, new Map([['pnc', '2003/0000001a']])],
    ])
    assert.equal(joining(4, [[0, 2]], pnc).clusters, 1)
  })

  test('a contradiction is outweighed when the pairs for one person between the two groups weigh more', () => {
    // Two groups of one person each (0, 1 and 2, 3), each record heavily mistyped somewhere: the pair 0-3 scored
    // −10 bits, the pairs between the others 4 bits each: two weigh less than the contradiction, three more.
    const groupsOf = (weak: [number, number][]) =>
      groups(
        cluster(
          4,
          edges([[0, 1, 20], [2, 3, 20], ...weak.map(([l, r]): [number, number, number] => [l, r, 4])]),
          { threshold: 2, strongWeight: 7, identifiers: noIds, contradictions: [[0, 3]] },
        ).cluster,
      )
    assert.deepEqual(
      groupsOf([
        [0, 2],
        [1, 2],
      ]),
      [
        [0, 1],
        [2, 3],
      ],
    )
    assert.deepEqual(
      groupsOf([
        [0, 2],
        [1, 2],
        [1, 3],
      ]),
      [[0, 1, 2, 3]],
    )
  })

  test('a likely-relatives pair is joined when the two sides share a person identifier', () => {
    // 0 and 1 "xin", one with a CRO; 2 "sophie" gives the same CRO, pairs weakly with 0 and was capped with 1.
    const scored: [number, number, number][] = [
      [0, 1, 20],
      [0, 2, 6],
    ]
    const names = [['xin'], ['xin'], ['sophie']]
    assert.equal(withNames(scored, [1, 2], names).clusters, 2)
    const cro = new Map([
      [0, new Map([['cro', '511725/05e']])],
      [2, new Map([['cro', '511725/05e']])],
    ])
    assert.equal(withNames(scored, [1, 2], names, cro).clusters, 1)
  })

  /**
   * Two persons of two records each (0, 1 and 2, 3) and a pair 1-2 of the given weight (threshold 2, strong 7); each
   * record known by the names given, forename first and surname second.
   */
  const twoPersons = (weight: number, names: string[][], identifiers = noIds, withSurnames = false) =>
    cluster(
      4,
      edges([
        [0, 1, 20],
        [2, 3, 20],
        [1, 2, weight],
      ]),
      {
        threshold: 2,
        strongWeight: 7,
        identifiers,
        knownNames: new Map(names.map((n, rid) => [rid, n])),
        ...(withSurnames ? { surnames: new Map(names.map((n, rid) => [rid, n[1]!])) } : {}),
      },
    )

  test('twins each with records under their own forename are not joined by a weak pair', () => {
    // 0, 1 "ivan" and 2, 3 "sergey": prison records without an address, so no guard capped the pair 1-2.
    const ivan = ['ivan', 'grabewski']
    const sergey = ['sergey', 'grabewski']
    const apart = twoPersons(6, [ivan, ivan, sergey, sergey])
    assert.deepEqual(groups(apart.cluster), [
      [0, 1],
      [2, 3],
    ])
    assert.deepEqual(
      apart.flags.map((f) => f.reason),
      ['conflicting_forename', 'conflicting_forename'],
    )
    // A strong pair joins; so does a record that knows the other name, or a forename only one record gives.
    assert.equal(twoPersons(7, [ivan, ivan, sergey, sergey]).clusters, 1)
    assert.equal(twoPersons(6, [ivan, [...ivan, 'sergey'], sergey, sergey]).clusters, 1)
    assert.equal(twoPersons(6, [ivan, ivan, sergey, ['andy', 'grabewski']]).clusters, 1)
    const pnc = new Map([
      [0, new Map([['pnc', '2003/0000001a']])],
      [3, new Map([['pnc', '2003/0000001a']])],
    ])
    assert.equal(twoPersons(6, [ivan, ivan, sergey, sergey], pnc).clusters, 1)
  })

  test('namesakes each with records under their own surname are not joined by a weak pair', () => {
    // 0, 1 "rashid malik" and 2, 3 "rashid suleiman", born the same day: 1-2 pairs on forename and birth date only.
    const namesakes = (names: string[][]) => twoPersons(3, names, noIds, true)
    const malik = ['rashid', 'malik']
    const suleiman = ['rashid', 'suleiman']
    const apart = namesakes([malik, malik, suleiman, suleiman])
    assert.equal(apart.clusters, 2)
    assert.deepEqual(
      apart.flags.map((f) => f.reason),
      ['conflicting_surname', 'conflicting_surname'],
    )
    // A record giving both names (a patronymic and a family name) joins them.
    assert.equal(namesakes([malik, malik, suleiman, ['rashid', 'suleiman', 'malik']]).clusters, 1)
  })

  test('an alias of one twin does not join the other twin', () => {
    // 0 "tao" lists "michael"; 1 "ming" is the twin, capped with 0 and pairing weakly with 0's record 2.
    const result = withNames(
      [
        [0, 2, 20],
        [1, 2, 6],
      ],
      [0, 1],
      [['tao', 'tao', 'yang', 'michael'], ['ming'], ['tao']],
    )
    assert.notEqual(result.cluster[0], result.cluster[1])
    assert.equal(result.cluster[0], result.cluster[2])
  })
})
