import { isJustIdError, JustIdError } from '../../core/errors.ts'
import type { LinkageModel } from '../../model/index.ts'
import { modelSchema, parseModel, weightThresholdsSchema } from '../../model/index.ts'
import type {
  ApiClient,
  AuditEntry,
  AuditEntryInput,
  AuditVerification,
  IndexBatch,
  IndexEdge,
  IndexMeta,
  IndexRecord,
  JusticeEvent,
  JusticeId,
  PersonIndexStore,
  PersonState,
  PersonView,
  RecordKey,
  ReplaceableIndexMeta,
  ReviewDecision,
  SignInState,
  StaffUser,
  StoredEnteredValues,
  StoredPersonEvent,
  StoredTermFrequencies,
} from '../types.ts'
import { recordsWrittenBy } from '../types.ts'
import { auditVerifier, chainAudit } from './audit-chain.ts'
import {
  auditOf,
  auditRow,
  clientOf,
  clientRow,
  decisionOf,
  decisionRow,
  edgeOf,
  edgeRow,
  eventOf,
  eventRow,
  justiceEventOf,
  justiceEventRow,
  personOf,
  personRow,
  recordOf,
  recordRow,
  staffUserOf,
  staffUserRow,
} from './rows.ts'
import { tables } from './schema.ts'
import { chunked, type Row, type SqlClient, type SqlSession } from './sql-client.ts'

/** Keys per `IN (SELECT unnest($1))` list. */
const KEY_CHUNK = 10_000
const AUDIT_CHUNK = 1_000
/** Most audit entries written by one appender flush without a transaction around it: a DuckDB vector's worth. */
const AUDIT_APPEND_MAX = 2_048
/** Far more merges than any person has; a longer walk means the merge links loop. */
const MAX_MERGE_CHAIN = 10_000

const IN_KEYS = 'IN (SELECT unnest($1::TEXT[]))'

/** A record's columns without its entered values: bulk reads feed matching, which never reads them. */
const MATCHING_COLUMNS = tables.records.columns
  .filter((c) => c.name !== 'entered_json')
  .map((c) => c.name)
  .join(', ')

/** Runs a keyed query a chunk of keys at a time, so a long key list never becomes one huge parameter. */
const byKeyChunks = async (
  session: SqlSession,
  sql: string,
  keys: readonly string[],
  extra: readonly unknown[] = [],
): Promise<Row[]> => {
  const rows: Row[] = []
  for (const chunk of chunked(keys, KEY_CHUNK))
    for (const row of await session.query(sql, [chunk, ...extra])) rows.push(row)
  return rows
}

/** The records table in key order, a page at a time; large pages, as without an index each costs DuckDB a scan. */
const recordPages = async function* (
  client: SqlClient,
  columns: string,
  chunkSize: number,
): AsyncIterable<Row[]> {
  let after: string | null = null
  for (;;) {
    const rows: Row[] =
      after === null
        ? await client.query(`SELECT ${columns} FROM index_records ORDER BY record_key LIMIT $1`, [chunkSize])
        : await client.query(
            `SELECT ${columns} FROM index_records WHERE record_key > $1 ORDER BY record_key LIMIT $2`,
            [after, chunkSize],
          )
    if (rows.length === 0) return
    yield rows
    if (rows.length < chunkSize) return
    after = String(rows[rows.length - 1]!.record_key)
  }
}

const isUniqueViolation = (e: unknown): boolean =>
  e instanceof Error && /duplicate key|unique constraint|primary key/i.test(e.message)

/** Records written without entered values (moved, not re-read from a source) keep those the index holds. */
const withStoredEntered = async (tx: SqlSession, records: readonly IndexRecord[]): Promise<IndexRecord[]> => {
  const keys = records.filter((r) => r.entered === undefined && r.enteredJson === undefined).map((r) => r.key)
  if (keys.length === 0) return [...records]
  const stored = new Map<string, unknown>()
  for (const row of await byKeyChunks(
    tx,
    `SELECT record_key, entered_json FROM index_records WHERE record_key ${IN_KEYS}`,
    keys,
  ))
    stored.set(String(row.record_key), row.entered_json)
  return records.map((r) => {
    if (r.entered !== undefined || r.enteredJson !== undefined) return r
    const json = stored.get(r.key)
    return json === null || json === undefined ? { ...r, entered: null } : { ...r, enteredJson: String(json) }
  })
}

