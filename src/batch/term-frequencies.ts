import { writeFile } from 'node:fs/promises'
import type { Database } from './database.ts'
import { sqlString } from './database.ts'

/** The table holding term frequencies of one column: `tf_<column>(value, tf)`. */
export const tfTableOf = (column: string): string => `tf_${column}`

/** The column of the records table holding the term frequency of a record's value of `column`. */
export const tfColumnOf = (column: string): string => `tf_${column}`

/** Term frequencies by column, value → share of records holding it: the form the person index stores. */
export type TermFrequencyTables = Map<string, Map<string, number>>

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
  await attachTermFrequencies(db, columns)
}

/**
 * Loads frequencies computed earlier (a person index's) instead of counting this run's records, so that a re-run
 * or an incremental add scores every pair exactly as the index's own run did. Values the tables do not know get no
 * adjustment. `folder` holds the temporary file they load through.
 */
export const loadTermFrequencyTables = async (
  db: Database,
  columns: readonly string[],
  tables: TermFrequencyTables,
  folder: string,
): Promise<void> => {
  for (const column of new Set(columns)) {
    const file = `${folder}/tf-${column}.json`
    const rows = [...(tables.get(column) ?? [])].map(([value, tf]) => JSON.stringify({ value, tf }))
    await writeFile(file, rows.join('\n'))
    await db.run(`CREATE OR REPLACE TABLE ${tfTableOf(column)} (value VARCHAR, tf DOUBLE)`)
    if (rows.length > 0)
      await db.run(`INSERT INTO ${tfTableOf(column)}
        SELECT value, tf FROM read_json(${sqlString(file)}, format = 'newline_delimited',
          columns = {value: 'VARCHAR', tf: 'DOUBLE'})`)
  }
  await attachTermFrequencies(db, columns)
}

/** The frequency tables of a run, to store in a person index. */
export const readTermFrequencyTables = async (
  db: Database,
  columns: readonly string[],
): Promise<TermFrequencyTables> => {
  const tables: TermFrequencyTables = new Map()
  for (const column of new Set(columns)) {
    const table = new Map<string, number>()
    for await (const rows of db.chunks(`SELECT value, tf FROM ${tfTableOf(column)}`))
      for (const [value, tf] of rows) table.set(String(value), Number(tf))
    tables.set(column, table)
  }
  return tables
}

// Each record carries the frequencies of its own values, so scoring reads them without joining per pair. Added as
// columns and filled by UPDATE, which writes only those columns: rebuilding the wide records table to add them cost
// eight times the CPU (about 6 s at a million records).
const attachTermFrequencies = async (db: Database, columns: readonly string[]): Promise<void> => {
  for (const column of new Set(columns)) {
    await db.run(`ALTER TABLE records ADD COLUMN ${tfColumnOf(column)} DOUBLE`)
    await db.run(`UPDATE records SET ${tfColumnOf(column)} = t.tf
      FROM ${tfTableOf(column)} t WHERE t.value = records.${column}`)
  }
}
