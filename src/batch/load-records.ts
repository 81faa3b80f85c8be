import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import { Worker } from 'node:worker_threads'
import { columnOfField } from '../core/column-names.ts'
import { type ErrorCode, JustIdError } from '../core/errors.ts'
import type { StandardisationCounts, StandardisedRecord } from '../core/standardised.ts'
import { attributeKey, emptyCounts } from '../core/standardised.ts'
import { type OpenSource, otherIdKey, type SourceSettings } from '../sources/index.ts'
import { overRepresentedDates } from '../standardise/dates.ts'
import type { Database } from './database.ts'
import { sqlString } from './database.ts'
import type { LoadMessage, LoadTask } from './load-worker.ts'
import {
  attrColumn,
  DERIVED_COLUMNS,
  derivedColumnsSql,
  LIST_FIELDS,
  otherIdColumn,
  SCALAR_FIELDS,
} from './record-table.ts'
import type { StagingExtras } from './staging-rows.ts'
import { stagingHeader, writeStandardisedCsv } from './staging-rows.ts'

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
  /** Attribute keys found across sources, each a column attr_<key> in the records table. */
  attributes: string[]
}

export interface LoadOptions {
  settings: Record<string, SourceSettings | undefined>
  nameVariantFiles: string[]
  /** Folder for the staging files. */
  stagingDir: string
  /** Worker threads to read and standardise with; by default one per core. */
  threads?: number
  onProgress?: (records: number) => void
  /**
   * Records standardised earlier (the person index's), loaded first: their rids are 0..n-1, so the sources'
   * records are those with rid >= n.
   */
  prestandardised?: readonly StandardisedRecord[]
}

// Compiled (dist/), the worker is plain JavaScript. From the TypeScript sources (tests, development) it runs through
// the main thread's loader (tsx), resolved from this module so that it works from any working directory; tsx is a
// development dependency, so it is resolved only then.
const WORKER_BOOTSTRAP = import.meta.url.endsWith('.ts')
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./load-worker.ts', import.meta.url).href)}) })`
  : `import(${JSON.stringify(new URL('./load-worker.js', import.meta.url).href)})`

const runTask = (task: LoadTask, onProgress: (records: number) => void) =>
  new Promise<{ records: number; counts: StandardisationCounts }>((resolve, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: task })
    let settled = false
    worker.on('message', (m: LoadMessage) => {
      if (m.kind === 'progress') onProgress(m.records)
      else if (m.kind === 'done') {
        settled = true
        resolve({ records: m.records, counts: { ...emptyCounts(), ...m.counts } })
      } else {
        settled = true
        reject(m.code ? new JustIdError(m.code as ErrorCode, m.message) : new Error(m.message))
      }
    })
    worker.on('error', (e) => {
      settled = true
      reject((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? workerOutOfHeap(task) : e)
    })
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`a standardisation worker stopped (exit code ${code})`))
    })
  })

/** A worker's heap limit is its parent's: V8's own message would name neither the source nor what to change. */
const workerOutOfHeap = (task: LoadTask): JustIdError => {
  const limitMB = Math.round(getHeapStatistics().heap_size_limit / 1024 ** 2)
  return new JustIdError(
    'resources_exceeded',
    `standardising ${task.spec.file} ran out of JavaScript heap (Node's limit, ${limitMB} MB): give Node more and ` +
      `run again, e.g. NODE_OPTIONS=--max-old-space-size=${2 * limitMB} before the command`,
  )
}

const BIRTH_DATE_COLUMNS = ['date_of_birth', 'birth_year'] as const
const READS_BIRTH_DATE = /\b(date_of_birth|birth_year)\b/g

/**
 * Sets aside the birth dates over-represented among the loaded records (`overRepresentedDates`), counting the
 * people on a date by surname sound so that one person's many records count once: they become NULL, with the
 * derived keys that read them (dob_month_day), and with their year (dob_year) unless the date stands for "day
 * unknown".
 */
