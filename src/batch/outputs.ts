import { writeFile } from 'node:fs/promises'
import { stringify } from 'csv-stringify/sync'
import type { ClusterResult } from '../persons/cluster.ts'
import type { Database, TableColumnValues } from './database.ts'
import { sqlString } from './database.ts'

/** Run-local person id: stable within a run only (persistent Justice IDs belong to the person index). */
export const personIdOf = (cluster: number): string => `P${String(cluster + 1).padStart(7, '0')}`

/**
 * clusters.csv: `source,record_id,person_id`, one row per input record, in input order; with a person index, a
 * fourth column `justice_id` holds each record's persistent Justice ID. Written by DuckDB's CSV writer from the
 * cluster of each rid: at a million records, four times faster than turning every row into JavaScript values.
 */
export const writeClustersCsv = async (
  db: Database,
  clustering: ClusterResult,
  file: string,
  justiceIdOfRid?: (rid: number) => string | undefined,
): Promise<void> => {
  const { cluster } = clustering
  // Rids number the records 0..n-1: a record's cluster is at its rid.
  const columns: Record<string, TableColumnValues> = {
    rid: Int32Array.from(cluster, (_, rid) => rid),
    cluster,
  }
  if (justiceIdOfRid) columns.justice_id = Array.from(cluster, (_, rid) => justiceIdOfRid(rid) ?? null)
  await db.createTableFrom('record_cluster', columns)
  // printf as personIdOf: seven digits at least, never cut short.
  await db.run(`COPY (
    SELECT r.source, r.record_id, printf('P%07d', c.cluster + 1) AS person_id${justiceIdOfRid ? ', c.justice_id' : ''}
    FROM records r JOIN record_cluster c USING (rid) ORDER BY rid
  ) TO ${sqlString(file)} (FORMAT csv, HEADER)`)
  await db.run('DROP TABLE record_cluster')
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