const writeBatch = async (
  tx: SqlSession,
  dialect: SqlClient['dialect'],
  batch: IndexBatch,
): Promise<void> => {
  // Event numbers are max+1 onward: no other writer may number events between our read and our insert.
  if (dialect === 'postgres') await tx.query('LOCK TABLE person_events IN EXCLUSIVE MODE')
  const touched = [...batch.deleteRecords]
  for (const chunk of chunked(batch.deleteRecords, KEY_CHUNK)) {
    await tx.query(
      `INSERT INTO removed_records SELECT record_key, justice_id, $2::TEXT FROM index_records
       WHERE record_key ${IN_KEYS}
       ON CONFLICT (record_key) DO UPDATE SET justice_id = excluded.justice_id, removed_at = excluded.removed_at`,
      [chunk, batch.at],
    )
    await tx.query(`DELETE FROM index_records WHERE record_key ${IN_KEYS}`, [chunk])
  }
  if (batch.replaceEdgesOf === 'all') await tx.query('DELETE FROM index_edges')
  else for (const k of batch.replaceEdgesOf) touched.push(k)
  for (const chunk of chunked(touched, KEY_CHUNK)) {
    await tx.query(`DELETE FROM index_edges WHERE left_key ${IN_KEYS} OR right_key ${IN_KEYS}`, [chunk])
  }
  // A first run into an empty index replaces nothing: its records and persons are appended, not staged and swapped.
  const [held] = await tx.query(
    'SELECT EXISTS (SELECT 1 FROM index_records) AS records, EXISTS (SELECT 1 FROM persons) AS persons',
  )
  const mode = (table: 'records' | 'persons') => (held?.[table] === true ? 'upsert' : 'insert')
  await tx.insertRows(
    tables.records,
    (await withStoredEntered(tx, batch.upsertRecords)).map(recordRow),
    mode('records'),
  )
  if (batch.files?.records) await tx.insertFile(tables.records, batch.files.records.path, mode('records'))
  await tx.insertRows(tables.persons, batch.upsertPersons.map(personRow), mode('persons'))
  const last = await tx.query('SELECT coalesce(max(seq), 0) AS seq FROM person_events')
  const firstSeq = Number(last[0]?.seq) + 1
  await tx.insertRows(
    tables.events,
    batch.events.map((e, i) => eventRow(firstSeq + i, e)),
    'insert',
  )
  await tx.insertRows(tables.edges, batch.edges.map(edgeRow), 'insert')
  if (batch.files?.edges) await tx.insertFile(tables.edges, batch.files.edges.path, 'insert')
  if (batch.decisions) await tx.insertRows(tables.decisions, batch.decisions.map(decisionRow), 'insert')
  if (batch.meta) {
    const { model, thresholds, createdAt, updatedAt } = batch.meta
    await tx.query(
      'UPDATE index_meta SET model_json = $1, thresholds_json = $2, created_at = $3, updated_at = $4',
      [JSON.stringify(model), JSON.stringify(thresholds), createdAt, updatedAt],
    )
  }
  if (batch.termFrequencies) {
    await tx.query('DELETE FROM term_frequencies')
    const rows = [...batch.termFrequencies].flatMap(([column, values]) =>
      [...values].map(([value, tf]) => [column, value, tf]),
    )
    await tx.insertRows(tables.termFrequencies, rows, 'insert')
  }
  await tx.query('INSERT INTO batches (batch_id, kind, "at", records, events) VALUES ($1, $2, $3, $4, $5)', [
    batch.id,
    batch.kind,
    batch.at,
    recordsWrittenBy(batch),
    batch.events.length,
  ])
}

