import type { BlockingRule } from '../blocking/rule.ts'
import { JustIdError } from '../core/errors.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { type PairScore, scorePair } from '../model/score.ts'
import type { TermFrequencyLookup } from '../model/term-frequency.ts'
import type { IndexMeta, JusticeId, PersonIndexStore, RecordKey } from '../person-index/types.ts'
import { hasBlockingKey } from './blocking-keys.ts'
import { matchResult, scoreCandidates, tfLookupOf } from './matching.ts'
import { IndexMemory } from './memory-state.ts'
import { PersonViews } from './person-views.ts'
import { standardiseForModel, standardiseInput } from './probe.ts'
import { displayName, SEARCH_RULES, searchScorer } from './search.ts'
import {
  readSnapshot,
  rulesDigest,
  type SnapshotIdentity,
  type SnapshotState,
  writeSnapshot,
} from './snapshot.ts'
import type {
  DecisionInput,
  MatchOptions,
  MatchResult,
  PersonSummary,
  RealtimeIndex,
  RecordInput,
  ReviewSource,
  WriteOutcome,
} from './types.ts'
import { type PlannedWrite, planDecision, planRemove, planUpsert, type WriteContext } from './writes.ts'

export interface RealtimeIndexOptions {
  /** A key shared by more records than this is skipped: too common to be evidence. Default 1,000. */
  maxCandidates?: number
  /**
   * A snapshot file of the memory (snapshot.ts): read when it was taken from the index as it is, else written after
   * loading from the store, and written again on close when writes changed the index.
   */
  snapshot?: string
  /** Hears where the memory came from: the snapshot, or the store and why the snapshot was not used. */
  onLoad?: (message: string) => void
}

export interface OpenRealtimeIndex extends RealtimeIndex {
  /** Key buckets skipped for size since the index opened, to tune blocking rules and `maxCandidates`. */
  oversizedBuckets(): number
  close(): Promise<void>
}

const DEFAULT_MAX_CANDIDATES = 1000

/**
 * Loads the person index into memory and serves matches, searches and writes from it. Writes are queued one at a
 * time; each commits to the store first and changes memory only once it has, so a read sees the index before or
 * after a write, never half of one.
 */
export const openRealtimeIndex = async (
  store: PersonIndexStore,
  options: RealtimeIndexOptions = {},
): Promise<OpenRealtimeIndex> => {
  const meta = await store.meta()
  if (meta === null) {
    throw new JustIdError('usage', 'the index holds no model: run justid link --index first')
  }
  const tf = tfLookupOf(await store.termFrequencies())
  const rules = [...meta.model.blockingRules, ...SEARCH_RULES]
  const identity = options.snapshot ? { mark: await store.changeMark(), rules: rulesDigest(rules) } : null
  // Persons are read from memory where this process is the index's only writer (person-views.ts).
  const withViews = store.kind === 'embedded'
  let loaded =
    options.snapshot && identity
      ? fromSnapshot(options.snapshot, identity, rules, withViews, options.onLoad)
      : null
  if (!loaded) {
    const memory = await fromStore(store, rules)
    loaded = { memory, views: withViews ? await PersonViews.load(store, memory) : null }
    if (options.snapshot && identity) saveSnapshot(options.snapshot, identity, loaded, options.onLoad)
  }
  return new MemoryIndex(store, meta, tf, loaded.memory, loaded.views, options)
}

interface Loaded {
  memory: IndexMemory
  views: PersonViews | null
}

const stateOf = ({ memory, views }: Loaded): SnapshotState => ({
  memory: memory.exportState(),
  views: views?.exportState() ?? null,
})

/**
 * Writes the snapshot, or says why it could not (a full disk, say): the index itself is intact, and the next start
 * loads it from the store.
 */
const saveSnapshot = (
  path: string,
  identity: SnapshotIdentity,
  loaded: Loaded,
  onLoad: RealtimeIndexOptions['onLoad'],
): void => {
  try {
    writeSnapshot(path, identity, stateOf(loaded))
    onLoad?.(`wrote the snapshot ${path}`)
  } catch (e) {
    onLoad?.(
      `could not write the snapshot ${path} (${e instanceof Error && 'code' in e ? e.code : 'error'}); ` +
        'the next start loads the index from the store',
    )
  }
}

