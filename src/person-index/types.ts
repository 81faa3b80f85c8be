import type { EnteredRecord } from '../core/entered-record.ts'
import type { RecordKey } from '../core/record-key.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import type { LinkageModel } from '../model/index.ts'
import type { WeightThresholds } from '../model/thresholds.ts'
import type { AuditAction } from './audit-actions.ts'

/**
 * The person index: the persistent state behind Justice IDs. Records (standardised, so real-time matching and
 * incremental adds never re-read the sources), which person each record belongs to, the persons themselves with
 * their history, the scored pairs that hold persons together, and the model and term frequencies that scored them.
 *
 * One interface, two stores: an embedded DuckDB file (no server) and PostgreSQL (many users). Both pass the same
 * behaviour tests.
 */

/** An opaque, random person identifier with a check character; see src/person-index/justice-id.ts and docs/person-index.md. */
export type JusticeId = string

/** A record's key in the index: `<source>:<recordId>`, the same key the link outputs use. */
export type { RecordKey }

export type PersonStatus = 'active' | 'merged' | 'retired'

export interface PersonState {
  justiceId: JusticeId
  /** `merged`: the ID became an alias of `mergedInto`; `retired`: the person has no records left. */
  status: PersonStatus
  mergedInto: JusticeId | null
  /** The person's records no longer hold together well (a flag of the clustering); a reviewer should look. */
  needsAttention: boolean
  /** Why it needs attention (a clustering flag such as weak_bridge), or null. */
  attentionReason: string | null
  /** ISO 8601 timestamps. */
  createdAt: string
  updatedAt: string
}

/** What can happen to a person, as the store keeps it and the API returns it. */
export const PERSON_EVENT_KINDS = [
  'created',
  'record_added',
  'record_moved',
  'record_removed',
  'merged',
  'split',
  'needs_attention',
  'resolved',
] as const
export type PersonEventKind = (typeof PERSON_EVENT_KINDS)[number]

/** One change in a person's history. Events are only ever appended. */
export interface PersonEvent {
  justiceId: JusticeId
  kind: PersonEventKind
  /** The record concerned, for record_added / record_moved / record_removed. */
  recordKey: RecordKey | null
  /**
   * The other person concerned: for `merged`, on the surviving ID, the ID merged into it (and on the alias, the
   * survivor); for `split`, on the new ID, the ID it split from (and on the old one, the new ID); for
   * `record_moved`, the person the record came from.
   */
  otherJusticeId: JusticeId | null
  /** Why, in words a reviewer can read; never personal data. */
  reason: string
  at: string
  batchId: string
}

/** A stored event, numbered in the order it was written. */
export interface StoredPersonEvent extends PersonEvent {
  seq: number
}

export interface IndexRecord {
  key: RecordKey
  source: string
  recordId: string
  justiceId: JusticeId
  record: StandardisedRecord
  /**
   * The values as the source entered them, for people to read. Read back: null when the index holds none (a record
   * stored before they were kept), absent when the read left them out (bulk reads for matching). Written: absent
   * keeps what the index holds for the record (a record moved to another person is not re-read from its source).
   */
  entered?: EnteredRecord | null
  /**
   * `record` and `entered` as the index stores them (JSON), when the writer has them as text already (a batch run's
   * records, made by DuckDB): written as they are, not parsed and serialised again. `enteredJson` stands for
   * `entered` when given.
   */
  recordJson?: string
  enteredJson?: string
  updatedAt: string
}

/**
 * A scored pair kept in the index: every pair at or above the fracture weight, every guarded pair, and every pair
 * scored strongly against one person (at or below `CONTRADICTION_WEIGHT`, src/cluster), which clustering needs.
 */
export interface IndexEdge {
  /** left < right (string order), so a pair is stored once. */
  left: RecordKey
  right: RecordKey
  weight: number
  /** The guard that capped the pair (likely twins or relatives): the two are never put in one person. */
  guard: string | null
}

