import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { StandardisationCounts, StandardisedRecord } from '../core/standardised.ts'
import { emptyCounts } from '../core/standardised.ts'
import type { OpenSource } from '../sources/index.ts'
import type { NameVariants } from '../standardise/index.ts'
import { standardiseRecord } from '../standardise/index.ts'
import type { Database } from './database.ts'
import { sqlString } from './database.ts'
import { columnOf, DERIVED_COLUMNS, LIST_FIELDS, otherIdColumn, SCALAR_FIELDS } from './record-table.ts'

export interface LoadedSource {
  name: string
  file: string
  records: number
  unknownColumns: string[]
}

export interface LoadResult {
  sources: LoadedSource[]
  records: number
  counts: StandardisationCounts
  /** Other identifier names found across sources, each a column other_<name> in the records table. */
  otherIds: string[]
}

const csvField = (v: string | null | undefined): string => {
  if (v === null || v === undefined || v === '') return ''
  return /[",\n\r|]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
}

/**
 * Reads every source, standardises each record and loads them into the `records` table. Standardisation runs in
 * TypeScript (the same code the real-time matcher uses); the standardised rows reach DuckDB through a staging CSV,
 * which DuckDB's parallel reader loads far faster than row-by-row inserts.
 */
export const loadRecords = async (
  db: Database,
  sources: readonly OpenSource[],
  variants: NameVariants,
  stagingCsv: string,
  onProgress?: (records: number) => void,
): Promise<LoadResult> => {
  const otherIds = [
    ...new Set(
      sources.flatMap((s) => s.layout.columns.filter((c) => c.role === 'otherId').map((c) => c.header)),
    ),
  ]
  const counts = emptyCounts()
  const header = [
    'rid',
    'source',
    'record_id',
    ...SCALAR_FIELDS.map(columnOf),
    ...LIST_FIELDS.map(columnOf),
    ...otherIds.map(otherIdColumn),
  ]
  const out = createWriteStream(stagingCsv, { encoding: 'utf8' })
  out.write(`${header.join(',')}\n`)
  const loaded: LoadedSource[] = []
  let total = 0
  for (const source of sources) {
    let n = 0
    for await (const batch of source.batches()) {
      let text = ''
      for (const record of batch) {
        const s = standardiseRecord(record, variants, counts)
        text += rowOf(total + n++, s, otherIds)
      }
      if (!out.write(text)) await once(out, 'drain')
      onProgress?.(total + n)
    }
    total += n
    loaded.push({
      name: source.spec.name,
      file: source.spec.file,
      records: n,
      unknownColumns: source.layout.unknownColumns,
    })
  }
  out.end()
  await once(out, 'finish')

  const columnTypes = header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')
  const listSelect = LIST_FIELDS.map(columnOf).map(
    (c) => `CASE WHEN ${c} IS NULL OR ${c} = '' THEN []::VARCHAR[] ELSE string_split(${c}, '|') END AS ${c}`,
  )
  const derived = Object.entries(DERIVED_COLUMNS).map(([name, expr]) => `${expr} AS ${name}`)
  await db.run(`
    CREATE OR REPLACE TABLE records AS
    SELECT rid::INTEGER AS rid, source, record_id,
      ${[...SCALAR_FIELDS.map(columnOf), ...otherIds.map(otherIdColumn)].join(', ')},
      ${listSelect.join(',\n      ')},
      ${derived.join(',\n      ')}
    FROM read_csv(${sqlString(stagingCsv)}, header = true, delim = ',', quote = '"', escape = '"',
      columns = {${columnTypes}})
  `)
  return { sources: loaded, records: total, counts, otherIds }
}

const rowOf = (rid: number, s: StandardisedRecord, otherIds: readonly string[]): string => {
  const cells: string[] = [String(rid), csvField(s.source), csvField(s.recordId)]
  for (const f of SCALAR_FIELDS) cells.push(csvField(s[f]))
  for (const f of LIST_FIELDS) cells.push(csvField(s[f].join('|')))
  for (const id of otherIds) cells.push(csvField(s.otherIds[id] ?? null))
  return `${cells.join(',')}\n`
}
