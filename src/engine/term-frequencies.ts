import type { Database } from './database.ts'

/** The table holding term frequencies of one column: `tf_<column>(value, tf)`. */
export const tfTableOf = (column: string): string => `tf_${column}`

/** The column of the records table holding the term frequency of a record's value of `column`. */
export const tfColumnOf = (column: string): string => `tf_${column}`

/**
 * Builds one term-frequency table per column: the share of records (with a value) holding each value. A match on a
 * value held by few records is stronger evidence than a match on a common one.
 */
export const buildTermFrequencyTables = async (db: Database, columns: readonly string[]): Promise<void> => {
  for (const column of new Set(columns)) {
    await db.run(`CREATE OR REPLACE TABLE ${tfTableOf(column)} AS
      SELECT ${column} AS value, count(*)::DOUBLE / sum(count(*)) OVER () AS tf
      FROM records WHERE ${column} IS NOT NULL GROUP BY ${column}`)
  }
  // Each record carries the frequencies of its own values, so scoring reads them without joining per pair.
  const list = [...new Set(columns)]
  if (list.length === 0) return
  await db.run(`CREATE OR REPLACE TABLE records AS
    SELECT rec.*, ${list.map((c) => `t_${c}.tf AS ${tfColumnOf(c)}`).join(', ')}
    FROM records rec ${list.map((c) => `LEFT JOIN ${tfTableOf(c)} t_${c} ON t_${c}.value = rec.${c}`).join(' ')}`)
}
