import { CHECKED_IDENTIFIER, PERSON_IDENTIFIERS } from '../core/standardised.ts'
import type { GuardConstraint } from '../model/model.ts'
import type { WeightThresholds } from '../model/thresholds.ts'
import { type ClusterResult, CONTRADICTION_WEIGHT, type ScoredEdges } from '../persons/cluster.ts'
import { collectEvidence, type EvidenceBySlot, type RecordEvidence } from '../persons/evidence.ts'
import { constraintList, resolvePersons, type SlotPair } from '../persons/resolve.ts'
import type { Database } from './database.ts'

export interface ClusteringOptions {
  /** The run's weight thresholds: `join` joins two records, a bridge below `strong` flags its person for review. */
  thresholds: WeightThresholds
  /** The model's guards' constraints on clustering, by guard name (`guardConstraints`). */
  guards: ReadonlyMap<string, GuardConstraint>
}

/**
 * The run's records numbered in record key order (src/persons/record-order.ts: code point order, DuckDB's order of
 * text), the order persons are decided in: pairs of equal weight are taken in it and ties go to the smallest key, so
 * persons do not depend on the order of rows in the sources, and a plain run agrees with `relink`.
 */
export interface RecordSlots {
  records: number
  /** By rid; -1 for a rid no record has (an add drops the index's copy of a record it replaces). */
  slotOfRid: Int32Array
  ridOfSlot: Int32Array
  /** Each slot's record key, when asked for. */
  keys: string[] | null
}

const SLOT_TABLE = 'record_slot'

