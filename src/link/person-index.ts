import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import {
  joiningPairs,
  type RecordSlots,
  readEvidenceOfRids,
  readRecordEvidence,
  refusingPairs,
  slotRecordsByKey,
} from '../batch/clustering.ts'
import { type Database, sqlString } from '../batch/database.ts'
import { attributeKeysOf, recordColumns, recordFromJson, recordJsonSql } from '../batch/record-table.ts'
import { JustIdError } from '../core/errors.ts'
import { recordOfKey } from '../core/record-key.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import type { GuardConstraint } from '../model/model.ts'
import { newJusticeId } from '../person-index/justice-id.ts'
import { returningRecords } from '../person-index/retention.ts'
import type {
  BatchKind,
  IndexBatch,
  IndexEdge,
  IndexRecord,
  IndexThresholds,
  JusticeId,
  PersonState,
  PersonStore,
  RecordKey,
} from '../person-index/types.ts'
import {
  type ClusterFlag,
  type ClusterResult,
  CONTRADICTION_WEIGHT,
  type FlagReason,
} from '../persons/cluster.ts'
import type { RecordEvidence } from '../persons/evidence.ts'
import { compareRecordKeys } from '../persons/record-order.ts'
import { type RelinkInput, type RelinkResult, relink } from '../persons/relink.ts'
import { resolvePersons, type SlotPair } from '../persons/resolve.ts'
import { ENTERED_TABLE } from './entered-records.ts'

export interface IndexLinkRequest {
  kind: Extract<BatchKind, 'link' | 'add'>
  thresholds: IndexThresholds
  /** The model's guards' constraints on clustering, by guard name (`guardConstraints`). */
  guards: ReadonlyMap<string, GuardConstraint>
  /** Other identifier names of the records table (its other_<name> columns). */
  otherIds: readonly string[]
  /** For an add: the records numbered from here on are the new ones; the rest came from the index. */
  newFromRid?: number
  /** The run loaded its records' entered values (src/link/entered-records.ts) for the index to keep. */
  entered?: boolean
  /**
   * A folder for the files a full link with entered values hands its records and edges to the index in
   * (`IndexBatch.files`); without it they are read into the batch's arrays.
   */
  filesDir?: string
  at?: string
}

export interface IndexLinkResult {
  /** The persons of the run's records, numbered for the run's outputs (clusters.csv, report). */
  clustering: ClusterResult
  justiceIdOfRid: (rid: number) => JusticeId | undefined
  /** The write, applied by the caller when its other outputs are ready. */
  batch: IndexBatch
  /** What the batch would remove, per source of the index, for the caller to refuse unexpected removals. */
  removals: Removals
}

export interface Removals {
  /** Records the batch removes, and records the index held before it. */
  removed: number
  held: number
  /** Per source of the index that loses records: how many, of how many it held. */
  bySource: { source: string; removed: number; held: number }[]
}

const removalsOf = (held: Iterable<RecordKey>, removed: readonly RecordKey[]): Removals => {
  const heldBySource = new Map<string, number>()
  let total = 0
  for (const k of held) {
    const { source } = recordOfKey(k)
    heldBySource.set(source, (heldBySource.get(source) ?? 0) + 1)
    total++
  }
  const removedBySource = new Map<string, number>()
  for (const k of removed) {
    const { source } = recordOfKey(k)
    removedBySource.set(source, (removedBySource.get(source) ?? 0) + 1)
  }
  return {
    removed: removed.length,
    held: total,
    bySource: [...removedBySource]
      .map(([source, n]) => ({ source, removed: n, held: heldBySource.get(source) ?? n }))
      .sort((a, b) => b.removed - a.removed || (a.source < b.source ? -1 : 1)),
  }
}

/** A run may remove up to this share of the index's records unasked: records deleted from their sources since. */
export const REMOVAL_SHARE = 0.05

/**
 * Refuses a link that would remove a whole source of the index, or more than REMOVAL_SHARE of its records, unless
 * removals are allowed: a source left off the command line would otherwise delete its records and retire their
 * Justice IDs without a word.
 */
