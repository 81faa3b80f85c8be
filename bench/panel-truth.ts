/**
 * The truth of a panel data set as a map from record to person, and the blocking recall it gives: the share of true
 * pairs among a run's candidate pairs (every candidate pair is scored, so pairs.parquet holds them all).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { openDatabase, sqlString } from '../src/batch/database.ts'

export type PanelTruth =
  | { kind: 'febrl-ids' }
  | { kind: 'column'; column: string }
  | { kind: 'file'; file: string }

interface RunSource {
  name: string
  file: string
  recordIdColumn?: string
}

const key = (source: string, recordId: string): string => `${source}\u0000${recordId.trim()}`

const readCsv = (file: string): Record<string, string>[] =>
  parse(readFileSync(file, 'utf8'), {
    columns: (h: string[]) => h.map((c) => c.trim()),
    trim: true,
    bom: true,
  })

/** Person of every record of the run's sources. */
export const truthOf = (
  truth: PanelTruth,
  sources: readonly RunSource[],
  cwd: string,
): Map<string, string> => {
  const persons = new Map<string, string>()
  if (truth.kind === 'file') {
    for (const r of readCsv(truth.file))
      persons.set(key(r.source ?? '', r.record_id ?? ''), r.person_id ?? '')
    return persons
  }
  for (const s of sources) {
    const idColumn = s.recordIdColumn ?? 'record_id'
    for (const r of readCsv(path.resolve(cwd, s.file))) {
      const id = r[idColumn] ?? ''
      const person = truth.kind === 'febrl-ids' ? /^rec-(\d+)-/.exec(id)?.[1] : r[truth.column]
      if (person) persons.set(key(s.name, id), person)
    }
  }
  return persons
}

/** Pairs of records of the same person among the records the run read: sum of k(k-1)/2. */
export const truePairsOf = (persons: Map<string, string>): number => {
  const counts = new Map<string, number>()
  for (const p of persons.values()) counts.set(p, (counts.get(p) ?? 0) + 1)
  let pairs = 0
  for (const k of counts.values()) pairs += (k * (k - 1)) / 2
  return pairs
}

/** True pairs among the candidate pairs of a run folder. */
export const trueCandidatePairs = async (outDir: string, persons: Map<string, string>): Promise<number> => {
  const db = await openDatabase()
  try {
    let found = 0
    const file = sqlString(path.join(outDir, 'pairs.parquet'))
    for await (const rows of db.chunks(
      `SELECT source_l, record_id_l, source_r, record_id_r FROM read_parquet(${file})`,
    )) {
      for (const [sl, il, sr, ir] of rows) {
        const a = persons.get(key(String(sl), String(il)))
        if (a !== undefined && a === persons.get(key(String(sr), String(ir)))) found++
      }
    }
    return found
  } finally {
    db.close()
  }
}