/** Match weights (bits) that govern joining and leaving a person. */
/** The weights the index links with (src/model/thresholds.ts). */
export type IndexThresholds = WeightThresholds

export interface IndexMeta {
  model: LinkageModel
  thresholds: IndexThresholds
  createdAt: string
  updatedAt: string
}

/** What an index holds of its model, read by a run that replaces it: either part may no longer validate. */
export type ReplaceableIndexMeta = Omit<IndexMeta, 'model' | 'thresholds'> & {
  model: LinkageModel | null
  thresholds: IndexThresholds | null
}

/** Term frequencies as stored: column → value → share of records holding it. */
export type StoredTermFrequencies = Map<string, Map<string, number>>

export type BatchKind = 'link' | 'add' | 'upsert' | 'delete' | 'decision'

/**
 * One write to the index, applied in one transaction: either all of it is visible afterwards or none of it.
 */
export interface IndexBatch {
  id: string
  kind: BatchKind
  at: string
  /** Inserted or replaced, by key. */
  upsertRecords: IndexRecord[]
  /** Keys of records deleted from the index (their edges go with them). */
  deleteRecords: RecordKey[]
  /** Only the persons whose state changed; inserted or replaced by Justice ID. */
  upsertPersons: PersonState[]
  events: PersonEvent[]
  /**
   * Edges: every stored edge touching any of `replaceEdgesOf` is removed, then `edges` are inserted. 'all' replaces
   * every edge (a full batch run).
   */
  replaceEdgesOf: RecordKey[] | 'all'
  edges: IndexEdge[]
  /** Written when given (a batch link stores its model and thresholds). */
  meta?: IndexMeta
  /** Replaces all stored term frequencies when given. */
  termFrequencies?: StoredTermFrequencies
  /** Reviewers' decisions, appended with the re-linking they cause, so neither is stored without the other. */
  decisions?: ReviewDecision[]
  /**
   * More records (each with its entered values) and edges, written by a batch run straight from its own tables as
   * Parquet files with the columns of index_records and index_edges in table order: a million records are loaded in
   * bulk rather than passed row by row through JavaScript. Written as `upsertRecords` and `edges` are.
   */
  files?: { records?: TableFile; edges?: TableFile }
}

/** A Parquet file of rows for one table of the index, and how many it holds. */
export interface TableFile {
  path: string
  rows: number
}

/** Records a batch writes, in `upsertRecords` and in its records file. */
export const recordsWrittenBy = (batch: IndexBatch): number =>
  batch.upsertRecords.length + (batch.files?.records?.rows ?? 0)

/** A person as read back: `requested` is the ID asked for, which may be an alias of `person.justiceId`. */
export interface StoredEnteredValues {
  key: RecordKey
  enteredJson: string | null
  updatedAt: string
}

export interface PersonView {
  requested: JusticeId
  person: PersonState
  /** IDs merged into this person, which still resolve to it. */
  aliases: JusticeId[]
  records: IndexRecord[]
  events: StoredPersonEvent[]
}

export type ApiScope =
  | 'match'
  | 'person:read'
  | 'record:write'
  | 'admin'
  | 'custody:read'
  | `eligibility:${string}`

export interface ApiClient {
  id: string
  name: string
  scopes: ApiScope[]
  /** Requests allowed per minute. */
  rateLimitPerMinute: number
  createdAt: string
  disabled: boolean
}

export type { AuditAction }

export interface AuditEntryInput {
  at: string
  /** The API client or staff user who acted. */
  actor: string
  action: AuditAction
  justiceIds: JusticeId[]
  /** The purpose the caller gave (the X-Purpose header), or null. */
  purpose: string | null
  /** HTTP status or outcome code. */
  outcome: string
}

/**
 * An entry as stored. Its action is read back as written, listed or not: the hash covers it, and a log written before
 * an action was listed (or renamed) must stay readable and verifiable (`justid audit verify`).
 */