export const refuseUnexpectedRemovals = (removals: Removals, location: string): void => {
  const whole = removals.bySource.filter((s) => s.removed === s.held)
  if (whole.length === 0 && removals.removed <= REMOVAL_SHARE * removals.held) return
  const n = (x: number) => x.toLocaleString('en-GB')
  const detail = removals.bySource.map(
    (s) => `${s.source}: ${n(s.removed)} of ${n(s.held)}${s.removed === s.held ? ' (the whole source)' : ''}`,
  )
  throw new JustIdError(
    'usage',
    `this run would remove ${n(removals.removed)} of the ${n(removals.held)} records of the person index ${location} ` +
      `(${detail.join('; ')}), ${whole.length > 0 ? 'a whole source' : `more than ${REMOVAL_SHARE * 100}%`}. ` +
      'Nothing was written. Give every source the index holds; or, if these records were deleted from their ' +
      'sources, run again with --allow-removals (--dry-run shows the events first)',
  )
}

/**
 * Links the scored run into the person index: the records in scope are re-clustered with hysteresis against the
 * index's previous persons (src/persons), and one batch carries every change. A full link has every record
 * in scope and removes records its sources no longer hold; an add has only the new records and the persons they
 * touch.
 */
export const linkIntoIndex = async (
  db: Database,
  store: PersonStore,
  request: IndexLinkRequest,
): Promise<IndexLinkResult> => {
  const at = request.at ?? new Date().toISOString()
  const { thresholds } = request
  const slots = await slotRecordsByKey(db, { withKeys: true })
  const keys = slots.keys!
  const keyOfRid = (rid: number): RecordKey => keys[slots.slotOfRid[rid]!]!
  const ridOfKey = new Map<RecordKey, number>()
  for (let slot = 0; slot < keys.length; slot++) ridOfKey.set(keys[slot]!, slots.ridOfSlot[slot]!)

  // A full link with entered values hands its records and edges over as files: what it writes is every record and
  // every scored edge, so nothing of them needs to come into JavaScript.
  const filesDir = request.kind === 'link' && request.entered ? request.filesDir : undefined
  const keptEdges = `match_weight >= ${thresholds.fracture} OR guard IS NOT NULL OR match_weight <= ${CONTRADICTION_WEIGHT}`
  const scoredEdges: IndexEdge[] = []
  if (filesDir === undefined)
    for await (const rows of db.chunks(
      `SELECT rid_l, rid_r, match_weight, guard FROM scored WHERE ${keptEdges}`,
    )) {
      for (const [l, r, w, guard] of rows) {
        const a = keyOfRid(Number(l))
        const b = keyOfRid(Number(r))
        const [left, right] = compareRecordKeys(a, b) < 0 ? [a, b] : [b, a]
        scoredEdges.push({ left, right, weight: Number(w), guard: guard === null ? null : String(guard) })
      }
    }

  const assignments = await store.assignments()
  // Reviewers' decisions bind every run (src/persons).
  const decisions = await store.decisions()
  const decidedSame = new Map<RecordKey, RecordKey[]>()
  for (const d of decisions) {
    if (d.outcome !== 'same_person') continue
    decidedSame.set(d.left, [...(decidedSame.get(d.left) ?? []), d.right])
    decidedSame.set(d.right, [...(decidedSame.get(d.right) ?? []), d.left])
  }
  const isNew = (key: RecordKey) =>
    request.newFromRid === undefined || (ridOfKey.get(key) ?? -1) >= request.newFromRid
  let scope: RecordKey[]
  let edges: IndexEdge[]
  let removed: RecordKey[] = []
  if (request.kind === 'link') {
    scope = keys
    edges = scoredEdges
    removed = [...assignments.keys()].filter((k) => !ridOfKey.has(k))
  } else {
    // The new records, and whole persons: those the new records were in (an update) or now pair with.
    const newKeys = keys.filter(isNew)
    const touched = new Set<JusticeId>()
    for (const k of newKeys) {
      for (const other of [k, ...(decidedSame.get(k) ?? [])]) {
        const id = assignments.get(other)
        if (id !== undefined) touched.add(id)
      }
    }
    for (const e of scoredEdges) {
      // A new record's contradictions never join it to anyone, so they bring no person into scope.
      if (e.guard !== null || e.weight < thresholds.fracture) continue
      for (const k of [e.left, e.right]) {
        const id = assignments.get(k)
        if (id !== undefined) touched.add(id)
      }
    }
    const recordsOf = new Map<JusticeId, RecordKey[]>()
    for (const [k, id] of assignments) recordsOf.set(id, [...(recordsOf.get(id) ?? []), k])
    const inScope = new Set(newKeys)
    // Persons that pair strongly with a person in scope but were kept apart (an identifier conflict, a guard) come
    // into scope too, so the refusal and its flag are decided again exactly as a full run would.
    const storedEdges = new Map<string, IndexEdge>()
    let frontier = [...touched].flatMap((id) => recordsOf.get(id) ?? [])
    while (frontier.length > 0) {
      for (const k of frontier) inScope.add(k)
      const next: RecordKey[] = []
      const joined: [RecordKey, RecordKey][] = frontier.flatMap((k) =>
        (decidedSame.get(k) ?? []).map((other): [RecordKey, RecordKey] => [k, other]),
      )
      for (const e of await store.edges(frontier)) {
        storedEdges.set(`${e.left}\n${e.right}`, e)
        if (e.guard === null && e.weight >= thresholds.join) joined.push([e.left, e.right])
      }
      for (const pair of joined) {
        for (const k of pair) {
          const id = assignments.get(k)
          if (id === undefined || touched.has(id)) continue
          touched.add(id)
          for (const member of recordsOf.get(id) ?? []) next.push(member)
        }
      }
      frontier = next
    }
    scope = [...inScope]
    const stored = [...storedEdges.values()].filter(
      (e) => inScope.has(e.left) && inScope.has(e.right) && !isNew(e.left) && !isNew(e.right),
    )
    edges = [...stored, ...scoredEdges]
  }

  const previous = new Map<RecordKey, JusticeId>()
  for (const k of [...scope, ...removed]) {
    const id = assignments.get(k)
    if (id !== undefined) previous.set(k, id)
  }
  // A record removed and back within the retention period has its Justice ID back rather than a new one.
  const returnedIds = await returningRecords(
    store,
    scope.filter((k) => !assignments.has(k)),
    at,
  )
  for (const [k, id] of returnedIds) previous.set(k, id)
  const previousIds = new Set(previous.values())
  const persons = new Map<JusticeId, PersonState>()
  if (previousIds.size > 0) for (const p of await store.persons([...previousIds])) persons.set(p.justiceId, p)
  const issued = new Set(assignments.values())
  const freshId = () => {
    for (;;) {
      const id = newJusticeId()
      if (!issued.has(id)) {
        issued.add(id)
        return id
      }
    }
  }
  const batchId = randomUUID()
  const common = {
    previous,
    persons,
    removed,
    returned: new Set(returnedIds.keys()),
    decisions,
    thresholds,
    guards: request.guards,
    batchId,
    at,
    newJusticeId: freshId,
  }
  const relinked =
    request.kind === 'link'
      ? await relinkAll(db, slots, common)
      : relink({
          ...common,
          records: scope,
          edges,
          evidence: await evidenceByKey(db, scope, ridOfKey),
        })

  // Records to write: every record of a full link; for an add, the new ones and those whose person changed.
  const writeRids = (): number[] => {
    const rids: number[] = []
    for (const [k, id] of relinked.assignments) {
      const rid = ridOfKey.get(k)
      if (rid !== undefined && (request.kind === 'link' || isNew(k) || assignments.get(k) !== id))
        rids.push(rid)
    }
    return rids
  }
  const files =
    filesDir === undefined
      ? undefined
      : await writeIndexFiles(db, filesDir, {
          keyOfRid,
          assignments: relinked.assignments,
          otherIds: request.otherIds,
          keptEdges,
          at,
        })
  const upsertRecords = files
    ? []
    : await indexRecordsOf(db, writeRids(), keyOfRid, relinked.assignments, request, at)

  const stateOf = new Map<JusticeId, PersonState>(persons)
  for (const p of relinked.persons) stateOf.set(p.justiceId, p)
  const clusterOfId = new Map<JusticeId, number>()
  const cluster = new Int32Array(slots.slotOfRid.length).fill(-1)
  for (let rid = 0; rid < cluster.length; rid++) {
    if (slots.slotOfRid[rid] === -1) continue
    const id = relinked.assignments.get(keyOfRid(rid))
    if (id === undefined) continue
    let c = clusterOfId.get(id)
    if (c === undefined) {
      c = clusterOfId.size
      clusterOfId.set(id, c)
    }
    cluster[rid] = c
  }
  const flags: ClusterFlag[] = []
  for (const [id, c] of clusterOfId) {
    const state = stateOf.get(id)
    if (state?.needsAttention)
      flags.push({ cluster: c, reason: (state.attentionReason ?? 'weak_bridge') as FlagReason })
  }
  const justiceIdOfCluster = [...clusterOfId.keys()]

  return {
    clustering: { cluster, clusters: clusterOfId.size, flags, refusedMerges: relinked.refusedMerges },
    justiceIdOfRid: (rid) => justiceIdOfCluster[cluster[rid] ?? -1],
    removals: removalsOf(assignments.keys(), removed),
    batch: {
      id: batchId,
      kind: request.kind,
      at,
      upsertRecords,
      deleteRecords: removed,
      upsertPersons: relinked.persons,
      events: relinked.events,
      replaceEdgesOf: request.kind === 'link' ? 'all' : scope.filter(isNew),
      edges: scoredEdges,
      ...(files ? { files } : {}),
    },
  }
}

