import { type ClusterResult, CONTRADICTION_WEIGHT, clusterRecords } from '../cluster/cluster.ts'
import { PERSON_IDENTIFIERS } from '../core/standardised.ts'
import type { GuardConstraint } from '../model/model.ts'
import type { WeightThresholds } from '../model/thresholds.ts'
import type { Database } from './database.ts'

export interface ClusteringOptions {
  /** The run's weight thresholds: `join` joins two records, a bridge below `strong` flags its person for review. */
  thresholds: WeightThresholds
  /** The model's guards' constraints on clustering, by guard name (`guardConstraints`). */
  guards: ReadonlyMap<string, GuardConstraint>
}

/**
 * Streams the pairs at or above the threshold out of the `scored` table into typed arrays (a few bytes a pair, so
 * millions fit) and clusters them with the pure clustering core.
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

  const identifiers = new Map<number, Map<string, string>>()
  const present = PERSON_IDENTIFIERS.map((c) => `${c} IS NOT NULL`).join(' OR ')
  for await (const rows of db.chunks(
    `SELECT rid, ${PERSON_IDENTIFIERS.join(', ')} FROM records WHERE ${present}`,
  )) {
    for (const [rid, ...values] of rows) {
      const byKind = new Map<string, string>()
      values.forEach((v, k) => {
        if (v !== null && v !== undefined) byKind.set(PERSON_IDENTIFIERS[k]!, String(v))
      })
      identifiers.set(Number(rid), byKind)
    }
  }
  // A pair a guard capped (likely twins or relatives) must not end up in one person through other pairs either,
  // as each guard's constraint says.
  // And a pair scored strongly against one person keeps a weak pair from joining the two groups it lies between.
  const cannotLink: [number, number][] = []
  const likelyRelatives: [number, number][] = []
  const contradictions: [number, number][] = []
  for await (const rows of db.chunks(
    `SELECT rid_l, rid_r, guard FROM scored WHERE guard IS NOT NULL OR match_weight <= ${CONTRADICTION_WEIGHT}`,
  )) {
    for (const [l, r, guard] of rows) {
      const pair: [number, number] = [Number(l), Number(r)]
      const constraint = guard === null ? 'contradiction' : options.guards.get(String(guard))
      if (constraint === 'contradiction') contradictions.push(pair)
      else if (constraint === 'likely_relatives') likelyRelatives.push(pair)
      else if (constraint === 'cannot_link') cannotLink.push(pair)
    }
  }
  const { knownNames, birthDates, surnames } = await readRecordFacts(db)
  const result = clusterRecords(
    records,
    { left: left.subarray(0, i), right: right.subarray(0, i), weight: weight.subarray(0, i) },
    {
      threshold: options.thresholds.join,
      strongWeight: options.thresholds.strong,
      identifiers,
      cannotLink,
      likelyRelatives,
      knownNames,
      birthDates,
      contradictions,
      surnames,
    },
  )
  return { result, edges: i }
}

/** What clustering weighs of each record besides its pairs, by rid (record-key.ts gives the same in memory). */
export interface RecordFacts {
  /** Its forename first, then its name words and its aliases' words; records without a forename are absent. */
  knownNames: Map<number, string[]>
  /** ISO text, as records in memory hold it. */
  birthDates: Map<number, string>
  surnames: Map<number, string>
}

/** The names, birth date and surname of every record of the `records` table, in one scan of it. */
export const readRecordFacts = async (db: Database): Promise<RecordFacts> => {
  const facts: RecordFacts = { knownNames: new Map(), birthDates: new Map(), surnames: new Map() }
  // Standardised names are lower-case letters and spaces, so "|" can join them.
  for await (const rows of db.chunks(
    `SELECT rid, CASE WHEN forename IS NOT NULL
       THEN array_to_string(list_concat([forename], name_tokens, alias_names), '|') END, date_of_birth, surname
     FROM records`,
  )) {
    for (const [rid, known, dob, surname] of rows) {
      const id = Number(rid)
      if (known !== null) facts.knownNames.set(id, String(known).split('|'))
      if (dob !== null) facts.birthDates.set(id, String(dob))
      if (surname !== null) facts.surnames.set(id, String(surname))
    }
  }
  return facts
}
