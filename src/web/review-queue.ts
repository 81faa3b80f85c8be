import { recordOfKey } from '../core/record-key.ts'
import type {
  IndexEdge,
  IndexThresholds,
  JusticeId,
  PersonState,
  PersonStore,
  RecordKey,
} from '../person-index/types.ts'
import type { ReviewSource } from '../realtime/types.ts'
import { flagWords, guardWords } from './words.ts'

/**
 * The review queue: pairs of records in different persons whose stored match weight lies between the fracture and
 * join weights (the model was unsure), and persons flagged as needing attention. Built once, from the index in
 * memory where the server holds one (a second at a million records; read from the store, it took a minute), else
 * from the store; after a decision only the persons it touched are re-read, so a request never re-reads the whole
 * index.
 */

export interface PairItem {
  kind: 'pair'
  left: RecordKey
  right: RecordKey
  weight: number
  sources: string[]
  /** Why the pair is here, as a filter key: `uncertain`, `guard:<name>` or `second_review`. */
  reason: string
  /** The reviewer who could not tell, when the pair waits for a second reviewer. */
  firstReviewer: string | null
}

export interface ClusterItem {
  kind: 'cluster'
  justiceId: JusticeId
  records: number
  sources: string[]
  /** `flag:<clustering's reason>`. */
  reason: string
}

export type QueueItem = PairItem | ClusterItem

export interface QueueFilter {
  source?: string
  /** A reason key (`reasonWords` gives its words). */
  reason?: string
  /** Leaves out the pairs this reviewer could not tell: they wait for someone else. */
  reviewer?: string
}

/** A reason key in plain words, for the queue and its filter. */
export const reasonWords = (reason: string): string => {
  if (reason === 'second_review') return 'Second review: the first reviewer could not tell'
  if (reason.startsWith('guard:')) {
    const words = guardWords(reason.slice('guard:'.length))
    return `${words.charAt(0).toUpperCase()}${words.slice(1)}: kept apart until a person decides`
  }
  if (reason.startsWith('flag:')) return flagWords(reason.slice('flag:'.length))
  return 'The model is unsure whether these are the same person'
}

const sourceOf = (key: RecordKey): string => recordOfKey(key).source
const pairId = (left: RecordKey, right: RecordKey): string => `${left}\u0000${right}`

/** Where the queue learns which person holds a record, and which records a person holds. */
interface Assignments {
  personOf(key: RecordKey): JusticeId | undefined
  keysOf(ids: ReadonlySet<JusticeId>): Map<JusticeId, RecordKey[]>
  /** Takes in the store's word on records after a decision: `dropped` no longer held, `held` as they are now. */
  update(dropped: readonly RecordKey[], held: readonly { key: RecordKey; justiceId: JusticeId }[]): void
}

/** Every record's person, read from the store once and kept by `update`. */
const storeAssignments = (assignment: Map<RecordKey, JusticeId>): Assignments => ({
  personOf: (key) => assignment.get(key),
  keysOf: (ids) => {
    const members = new Map<JusticeId, RecordKey[]>()
    for (const [key, id] of assignment) if (ids.has(id)) members.set(id, [...(members.get(id) ?? []), key])
    return members
  },
  update: (dropped, held) => {
    for (const key of dropped) assignment.delete(key)
    for (const r of held) assignment.set(r.key, r.justiceId)
  },
})

/** The index in memory, which its writes keep current before a decision's refresh: nothing to update. */
const memoryAssignments = (source: ReviewSource): Assignments => ({
  personOf: (key) => source.personOf(key) ?? undefined,
  keysOf: (ids) => new Map([...ids].map((id) => [id, source.recordKeysOf(id) ?? []])),
  update: () => undefined,
})

export class ReviewQueue {
  private pairs = new Map<string, PairItem>()
  private clusters = new Map<JusticeId, ClusterItem>()
  private decided = new Set<string>()
  /** Pairs a reviewer could not tell, by pair, with that reviewer: they stay for a second reviewer. */
  private secondReview = new Map<string, string>()
  private sorted: QueueItem[] | null = null

  private constructor(
    private readonly store: PersonStore,
    readonly thresholds: IndexThresholds,
    private readonly assignment: Assignments,
    private readonly source: ReviewSource | null,
  ) {}

  /** From `source`, the index in memory, when given (and the store for decisions); else from the store alone. */
  static async build(
    store: PersonStore,
    thresholds: IndexThresholds,
    source?: ReviewSource,
  ): Promise<ReviewQueue> {
    const queue = source
      ? new ReviewQueue(store, thresholds, memoryAssignments(source), source)
      : new ReviewQueue(store, thresholds, storeAssignments(await store.assignments()), null)
    for (const d of await store.decisions())
      if (d.outcome === 'cannot_tell') queue.secondReview.set(pairId(d.left, d.right), d.reviewer)
      else queue.decided.add(pairId(d.left, d.right))
    queue.addEdges(await queue.edges())
    queue.addPersons(await queue.flagged())
    return queue
  }