const fromStore = async (store: PersonIndexStore, rules: readonly BlockingRule[]): Promise<IndexMemory> => {
  const memory = new IndexMemory(rules, await store.recordCount())
  for await (const chunk of store.records()) {
    for (const r of chunk) memory.putRecord(r.key, r.record, r.justiceId)
  }
  for (const edge of await store.edges()) memory.addEdge(edge)
  return memory
}

/** Records checked against the snapshot's key indexes: catches keys this version derives otherwise. */
const SPOT_CHECKS = 200

const KEYS_DIFFER = 'its key indexes differ from the keys this version of JustID derives'

const fromSnapshot = (
  path: string,
  identity: SnapshotIdentity,
  rules: readonly BlockingRule[],
  withViews: boolean,
  onLoad: RealtimeIndexOptions['onLoad'],
): Loaded | null => {
  const read = readSnapshot(path, identity)
  let refused = 'refused' in read ? read.refused : null
  if ('state' in read) {
    try {
      if (withViews && !read.state.views) refused = 'it holds no persons for person reads'
      else {
        const memory = IndexMemory.fromState(rules, read.state.memory)
        if (memory.keysDifferFrom(SPOT_CHECKS)) refused = KEYS_DIFFER
        else {
          const views = withViews && read.state.views ? PersonViews.fromState(memory, read.state.views) : null
          onLoad?.(`read the index from its snapshot ${path}`)
          return { memory, views }
        }
      }
    } catch (e) {
      refused = `its contents do not fit together (${e instanceof Error ? e.message : 'unknown error'})`
    }
  }
  onLoad?.(`not using the snapshot ${path}: ${refused}; loading the index from the store`)
  return null
}

class MemoryIndex implements OpenRealtimeIndex {
  private writes: Promise<unknown> = Promise.resolve()
  private oversized = 0
  private readonly context: WriteContext
  private readonly maxCandidates: number
  /** Whether writes changed the index since the snapshot was read or written. */
  private changed = false

  constructor(
    private readonly store: PersonIndexStore,
    private readonly indexMeta: IndexMeta,
    private readonly tf: TermFrequencyLookup,
    private readonly memory: IndexMemory,
    private readonly views: PersonViews | null,
    private readonly options: RealtimeIndexOptions,
  ) {
    this.maxCandidates = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES
    this.context = {
      memory,
      store,
      meta: indexMeta,
      tf,
      ruleCount: indexMeta.model.blockingRules.length,
      maxCandidates: this.maxCandidates,
    }
  }

  readonly review: ReviewSource = {
    edgesWeighing: (from, to, keys) =>
      this.memory.edgesWeighing(
        from,
        to,
        keys?.map((k) => this.memory.slotOf(k)).filter((slot): slot is number => slot !== undefined),
      ),
    personOf: (key) => {
      const slot = this.memory.slotOf(key)
      return slot === undefined ? null : this.memory.personOfSlot(slot)
    },
    recordKeysOf: (id) => this.recordKeysOf(id),
    personsNeedingAttention: (ids) => this.views?.needingAttention(ids) ?? null,
  }

  match(input: RecordInput, options: MatchOptions = {}): MatchResult {
    const probe = standardiseForModel('probe', 'probe', input, this.indexMeta.model)
    if (options.refuseUnsearchable && !hasBlockingKey(probe, this.indexMeta.model.blockingRules))
      throw options.refuseUnsearchable()
    const { scored, oversized } = scoreCandidates(
      this.memory,
      this.indexMeta.model,
      this.tf,
      probe,
      this.context.ruleCount,
      this.maxCandidates,
    )
    this.oversized += oversized
    return matchResult(this.memory, this.indexMeta.model, scored, options.limit ?? 10)
  }