export interface AuditEntry extends Omit<AuditEntryInput, 'action'> {
  action: string
  seq: number
  /** sha256 hex of the previous entry's hash and this entry's canonical JSON; the chain makes edits evident. */
  prevHash: string
  hash: string
}

export interface AuditVerification {
  ok: boolean
  entries: number
  /** The first entry whose hash does not follow from its content and predecessor. */
  firstBadSeq: number | null
  reason: string | null
}

/** `custody`: staff who see the custody violence estimate and record placement decisions (docs/custody-estimate.md). */
export type StaffRole = 'reviewer' | 'analyst' | 'admin' | 'custody'

/** A member of staff who signs in to the review app. Passwords are kept only as a scrypt hash. */
export interface StaffUser {
  username: string
  displayName: string
  role: StaffRole
  createdAt: string
  disabled: boolean
}

/** Failed sign-ins to one username since its last success, and when a lockout they caused ends. */
export interface SignInState {
  failures: number
  /** ISO time; null when not locked. */
  lockedUntil: string | null
}

export type ReviewOutcome = 'same_person' | 'not_same_person' | 'cannot_tell'

/**
 * A reviewer's decision on a pair of records. `same_person` and `not_same_person` bind every later batch,
 * incremental add and real-time write (must-link / cannot-link); `cannot_tell` records the look without binding.
 * Decisions are only ever appended: the newest decision on a pair is the one in force.
 */
export interface ReviewDecision {
  id: string
  /** left < right (string order). */
  left: RecordKey
  right: RecordKey
  outcome: ReviewOutcome
  reviewer: string
  /** Why; required when the decision overrules the model. */
  reason: string
  at: string
  /** The pair's match weight when decided, for evaluating the model against reviewers. */
  matchWeight: number | null
}

/**
 * The kinds of justice event the source systems report. A `custody_incident` is a violent incident in custody on
 * its start date, its detail `<kind>:<role>` (src/custody/incidents.ts).
 */
export type JusticeEventType = 'court_case' | 'custody' | 'probation_supervision' | 'custody_incident'

/**
 * One event of a source record's history (a court case, a custody period, a supervision), keyed by the record that
 * reports it. Eligibility rules read these through the person's linked records.
 */
export interface JusticeEvent {
  source: string
  recordId: string
  /** `<source>:<recordId>`. */
  recordKey: RecordKey
  eventType: JusticeEventType
  /** ISO yyyy-mm-dd. */
  startDate: string
  /** ISO yyyy-mm-dd; null while ongoing. */
  endDate: string | null
  detail: string
}

/** The persons part of the index: its model, records, persons, pairs, events and reviewers' decisions. */
export interface PersonStore {
  meta(): Promise<IndexMeta | null>
  /**
   * For a run that replaces the model (`--retrain`, `--model`): a stored model that no longer validates is no error,
   * its `model` is null, so that an index is always recoverable.
   */
  metaForReplacement(): Promise<ReplaceableIndexMeta | null>
  termFrequencies(): Promise<StoredTermFrequencies>
  /** Every record, in chunks, in key order. */
  records(chunkSize?: number): AsyncIterable<IndexRecord[]>
  recordsByKey(keys: readonly RecordKey[]): Promise<IndexRecord[]>
  /**
   * Every record's entered values as stored (JSON text, unchecked: the reader checks a record's when it shows it)
   * and when it was last written, in key order: what a person read needs beyond the records matching holds.
   */
  enteredValues(chunkSize?: number): AsyncIterable<StoredEnteredValues[]>
  /** A text that every committed batch changes (and a new index has its own): what a snapshot was taken of. */
  changeMark(): Promise<string>
  recordCount(): Promise<number>
  /** record key → Justice ID, for every record. */
  assignments(): Promise<Map<RecordKey, JusticeId>>
  /** Persons by ID (no alias resolution); all when `ids` is omitted. */
  persons(ids?: readonly JusticeId[]): Promise<PersonState[]>
  /** Edges with either end among `keys`; all when omitted. */
  edges(keys?: readonly RecordKey[]): Promise<IndexEdge[]>
  /** A person by Justice ID, following merged IDs to the survivor; null when the ID was never issued. */
  person(id: JusticeId): Promise<PersonView | null>
  /** Events in write order, optionally of some persons only. */
  events(ids?: readonly JusticeId[]): Promise<StoredPersonEvent[]>
  applyBatch(batch: IndexBatch): Promise<void>

