import { parseJusticeId } from '../../person-index/justice-id.ts'
import type {
  IndexEdge,
  IndexThresholds,
  JusticeId,
  PersonStore,
  PersonView,
} from '../../person-index/types.ts'
import { displayName } from '../../realtime/search.ts'
import type { PersonSummary, RealtimeIndex } from '../../realtime/types.ts'
import type { IdentifierQuery } from '../search.ts'
import { identifierOf } from '../search.ts'
import { type TimelineItem, timelineOf } from '../timeline.ts'

const RECORD_KEY = /^[a-z0-9_-]{1,40}:\S{1,100}$/i

/** What a search finds: one person to go to, or a list (with the identifier the query was read as, if any). */
export type SearchOutcome =
  | { kind: 'person'; justiceId: JusticeId }
  | { kind: 'results'; persons: PersonSummary[]; identifier: IdentifierQuery | null }

/** A person's links as the cluster page shows them, weakest first, with the weights that name them. */
export interface PersonLinks {
  edges: IndexEdge[]
  /** Links below the strong weight and not held by a guard: what "confirm" would decide. */
  weak: IndexEdge[]
  thresholds: IndexThresholds
}

/** Finding and reading persons: search, a person's page, their history and their links. */
export interface PersonService {
  search(q: string, dateOfBirth: string | null): Promise<SearchOutcome>
  /** The person a Justice ID names (a merged ID finds its survivor), or null. */
  person(justiceId: string): Promise<PersonView | null>
  /** The person's events and the reviewers' decisions on their records, newest first. */
  history(view: PersonView): Promise<TimelineItem[]>
  links(view: PersonView): Promise<PersonLinks>
}

export const createPersonService = (
  index: RealtimeIndex,
  store: Pick<PersonStore, 'recordsByKey' | 'edges' | 'decisions'>,
): PersonService => {
  /**
   * The persons holding a record with this identifier: the index finds candidates through the identifier's
   * blocking key, and only persons with a record that holds exactly this number are kept.
   */
  const byIdentifier = async (id: IdentifierQuery): Promise<PersonSummary[]> => {
    const { candidates } = index.match({ identifiers: { [id.kind]: id.value } }, { limit: 50 })
    const found: PersonSummary[] = []
    for (const c of candidates) {
      const keys = index.recordKeysOf(c.justiceId as JusticeId) ?? []
      const records = (await store.recordsByKey(keys)).map((r) => r.record)
      if (!records.some((r) => r[id.kind] === id.value)) continue
      const unique = (values: (string | null)[]) =>
        [...new Set(values.filter((v): v is string => v !== null && v !== ''))].sort()
      found.push({
        justiceId: c.justiceId,
        names: unique(records.map(displayName)),
        datesOfBirth: unique(records.map((r) => r.dateOfBirth)),
        sources: unique(records.map((r) => r.source)),
        records: records.length,
        score: 1,
      })
    }
    return found
  }

  return {
    async search(q, dateOfBirth) {
      const id = parseJusticeId(q)
      if (id) return { kind: 'person', justiceId: id }
      if (RECORD_KEY.test(q)) {
        const [record] = await store.recordsByKey([q])
        if (record) return { kind: 'person', justiceId: record.justiceId }
      }
      const identifier = identifierOf(q)
      const persons = identifier
        ? await byIdentifier(identifier)
        : index.search({ name: q, ...(dateOfBirth ? { dateOfBirth } : {}), limit: 50 })
      return { kind: 'results', persons, identifier }
    },

    person: (raw) => index.person(raw),

    history: async (view) => timelineOf(view.events, await store.decisions(view.records.map((r) => r.key))),

    async links(view) {
      const keys = new Set(view.records.map((r) => r.key))
      const thresholds = index.meta().thresholds
      // Pairs scored strongly against one person are stored for clustering, not as links of the person.
      const edges = (await store.edges([...keys]))
        .filter(
          (e) =>
            keys.has(e.left) && keys.has(e.right) && (e.guard !== null || e.weight >= thresholds.fracture),
        )
        .sort((a, b) => a.weight - b.weight)
      return { edges, weak: edges.filter((e) => e.weight < thresholds.strong && !e.guard), thresholds }
    },
  }
}