  /** The edges that may be uncertain pairs: of `keys` when given, else all. */
  private async edges(keys?: readonly RecordKey[]): Promise<IndexEdge[]> {
    const { fracture, join } = this.thresholds
    if (this.source) return this.source.edgesWeighing(fracture, join, keys)
    return this.store.edges(keys)
  }

  /** Persons that may be flagged: of `ids` when given, else all. */
  private async flagged(ids?: readonly JusticeId[]): Promise<PersonState[]> {
    return this.source?.personsNeedingAttention(ids) ?? (await this.store.persons(ids))
  }

  /** Items in working order: uncertain pairs nearest the join weight first, then the largest flagged persons. */
  items(filter: QueueFilter = {}): QueueItem[] {
    this.sorted ??= [
      ...[...this.pairs.values()].sort(
        (a, b) =>
          Math.abs(this.thresholds.join - a.weight) - Math.abs(this.thresholds.join - b.weight) ||
          a.left.localeCompare(b.left) ||
          a.right.localeCompare(b.right),
      ),
      ...[...this.clusters.values()].sort(
        (a, b) => b.records - a.records || a.justiceId.localeCompare(b.justiceId),
      ),
    ]
    return this.sorted.filter(
      (item) =>
        (!filter.source || item.sources.includes(filter.source)) &&
        (!filter.reason || item.reason === filter.reason) &&
        !(filter.reviewer && item.kind === 'pair' && item.firstReviewer === filter.reviewer),
    )
  }

  sources(): string[] {
    return [...new Set(this.items().flatMap((i) => i.sources))].sort()
  }

  reasons(): string[] {
    return [...new Set(this.items().map((i) => i.reason))].sort()
  }

  pair(left: RecordKey, right: RecordKey): PairItem | null {
    return this.pairs.get(pairId(left, right)) ?? null
  }

  /**
   * Re-reads what a decision changed: the decided pair leaves the queue (or, when its reviewer could not tell, waits
   * for a second reviewer), and the persons named are re-read with their records' edges (records may have moved
   * between them).
   */
  async refresh(
    decidedPair: [RecordKey, RecordKey] | null,
    personIds: readonly JusticeId[],
    cannotTellBy: string | null = null,
  ): Promise<void> {
    if (decidedPair) {
      const id = pairId(...decidedPair)
      if (cannotTellBy === null) {
        this.decided.add(id)
        this.secondReview.delete(id)
      } else {
        this.decided.delete(id)
        this.secondReview.set(id, cannotTellBy)
      }
    }
    const ids = [...new Set(personIds)]
    const persons = ids.length > 0 ? await this.flagged(ids) : []
    const keys = new Set<RecordKey>(decidedPair ?? [])
    for (const members of this.assignment.keysOf(new Set(ids)).values())
      for (const key of members) keys.add(key)
    if (!this.source) {
      const records = keys.size > 0 ? await this.store.recordsByKey([...keys]) : []
      this.assignment.update([...keys], records)
      for (const id of ids) {
        const ofPerson = await this.store.person(id)
        for (const r of ofPerson?.records ?? []) keys.add(r.key)
        this.assignment.update([], ofPerson?.records ?? [])
      }
    }
    for (const [id, item] of this.pairs)
      if (keys.has(item.left) || keys.has(item.right)) this.pairs.delete(id)
    for (const id of ids) this.clusters.delete(id)
    if (keys.size > 0) this.addEdges(await this.edges([...keys]))
    this.addPersons(persons)
    this.sorted = null
  }

  private addEdges(edges: readonly IndexEdge[]): void {
    const { fracture, join } = this.thresholds
    for (const e of edges) {
      if (e.weight < fracture || e.weight >= join) continue
      const id = pairId(e.left, e.right)
      if (this.decided.has(id)) continue
      const l = this.assignment.personOf(e.left)
      const r = this.assignment.personOf(e.right)
      if (l === undefined || r === undefined || l === r) continue
      const firstReviewer = this.secondReview.get(id) ?? null
      this.pairs.set(id, {
        kind: 'pair',
        left: e.left,
        right: e.right,
        weight: e.weight,
        sources: [...new Set([sourceOf(e.left), sourceOf(e.right)])].sort(),
        reason: firstReviewer !== null ? 'second_review' : e.guard ? `guard:${e.guard}` : 'uncertain',
        firstReviewer,
      })
    }
  }

  private addPersons(persons: readonly PersonState[]): void {
    const needing = new Set(
      persons.filter((p) => p.status === 'active' && p.needsAttention).map((p) => p.justiceId),
    )
    if (needing.size === 0) return
    const members = this.assignment.keysOf(needing)
    for (const p of persons) {
      if (!needing.has(p.justiceId)) continue
      const keys = members.get(p.justiceId) ?? []
      this.clusters.set(p.justiceId, {
        kind: 'cluster',
        justiceId: p.justiceId,
        records: keys.length,
        sources: [...new Set(keys.map(sourceOf))].sort(),
        reason: `flag:${p.attentionReason ?? 'needs_attention'}`,
      })
    }
  }
}