  /** Of `keys`, those removed from the index since `since` (ISO), with the Justice ID each had then. */
  removedRecords(keys: readonly RecordKey[], since: string): Promise<Map<RecordKey, JusticeId>>

  /** Decisions in force: the newest per pair, of pairs touching `keys` when given, else all. */
  decisions(keys?: readonly RecordKey[]): Promise<ReviewDecision[]>
}

/** The API clients of `justid serve` and their secret hashes. */
export interface ApiClientStore {
  addClient(client: ApiClient, secretHash: string): Promise<void>
  client(id: string): Promise<{ client: ApiClient; secretHash: string } | null>
  clients(): Promise<ApiClient[]>
  /** Disables or enables a client, or replaces its secret hash; false when there is no such client. */
  updateClient(id: string, change: { disabled?: boolean; secretHash?: string }): Promise<boolean>
}

/** The append-only, hash-chained audit log. */
export interface AuditLogStore {
  /** Appends entries to the audit log in one transaction, chaining each to the one before; returns them stored. */
  appendAudit(entries: readonly AuditEntryInput[]): Promise<AuditEntry[]>
  auditEntries(fromSeq?: number, chunkSize?: number): AsyncIterable<AuditEntry[]>
  /** Checks the hash chain, and that it passes through each signed checkpoint given. */
  verifyAudit(checkpoints?: readonly { seq: number; hash: string }[]): Promise<AuditVerification>
  /** The newest entry's sequence number and hash, or null when the log is empty. */
  auditHead(): Promise<{ seq: number; hash: string } | null>
}

/** Justice events (custody, sentences, orders) by record, for eligibility. */
export interface JusticeEventStore {
  /** Adds events, replacing any with the same record, type and start date (so a reload does not duplicate). */
  addJusticeEvents(events: readonly JusticeEvent[]): Promise<void>
  /** The events of the given records, by record key then start date. */
  justiceEvents(recordKeys: readonly RecordKey[]): Promise<JusticeEvent[]>
  /** Every justice event, for a server that keeps them in memory. */
  allJusticeEvents(): Promise<JusticeEvent[]>
}

/** Staff of the review app: accounts, password hashes and sign-in lockouts. */
export interface StaffStore {
  addStaffUser(user: StaffUser, passwordHash: string): Promise<void>
  staffUser(username: string): Promise<{ user: StaffUser; passwordHash: string } | null>
  staffUsers(): Promise<StaffUser[]>
  /** Disables or enables a user, or replaces their password hash; false when there is no such user. */
  updateStaffUser(username: string, change: { disabled?: boolean; passwordHash?: string }): Promise<boolean>
  /** Failed sign-ins in a row and the lockout in force, by username (known or not); null when none. */
  signInState(username: string): Promise<SignInState | null>
  /** Records the state after a sign-in attempt; null clears it (a success, or an admin's unlock). */
  setSignInState(username: string, state: SignInState | null): Promise<void>
}

/**
 * One person index, embedded (DuckDB) or on a server (PostgreSQL): each concern has its own interface, and code
 * that needs one concern takes that interface only.
 */
export interface PersonIndexStore
  extends PersonStore,
    ApiClientStore,
    AuditLogStore,
    JusticeEventStore,
    StaffStore {
  readonly kind: 'embedded' | 'postgres'
  /** Where it lives, with any password removed, for messages. */
  readonly location: string
  close(): Promise<void>
}