/**
 * Every record of a full link, with its Justice ID and entered values, and every scored edge the index keeps, as
 * Parquet files in the columns of the index's tables (IndexBatch.files): written by DuckDB from the batch's own
 * tables, so a record's JSON is made once and neither it nor a record key is handled in JavaScript.
 */
const writeIndexFiles = async (
  db: Database,
  dir: string,
  {
    keyOfRid,
    assignments,
    otherIds,
    keptEdges,
    at,
  }: {
    keyOfRid: (rid: number) => RecordKey
    assignments: ReadonlyMap<RecordKey, JusticeId>
    otherIds: readonly string[]
    keptEdges: string
    at: string
  },
): Promise<NonNullable<IndexBatch['files']>> => {
  // Each record's Justice ID goes to DuckDB as a file it reads in one statement, not a million appended rows.
  const rids = await db.scalar('SELECT coalesce(max(rid) + 1, 0) FROM records')
  const idsFile = path.join(dir, 'index-justice-ids.ndjson')
  const out = createWriteStream(idsFile, { encoding: 'utf8' })
  for (let from = 0; from < rids; from += 10_000) {
    let text = ''
    for (let rid = from; rid < Math.min(rids, from + 10_000); rid++) {
      const id = assignments.get(keyOfRid(rid))
      if (id !== undefined) text += `{"r":${rid},"j":${JSON.stringify(id)}}\n`
    }
    if (!out.write(text)) await once(out, 'drain')
  }
  out.end()
  await finished(out)
  await db.run(`CREATE OR REPLACE TEMP TABLE ${JUSTICE_ID_TABLE} AS
    SELECT r AS rid, j AS justice_id FROM read_json(${sqlString(idsFile)}, format = 'newline_delimited',
      columns = {r: 'INTEGER', j: 'VARCHAR'})`)
  await rm(idsFile, { force: true })
  const json = recordJsonSql(otherIds, attributeKeysOf(await recordColumns(db)))
  const key = `source || ':' || record_id`
  const records = path.join(dir, 'index-records.parquet')
  await db.run(`COPY (
      SELECT ${key} AS record_key, source, record_id, j.justice_id, ${json} AS record_json,
        ${sqlString(at)} AS updated_at, e.entered_json
      FROM records JOIN ${JUSTICE_ID_TABLE} j USING (rid) LEFT JOIN ${ENTERED_TABLE} e USING (rid)
    ) TO ${sqlString(records)} (FORMAT parquet)`)
  await db.run(`DROP TABLE ${JUSTICE_ID_TABLE}`)
  // Each pair's keys in DuckDB's order of text, which is compareRecordKeys's.
  const edges = path.join(dir, 'index-edges.parquet')
  await db.run(`COPY (
      WITH k AS (SELECT rid, ${key} AS key FROM records)
      SELECT least(a.key, b.key) AS left_key, greatest(a.key, b.key) AS right_key, s.match_weight AS weight, s.guard
      FROM (SELECT rid_l, rid_r, match_weight, guard FROM scored WHERE ${keptEdges}) s
        JOIN k a ON a.rid = s.rid_l JOIN k b ON b.rid = s.rid_r
    ) TO ${sqlString(edges)} (FORMAT parquet)`)
  const rowsOf = (file: string) => db.scalar(`SELECT count(*) FROM read_parquet(${sqlString(file)})`)
  return {
    records: { path: records, rows: await rowsOf(records) },
    edges: { path: edges, rows: await rowsOf(edges) },
  }
}

