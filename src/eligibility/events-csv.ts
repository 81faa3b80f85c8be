import { existsSync } from 'node:fs'
import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'
import { INCIDENT_DETAIL_RULE, incidentDetail } from '../custody/incidents.ts'
import type { JusticeEvent } from '../person-index/types.ts'
import { readCsvHeader } from '../sources/csv.ts'
import { csvRows } from '../sources/csv-rows.ts'

/**
 * Reads a source systems' events file (`events.csv` of the generator). Events are keyed by source and record id;
 * the `person_id` column is the generator's truth about who is who and is never read: linking decides that.
 */

export const EVENT_COLUMNS = [
  'event_type',
  'start_date',
  'end_date',
  'source',
  'record_id',
  'detail',
] as const

const headerSchema = z
  .array(z.string())
  .refine((headers) => EVENT_COLUMNS.every((c) => headers.includes(c)), {
    message: `the header must name the columns ${EVENT_COLUMNS.join(', ')}`,
  })

const isoDate = z.iso.date()

const rowSchema = z
  .strictObject({
    event_type: z.enum(['court_case', 'custody', 'probation_supervision', 'custody_incident']),
    start_date: isoDate,
    end_date: z.union([z.literal(''), isoDate]),
    source: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    record_id: z.string().min(1).max(200),
    detail: z.string().max(1000),
  })
  .refine((r) => r.end_date === '' || r.end_date >= r.start_date, {
    message: 'must not be before start_date',
    path: ['end_date'],
  })
  // An incident in custody happens on one day and says what kind it was and the person's part in it.
  .refine((r) => r.event_type !== 'custody_incident' || r.end_date === '' || r.end_date === r.start_date, {
    message: 'must be blank or the start_date for a custody_incident',
    path: ['end_date'],
  })
  .refine((r) => r.event_type !== 'custody_incident' || incidentDetail.safeParse(r.detail).success, {
    message: INCIDENT_DETAIL_RULE,
    path: ['detail'],
  })

/** The issue in words that name the field and the rule, never the value. */
const describe = (issue: z.core.$ZodIssue): string => {
  const field = String(issue.path[0] ?? 'row')
  switch (issue.code) {
    case 'invalid_value':
      return `field ${field} must be one of ${issue.values.map(String).join(', ')}`
    case 'invalid_format':
      return field.endsWith('_date')
        ? `field ${field} must be a date as yyyy-mm-dd`
        : `field ${field} has characters that are not allowed`
    case 'too_small':
      return `field ${field} is required`
    case 'too_big':
      return `field ${field} is too long`
    case 'invalid_union':
      return `field ${field} must be blank (ongoing) or a date as yyyy-mm-dd`
    default:
      return `field ${field} ${issue.message}`
  }
}

const BATCH = 10_000

/** The events of `file` in batches; the first invalid row stops the read with its line and field. */
export async function* readJusticeEvents(file: string): AsyncGenerator<JusticeEvent[]> {
  if (!existsSync(file)) throw new JustIdError('file_not_found', `the events file does not exist: ${file}`)
  const { headers, delimiter, encoding } = await readCsvHeader(file)
  const header = headerSchema.safeParse(headers)
  if (!header.success)
    throw new JustIdError('no_header', `${file} line 1: ${header.error.issues[0]?.message ?? 'not a header'}`)
  const at = EVENT_COLUMNS.map((c) => headers.indexOf(c))
  let isHeader = true
  let rows = 0
  let batch: JusticeEvent[] = []
  for await (const read of csvRows(file, delimiter, headers, encoding)) {
    for (const { fields, line } of read) {
      if (isHeader) {
        isHeader = false
        continue
      }
      if (fields.length !== headers.length)
        throw new JustIdError(
          'wrong_field_count',
          `${file} line ${line}: ${fields.length} fields, expected ${headers.length}`,
        )
      const parsed = rowSchema.safeParse(Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, fields[at[i]!]])))
      if (!parsed.success)
        throw new JustIdError('file_unreadable', `${file} line ${line}: ${describe(parsed.error.issues[0]!)}`)
      const r = parsed.data
      batch.push({
        source: r.source,
        recordId: r.record_id,
        recordKey: `${r.source}:${r.record_id}`,
        eventType: r.event_type,
        startDate: r.start_date,
        endDate: r.end_date === '' ? null : r.end_date,
        detail: r.detail,
      })
      rows++
      if (batch.length >= BATCH) {
        yield batch
        batch = []
      }
    }
  }
  if (rows === 0) throw new JustIdError('empty_file', `${file} has a header line but no events`)
  if (batch.length > 0) yield batch
}
