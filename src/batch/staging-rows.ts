import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { columnOfField } from '../core/column-names.ts'
import type { StandardisationCounts, StandardisedRecord } from '../core/standardised.ts'
import { emptyCounts } from '../core/standardised.ts'
import type { OpenSource } from '../sources/index.ts'
import type { NameVariants } from '../standardise/index.ts'
import { standardiseRecord } from '../standardise/index.ts'
import { attrColumn, LIST_FIELDS, otherIdColumn, SCALAR_FIELDS } from './record-table.ts'

/** The identifier and attribute columns a staging file carries besides the fields, the same in every file of a load. */
export interface StagingExtras {
  /** Other identifier names, each a column other_<name>. */
  otherIds: readonly string[]
  /** Attribute keys, each a column attr_<key>. */
  attributes: readonly string[]
}

/** Columns of a staging file: the source's position and the row's position in it, then the standardised fields. */
export const stagingHeader = (extras: StagingExtras): string[] => [
  'source_index',
  'seq',
  'source',
  'record_id',
  ...SCALAR_FIELDS.map(columnOfField),
  ...LIST_FIELDS.map(columnOfField),
  ...extras.otherIds.map(otherIdColumn),
  ...extras.attributes.map(attrColumn),
]

/**
 * The staging file's own field writer, kept by hand on purpose (#18): it runs once per field of every record, and
 * through csv-stringify the standardise-and-stage step took about 70% more CPU (measured: 1.3 s against 2.3 s for
 * 45,000 records). The file is read only by DuckDB (load-records.ts), never by a user.
 */
const csvField = (v: string | null | undefined): string => {
  if (v === null || v === undefined || v === '') return ''
  return /[",\n\r|]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
}

const rowOf = (prefix: string, seq: number, s: StandardisedRecord, extras: StagingExtras): string => {
  const cells: string[] = [prefix, String(seq), csvField(s.source), csvField(s.recordId)]
  for (const f of SCALAR_FIELDS) cells.push(csvField(s[f]))
  for (const f of LIST_FIELDS) cells.push(csvField(s[f].join('|')))
  for (const id of extras.otherIds) cells.push(csvField(s.otherIds[id] ?? null))
  for (const key of extras.attributes) cells.push(csvField(s.attributes[key] ?? null))
  return `${cells.join(',')}\n`
}

/** Staging rows of standardised records, numbered from `firstSeq` within source `sourceIndex`. */
export const stagingRows = (
  records: readonly StandardisedRecord[],
  sourceIndex: number,
  firstSeq: number,
  extras: StagingExtras,
): string => {
  const prefix = String(sourceIndex)
  let text = ''
  for (let i = 0; i < records.length; i++) text += rowOf(prefix, firstSeq + i, records[i]!, extras)
  return text
}

/** Writes records already standardised (the person index's) as a staging CSV, so they load like any source. */
export const writeStandardisedCsv = async (
  records: readonly StandardisedRecord[],
  sourceIndex: number,
  extras: StagingExtras,
  file: string,
): Promise<void> => {
  const out = createWriteStream(file, { encoding: 'utf8' })
  const closed = once(out, 'close')
  out.write(`${stagingHeader(extras).join(',')}\n`)
  for (let start = 0; start < records.length; start += 10_000) {
    const text = stagingRows(records.slice(start, start + 10_000), sourceIndex, start, extras)
    if (!out.write(text)) await once(out, 'drain')
  }
  out.end()
  await closed
}

/**
 * Standardises every record of one source into a staging CSV, the form in which DuckDB's parallel reader loads
 * rows far faster than inserts. Runs in a worker thread when there are several sources (src/batch/load-worker.ts).
 */
export const standardiseSourceToCsv = async (
  source: OpenSource,
  sourceIndex: number,
  variants: NameVariants,
  extras: StagingExtras,
  file: string,
  onProgress?: (records: number) => void,
): Promise<{ records: number; counts: StandardisationCounts }> => {
  const counts = emptyCounts()
  const out = createWriteStream(file, { encoding: 'utf8' })
  const closed = once(out, 'close')
  out.on('error', () => {})
  out.write(`${stagingHeader(extras).join(',')}\n`)
  const prefix = String(sourceIndex)
  let n = 0
  try {
    for await (const batch of source.batches()) {
      // Each record is written as soon as it is standardised, so that it dies young: a whole batch standardised
      // before any of it was written kept 10,000 records alive through collections, about a tenth more CPU (#20).
      let text = ''
      for (let i = 0; i < batch.length; i++)
        text += rowOf(prefix, n + i, standardiseRecord(batch[i]!, variants, counts), extras)
      if (!out.write(text)) await once(out, 'drain')
      n += batch.length
      onProgress?.(n)
    }
  } finally {
    out.end()
    await closed
  }
  return { records: n, counts }
}