/** Numbers the records table's records by key (`RecordSlots`), and keeps the numbering in a table for the pair reads. */
export const slotRecordsByKey = async (
  db: Database,
  { withKeys }: { withKeys: boolean },
): Promise<RecordSlots> => {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${SLOT_TABLE} AS
     SELECT rid, (row_number() OVER (ORDER BY source || ':' || record_id) - 1)::INTEGER AS slot FROM records`,
  )
  const records = await db.scalar(`SELECT count(*) FROM ${SLOT_TABLE}`)
  const rids = await db.scalar(`SELECT coalesce(max(rid) + 1, 0) FROM ${SLOT_TABLE}`)
  const slotOfRid = new Int32Array(rids).fill(-1)
  const ridOfSlot = new Int32Array(records)
  const keys: string[] | null = withKeys ? new Array(records) : null
  for await (const { rows, columns } of db.columnChunks(
    withKeys
      ? `SELECT rid, slot, source || ':' || record_id FROM ${SLOT_TABLE} JOIN records USING (rid)`
      : `SELECT rid, slot FROM ${SLOT_TABLE}`,
  )) {
    const [rid, slot, key] = columns
    for (let i = 0; i < rows; i++) {
      const r = Number(rid!.getItem(i))
      const s = Number(slot!.getItem(i))
      slotOfRid[r] = s
      ridOfSlot[s] = r
      if (keys !== null) keys[s] = String(key!.getItem(i))
    }
  }
  return { records, slotOfRid, ridOfSlot, keys }
}

/**
 * The scored pairs that pass `where` into typed arrays (a few bytes a pair, so millions fit), records by slot, the
 * smaller first, in slot order: the order pairs of equal weight are taken in.
 */
export const joiningPairs = async (db: Database, where: string): Promise<ScoredEdges> => {
  const from = `scored s JOIN ${SLOT_TABLE} a ON a.rid = s.rid_l JOIN ${SLOT_TABLE} b ON b.rid = s.rid_r WHERE ${where}`
  // An upper bound without the joins (a pair of a dropped record has no slot): the arrays are cut to what is read.
  const edges = await db.scalar(`SELECT count(*) FROM scored s WHERE ${where}`)
  const left = new Int32Array(edges)
  const right = new Int32Array(edges)
  const weight = new Float64Array(edges)
  let i = 0
  for await (const { rows, columns } of db.columnChunks(
    `SELECT least(a.slot, b.slot) AS l, greatest(a.slot, b.slot) AS r, s.match_weight FROM ${from} ORDER BY l, r`,
  )) {
    const [l, r, w] = columns
    for (let k = 0; k < rows && i < edges; k++, i++) {
      left[i] = Number(l!.getItem(k))
      right[i] = Number(r!.getItem(k))
      weight[i] = Number(w!.getItem(k))
    }
  }
  return { left: left.subarray(0, i), right: right.subarray(0, i), weight: weight.subarray(0, i) }
}

/**
 * The pairs that keep records apart, by slot: a pair a guard capped (likely twins or relatives) must not end up in
 * one person through other pairs either, as each guard's constraint says; and a pair scored strongly against one
 * person keeps a weak pair from joining the two groups it lies between.
 */
export const refusingPairs = async (
  db: Database,
  slots: RecordSlots,
  guards: ReadonlyMap<string, GuardConstraint>,
): Promise<{ cannotLink: SlotPair[]; likelyRelatives: SlotPair[]; contradictions: ScoredEdges }> => {
  const out = { cannotLink: [] as SlotPair[], likelyRelatives: [] as SlotPair[] }
  for await (const rows of db.chunks(`SELECT rid_l, rid_r, guard FROM scored WHERE guard IS NOT NULL`)) {
    for (const [l, r, guard] of rows) {
      const a = slots.slotOfRid[Number(l)]!
      const b = slots.slotOfRid[Number(r)]!
      const list = constraintList(guards.get(String(guard)))
      if (list !== null) out[list].push(a < b ? [a, b] : [b, a])
    }
  }
  return { ...out, contradictions: await contradictingPairs(db, slots) }
}

/** The pairs scored strongly against one person, by slot: over a million at a million records, so typed arrays. */
const contradictingPairs = async (db: Database, slots: RecordSlots): Promise<ScoredEdges> => {
  const where = `guard IS NULL AND match_weight <= ${CONTRADICTION_WEIGHT}`
  const pairs = await db.scalar(`SELECT count(*) FROM scored WHERE ${where}`)
  const left = new Int32Array(pairs)
  const right = new Int32Array(pairs)
  const weight = new Float64Array(pairs)
  let i = 0
  for await (const { rows, columns } of db.columnChunks(
    `SELECT rid_l, rid_r, match_weight FROM scored WHERE ${where}`,
  )) {
    const [l, r, w] = columns
    for (let k = 0; k < rows && i < pairs; k++, i++) {
      const a = slots.slotOfRid[Number(l!.getItem(k))]!
      const b = slots.slotOfRid[Number(r!.getItem(k))]!
      left[i] = a < b ? a : b
      right[i] = a < b ? b : a
      weight[i] = Number(w!.getItem(k))
    }
  }
  return { left: left.subarray(0, i), right: right.subarray(0, i), weight: weight.subarray(0, i) }
}

/** A clustering by slot as one by rid, clusters numbered in order of their first rid as the outputs number them. */
export const clusteringByRid = (bySlot: ClusterResult, slots: RecordSlots): ClusterResult => {
  const renumber = new Int32Array(bySlot.clusters).fill(-1)
  const cluster = new Int32Array(slots.slotOfRid.length)
  let clusters = 0
  for (let rid = 0; rid < cluster.length; rid++) {
    const c = bySlot.cluster[slots.slotOfRid[rid]!]!
    if (renumber[c] === -1) renumber[c] = clusters++
    cluster[rid] = renumber[c]!
  }
  // Flags stay grouped by reason as given, each reason's clusters in order.
  const group = new Map<string, number>()
  for (const f of bySlot.flags) if (!group.has(f.reason)) group.set(f.reason, group.size)
  const flags = bySlot.flags
    .map((f) => ({ ...f, cluster: renumber[f.cluster]! }))
    .sort((x, y) => group.get(x.reason)! - group.get(y.reason)! || x.cluster - y.cluster)
  return { cluster, clusters, flags, refusedMerges: bySlot.refusedMerges }
}

/**
 * Streams the pairs at or above the threshold out of the `scored` table and decides persons with the persons
 * module, with no previous persons: records in key order (`RecordSlots`), the result by rid.
 */
export const clusterScoredPairs = async (
  db: Database,
  records: number,
  options: ClusteringOptions,
): Promise<{ result: ClusterResult; edges: number }> => {
  const slots = await slotRecordsByKey(db, { withKeys: false })
  if (slots.records !== records || slots.slotOfRid.length !== records)
    throw new Error(`clustering: the records are not numbered 0 to ${records - 1}`)
  const joining = await joiningPairs(db, `s.match_weight >= ${options.thresholds.join}`)
  const { clustering } = resolvePersons({
    records,
    evidence: await readRecordEvidence(db, slots),
    joining,
    ...(await refusingPairs(db, slots, options.guards)),
    thresholds: options.thresholds,
  })
  return { result: clusteringByRid(clustering, slots), edges: joining.weight.length }
}

/** The columns of the `records` table a record's evidence is read from, after its rid. */
const EVIDENCE_COLUMNS = `CASE WHEN forename IS NOT NULL
    THEN array_to_string(list_concat([forename], name_tokens, alias_names), '|') END, surname, date_of_birth`
// Standardised names are lower-case letters and spaces, so "|" can join them.
const knownNamesOf = (joined: unknown): string[] | null =>
  joined === null ? null : String(joined).split('|')
const textOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value)

/** The distinct values `sql` gives (one column), in its order: the values a code read with them stands for. */
const valuesOf = async (db: Database, sql: string): Promise<string[]> => {
  const values: string[] = []
  for await (const { rows, columns } of db.columnChunks(sql))
    for (let i = 0; i < rows; i++) values.push(String(columns[0]!.getItem(i)))
  return values
}

/**
 * Every record's evidence (src/persons/evidence.ts) by rid (by slot, given slots), in one scan of the `records`
 * table: what `evidenceOf` gives for a record in memory, with each identifier as a number DuckDB ranks it by
 * (equal values, equal numbers), so that no identifier text comes into the JavaScript heap. Names, surnames and
 * birth dates come as codes into lists of their distinct values, read once each: a million records' text decoded
 * and hashed value by value cost seconds.
 */
export const readRecordEvidence = async (db: Database, slots?: RecordSlots): Promise<EvidenceBySlot> => {
  const records = slots
    ? slots.slotOfRid.length
    : await db.scalar('SELECT coalesce(max(rid) + 1, 0) FROM records')
  const evidence = collectEvidence(slots ? slots.records : records)
  // Each record's known names (`RecordEvidence.knownNames`), its forename first, as codes into `words`.
  await db.run(`CREATE OR REPLACE TEMP TABLE evidence_word AS
    SELECT rid, generate_subscripts(names, 1) AS position, unnest(names) AS word
    FROM (SELECT rid, list_concat([forename], name_tokens, alias_names) AS names FROM records WHERE forename IS NOT NULL)`)
  // array_to_string, which the names were joined with before, leaves NULL elements out.
  await db.run(`CREATE OR REPLACE TEMP TABLE evidence_words AS
    SELECT word, (row_number() OVER (ORDER BY word) - 1)::INTEGER AS code
    FROM (SELECT DISTINCT word FROM evidence_word WHERE word IS NOT NULL)`)
  const words = await valuesOf(db, 'SELECT word FROM evidence_words ORDER BY code')
  const wordsAt = new Int32Array(records + 1)
  const wordCodes: number[] = []
  {
    let rid = -1
    for await (const { rows, columns } of db.columnChunks(
      `SELECT w.rid, coalesce(c.code, -1) FROM evidence_word w LEFT JOIN evidence_words c USING (word)
       ORDER BY w.rid, w.position`,
    )) {
      for (let i = 0; i < rows; i++) {
        const r = Number(columns[0]!.getItem(i))
        while (rid < r) wordsAt[++rid] = wordCodes.length
        const code = Number(columns[1]!.getItem(i))
        if (code >= 0) wordCodes.push(code)
      }
    }
    while (rid < records) wordsAt[++rid] = wordCodes.length
  }
  await db.run('DROP TABLE evidence_word')
  await db.run('DROP TABLE evidence_words')
  // Surnames and birth dates by code: a join to their distinct values costs a third less than ranking every record.
  const codes = async (column: string): Promise<string[]> => {
    await db.run(`CREATE OR REPLACE TEMP TABLE evidence_${column} AS
      SELECT ${column}, (row_number() OVER (ORDER BY ${column}) - 1)::INTEGER AS code
      FROM (SELECT DISTINCT ${column} FROM records WHERE ${column} IS NOT NULL)`)
    return valuesOf(db, `SELECT ${column} FROM evidence_${column} ORDER BY code`)
  }
  const surnames = await codes('surname')
  const dates = await codes('date_of_birth')
  // A checked identifier comes as the number DuckDB ranks it by; one without check characters as text, to tell a
  // mistyped number from another.
  const checked = PERSON_IDENTIFIERS.map((kind) => CHECKED_IDENTIFIER[kind])
  const identifierColumns = PERSON_IDENTIFIERS.map((kind) =>
    CHECKED_IDENTIFIER[kind]
      ? `CASE WHEN ${kind} IS NULL THEN -1 ELSE dense_rank() OVER (ORDER BY ${kind}) END`
      : kind,
  )
  for await (const { rows, columns } of db.columnChunks(
    `SELECT r.rid, r.forename IS NOT NULL, coalesce(s.code, -1), coalesce(d.code, -1), ${identifierColumns.join(', ')}
     FROM records r LEFT JOIN evidence_surname s USING (surname) LEFT JOIN evidence_date_of_birth d USING (date_of_birth)`,
  )) {
    const [ridColumn, named, surname, birthDate] = columns
    for (let i = 0; i < rows; i++) {
      const rid = Number(ridColumn!.getItem(i))
      const id = slots ? slots.slotOfRid[rid]! : rid
      const s = Number(surname!.getItem(i))
      const d = Number(birthDate!.getItem(i))
      let known: string[] | null = null
      if (named!.getItem(i) === true) {
        known = []
        for (let k = wordsAt[rid]!; k < wordsAt[rid + 1]!; k++) known.push(words[wordCodes[k]!]!)
      }
      evidence.names(id, known, s >= 0 ? surnames[s]! : null, d >= 0 ? dates[d]! : null)
      for (let k = 0; k < checked.length; k++) {
        const value = columns[4 + k]!.getItem(i)
        if (!checked[k]) {
          if (value !== null && value !== undefined) evidence.identifierText(id, k, String(value))
        } else if (Number(value) >= 0) evidence.identifier(id, k, Number(value))
      }
    }
  }
  await db.run('DROP TABLE evidence_surname')
  await db.run('DROP TABLE evidence_date_of_birth')
  return evidence.done()
}

/** The evidence of the records of some rids, as `evidenceOf` gives it, identifiers as text. */
export const readEvidenceOfRids = async (
  db: Database,
  rids: ReadonlySet<number>,
): Promise<Map<number, RecordEvidence>> => {
  const out = new Map<number, RecordEvidence>()
  for await (const rows of db.chunks(
    `SELECT rid, ${EVIDENCE_COLUMNS}, ${PERSON_IDENTIFIERS.join(', ')} FROM records`,
  )) {
    for (const row of rows) {
      const rid = Number(row[0])
      if (!rids.has(rid)) continue
      const identifiers = new Map<string, string>()
      PERSON_IDENTIFIERS.forEach((kind, k) => {
        const value = textOf(row[4 + k])
        if (value !== null) identifiers.set(kind, value)
      })
      out.set(rid, {
        identifiers,
        knownNames: knownNamesOf(row[1]),
        birthDate: textOf(row[3]),
        surname: textOf(row[2]),
      })
    }
  }
  return out
}