const setAsidePlaceholderDates = async (db: Database): Promise<{ dates: number; records: number }> => {
  const rows = await db.rows(`SELECT date_of_birth AS d,
      count(DISTINCT coalesce(surname_metaphone, surname, forename, rid::VARCHAR)) AS n
    FROM records WHERE date_of_birth IS NOT NULL GROUP BY date_of_birth`)
  const placeholders = overRepresentedDates(new Map(rows.map((r) => [String(r.d), Number(r.n)])))
  if (placeholders.length === 0) return { dates: 0, records: 0 }
  const list = (dates: readonly { date: string }[]): string => dates.map((p) => sqlString(p.date)).join(', ')
  const where = `WHERE date_of_birth IN (${list(placeholders)})`
  const yearKept = placeholders.filter((p) => p.keepYear)
  // SET expressions read the row as it was, so each column's new value is written in terms of the old ones.
  const after: Record<(typeof BIRTH_DATE_COLUMNS)[number], string> = {
    date_of_birth: 'NULL::VARCHAR',
    birth_year:
      yearKept.length > 0
        ? `CASE WHEN date_of_birth IN (${list(yearKept)}) THEN birth_year END`
        : 'NULL::VARCHAR',
  }
  const set = [
    ...BIRTH_DATE_COLUMNS.map((c) => `${c} = ${after[c]}`),
    ...Object.entries(DERIVED_COLUMNS)
      .filter(([, expr]) => expr.match(READS_BIRTH_DATE))
      .map(
        ([name, expr]) =>
          `${name} = ${expr.replace(READS_BIRTH_DATE, (c) => `(${after[c as keyof typeof after]})`)}`,
      ),
  ]
  const records = await db.scalar(`SELECT count(*) FROM records ${where}`)
  await db.run(`UPDATE records SET ${set.join(', ')} ${where}`)
  return { dates: placeholders.length, records }
}

/**
 * People an identifier value may be recorded for before it is taken for a filler: one person's records differ in
 * forename sound (a nickname, a typo) and in surname sound (a marriage, a typo) now and then, but five of each among
 * one number's records are five people.
 */
export const SHARED_IDENTIFIER_PEOPLE = 5

/** The columns whose values say which person a record is of: each person's own number or contact detail. */
const IDENTIFYING_COLUMNS = ['pnc', 'cro', 'nino', 'prison_number', 'crn', 'email', 'phone']

/**
 * Sets aside the identifier and contact values held by many people: a number or an email address is one person's
 * (a household's phone, one surname's), so a value recorded for SHARED_IDENTIFIER_PEOPLE forename sounds and as many
 * surname sounds is a filler typed where it was not known ("not known" written as a real-looking number), however it
 * looks. Measured on the data, as placeholder birth dates are: compared, such a value linked every pair of its
 * records.
 */
const setAsideSharedIdentifiers = async (
  db: Database,
  columns: readonly string[],
): Promise<{ values: number; records: number }> => {
  let values = 0
  let records = 0
  for (const column of columns) {
    const shared = `SELECT ${column} FROM records WHERE ${column} IS NOT NULL GROUP BY ${column}
      HAVING count(DISTINCT forename_metaphone) >= ${SHARED_IDENTIFIER_PEOPLE}
        AND count(DISTINCT surname_metaphone) >= ${SHARED_IDENTIFIER_PEOPLE}`
    const found = await db.scalar(`SELECT count(*) FROM (${shared})`)
    if (found === 0) continue
    values += found
    records += await db.scalar(`SELECT count(*) FROM records WHERE ${column} IN (${shared})`)
    await db.run(`UPDATE records SET ${column} = NULL WHERE ${column} IN (${shared})`)
  }
  return { values, records }
}

/**
 * Runs the statement that loads the staging files. DuckDB's CSV errors quote the whole offending line, which is a
 * standardised record: only the first line of its message, which names the problem and the line number, is kept.
 */
const loadStaged = async (db: Database, sql: string): Promise<void> => {
  try {
    await db.run(sql)
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]
    throw new JustIdError('internal', `the standardised records could not be loaded (${first})`)
  }
}

/**
 * Reads every source, standardises each record and loads them into the `records` table. Standardisation runs in
 * TypeScript (the same code the real-time matcher uses) in worker threads, one source per worker, largest first;
 * each writes a staging CSV and DuckDB loads them all at once. Record numbers (`rid`) follow the order of the
 * sources and of rows within them, whichever worker finished first. Birth dates far over-represented in the
 * records are then set aside as placeholders and counted as such.
 */
