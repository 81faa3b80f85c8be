import { z } from 'zod'
import { enteredOf } from '../../core/entered-record.ts'
import { JustIdError } from '../../core/errors.ts'
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
  PersonState,
  PersonStatus,
  ReviewDecision,
  ReviewOutcome,
  StaffRole,
  StaffUser,
  StoredPersonEvent,
} from '../types.ts'
import { PERSON_EVENT_KINDS } from '../types.ts'
import type { Row } from './sql-client.ts'

/** Conversions between domain values and table rows (arrays in the column order of schema.ts). */

const str = (v: unknown): string => String(v)
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/**
 * A column's value read through its schema: a damaged row (a value another writer or a hand put there) is refused
 * naming the table and column, never showing the value, rather than read into a type it does not have.
 */
const read = <T>(table: string, column: string, schema: z.ZodType<T>, value: unknown): T => {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new JustIdError(
    'internal',
    `the person index's ${table}.${column} holds a value that is not valid here`,
  )
}
/** A JSON column read through its schema: text that is not JSON is refused the same way. */
const readJson = <T>(table: string, column: string, schema: z.ZodType<T>, value: unknown): T => {
  let parsed: unknown
  try {
    parsed = JSON.parse(str(value))
  } catch {
    return read(table, column, z.never(), value)
  }
  return read(table, column, schema, parsed)
}

const personStatus = z.enum(['active', 'merged', 'retired']) satisfies z.ZodType<PersonStatus>
const personEventKind = z.enum(PERSON_EVENT_KINDS)
const apiScopes = z.array(
  z.union([
    z.enum(['match', 'person:read', 'record:write', 'admin', 'custody:read']),
    z.templateLiteral(['eligibility:', z.string().min(1)]),
  ]),
) satisfies z.ZodType<ApiScope[]>
const justiceIds = z.array(z.string())
const justiceEventType = z.enum([
  'court_case',
  'custody',
  'probation_supervision',
  'custody_incident',
]) satisfies z.ZodType<JusticeEventType>
const staffRole = z.enum(['reviewer', 'analyst', 'admin', 'custody']) satisfies z.ZodType<StaffRole>
const reviewOutcome = z.enum([
  'same_person',
  'not_same_person',
  'cannot_tell',
]) satisfies z.ZodType<ReviewOutcome>
/**
 * A stored record: an object naming its source and record id; its fields are the standardised record's as written
 * (`completeStoredRecord` fills those an older version did not write). Other identifiers and attributes a record does
 * not have may be stored as null (a batch run stores DuckDB's text as it is) and read as absent.
 */
const storedRecord = z.looseObject({
  source: z.string(),
  recordId: z.string(),
  otherIds: z.record(z.string(), z.string().nullable()).optional(),
  attributes: z.record(z.string(), z.string().nullable()).optional(),
})
const withoutNulls = (
  values: Record<string, string | null> | undefined,
): Record<string, string> | undefined => {
  if (values === undefined) return undefined
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) if (v !== null) out[k] = v
  return out
}

/** A record's row; `entered` must be known here (the store fills in what it holds for a record written without). */
export const recordRow = (r: IndexRecord): unknown[] => [
  r.key,
  r.source,
  r.recordId,
  r.justiceId,
  r.recordJson ?? JSON.stringify(r.record),
  r.updatedAt,
  r.enteredJson ?? (r.entered ? JSON.stringify(r.entered) : null),
]

/** A record read back; `entered` is left out when the query did not select it (bulk reads for matching). */
export const recordOf = (row: Row): IndexRecord => {
  const key = str(row.record_key)
  return {
    key,
    source: str(row.source),
    recordId: str(row.record_id),
    justiceId: str(row.justice_id),
    record: storedRecordOf(row.record_json),
    ...('entered_json' in row ? { entered: enteredOf(key, row.entered_json) } : {}),
    updatedAt: str(row.updated_at),
  }
}

const storedRecordOf = (json: unknown): StandardisedRecord => {
  const stored = readJson('index_records', 'record_json', storedRecord, json)
  const otherIds = withoutNulls(stored.otherIds)
  const attributes = withoutNulls(stored.attributes)
  return completeStoredRecord({
    ...stored,
    ...(otherIds ? { otherIds } : {}),
    ...(attributes ? { attributes } : {}),
  } as StandardisedRecord)
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
  status: read('persons', 'status', personStatus, row.status),
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
  kind: read('person_events', 'kind', personEventKind, row.kind),
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
  scopes: readJson('api_clients', 'scopes_json', apiScopes, row.scopes_json),
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
  justiceIds: readJson('audit_log', 'justice_ids_json', justiceIds, row.justice_ids_json),
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
  eventType: read('justice_events', 'event_type', justiceEventType, row.event_type),
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
  role: read('staff_users', 'role', staffRole, row.role),
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
  outcome: read('review_decisions', 'outcome', reviewOutcome, row.outcome),
  reviewer: str(row.reviewer),
  reason: str(row.reason),
  at: str(row.at),
  matchWeight: row.match_weight === null || row.match_weight === undefined ? null : Number(row.match_weight),
})
