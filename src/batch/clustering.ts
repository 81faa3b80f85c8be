import { PERSON_IDENTIFIERS } from '../core/standardised.ts'
import type { GuardConstraint } from '../model/model.ts'
import type { WeightThresholds } from '../model/thresholds.ts'
import { type ClusterResult, CONTRADICTION_WEIGHT } from '../persons/cluster.ts'
import { type EvidenceBySlot, emptyEvidence } from '../persons/evidence.ts'
import { constraintList, resolvePersons, type SlotPair } from '../persons/resolve.ts'
import type { Database } from './database.ts'

export interface ClusteringOptions {
  /** The run's weight thresholds: `join` joins two records, a bridge below `strong` flags its person for review. */
  thresholds: WeightThresholds
  /** The model's guards' constraints on clustering, by guard name (`guardConstraints`). */
  guards: ReadonlyMap<string, GuardConstraint>
}

/**
 * Streams the pairs at or above the threshold out of the `scored` table into typed arrays (a few bytes a pair, so
 * millions fit) and decides persons with the persons module, records by rid, with no previous persons.
 */
export const clusterScoredPairs = async (
  db: Database,
  records: number,
  options: ClusteringOptions,
): Promise<{ result: ClusterResult; edges: number }> => {
  const edges = await db.scalar(
    `SELECT count(*) FROM scored WHERE match_weight >= ${options.thresholds.join}`,
  )
  const left = new Int32Array(edges)
  const right = new Int32Array(edges)
  const weight = new Float64Array(edges)
  let i = 0
  for await (const rows of db.chunks(
    // In a fixed order: pairs of equal weight are taken in input order, so the same data clusters the same way.
    `SELECT rid_l, rid_r, match_weight FROM scored WHERE match_weight >= ${options.thresholds.join} ORDER BY rid_l, rid_r`,
  )) {
    for (const [l, r, w] of rows) {
      if (i >= edges) break
      left[i] = Number(l)
      right[i] = Number(r)
      weight[i] = Number(w)
      i++
    }
  }

  // A pair a guard capped (likely twins or relatives) must not end up in one person through other pairs either,
  // as each guard's constraint says.
  // And a pair scored strongly against one person keeps a weak pair from joining the two groups it lies between.
  const guarded = { cannotLink: [] as SlotPair[], likelyRelatives: [] as SlotPair[] }
  const contradictions: SlotPair[] = []
  for await (const rows of db.chunks(
    `SELECT rid_l, rid_r, guard FROM scored WHERE guard IS NOT NULL OR match_weight <= ${CONTRADICTION_WEIGHT}`,
  )) {
    for (const [l, r, guard] of rows) {
      const pair: SlotPair = [Number(l), Number(r)]
      if (guard === null) contradictions.push(pair)
      else {
        const list = constraintList(options.guards.get(String(guard)))
        if (list !== null) guarded[list].push(pair)
      }
    }
  }
  const { clustering } = resolvePersons({
    records,
    evidence: await readRecordEvidence(db),
    joining: { left: left.subarray(0, i), right: right.subarray(0, i), weight: weight.subarray(0, i) },
    ...guarded,
    contradictions,
    thresholds: options.thresholds,
  })
  return { result: clustering, edges: i }
}

/**
 * Every record's evidence (src/persons/evidence.ts) by rid, in one scan of the `records` table: what `evidenceOf`
 * gives for a record in memory.
 */
export const readRecordEvidence = async (db: Database): Promise<EvidenceBySlot> => {
  const evidence = emptyEvidence()
  // Standardised names are lower-case letters and spaces, so "|" can join them.
  for await (const rows of db.chunks(
    `SELECT rid, CASE WHEN forename IS NOT NULL
       THEN array_to_string(list_concat([forename], name_tokens, alias_names), '|') END, date_of_birth, surname,
       ${PERSON_IDENTIFIERS.join(', ')}
     FROM records`,
  )) {
    for (const row of rows) {
      const id = Number(row[0])
      const known = row[1]
      const dob = row[2]
      const surname = row[3]
      if (known !== null) evidence.knownNames.set(id, String(known).split('|'))
      if (dob !== null) evidence.birthDates.set(id, String(dob))
      if (surname !== null) evidence.surnames.set(id, String(surname))
      // Most records give an identifier or none: a map only for those that give one.
      let byKind: Map<string, string> | undefined
      for (let k = 0; k < PERSON_IDENTIFIERS.length; k++) {
        const v = row[4 + k]
        if (v === null || v === undefined) continue
        byKind ??= new Map()
        byKind.set(PERSON_IDENTIFIERS[k]!, String(v))
      }
      if (byKind !== undefined) evidence.identifiers.set(id, byKind)
    }
  }
  return evidence
}