const JUSTICE_ID_TABLE = 'index_justice_ids'

/** The evidence of some records by key, as the batch clustering reads it. */
const evidenceByKey = async (
  db: Database,
  keys: readonly RecordKey[],
  ridOfKey: ReadonlyMap<RecordKey, number>,
): Promise<Map<RecordKey, RecordEvidence>> => {
  const rids = new Set<number>()
  for (const key of keys) {
    const rid = ridOfKey.get(key)
    if (rid !== undefined) rids.add(rid)
  }
  const byRid = await readEvidenceOfRids(db, rids)
  const evidence = new Map<RecordKey, RecordEvidence>()
  for (const key of keys) {
    const e = byRid.get(ridOfKey.get(key) ?? -1)
    if (e !== undefined) evidence.set(key, e)
  }
  return evidence
}

/**
 * `relink` of every record of the run (a full link), its pairs read from the batch's tables into typed arrays by
 * slot rather than named by key: what `relink` gives for `records` = every record and `edges` = the scored pairs,
 * without a string per record in every pair. Slots are in key order, as `relink`'s are.
 */
const relinkAll = async (
  db: Database,
  slots: RecordSlots,
  input: Omit<RelinkInput, 'records' | 'edges' | 'evidence'>,
): Promise<RelinkResult> => {
  const keys = slots.keys!
  const { thresholds } = input
  const joining = await joiningPairs(
    db,
    `s.guard IS NULL AND s.match_weight > ${CONTRADICTION_WEIGHT} AND s.match_weight >= ${thresholds.fracture}`,
  )
  const same: SlotPair[] = []
  const apart: SlotPair[] = []
  if ((input.decisions ?? []).length > 0) {
    const slotOfKey = new Map(keys.map((k, i) => [k, i]))
    for (const d of input.decisions ?? []) {
      const l = slotOfKey.get(d.left)
      const r = slotOfKey.get(d.right)
      if (l === undefined || r === undefined || d.outcome === 'cannot_tell') continue
      ;(d.outcome === 'same_person' ? same : apart).push([l, r])
    }
  }
  const { clustering, justiceIds } = resolvePersons({
    records: slots.records,
    evidence: await readRecordEvidence(db, slots),
    joining,
    ...(await refusingPairs(db, slots, input.guards)),
    decisions: { same, apart },
    thresholds,
    previous: {
      keys,
      personOf: input.previous,
      persons: input.persons,
      removed: [...(input.removed ?? [])],
      returned: input.returned ?? new Set(),
      batchId: input.batchId,
      at: input.at,
      newJusticeId: input.newJusticeId,
    },
  })
  return { ...justiceIds!, refusedMerges: clustering.refusedMerges }
}

