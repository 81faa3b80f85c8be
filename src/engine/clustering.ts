import { type ClusterResult, CONTRADICTION_WEIGHT, clusterRecords } from '../cluster/cluster.ts'
import { PERSON_IDENTIFIERS } from '../index/record-key.ts'
import { guardConstraint } from '../model/guards.ts'
import type { Database } from './database.ts'

export interface ClusteringOptions {
  /** Match weight at or above which a pair joins two records. */
  threshold: number
  /** Bridges below this weight flag their person for review; by default 5 bits above the threshold. */
  strongWeight?: number
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
  const edges = await db.scalar(`SELECT count(*) FROM scored WHERE match_weight >= ${options.threshold}`)
  const left = new Int32Array(edges)
  const right = new Int32Array(edges)
  const weight = new Float64Array(edges)
  let i = 0
  for await (const rows of db.chunks(
    // In a fixed order: pairs of equal weight are taken in input order, so the same data clusters the same way.
    `SELECT rid_l, rid_r, match_weight FROM scored WHERE match_weight >= ${options.threshold} ORDER BY rid_l, rid_r`,
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
  const cannotLink: [number, number][] = []
  const likelyRelatives: [number, number][] = []
  for await (const rows of db.chunks('SELECT rid_l, rid_r, guard FROM scored WHERE guard IS NOT NULL')) {
    for (const [l, r, guard] of rows) {
      const constraint = guardConstraint(String(guard))
      if (constraint !== 'none')
        (constraint === 'likely_relatives' ? likelyRelatives : cannotLink).push([Number(l), Number(r)])
    }
  }
  const contradictions: [number, number][] = []
  for await (const rows of db.chunks(
    `SELECT rid_l, rid_r FROM scored WHERE match_weight <= ${CONTRADICTION_WEIGHT}`,
  ))
    for (const [l, r] of rows) contradictions.push([Number(l), Number(r)])
  const knownNames = await readKnownNames(db)
  const birthDates = await readBirthDates(db)
  const result = clusterRecords(
    records,
    { left: left.subarray(0, i), right: right.subarray(0, i), weight: weight.subarray(0, i) },
    {
      threshold: options.threshold,
      strongWeight: options.strongWeight ?? options.threshold + 5,
      identifiers,
      cannotLink,
      likelyRelatives,
      knownNames,
      birthDates,
      contradictions,
      surnames: await readSurnames(db),
    },
  )
  return { result, edges: i }
}

/** The surname each record of the `records` table gives, by rid. */
export const readSurnames = async (db: Database): Promise<Map<number, string>> => {
  const out = new Map<number, string>()
  for await (const rows of db.chunks('SELECT rid, surname FROM records WHERE surname IS NOT NULL'))
    for (const [rid, s] of rows) out.set(Number(rid), String(s))
  return out
}

/** The birth date each record of the `records` table gives, by rid (ISO text, as records in memory hold it). */
export const readBirthDates = async (db: Database): Promise<Map<number, string>> => {
  const dates = new Map<number, string>()
  for await (const rows of db.chunks(
    `SELECT rid, date_of_birth FROM records WHERE date_of_birth IS NOT NULL`,
  ))
    for (const [rid, dob] of rows) dates.set(Number(rid), String(dob))
  return dates
}

/**
 * The names each record of the `records` table is known by, by rid: its forename first, then its name words and its
 * aliases' words (as src/index/record-key.ts knownNamesOf gives them in memory).
 */
export const readKnownNames = async (db: Database): Promise<Map<number, string[]>> => {
  const names = new Map<number, string[]>()
  // Standardised names are lower-case letters and spaces, so "|" can join them.
  for await (const rows of db.chunks(
    `SELECT rid, array_to_string(list_concat([forename], name_tokens, alias_names), '|') FROM records
     WHERE forename IS NOT NULL`,
  )) {
    for (const [rid, known] of rows) names.set(Number(rid), String(known).split('|'))
  }
  return names
}
