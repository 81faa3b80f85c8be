import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { stringify } from 'csv-stringify/sync'
import type { ClusterResult } from '../cluster/cluster.ts'
import type { Database } from './database.ts'
import { sqlString } from './database.ts'

/** Run-local person id: stable within a run only (persistent Justice IDs belong to the person index). */
export const personIdOf = (cluster: number): string => `P${String(cluster + 1).padStart(7, '0')}`

/**
 * clusters.csv: `source,record_id,person_id`, one row per input record, in input order; with a person index, a
 * fourth column `justice_id` holds each record's persistent Justice ID.
 */
export const writeClustersCsv = async (
  db: Database,
  clustering: ClusterResult,
  file: string,
  justiceIdOfRid?: (rid: number) => string | undefined,
): Promise<void> => {
  const out = createWriteStream(file, { encoding: 'utf8' })
  out.write(
    stringify([
      justiceIdOfRid
        ? ['source', 'record_id', 'person_id', 'justice_id']
        : ['source', 'record_id', 'person_id'],
    ]),
  )
  // Rids number the records 0..n-1, so a row's rid is its place in rid order: not reading it back from DuckDB saves a
  // third of the values converted, a second at a million records.
  let rid = 0
  for await (const rows of db.chunks('SELECT source, record_id FROM records ORDER BY rid')) {
    const lines = rows.map(([source, recordId]) => {
      const personId = personIdOf(clustering.cluster[rid]!)
      const line = justiceIdOfRid
        ? [String(source), String(recordId), personId, justiceIdOfRid(rid) ?? '']
        : [String(source), String(recordId), personId]
      rid++
      return line
    })
    if (!out.write(stringify(lines))) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

/** flags.csv: persons that need a person to look at them, and why. */
export const writeFlagsCsv = async (clustering: ClusterResult, file: string): Promise<void> => {
  const rows = [['person_id', 'reason'], ...clustering.flags.map((f) => [personIdOf(f.cluster), f.reason])]
  await writeFile(file, stringify(rows))
}

/** pairs.parquet: every scored pair with both record keys; the score columns come from the `scored` table. */
export const writePairsParquet = async (
  db: Database,
  scoreColumns: readonly string[],
  file: string,
): Promise<void> => {
  await db.run(`COPY (
    SELECT l.source AS source_l, l.record_id AS record_id_l, r.source AS source_r, r.record_id AS record_id_r,
      ${scoreColumns.map((c) => `s.${c}`).join(', ')}
    FROM scored s JOIN records l ON l.rid = s.rid_l JOIN records r ON r.rid = s.rid_r
    ORDER BY s.rid_l, s.rid_r
  ) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`)
}