/** The standardised records of some rows of the records table, as the index stores them. */
const indexRecordsOf = async (
  db: Database,
  rids: readonly number[],
  keyOfRid: (rid: number) => RecordKey,
  assignments: ReadonlyMap<RecordKey, JusticeId>,
  { otherIds, entered }: Pick<IndexLinkRequest, 'otherIds' | 'entered'>,
  at: string,
): Promise<IndexRecord[]> => {
  const sorted = [...rids].sort((a, b) => a - b)
  // Rows are read by ranges of rid (DuckDB skips row groups outside a range) or, for a few, by list; never by
  // joining a large list literal, which DuckDB is slow to parse.
  const queries: string[] = []
  const RANGE = 50_000
  if (sorted.length > 10_000) {
    const last = sorted[sorted.length - 1] ?? 0
    for (let from = sorted[0] ?? 0; from <= last; from += RANGE)
      queries.push(`WHERE rid >= ${from} AND rid < ${from + RANGE}`)
  } else {
    for (let i = 0; i < sorted.length; i += 1_000)
      queries.push(`WHERE rid IN (${sorted.slice(i, i + 1_000).join(',')})`)
  }
  const wanted = new Set(sorted)
  const out: IndexRecord[] = []
  const json = recordJsonSql(otherIds, attributeKeysOf(await recordColumns(db)))
  for (const where of queries) {
    for await (const rows of db.chunks(
      entered
        ? `SELECT rid, ${json}, entered_json FROM records LEFT JOIN ${ENTERED_TABLE} USING (rid) ${where} ORDER BY rid`
        : `SELECT rid, ${json}, NULL FROM records ${where} ORDER BY rid`,
    ))
      for (const [rid, j, e] of rows) {
        if (!wanted.has(Number(rid))) continue
        const recordJson = String(j)
        const key = keyOfRid(Number(rid))
        const { source, recordId } = recordOfKey(key)
        let record: StandardisedRecord | undefined
        out.push({
          key,
          source,
          recordId,
          justiceId: assignments.get(key)!,
          // The record as DuckDB wrote it, stored as it is: parsed only if something reads it.
          get record() {
            record ??= recordFromJson(recordJson)
            return record
          },
          recordJson,
          // Made by enteredRecordOf in this run, so not checked again. A record of the index no source gave again (an
          // add's) keeps the entered values the index holds.
          ...(typeof e === 'string' ? { enteredJson: e } : {}),
          updatedAt: at,
        })
      }
  }
  return out
}
