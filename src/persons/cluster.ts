import { GENERATION_YEARS } from '../model/guards.ts'
import { damerauLevenshtein, dayMonthSwapped, nearName } from '../model/similarity.ts'
import type { EvidenceBySlot } from './evidence.ts'
import { FLAG_REASONS, type FlagReason, type ProposedMerge, refusingRule } from './refusal-rules.ts'

/**
 * Clustering of scored pairs into persons: connected components over the pairs at or above the match threshold,
 * built strongest pair first. Before a pair joins two groups of records, the refusal rules (refusal-rules.ts, one
 * ordered table) are asked whether the two may be one person: different identifiers, a reviewer's decision, a guard
 * that keeps its pairs apart, likely relatives, birth dates, and for weak pairs forenames, contradictions and
 * surnames. A refused merge flags both groups with the rule's reason. After clustering, a person held together only
 * through a weak bridge (a pair whose removal would split it, scored below the strong weight) is flagged too.
 * Pure: the engine streams the pairs in, and the same function serves batch and incremental work.
 */
/**
 * A pair scored this low (a 1-in-32 chance of one person) is strong evidence of two: a weak pair does not join the
 * two groups of records it lies between (`ClusterOptions.contradictions`), unless the pairs between them at or above
 * the threshold outweigh it (their match weights summed).
 */
export const CONTRADICTION_WEIGHT = -5

export interface ScoredEdges {
  left: Int32Array
  right: Int32Array
  weight: Float64Array
}

/** Pairs of records without weights, the i-th `left[i]` and `right[i]`: a few bytes a pair, as `ScoredEdges`. */
export type RecordPairs = Pick<ScoredEdges, 'left' | 'right'>

export type { FlagReason } from './refusal-rules.ts'

export interface ClusterFlag {
  /** Cluster number, as in `ClusterResult.cluster`. */
  cluster: number
  reason: FlagReason
}

export interface ClusterResult {
  /** Cluster number of each record, 0..clusters-1, numbered in order of each cluster's first record. */
  cluster: Int32Array
  clusters: number
  flags: ClusterFlag[]
  /** Pairs at or above the threshold that were not merged because of an identifier conflict. */
  refusedMerges: number
}

export interface ClusterOptions {
  threshold: number
  /** A bridge scored below this weight marks its cluster as needing review. */
  strongWeight: number
  /**
   * Each record's evidence besides its pairs (evidence.ts):
   * - identifiers (e.g. pnc), for the conflict check;
   * - the names each record is known by: its forename first, then its name words and its aliases' words. Also the
   *   forename each record confirms: two groups each confirming a different forename (two records giving it), neither
   *   known to the other, are not joined by a weak pair;
   * - the birth date each record gives. Two groups of records that each confirm a birth date (two records giving it)
   *   and confirm different ones are two people unless they share a person identifier: no pair joins them. Typos are
   *   made record by record, so two records rarely repeat one. Nor does a pair one of whose records gives no birth
   *   date join two groups holding birth dates a generation apart (as the generations-apart guard reads them),
   *   unless they share a person identifier: such a record agrees with a parent and a child sharing a name and a
   *   town alike, and would put the family into one person. A pair whose records both give one has weighed the dates
   *   itself, and joins them (one record's birth date wholly wrong);
   * - the surname each record gives. As with forenames, a weak pair does not join two groups that each confirm a
   *   different surname when neither knows the other's among its name words and aliases: namesakes, "Rashid Malik"
   *   and "Rashid Suleiman", born the same day. A surname recorded one way by one source and another way by another
   *   (a patronymic, a maiden name) is known wherever one record gives both.
   */
  evidence: EvidenceBySlot
  /** Pairs a reviewer decided are not the same person: never put in one person, even through other pairs. */
  decidedApart?: readonly (readonly [number, number])[]
  /**
   * Pairs a guard that keeps its pairs apart capped (a junior and a senior): never put in one person, even through a
   * chain of other pairs.
   */
  cannotLink?: readonly (readonly [number, number])[]
  /**
   * Pairs the likely-relatives guard capped (same birth date and address, clearly different
   * forenames): kept apart as `cannotLink` pairs are, unless the person is known under both forenames. Twins are two
   * people; a person known under two forenames is one. Known means: one of the two already holds, through pairs the
   * guard did not cap, a record with the other's forename among its names or listed aliases (a name recorded family
   * name first, an alias beside a name); or the pair joining them now is strong (at `strongWeight`) and links the
   * two forenames. Two groups sharing a PNC, CRO or NI number are joined too: twins do not share one.
   */
  likelyRelatives?: readonly (readonly [number, number])[]
  /**
   * Pairs scored as strong evidence of two different people. A weak pair (below `strongWeight`) does not join two
   * groups of records between which such a pair lies: two namesakes born weeks apart meet once with little to tell
   * them apart and again, elsewhere, with a different address or birth date that does. Unless the pairs between the
   * groups at or above the threshold outweigh those against (match weights summed): one person's records, each
   * mistyped somewhere, meet weakly many times and once as strangers (a record whose name and birth date were both
   * mistyped beside one whose address changed). Typed arrays, as they outnumber the other pairs (over a million at a
   * million records).
   */
  contradictions?: ScoredEdges
}