export const loadRecords = async (
  db: Database,
  sources: readonly OpenSource[],
  options: LoadOptions,
): Promise<LoadResult> => {
  const prestandardised = options.prestandardised ?? []
  const otherIds = [
    ...new Set([
      ...sources.flatMap((s) => s.layout.columns.filter((c) => c.role === 'otherId').map(otherIdKey)),
      ...prestandardised.flatMap((r) => Object.keys(r.otherIds)),
    ]),
  ]
  const attributes = [
    ...new Set([
      ...sources.flatMap((s) =>
        s.layout.columns.filter((c) => c.role === 'attribute').map((c) => attributeKey(c.header)),
      ),
      ...prestandardised.flatMap((r) => Object.keys(r.attributes)),
    ]),
  ]
  const extras: StagingExtras = { otherIds, attributes }
  const first = prestandardised.length > 0 ? 1 : 0
  const tasks: LoadTask[] = sources.map((s, i) => ({
    spec: s.spec,
    detected: { layout: s.layout, contents: s.contents, identifierValues: new Map() },
    ...(options.settings[s.spec.name] ? { settings: options.settings[s.spec.name] } : {}),
    sourceIndex: i + first,
    nameVariantFiles: options.nameVariantFiles,
    extras,
    file: `${options.stagingDir}/standardised-${i}.csv`,
  }))
  const done = new Array<number>(tasks.length).fill(0)
  const report = () => options.onProgress?.(done.reduce((a, b) => a + b, 0))
  const results = new Array<{ records: number; counts: StandardisationCounts }>(tasks.length)
  const queue = [...tasks].sort((a, b) => statSync(b.spec.file).size - statSync(a.spec.file).size)
  const slots = Math.max(1, Math.min(options.threads ?? availableParallelism(), tasks.length))
  await Promise.all(
    Array.from({ length: slots }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) {
        const i = task.sourceIndex - first
        results[i] = await runTask(task, (n) => {
          done[i] = n
          report()
        })
      }
    }),
  )

  const counts = emptyCounts()
  for (const r of results)
    for (const k of Object.keys(counts) as (keyof StandardisationCounts)[]) counts[k] += r.counts[k]
  const header = stagingHeader(extras)
  const columnTypes = header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')
  const listSelect = LIST_FIELDS.map(columnOfField).map(
    (c) => `CASE WHEN ${c} IS NULL OR ${c} = '' THEN []::VARCHAR[] ELSE string_split(${c}, '|') END AS ${c}`,
  )
  const total = results.reduce((a, r) => a + r.records, 0) + prestandardised.length
  const derived = derivedColumnsSql().map(([name, expr]) => `${expr} AS ${name}`)
  // Each source's records follow those of the sources before it: a record's rid is its source's offset plus its row,
  // with no sort of every record by (source, row).
  const sizes = [...(first === 1 ? [prestandardised.length] : []), ...results.map((r) => r.records)]
  const ridOffsets = `[${sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0)).join(', ')}]`
  const files = tasks.map((t) => t.file)
  if (first === 1) {
    const file = `${options.stagingDir}/standardised-index.csv`
    await writeStandardisedCsv(prestandardised, 0, extras, file)
    files.unshift(file)
  }
  await loadStaged(
    db,
    `
    CREATE OR REPLACE TABLE records AS
    SELECT *, ${derived.join(',\n      ')} FROM (
    SELECT (${ridOffsets}[source_index::INTEGER + 1] + seq::INTEGER)::INTEGER AS rid, source, record_id,
      ${[...SCALAR_FIELDS.map(columnOfField), ...otherIds.map(otherIdColumn), ...attributes.map(attrColumn)].join(', ')},
      ${listSelect.join(',\n      ')}
    FROM read_csv([${files.map(sqlString).join(', ')}], header = true, delim = ',', quote = '"', escape = '"', columns = {${columnTypes}}))
  `,
  )
  const placeholders = await setAsidePlaceholderDates(db)
  counts.placeholderDate += placeholders.records
  counts.distinctPlaceholderDates += placeholders.dates
  const shared = await setAsideSharedIdentifiers(db, [...IDENTIFYING_COLUMNS, ...otherIds.map(otherIdColumn)])
  counts.sharedIdentifier += shared.records
  counts.distinctSharedIdentifiers += shared.values
  return {
    sources: sources.map((s, i) => ({
      name: s.spec.name,
      file: s.spec.file,
      records: results[i]!.records,
      unknownColumns: s.layout.unknownColumns,
    })),
    records: total,
    counts,
    otherIds,
    attributes,
  }
}