/** The person index over SQL: the same code for the embedded DuckDB file and for PostgreSQL. */
export const sqlStore = (
  client: SqlClient,
  kind: PersonIndexStore['kind'],
  location: string,
): PersonIndexStore => {
  /** The newest audit entry, once known (embedded store only); undefined means "read it from the log". */
  let lastAudit: { seq: number; hash: string } | null | undefined
  /** Appends of the audit log, one after another: each chains onto the entry stored last when its turn comes. */
  let auditWrites: Promise<unknown> = Promise.resolve()
  const chainedAppend = async (entries: readonly AuditEntryInput[]): Promise<AuditEntry[]> => {
    if (client.dialect === 'duckdb' && lastAudit !== undefined && entries.length <= AUDIT_APPEND_MAX) {
      // One appender flush is the whole write, and DuckDB commits it as one transaction (all of it or none):
      // BEGIN and COMMIT around it nearly doubled each batch's CPU (measured: 5.5 ms to 3 for 13 entries).
      const chained = chainAudit(lastAudit, entries)
      await client.insertRows(tables.audit, chained.map(auditRow), 'insert')
      return chained
    }
    return client.transaction(async (tx) => {
      // Each entry chains onto the last: two writers must not both chain onto the same one. PostgreSQL may have
      // other writers, so it locks and reads; an embedded file has one writing process (DuckDB's file lock), so
      // the last entry is remembered rather than looked up on every request.
      let last = client.dialect === 'duckdb' ? lastAudit : undefined
      if (last === undefined) {
        if (client.dialect === 'postgres') await tx.query('LOCK TABLE audit_log IN EXCLUSIVE MODE')
        const [row] = await tx.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
        last = row ? { seq: Number(row.seq), hash: String(row.hash) } : null
      }
      const chained = chainAudit(last, entries)
      await tx.insertRows(tables.audit, chained.map(auditRow), 'insert')
      return chained
    })
  }
  const appendAudit = async (entries: readonly AuditEntryInput[]): Promise<AuditEntry[]> => {
    try {
      const chained = await chainedAppend(entries)
      const end = chained[chained.length - 1]
      if (end) lastAudit = { seq: end.seq, hash: end.hash }
      return chained
    } catch (e) {
      lastAudit = undefined
      throw e
    }
  }
  const persons = async (ids?: readonly JusticeId[]): Promise<PersonState[]> => {
    const rows = ids
      ? await byKeyChunks(client, `SELECT * FROM persons WHERE justice_id ${IN_KEYS}`, ids)
      : await client.query('SELECT * FROM persons ORDER BY justice_id')
    return rows.map(personOf)
  }

  const events = async (ids?: readonly JusticeId[]): Promise<StoredPersonEvent[]> => {
    const rows = ids
      ? await byKeyChunks(client, `SELECT * FROM person_events WHERE justice_id ${IN_KEYS}`, ids)
      : await client.query('SELECT * FROM person_events ORDER BY seq')
    return rows.map(eventOf).sort((a, b) => a.seq - b.seq)
  }

  const survivorOf = async (start: PersonState): Promise<PersonState> => {
    let current = start
    for (let steps = 0; current.mergedInto !== null; steps++) {
      if (steps >= MAX_MERGE_CHAIN) {
        throw new JustIdError('internal', 'the merge links of a person loop; the index needs repair')
      }
      const [next] = await persons([current.mergedInto])
      if (!next)
        throw new JustIdError('internal', 'a person is merged into a Justice ID that was never issued')
      current = next
    }
    return current
  }

  /** Every ID whose merge links lead to `survivor`, however many merges back. */
  const aliasesOf = async (survivor: JusticeId): Promise<JusticeId[]> => {
    const seen = new Set([survivor])
    let frontier = [survivor]
    while (frontier.length > 0) {
      const rows = await byKeyChunks(
        client,
        `SELECT justice_id FROM persons WHERE merged_into ${IN_KEYS}`,
        frontier,
      )
      frontier = rows.map((r) => String(r.justice_id)).filter((id) => !seen.has(id))
      for (const id of frontier) seen.add(id)
    }
    seen.delete(survivor)
    return [...seen].sort()
  }

  const storedMeta = async () => {
    const [row] = await client.query('SELECT * FROM index_meta')
    if (!row || row.model_json === null) return null
    return {
      model: JSON.parse(String(row.model_json)) as unknown,
      thresholds: weightThresholdsSchema.safeParse(JSON.parse(String(row.thresholds_json))),
      createdAt: String(row.created_at),
      updatedAt: String(row.updated_at),
    }
  }

  return {
    kind,
    location,

    async meta(): Promise<IndexMeta | null> {
      const stored = await storedMeta()
      if (!stored) return null
      try {
        if (!stored.thresholds.success)
          throw new JustIdError(
            'invalid_model',
            `the thresholds stored in ${location} are not valid: ${stored.thresholds.error.issues.map((i) => `${i.path.join('.') || '(thresholds)'}: ${i.message}`).join('; ')}`,
          )
        return {
          ...stored,
          model: parseModel(stored.model, `the model stored in ${location}`),
          thresholds: stored.thresholds.data,
        }
      } catch (e) {
        if (!isJustIdError(e)) throw e
        throw new JustIdError(
          e.code,
          `${e.message}; replace it with justid link --index ${location} --retrain (or --model FILE)`,
        )
      }
    },

    async metaForReplacement(): Promise<ReplaceableIndexMeta | null> {
      const stored = await storedMeta()
      if (!stored) return null
      const parsed = modelSchema.safeParse(stored.model)
      return {
        ...stored,
        model: parsed.success ? (parsed.data as LinkageModel) : null,
        thresholds: stored.thresholds.success ? stored.thresholds.data : null,
      }
    },

    async termFrequencies(): Promise<StoredTermFrequencies> {
      const result: StoredTermFrequencies = new Map()
      for (const row of await client.query('SELECT * FROM term_frequencies ORDER BY column_name, value')) {
        const column = String(row.column_name)
        const values = result.get(column) ?? new Map<string, number>()
        values.set(String(row.value), Number(row.tf))
        result.set(column, values)
      }
      return result
    },

    async *records(chunkSize = 100_000): AsyncIterable<IndexRecord[]> {
      for await (const rows of recordPages(client, MATCHING_COLUMNS, chunkSize)) yield rows.map(recordOf)
    },

    async *enteredValues(chunkSize = 100_000): AsyncIterable<StoredEnteredValues[]> {
      for await (const rows of recordPages(client, 'record_key, entered_json, updated_at', chunkSize))
        yield rows.map((row) => ({
          key: String(row.record_key),
          enteredJson: row.entered_json === null ? null : String(row.entered_json),
          updatedAt: String(row.updated_at),
        }))
    },

    async recordsByKey(keys: readonly RecordKey[]): Promise<IndexRecord[]> {
      const rows = await byKeyChunks(client, `SELECT * FROM index_records WHERE record_key ${IN_KEYS}`, keys)
      return rows.map(recordOf).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    },

    async changeMark(): Promise<string> {
      // Every write to the person index is a batch with a new random id (writeBatch), so the ids say what it holds.
      const [row] = await client.query(
        `SELECT count(*) AS n, coalesce(md5(string_agg(batch_id, ',' ORDER BY batch_id)), '') AS ids,
           (SELECT max(created_at) FROM index_meta) AS created
         FROM batches`,
      )
      return `${Number(row?.n)}:${String(row?.ids)}:${String(row?.created ?? '')}`
    },

    async recordCount(): Promise<number> {
      const [row] = await client.query('SELECT count(*) AS n FROM index_records')
      return Number(row?.n)
    },

    async assignments(): Promise<Map<RecordKey, JusticeId>> {
      const rows = await client.query('SELECT record_key, justice_id FROM index_records')
      return new Map(rows.map((r) => [String(r.record_key), String(r.justice_id)]))
    },

    persons,

    async edges(keys?: readonly RecordKey[]): Promise<IndexEdge[]> {
      if (!keys)
        return (await client.query('SELECT * FROM index_edges ORDER BY left_key, right_key')).map(edgeOf)
      const rows = await byKeyChunks(
        client,
        `SELECT * FROM index_edges WHERE left_key ${IN_KEYS} OR right_key ${IN_KEYS}`,
        keys,
      )
      const unique = new Map(rows.map(edgeOf).map((e) => [`${e.left}\u0000${e.right}`, e]))
      return [...unique.values()]
    },

    async person(id: JusticeId): Promise<PersonView | null> {
      const [requested] = await persons([id])
      if (!requested) return null
      const person = await survivorOf(requested)
      const aliases = await aliasesOf(person.justiceId)
      const records = await client.query(
        'SELECT * FROM index_records WHERE justice_id = $1 ORDER BY record_key',
        [person.justiceId],
      )
      return {
        requested: id,
        person,
        aliases,
        records: records.map(recordOf),
        events: await events([person.justiceId, ...aliases]),
      }
    },

    events,

    applyBatch: (batch: IndexBatch) => client.transaction((tx) => writeBatch(tx, client.dialect, batch)),

    async addClient(apiClient: ApiClient, secretHash: string): Promise<void> {
      try {
        await client.insertRows(tables.clients, [clientRow(apiClient, secretHash)], 'insert')
      } catch (e) {
        if (isUniqueViolation(e))
          throw new JustIdError('usage', 'an API client with that client id already exists')
        throw e
      }
    },

    async client(id: string) {
      const [row] = await client.query('SELECT * FROM api_clients WHERE client_id = $1', [id])
      return row ? { client: clientOf(row), secretHash: String(row.secret_hash) } : null
    },

    async clients(): Promise<ApiClient[]> {
      return (await client.query('SELECT * FROM api_clients ORDER BY client_id')).map(clientOf)
    },

    async updateClient(id: string, change: { disabled?: boolean; secretHash?: string }): Promise<boolean> {
      const [row] = await client.query('SELECT client_id FROM api_clients WHERE client_id = $1', [id])
      if (!row) return false
      if (change.disabled !== undefined)
        await client.query('UPDATE api_clients SET disabled = $1 WHERE client_id = $2', [change.disabled, id])
      if (change.secretHash !== undefined)
        await client.query('UPDATE api_clients SET secret_hash = $1 WHERE client_id = $2', [
          change.secretHash,
          id,
        ])
      return true
    },

    appendAudit: (entries: readonly AuditEntryInput[]): Promise<AuditEntry[]> => {
      const run = auditWrites.then(() => appendAudit(entries))
      auditWrites = run.catch(() => undefined)
      return run
    },

    async *auditEntries(fromSeq = 1, chunkSize = AUDIT_CHUNK): AsyncIterable<AuditEntry[]> {
      let from = fromSeq
      for (;;) {
        const rows = await client.query('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [
          from,
          chunkSize,
        ])
        if (rows.length === 0) return
        const chunk = rows.map(auditOf)
        yield chunk
        if (rows.length < chunkSize) return
        from = chunk[chunk.length - 1]!.seq + 1
      }
    },

    async verifyAudit(checkpoints?: readonly { seq: number; hash: string }[]): Promise<AuditVerification> {
      const verifier = auditVerifier(checkpoints)
      for await (const chunk of this.auditEntries()) if (!verifier.add(chunk)) break
      return verifier.result()
    },

    async auditHead(): Promise<{ seq: number; hash: string } | null> {
      const [row] = await client.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
      return row ? { seq: Number(row.seq), hash: String(row.hash) } : null
    },

    async addJusticeEvents(justiceEvents: readonly JusticeEvent[]): Promise<void> {
      // The bulk writer refuses a key twice in one call: the last event with a key wins, as a reload would.
      const byKey = new Map(
        justiceEvents.map((e) => [`${e.recordKey}\u0000${e.eventType}\u0000${e.startDate}`, e]),
      )
      await client.transaction((tx) =>
        tx.insertRows(tables.justiceEvents, [...byKey.values()].map(justiceEventRow), 'upsert'),
      )
    },

    async addStaffUser(user: StaffUser, passwordHash: string): Promise<void> {
      try {
        await client.insertRows(tables.staffUsers, [staffUserRow(user, passwordHash)], 'insert')
      } catch (e) {
        if (isUniqueViolation(e))
          throw new JustIdError('usage', `a staff user "${user.username}" already exists`)
        throw e
      }
    },

    async staffUser(username: string): Promise<{ user: StaffUser; passwordHash: string } | null> {
      const [row] = await client.query('SELECT * FROM staff_users WHERE username = $1', [username])
      return row ? { user: staffUserOf(row), passwordHash: String(row.password_hash) } : null
    },

    async staffUsers(): Promise<StaffUser[]> {
      return (await client.query('SELECT * FROM staff_users ORDER BY username')).map(staffUserOf)
    },

    async updateStaffUser(
      username: string,
      change: { disabled?: boolean; passwordHash?: string },
    ): Promise<boolean> {
      const [row] = await client.query('SELECT username FROM staff_users WHERE username = $1', [username])
      if (!row) return false
      if (change.disabled !== undefined)
        await client.query('UPDATE staff_users SET disabled = $1 WHERE username = $2', [
          change.disabled,
          username,
        ])
      if (change.passwordHash !== undefined)
        await client.query('UPDATE staff_users SET password_hash = $1 WHERE username = $2', [
          change.passwordHash,
          username,
        ])
      return true
    },

    async signInState(username: string): Promise<SignInState | null> {
      const [row] = await client.query('SELECT * FROM sign_in_state WHERE username = $1', [username])
      if (!row) return null
      return {
        failures: Number(row.failures),
        lockedUntil: row.locked_until === null ? null : String(row.locked_until),
      }
    },

    async setSignInState(username: string, state: SignInState | null): Promise<void> {
      await client.transaction(async (tx) => {
        await tx.query('DELETE FROM sign_in_state WHERE username = $1', [username])
        if (state)
          await tx.query('INSERT INTO sign_in_state (username, failures, locked_until) VALUES ($1, $2, $3)', [
            username,
            state.failures,
            state.lockedUntil,
          ])
      })
    },

    async removedRecords(keys: readonly RecordKey[], since: string): Promise<Map<RecordKey, JusticeId>> {
      // Most indexes have removed nothing lately: a first link asks about every one of its records.
      const [recent] = await client.query(
        'SELECT EXISTS (SELECT 1 FROM removed_records WHERE removed_at >= $1::TEXT) AS recent',
        [since],
      )
      if (recent?.recent !== true) return new Map()
      const rows = await byKeyChunks(
        client,
        `SELECT record_key, justice_id FROM removed_records WHERE record_key ${IN_KEYS} AND removed_at >= $2::TEXT`,
        keys,
        [since],
      )
      return new Map(rows.map((r) => [String(r.record_key), String(r.justice_id) as JusticeId]))
    },

    async decisions(keys?: readonly RecordKey[]): Promise<ReviewDecision[]> {
      const rows = keys
        ? await byKeyChunks(
            client,
            `SELECT * FROM review_decisions WHERE left_key ${IN_KEYS} OR right_key ${IN_KEYS}`,
            keys,
          )
        : await client.query('SELECT * FROM review_decisions')
      // The newest decision on a pair is the one in force.
      const latest = new Map<string, ReviewDecision>()
      for (const d of rows
        .map(decisionOf)
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1)))
        latest.set(`${d.left}\n${d.right}`, d)
      return [...latest.values()]
    },

    async allJusticeEvents(): Promise<JusticeEvent[]> {
      return (await client.query('SELECT * FROM justice_events')).map(justiceEventOf)
    },

    async justiceEvents(recordKeys: readonly RecordKey[]): Promise<JusticeEvent[]> {
      const rows = await byKeyChunks(
        client,
        `SELECT * FROM justice_events WHERE record_key ${IN_KEYS}`,
        recordKeys,
      )
      return rows
        .map(justiceEventOf)
        .sort((a, b) =>
          a.recordKey === b.recordKey
            ? a.startDate.localeCompare(b.startDate)
            : a.recordKey < b.recordKey
              ? -1
              : 1,
        )
    },

    close: () => client.close(),
  }
}