export const clusterRecords = (
  records: number,
  edges: ScoredEdges,
  options: ClusterOptions,
): ClusterResult => {
  const parent = new Int32Array(records)
  for (let i = 0; i < records; i++) parent[i] = i
  const find = (x: number): number => {
    let root = x
    while (parent[root] !== root) root = parent[root]!
    while (parent[x] !== root) {
      const next = parent[x]!
      parent[x] = root
      x = next
    }
    return root
  }
  // Each component's records as a linked list headed by its root (-1 ends it), and the list's last record, so two
  // components join in constant time. The rules below read a component's names, dates and surnames by walking it:
  // keeping a set of each per component cost a million-record run more in allocation and garbage collection than
  // the walks do.
  const nextMember = new Int32Array(records).fill(-1)
  const lastMember = new Int32Array(records)
  for (let i = 0; i < records; i++) lastMember[i] = i
  const size = new Int32Array(records).fill(1)
  const evidence = options.evidence
  // Each component's identifiers, by kind, at its root: a merge passes the smaller side's on.
  const ids = evidence.identifiers.map((values) => values.slice())
  const identifierKinds = (root: number): number => {
    let n = 0
    for (const values of ids) if (values[root]! >= 0) n++
    return n
  }
  // Two numbers of a kind without check characters one character mistyped or two transposed apart are one number
  // recorded wrong, as the kind's comparison weighs them.
  const identifiersConflict = (a: number, b: number): boolean =>
    ids.some((values, k) => {
      const x = values[a]!
      const y = values[b]!
      if (x < 0 || y < 0 || x === y) return false
      const texts = evidence.identifierValues[k]
      return !texts || damerauLevenshtein(texts[x]!, texts[y]!) > 1
    })
  const identifiersShared = (a: number, b: number): boolean =>
    ids.some((values) => values[a]! >= 0 && values[a] === values[b])

  // Per record, the records it must not be joined with, those the likely-relatives guard capped it with, and those a
  // pair scored strongly against.
  const decidedApart = otherEnds(records, options.decidedApart)
  const apart = otherEnds(records, options.cannotLink)
  const relativesOf = otherEnds(records, options.likelyRelatives)
  const against = options.contradictions ? otherEndsOf(records, options.contradictions) : otherEnds(records)
  // Whether a pair of the list lies between components a and b (and, if given, passes the test, its record in the
  // walked component first): the smaller component's records are walked.
  const pairBetween = (
    ends: OtherEnds,
    a: number,
    b: number,
    test?: (self: number, other: number) => boolean,
  ): boolean => {
    const [from, other] = size[a]! <= size[b]! ? [a, b] : [b, a]
    for (let x = from; x !== -1; x = nextMember[x]!)
      for (let k = ends.start[x]!; k < ends.start[x + 1]!; k++)
        if (find(ends.to[k]!) === other && (test === undefined || test(x, ends.to[k]!))) return true
    return false
  }
  // The summed weight of the pairs of the list that lie between components a and b.
  const weightBetween = (ends: OtherEnds, a: number, b: number): number => {
    const [from, other] = size[a]! <= size[b]! ? [a, b] : [b, a]
    let sum = 0
    for (let x = from; x !== -1; x = nextMember[x]!)
      for (let k = ends.start[x]!; k < ends.start[x + 1]!; k++)
        if (find(ends.to[k]!) === other) sum += ends.weight[k]!
    return sum
  }

  const { names, nameAt, nameCount, nameOf } = evidence
  // Whether a name some record of the component is known by passes the test.
  const someWord = (root: number, test: (w: string) => boolean): boolean => {
    for (let x = root; x !== -1; x = nextMember[x]!)
      for (let k = nameAt[x]!; k < nameAt[x]! + nameCount[x]!; k++) if (test(names[nameOf[k]!]!)) return true
    return false
  }
  const forenameOf = (rid: number): string | undefined =>
    nameCount[rid]! > 0 ? names[nameOf[nameAt[rid]!]!] : undefined
  // `edge`: the pair joining the two components now. A strong one (an agreeing PNC, say) links its two forenames; a
  // weak one may only be twins the guard could not see (no address on one side), so it does not.
  const knownAsOne = (x: number, y: number, a: number, b: number, edge: number): boolean => {
    const fx = forenameOf(x)
    const fy = forenameOf(y)
    if (fx === undefined || fy === undefined) return false
    const fl = forenameOf(edges.left[edge]!)
    const fr = forenameOf(edges.right[edge]!)
    const strong = edges.weight[edge]! >= options.strongWeight
    if (strong && fl !== undefined && fr !== undefined) {
      if ((sameName(fl, fx) && sameName(fr, fy)) || (sameName(fl, fy) && sameName(fr, fx))) return true
    }
    // One side already knows the other's forename: a record of it has it as a name or lists it as an alias.
    const [rx, ry] = find(x) === a ? [a, b] : [b, a]
    return someWord(rx, (w) => sameName(w, fy)) || someWord(ry, (w) => sameName(w, fx))
  }
  const keptApartAsRelatives = (a: number, b: number, edge: number): boolean =>
    pairBetween(relativesOf, a, b, (self, x) => !knownAsOne(self, x, a, b, edge))
  const { birthDate, dates, surname, surnames } = evidence
  const dateOf = (rid: number): string | undefined =>
    birthDate[rid]! >= 0 ? dates[birthDate[rid]!] : undefined
  const surnameOf = (rid: number): string | undefined =>
    surname[rid]! >= 0 ? surnames[surname[rid]!] : undefined
  // The values two or more of the component's records give (a single record confirms nothing). Most components are
  // small, and comparing each record with the ones after it is cheaper than counting into a map; a large one counts.
  const NONE: readonly string[] = []
  const confirmed = (given: (rid: number) => string | undefined, root: number): readonly string[] => {
    if (size[root]! < 2) return NONE
    if (size[root]! > 32) {
      const counts = new Map<string, number>()
      for (let x = root; x !== -1; x = nextMember[x]!) {
        const v = given(x)
        if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1)
      }
      return [...counts].filter(([, n]) => n >= 2).map(([v]) => v)
    }
    let out: string[] | undefined
    for (let x = root; x !== -1; x = nextMember[x]!) {
      const v = given(x)
      if (v === undefined || out?.includes(v)) continue
      for (let y = nextMember[x]!; y !== -1; y = nextMember[y]!) {
        if (given(y) === v) {
          out ??= []
          out.push(v)
          break
        }
      }
    }
    return out ?? NONE
  }
  // Each side confirms a name (a forename, a surname) the other does not know among its names and aliases: twins each
  // under their own forename, namesakes each under their own surname.
  const confirmDifferentNames = (
    given: (rid: number) => string | undefined,
    a: number,
    b: number,
  ): boolean => {
    const inA = confirmed(given, a)
    if (inA.length === 0) return false
    const inB = confirmed(given, b)
    if (inB.length === 0) return false
    return (
      !inA.some((x) => someWord(b, (w) => sameName(w, x))) &&
      !inB.some((y) => someWord(a, (w) => sameName(w, y)))
    )
  }
  // Whether both records of the pair give a birth date: then the pair itself weighed which generation it is.
  const bothDated = (e: number): boolean =>
    birthDate[edges.left[e]!]! >= 0 && birthDate[edges.right[e]!]! >= 0
  // The distinct birth dates a component's records give: few, however large the component.
  const datesIn = (root: number): string[] => {
    const out: string[] = []
    for (let x = root; x !== -1; x = nextMember[x]!) {
      const d = dateOf(x)
      if (d !== undefined && !out.includes(d)) out.push(d)
    }
    return out
  }
  // Whether a record of component a and one of b give birth dates a generation apart.
  const datesGenerationApart = (a: number, b: number): boolean => {
    const inA = datesIn(a)
    if (inA.length === 0) return false
    return datesIn(b).some((y) => inA.some((x) => generationApart(x, y)))
  }
  const confirmDifferentDates = (a: number, b: number): boolean => {
    const inA = confirmed(dateOf, a)
    if (inA.length === 0) return false
    const inB = confirmed(dateOf, b)
    // Day and month swapped may be one source's habit, repeated on every record it holds.
    return inB.length > 0 && !inA.some((x) => inB.some((y) => x === y || dayMonthSwapped(x, y)))
  }

  const order = strongestFirst(edges, options.threshold)
  // Each record's pairs at or above the threshold, which the contradictions between two groups are weighed against
  // (none to weigh, none needed).
  const support =
    against.to.length > 0
      ? otherEndsOf(records, {
          left: Int32Array.from(order, (i) => edges.left[i]!),
          right: Int32Array.from(order, (i) => edges.right[i]!),
          weight: Float64Array.from(order, (i) => edges.weight[i]!),
        })
      : against
  // Each reason's flagged component roots: a root that merges passes its flags on.
  const flagged = new Map<FlagReason, Set<number>>(FLAG_REASONS.map((r) => [r, new Set<number>()]))
  // The merge on the table, one object for every pair: the rules read the components and the pair through it.
  let a = 0
  let b = 0
  let e = 0
  const merge: ProposedMerge = {
    // An edge of infinite weight is a reviewer's "same person".
    decidedSame: () => edges.weight[e] === Number.POSITIVE_INFINITY,
    strong: () => edges.weight[e]! >= options.strongWeight,
    identifiersConflict: () => identifiersConflict(a, b),
    identifiersShared: () => identifiersShared(a, b),
    decidedApart: () => decidedApart.to.length > 0 && pairBetween(decidedApart, a, b),
    keptApartByGuard: () => apart.to.length > 0 && pairBetween(apart, a, b),
    keptApartAsRelatives: () => relativesOf.to.length > 0 && keptApartAsRelatives(a, b, e),
    generationsApartThroughUndated: () => dates.length > 0 && !bothDated(e) && datesGenerationApart(a, b),
    confirmDifferentBirthDates: () => dates.length > 0 && confirmDifferentDates(a, b),
    confirmDifferentForenames: () => names.length > 0 && confirmDifferentNames(forenameOf, a, b),
    contradicted: () => {
      if (against.to.length === 0) return false
      const contra = weightBetween(against, a, b)
      return contra < 0 && contra + weightBetween(support, a, b) <= 0
    },
    confirmDifferentSurnames: () =>
      names.length > 0 && surnames.length > 0 && confirmDifferentNames(surnameOf, a, b),
  }
  const flag = (reason: FlagReason) => {
    const roots = flagged.get(reason)!
    roots.add(a)
    roots.add(b)
  }
  let refusedMerges = 0
  for (const edge of order) {
    e = edge
    a = find(edges.left[e]!)
    b = find(edges.right[e]!)
    if (a === b) continue
    if (refusingRule(merge, flag)) {
      refusedMerges++
      continue
    }
    const [big, small] = identifierKinds(a) >= identifierKinds(b) ? [a, b] : [b, a]
    parent[small] = big
    nextMember[lastMember[big]!] = small
    lastMember[big] = lastMember[small]!
    size[big]! += size[small]!
    for (const values of ids) if (values[small]! >= 0) values[big] = values[small]!
    for (const roots of flagged.values()) if (roots.has(small)) roots.add(big)
  }

  const cluster = new Int32Array(records)
  const numberOfRoot = new Int32Array(records).fill(-1)
  let clusters = 0
  for (let i = 0; i < records; i++) {
    const root = find(i)
    if (numberOfRoot[root] === -1) numberOfRoot[root] = clusters++
    cluster[i] = numberOfRoot[root]!
  }
  const flags: ClusterFlag[] = []
  for (const [reason, roots] of flagged) {
    const clusters = new Set([...roots].map((r) => cluster[find(r)]!))
    for (const c of [...clusters].sort((x, y) => x - y)) flags.push({ cluster: c, reason })
  }
  for (const c of weakBridgeClusters(cluster, edges, order, options.strongWeight))
    flags.push({ cluster: c, reason: 'weak_bridge' })
  return { cluster, clusters, flags, refusedMerges }
}

