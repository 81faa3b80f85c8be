import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import type { Database } from '../engine/database.ts'
import { sqlString } from '../engine/database.ts'
import { recordKeyOf } from '../index/record-key.ts'
import type { OpenSource } from '../sources/index.ts'
import { enteredRecordOf } from '../sources/index.ts'

/** The table `linkIntoIndex` reads entered values from, by rid of the records table. */
export const ENTERED_TABLE = 'entered_records'

/**
 * Reads the sources again for the values as entered and keeps them in the run's database, by rid, for the person
 * index. Only a run into an index needs them, so the link itself is not slowed: the second read streams each
 * file through a newline-delimited JSON file that DuckDB loads, out of core whatever the size.
 */
export const loadEnteredRecords = async (
  db: Database,
  sources: readonly OpenSource[],
  workDir: string,
): Promise<void> => {
  const file = path.join(workDir, 'entered-records.ndjson')
  const out = createWriteStream(file, { encoding: 'utf8' })
  try {
    for (const source of sources)
      for await (const batch of source.batches()) {
        let chunk = ''
        for (const record of batch)
          chunk += `${JSON.stringify({
            k: recordKeyOf(record.source, record.recordId),
            j: JSON.stringify(enteredRecordOf(record)),
          })}\n`
        if (!out.write(chunk)) await once(out, 'drain')
      }
    out.end()
    await finished(out)
    // The key as the records table makes it; a record of the index that no source gave again has no row.
    await db.run(`CREATE OR REPLACE TABLE ${ENTERED_TABLE} AS
      SELECT r.rid, e.j AS entered_json
      FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = {k: 'VARCHAR', j: 'VARCHAR'}) e
      JOIN records r ON r.source || ':' || r.record_id = e.k
      ORDER BY r.rid`)
  } finally {
    out.destroy()
    await rm(file, { force: true })
  }
}