  search(query: { name: string; dateOfBirth?: string; limit?: number }): PersonSummary[] {
    const probe = standardiseInput('search', 'search', {
      fullName: query.name,
      dateOfBirth: query.dateOfBirth ?? null,
    })
    const best = new Map<JusticeId, number>()
    const score = searchScorer(probe)
    // A record found by several rules (its surname and the sound of it) is scored once: its score is the same.
    const scored = new Set<number>()
    const read = (slot: number) => this.memory.searchFields(slot)
    const first = this.context.ruleCount
    for (let rule = first; rule < first + SEARCH_RULES.length; rule++) {
      const slots = this.memory.candidates(rule, probe, this.maxCandidates, read)
      if (slots === null) {
        this.oversized++
        continue
      }
      for (const slot of slots) {
        if (scored.has(slot)) continue
        scored.add(slot)
        const fit = score(read(slot))
        const person = fit === null ? null : this.memory.personOfSlot(slot)
        if (fit === null || person === null) continue
        if (fit > (best.get(person) ?? -1)) best.set(person, fit)
      }
    }
    return [...best]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, query.limit ?? 20)
      .map(([justiceId, score]) => this.summary(justiceId, score))
  }

  meta(): IndexMeta {
    return this.indexMeta
  }

  scoreRecords(left: StandardisedRecord, right: StandardisedRecord): PairScore {
    return scorePair(this.indexMeta.model, left, right, this.tf)
  }

  recordKeysOf(id: JusticeId): RecordKey[] | null {
    const slots = this.memory.recordsOf(id)
    return slots.length === 0 ? null : slots.map((slot) => this.memory.key(slot))
  }

  async person(id: JusticeId) {
    return this.views ? this.views.view(id) : this.store.person(id)
  }

  upsert(source: string, recordId: string, input: RecordInput): Promise<WriteOutcome> {
    return this.serialise(async () => this.commit(await planUpsert(this.context, source, recordId, input)))
  }

  remove(source: string, recordId: string): Promise<WriteOutcome | null> {
    return this.serialise(async () => {
      const planned = await planRemove(this.context, source, recordId)
      return planned === null ? null : this.commit(planned)
    })
  }

  decide(decision: DecisionInput): Promise<WriteOutcome | null> {
    return this.serialise(async () => {
      const planned = await planDecision(this.context, decision)
      return planned === null ? null : this.commit(planned)
    })
  }

  stats(): { records: number; persons: number } {
    return { records: this.memory.recordTotal, persons: this.memory.personTotal }
  }

  sources(): Set<string> {
    return this.memory.sources()
  }

  oversizedBuckets(): number {
    return this.oversized
  }

  /** Waits for queued writes and brings the snapshot up to date; the store stays open, as its owner closes it. */
  async close(): Promise<void> {
    await this.writes.catch(() => undefined)
    const { snapshot } = this.options
    if (!snapshot || !this.changed) return
    const rules = [...this.indexMeta.model.blockingRules, ...SEARCH_RULES]
    const identity = { mark: await this.store.changeMark(), rules: rulesDigest(rules) }
    saveSnapshot(snapshot, identity, { memory: this.memory, views: this.views }, this.options.onLoad)
    this.changed = false
  }

  private async commit(planned: PlannedWrite): Promise<WriteOutcome> {
    await this.store.applyBatch(planned.batch)
    this.changed = true
    planned.apply()
    this.views?.apply(planned.batch)
    return planned.outcome
  }

  /** Runs writes one after another; a failed write does not stop the ones queued after it. */
  private serialise<T>(write: () => Promise<T>): Promise<T> {
    const run = this.writes.then(write, write)
    this.writes = run.catch(() => undefined)
    return run
  }

  private summary(justiceId: JusticeId, score: number): PersonSummary {
    const records = this.memory.recordsOf(justiceId).map((slot) => this.memory.record(slot))
    const unique = (values: (string | null)[]) =>
      [...new Set(values.filter((v): v is string => v !== null && v !== ''))].sort()
    return {
      justiceId,
      names: unique(records.map(displayName)),
      datesOfBirth: unique(records.map((r) => r.dateOfBirth)),
      sources: unique(records.map((r) => r.source)),
      records: records.length,
      score,
    }
  }
}