/**
 * Each record's partners in a list of pairs, both ways round: record v's are `to[start[v]]` to `to[start[v + 1] - 1]`,
 * and `weight[k]` is the weight of the pair to `to[k]` (0 for pairs given without weights).
 */
interface OtherEnds {
  start: Int32Array
  to: Int32Array
  weight: Float64Array
}

const otherEnds = (records: number, pairs: readonly (readonly [number, number])[] = []): OtherEnds =>
  otherEndsOf(records, {
    left: Int32Array.from(pairs, (p) => p[0]),
    right: Int32Array.from(pairs, (p) => p[1]),
  })

const otherEndsOf = (
  records: number,
  { left, right, weight }: RecordPairs & { weight?: Float64Array },
): OtherEnds => {
  const start = new Int32Array(records + 1)
  for (let i = 0; i < left.length; i++) {
    start[left[i]! + 1]!++
    start[right[i]! + 1]!++
  }
  for (let v = 0; v < records; v++) start[v + 1]! += start[v]!
  const next = start.slice(0, records)
  const to = new Int32Array(2 * left.length)
  const weights = new Float64Array(weight ? 2 * left.length : 0)
  for (let i = 0; i < left.length; i++) {
    if (weight) {
      weights[next[left[i]!]!] = weight[i]!
      weights[next[right[i]!]!] = weight[i]!
    }
    to[next[left[i]!]!++] = right[i]!
    to[next[right[i]!]!++] = left[i]!
  }
  return { start, to, weight: weights }
}

