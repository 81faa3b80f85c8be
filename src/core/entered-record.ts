import { z } from 'zod'
import { JustIdError } from './errors.ts'

/**
 * A record's values as its source entered them, for people to read: names in their own case, the address in its
 * word order, sex and the date of birth as written. Matching never reads these (it reads the `StandardisedRecord`);
 * the person index keeps them beside each record so the review app and the API can show what the source said.
 * Empty values are null or left out; nothing is folded or re-ordered.
 */
export const enteredRecordSchema = z
  .object({
    forename: z.string().nullable(),
    middleNames: z.array(z.string()).describe('in the order entered'),
    surname: z.string().nullable(),
    fullName: z.string().nullable().describe('a whole name in one field, where the source has only that'),
    aliases: z.array(z.string()).describe('other names the person is known by, each a whole name'),
    dateOfBirth: z
      .string()
      .nullable()
      .describe('as written by the source, e.g. 26/06/1998; from year, month and day columns joined by "/"'),
    birthDate: z
      .string()
      .nullable()
      .describe('the date of birth as read, yyyy-mm-dd; null when it could not be read as a whole date'),
    sex: z.string().nullable().describe('as written by the source, e.g. Male, F'),
    addressLines: z
      .array(z.string())
      .describe('most specific first, in the words and order entered; no town'),
    town: z.string().nullable(),
    postcode: z.string().nullable().describe('as entered, e.g. sw1a1aa'),
    identifiers: z.object({
      pnc: z.string().nullable(),
      cro: z.string().nullable(),
      prisonNumber: z.string().nullable(),
      crn: z.string().nullable(),
      nino: z.string().nullable(),
      other: z.record(z.string(), z.string()).describe('other identifier columns, by column name'),
    }),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    other: z
      .record(z.string(), z.string())
      .describe('the source’s other columns, by column name (attributes by their attribute key)'),
  })
  .describe('a record’s values as its source entered them')

export type EnteredRecord = z.infer<typeof enteredRecordSchema>

/** The entered values stored with a record, checked: a value that does not fit is named by record, never shown. */
export const enteredOf = (key: string, json: unknown): EnteredRecord | null => {
  if (json === null || json === undefined) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(String(json))
  } catch {
    parsed = undefined
  }
  const checked = enteredRecordSchema.safeParse(parsed)
  if (checked.success) return checked.data
  const field = checked.error.issues[0]?.path.join('.') || 'the whole value'
  throw new JustIdError(
    'file_unreadable',
    `the person index holds entered values for record ${key} that cannot be read (${field}); ` +
      're-link its source to replace them',
  )
}
