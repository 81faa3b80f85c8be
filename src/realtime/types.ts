import type { StandardisedRecord } from '../core/standardised.ts'
import type { PairScore, WaterfallRow } from '../model/index.ts'
import type {
  IndexEdge,
  IndexMeta,
  JusticeId,
  PersonEvent,
  PersonState,
  PersonView,
  RecordKey,
  ReviewDecision,
} from '../person-index/types.ts'

/**
 * What a caller sends to describe a person: the canonical record's fields without source and record id, as plain
 * JSON. Every field is optional; what is missing is simply no evidence.
 */
export interface RecordInput {
  forename?: string | null
  middleNames?: string[]
  surname?: string | null
  fullName?: string | null
  aliases?: string[]
  dateOfBirth?: string | null
  /**
   * A birth date in parts, as batch sources with year, month and day columns give it (roles `birthYear`,
   * `birthMonth`, `birthDay`), for when `dateOfBirth` is not known whole: the three make a date, a year alone is
   * still evidence. Numbers or text ("1962", 11, "Nov").
   */
  birthYear?: string | number | null
  birthMonth?: string | number | null
  birthDay?: string | number | null
  /** An age in whole years, where no birth date or year is known (a batch source's `age` column). */
  age?: number | null
  sex?: string | null
  addressLines?: string[]
  /** The town or city, as a batch source's town column gives it. */
  town?: string | null
  postcode?: string | null
  identifiers?: {
    pnc?: string | null
    cro?: string | null
    prisonNumber?: string | null
    crn?: string | null
    nino?: string | null
    other?: Record<string, string>
  }
  email?: string | null
  phone?: string | null
  /**
   * Other attributes batch linkage compares (a place of birth, an occupation), by name: the name is read as a
   * column header is (`Place of birth` and `place_of_birth` are one attribute), so the batch column `birth_place`
   * is the attribute `birth_place` here.
   */
  attributes?: Record<string, string>
}

export type MatchStatus = 'MATCH' | 'POSSIBLE_MATCH' | 'NO_MATCH'

export interface ComparisonExplanation {
  comparison: string
  /** The level the pair reached, e.g. "exact", "jaro-winkler >= 0.92", "null". */
  level: string
  /** Bits this comparison added, term-frequency adjustment included. */
  weight: number
}

export interface MatchCandidate {
  justiceId: JusticeId
  /** Probability that the probe is this person: from the person's best-scoring record. */
  matchProbability: number
  matchWeight: number
  status: MatchStatus
  /** The person's record that scored best. */
  recordKey: RecordKey
  comparisons: ComparisonExplanation[]
  /** The waterfall of the best pair: prior, each comparison, each tf adjustment, any guard. */
  waterfall: WaterfallRow[]
  guard: string | null
}

export interface MatchResult {
  /** The overall status: the best candidate's, or NO_MATCH when there is none. */
  status: MatchStatus
  candidates: MatchCandidate[]
  /** How many index records were scored (blocking's candidates), for transparency and tuning. */
  recordsScored: number
}

export interface MatchOptions {
  /** Candidates at most, best first (10 unless given). */
  limit?: number
  /**
   * The refusal of a record no blocking rule of the model gives a key (a sex and a town, say): it could never be
   * found, whoever it describes, so a caller should hear why rather than "no match". Match throws what this returns,
   * deciding on the probe it would score, before scoring; without it such a record matches nothing.
   */
  refuseUnsearchable?: () => Error
}

export interface PersonSummary {
  justiceId: JusticeId
  /** Display names, dates of birth and sources of the person's records (personal data: person:read only). */
  names: string[]
  datesOfBirth: string[]
  sources: string[]
  records: number
  /** How closely the person fits the search, 0..1. */
  score: number
}

/** A reviewer's decision as the review app sends it; the index gives it an id and a time. */
export type DecisionInput = Omit<ReviewDecision, 'id' | 'at'>

export interface WriteOutcome {
  /** The person the record now belongs to (null after a delete). */
  justiceId: JusticeId | null
  /** Every person event the write caused. */
  events: PersonEvent[]
}

/**
 * What the index in memory holds for the staff review queue (src/web/review-queue.ts): read here, a million records'
 * queue is made in about a second, where reading every edge, assignment and person from the store took a minute.
 */
export interface ReviewSource {
  /** Stored edges weighing at least `from` and less than `to`, each once (left < right); of `keys` when given. */
  edgesWeighing(from: number, to: number, keys?: readonly RecordKey[]): IndexEdge[]
  /** The person a record belongs to now; null when the index does not hold it. */
  personOf(key: RecordKey): JusticeId | null
  recordKeysOf(id: JusticeId): RecordKey[] | null
  /**
   * Active persons flagged as needing attention (of `ids` when given); null when the index does not hold persons
   * in memory (over PostgreSQL), for the store to be asked.
   */
  personsNeedingAttention(ids?: readonly JusticeId[]): PersonState[] | null
}

/**
 * The person index held in memory for real-time work: blocking keys of every record, so a match touches only the
 * records that share a key with the probe. Reads are synchronous-fast; writes go through the store in one
 * transaction each, one at a time, and update memory only after the store committed.
 */
export interface RealtimeIndex {
  /** The model and thresholds the index was linked with. */
  meta(): IndexMeta
  /** Scores two records with the index's model and term frequencies, as the batch engine scored them. */
  scoreRecords(left: StandardisedRecord, right: StandardisedRecord): PairScore
  match(input: RecordInput, options?: MatchOptions): MatchResult
  search(query: { name: string; dateOfBirth?: string; limit?: number }): PersonSummary[]
  person(id: JusticeId): Promise<PersonView | null>
  /**
   * The keys of an active person's records, from memory: null when no active person has this ID (never issued,
   * or merged into another: ask `person`, which follows aliases).
   */
  recordKeysOf(id: JusticeId): RecordKey[] | null
  upsert(source: string, recordId: string, input: RecordInput): Promise<WriteOutcome>
  /** Null when the record is not in the index. */
  remove(source: string, recordId: string): Promise<WriteOutcome | null>
  /**
   * Records a reviewer's decision on a pair and re-links both records' persons with it in force, in one batch.
   * Null when the index does not hold both records.
   */
  decide(decision: DecisionInput): Promise<WriteOutcome | null>
  stats(): { records: number; persons: number }
  /** The sources of the records held, from memory. */
  sources(): Set<string>
  /** What the review queue reads from memory; absent where the index holds no memory of its own. */
  readonly review?: ReviewSource
}