/**
 * The same name, allowing one mistyped or transposed letter ("Mchael", "Joanan"): the likely-relatives guard never
 * caps forenames that close, so a typo must not hide that a person is known under both.
 */
const sameName = (a: string, b: string): boolean => nearName(a, b, 1)

/**
 * Two ISO birth dates a generation apart, as the generations-apart guard reads them: `GENERATION_YEARS` or more
 * apart, and not one mistyped or two transposed digits, nor the same day and month (a year alone wrong).
 */
export const generationApart = (a: string, b: string): boolean => {
  const [early, late] = a <= b ? [a, b] : [b, a]
  const years = Number(late.slice(0, 4)) - Number(early.slice(0, 4))
  const within = years < GENERATION_YEARS || (years === GENERATION_YEARS && late.slice(5) <= early.slice(5))
  return !within && a.slice(5) !== b.slice(5) && damerauLevenshtein(a, b) > 1
}

/** Indices of the edges at or above the threshold, strongest first; ties keep input order, so runs repeat. */
const strongestFirst = (edges: ScoredEdges, threshold: number): Uint32Array => {
  const kept: number[] = []
  for (let i = 0; i < edges.weight.length; i++) if (edges.weight[i]! >= threshold) kept.push(i)
  kept.sort((x, y) => edges.weight[y]! - edges.weight[x]! || x - y)
  return Uint32Array.from(kept)
}

