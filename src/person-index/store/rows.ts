import { enteredOf } from '../../core/entered-record.ts'
import { completeStoredRecord, type StandardisedRecord } from '../../core/standardised.ts'
import type {
  ApiClient,
  ApiScope,
  AuditEntry,
  IndexEdge,
  IndexRecord,
  JusticeEvent,
  JusticeEventType,
  PersonEvent,
  PersonEventKind,
  PersonState,
  PersonStatus,
  ReviewDecision,
  ReviewOutcome,
  StaffRole,
  StaffUser,
  StoredPersonEvent,
} from '../types.ts'
import type { Row } from './sql-client.ts'

/** Conversions between domain values and table rows (arrays in the column order of schema.ts). */

const str = (v: unknown): string => String(v)
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** A record's row; `entered` must be known here (the store fills in what it holds for a record written without). */
export const recordRow = (r: IndexRecord): unknown[] => [
  r.key,
  r.source,
  r.recordId,
  r.justiceId,
  JSON.stringify(r.record),
  r.updatedAt,
  r.entered ? JSON.stringify(r.entered) : null,
]

/** A record read back; `entered` is left out when the query did not select it (bulk reads for matching). */
export const recordOf = (row: Row): IndexRecord => {
  const key = str(row.record_key)
  return {
    key,
    source: str(row.source),
    recordId: str(row.record_id),
    justiceId: str(row.justice_id),
    record: completeStoredRecord(JSON.parse(str(row.record_json)) as StandardisedRecord),
    ...('entered_json' in row ? { entered: enteredOf(key, row.entered_json) } : {}),
    updatedAt: str(row.updated_at),
  }
}

export const personRow = (p: PersonState): unknown[] => [
  p.justiceId,
  p.status,
  p.mergedInto,
  p.needsAttention,
  p.attentionReason,
  p.createdAt,
  p.updatedAt,
]

export const personOf = (row: Row): PersonState => ({
  justiceId: str(row.justice_id),
  status: str(row.status) as PersonStatus,
  mergedInto: strOrNull(row.merged_into),
  needsAttention: row.needs_attention === true,
  attentionReason: strOrNull(row.attention_reason),
  createdAt: str(row.created_at),
  updatedAt: str(row.updated_at),
})

export const eventRow = (seq: number, e: PersonEvent): unknown[] => [
  seq,
  e.justiceId,
  e.kind,
  e.recordKey,
  e.otherJusticeId,
  e.reason,
  e.at,
  e.batchId,
]

export const eventOf = (row: Row): StoredPersonEvent => ({
  seq: Number(row.seq),
  justiceId: str(row.justice_id),
  kind: str(row.kind) as PersonEventKind,
  recordKey: strOrNull(row.record_key),
  otherJusticeId: strOrNull(row.other_justice_id),
  reason: str(row.reason),
  at: str(row.at),
  batchId: str(row.batch_id),
})

export const edgeRow = (e: IndexEdge): unknown[] => [e.left, e.right, e.weight, e.guard]

export const edgeOf = (row: Row): IndexEdge => ({
  left: str(row.left_key),
  right: str(row.right_key),
  weight: Number(row.weight),
  guard: strOrNull(row.guard),
})

export const clientRow = (c: ApiClient, secretHash: string): unknown[] => [
  c.id,
  c.name,
  JSON.stringify(c.scopes),
  c.rateLimitPerMinute,
  secretHash,
  c.createdAt,
  c.disabled,
]

export const clientOf = (row: Row): ApiClient => ({
  id: str(row.client_id),
  name: str(row.name),
  scopes: JSON.parse(str(row.scopes_json)) as ApiScope[],
  rateLimitPerMinute: Number(row.rate_limit_per_minute),
  createdAt: str(row.created_at),
  disabled: row.disabled === true,
})

export const auditRow = (a: AuditEntry): unknown[] => [
  a.seq,
  a.at,
  a.actor,
  a.action,
  JSON.stringify(a.justiceIds),
  a.purpose,
  a.outcome,
  a.prevHash,
  a.hash,
]

export const auditOf = (row: Row): AuditEntry => ({
  seq: Number(row.seq),
  at: str(row.at),
  actor: str(row.actor),
  action: str(row.action),
  justiceIds: JSON.parse(str(row.justice_ids_json)) as string[],
  purpose: strOrNull(row.purpose),
  outcome: str(row.outcome),
  prevHash: str(row.prev_hash),
  hash: str(row.hash),
})

export const justiceEventRow = (e: JusticeEvent): unknown[] => [
  e.source,
  e.recordId,
  e.recordKey,
  e.eventType,
  e.startDate,
  e.endDate,
  e.detail,
]

export const justiceEventOf = (row: Row): JusticeEvent => ({
  source: str(row.source),
  recordId: str(row.record_id),
  recordKey: str(row.record_key),
  eventType: str(row.event_type) as JusticeEventType,
  startDate: str(row.start_date),
  endDate: strOrNull(row.end_date),
  detail: str(row.detail),
})

export const staffUserRow = (u: StaffUser, passwordHash: string): unknown[] => [
  u.username,
  u.displayName,
  u.role,
  passwordHash,
  u.createdAt,
  u.disabled,
]

export const staffUserOf = (row: Row): StaffUser => ({
  username: str(row.username),
  displayName: str(row.display_name),
  role: str(row.role) as StaffRole,
  createdAt: str(row.created_at),
  disabled: Boolean(row.disabled),
})

export const decisionRow = (d: ReviewDecision): unknown[] => [
  d.id,
  d.left,
  d.right,
  d.outcome,
  d.reviewer,
  d.reason,
  d.at,
  d.matchWeight,
]

export const decisionOf = (row: Row): ReviewDecision => ({
  id: str(row.decision_id),
  left: str(row.left_key),
  right: str(row.right_key),
  outcome: str(row.outcome) as ReviewOutcome,
  reviewer: str(row.reviewer),
  reason: str(row.reason),
  at: str(row.at),
  matchWeight: row.match_weight === null || row.match_weight === undefined ? null : Number(row.match_weight),
})
