import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { CsvError, parse } from 'csv-parse'
import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'
import { type RecordKey, recordKeyOf } from '../core/record-key.ts'

/** Reads the rows of a CSV file with the named columns through a zod schema; errors name file, line and field. */
const readRows = async <T>(file: string, columns: readonly string[], schema: z.ZodType<T>): Promise<T[]> => {
  try {
    await access(file)
  } catch {
    throw new JustIdError('file_not_found', `${file} does not exist or cannot be read: check the path`)
  }
  const rows: T[] = []
  let at: number[] | null = null
  let line = 1
  try {
    for await (const { record, info } of createReadStream(file).pipe(
      parse({ bom: true, skip_empty_lines: true, trim: true, info: true }),
    ) as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      line = info.lines
      if (at === null) {
        const missing = columns.filter((c) => !record.includes(c))
        if (missing.length > 0)
          throw new JustIdError(
            'no_header',
            `${file} line 1: the header must name the columns ${missing.join(', ')}`,
          )
        at = columns.map((c) => record.indexOf(c))
        continue
      }
      const parsed = schema.safeParse(Object.fromEntries(columns.map((c, i) => [c, record[at![i]!]])))
      if (!parsed.success)
        throw new JustIdError(
          'file_unreadable',
          `${file} line ${line}: field ${String(parsed.error.issues[0]?.path[0] ?? 'row')} is not valid`,
        )
      rows.push(parsed.data)
    }
  } catch (e) {
    if (e instanceof CsvError)
      throw new JustIdError('wrong_field_count', `${file} line ${e.lines ?? line}: not valid CSV (${e.code})`)
    throw e
  }
  return rows
}

/** A group of each record from the generator's truth.csv (`name_origin` by default), for per-group figures. */
export const readTruthGroups = async (
  file: string,
  column = 'name_origin',
): Promise<Map<RecordKey, string>> => {
  const rows = await readRows(
    file,
    ['source', 'record_id', column],
    z.object({ source: z.string().min(1), record_id: z.string().min(1) }).catchall(z.string()),
  )
  return new Map(rows.map((r) => [recordKeyOf(r.source, r.record_id), r[column] ?? '']))
}

/** The true mean number of incidents by group from custody-truth.csv (`justid synth --custody`). */
export const readCustodyTruth = async (file: string): Promise<Map<string, number>> => {
  const rows = await readRows(
    file,
    ['name_origin', 'expected_incidents'],
    z.object({ name_origin: z.string().min(1), expected_incidents: z.coerce.number().nonnegative() }),
  )
  const byGroup = new Map<string, number>()
  for (const r of rows) byGroup.set(r.name_origin, (byGroup.get(r.name_origin) ?? 0) + r.expected_incidents)
  return byGroup
}