/**
 * Clusters of three or more records in which some bridge (an edge whose removal disconnects them) is weak. The
 * edges inside clusters are laid out as flat arrays (each record's neighbours in one run), and the depth-first search
 * keeps its own stack, so a million records cost typed arrays rather than a map of objects and a long chain cannot
 * overflow the call stack.
 */
const weakBridgeClusters = (
  cluster: Int32Array,
  edges: ScoredEdges,
  order: Uint32Array,
  strongWeight: number,
): number[] => {
  const n = cluster.length
  const degree = new Int32Array(n)
  let inside = 0
  for (const e of order) {
    const l = edges.left[e]!
    const r = edges.right[e]!
    if (cluster[l] !== cluster[r]) continue
    degree[l]!++
    degree[r]!++
    inside++
  }
  // start[v]..start[v + 1]: the slots of v's neighbours (`to`) and the edges leading to them (`via`).
  const start = new Int32Array(n + 1)
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + degree[v]!
  const to = new Int32Array(2 * inside)
  const via = new Int32Array(2 * inside)
  const next = start.slice(0, n)
  for (const e of order) {
    const l = edges.left[e]!
    const r = edges.right[e]!
    if (cluster[l] !== cluster[r]) continue
    to[next[l]!] = r
    via[next[l]!++] = e
    to[next[r]!] = l
    via[next[r]!++] = e
  }
  // Records with an edge inside their cluster, per cluster: smaller clusters cannot hold a bridge worth flagging.
  const size = new Int32Array(n)
  for (let v = 0; v < n; v++) if (degree[v]! > 0) size[cluster[v]!]!++

  // Iterative Tarjan bridge-finding: discovery time and lowest reachable discovery time per record.
  const discovery = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const stackNode = new Int32Array(n)
  const stackVia = new Int32Array(n)
  const stackNext = new Int32Array(n)
  const flagged = new Set<number>()
  let time = 0
  for (let root = 0; root < n; root++) {
    if (degree[root] === 0 || discovery[root] !== -1 || size[cluster[root]!]! < 3) continue
    let top = 0
    stackNode[0] = root
    stackVia[0] = -1
    stackNext[0] = start[root]!
    discovery[root] = time
    low[root] = time++
    while (top >= 0) {
      const v = stackNode[top]!
      if (stackNext[top]! < start[v + 1]!) {
        const slot = stackNext[top]!++
        // Only the edge just come along is the way back; a second edge to the parent is a cycle.
        if (via[slot] === stackVia[top]) continue
        const w = to[slot]!
        if (discovery[w] !== -1) {
          if (discovery[w]! < low[v]!) low[v] = discovery[w]!
        } else {
          top++
          stackNode[top] = w
          stackVia[top] = via[slot]!
          stackNext[top] = start[w]!
          discovery[w] = time
          low[w] = time++
        }
        continue
      }
      const edge = stackVia[top]!
      top--
      if (top < 0) break
      const parentNode = stackNode[top]!
      if (low[v]! < low[parentNode]!) low[parentNode] = low[v]!
      if (low[v]! > discovery[parentNode]! && edges.weight[edge]! < strongWeight) flagged.add(cluster[v]!)
    }
  }
  return [...flagged].sort((x, y) => x - y)
}
