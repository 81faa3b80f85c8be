import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import type { Database } from '../batch/database.ts'
import { sqlString } from '../batch/database.ts'
import type { OpenSource } from '../sources/index.ts'
import { enteredRecordOf } from '../sources/index.ts'

/** The table `linkIntoIndex` reads entered values from, by rid of the records table. */
export const ENTERED_TABLE = 'entered_records'

export interface EnteredRecordsRead {
  /** Waits for the read to end and keeps its values in the run's database, by rid; removes the file it wrote. */
  load(db: Database): Promise<void>
  /** Removes the file when the run stops before `load`. */
  discard(): Promise<void>
}

/**
 * Starts reading the sources again for the values as entered, for the person index. Only a run into an index needs
 * them, so a link alone is not slowed; and the read streams each file into a newline-delimited JSON file while the
 * run's DuckDB work (blocking, training, scoring) goes on, so it mostly costs no wall time. DuckDB then loads the
 * file, out of core whatever the size.
 */
export const readEnteredRecords = (sources: readonly OpenSource[], workDir: string): EnteredRecordsRead => {
  const file = path.join(workDir, 'entered-records.ndjson')
  let stopped = false
  const write = async () => {
    const out = createWriteStream(file, { encoding: 'utf8' })
    try {
      for (const source of sources)
        for await (const batch of source.batches()) {
          if (stopped) return
          let chunk = ''
          // The entered values as a JSON object, not as a string of JSON inside one: serialised once, and DuckDB
          // keeps the object's text as the record's entered_json.
          for (const record of batch)
            chunk += `{"s":${JSON.stringify(record.source)},"r":${JSON.stringify(record.recordId)},"j":${JSON.stringify(enteredRecordOf(record))}}\n`
          if (!out.write(chunk)) await once(out, 'drain')
        }
      out.end()
      await finished(out)
    } finally {
      out.destroy()
    }
  }
  // Held, not awaited, until `load`: its failure then surfaces there, never as an unhandled rejection.
  const written = write().then(
    () => null,
    (e: unknown) => e,
  )
  const discard = async () => {
    stopped = true
    await written
    await rm(file, { force: true })
  }
  return {
    async load(db) {
      try {
        const failed = await written
        if (failed) throw failed
        // A record of the index that no source gave again (an add's older records) has no row.
        await db.run(`CREATE OR REPLACE TABLE ${ENTERED_TABLE} AS
          SELECT r.rid, e.j::VARCHAR AS entered_json
          FROM read_json(${sqlString(file)}, format = 'newline_delimited',
            columns = {s: 'VARCHAR', r: 'VARCHAR', j: 'JSON'}) e
          JOIN records r ON r.source = e.s AND r.record_id = e.r
          ORDER BY r.rid`)
      } finally {
        await discard()
      }
    },
    discard,
  }
}
