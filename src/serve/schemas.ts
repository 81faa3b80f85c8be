import { z } from 'zod'
import { enteredRecordSchema } from '../core/entered-record.ts'
import { PERSON_EVENT_KINDS } from '../person-index/types.ts'
import {
  checkRecordValues,
  MAX_ATTRIBUTE_NAME,
  MAX_ATTRIBUTE_VALUE,
  MAX_ATTRIBUTES,
  SEX_CODES,
} from './record-checks.ts'

/**
 * The request and response shapes of the HTTP API, as zod schemas. Requests are validated with them; the OpenAPI
 * document is generated from them, so the documentation cannot drift from what the server enforces.
 */

const text = (max: number) => z.string().max(max)
const optionalText = (max: number) => text(max).nullable().optional()
const birthPart = z
  .union([z.int(), text(20)])
  .nullable()
  .optional()

export const recordInputSchema = z
  .strictObject({
    forename: optionalText(100),
    middleNames: z.array(text(100)).max(10).optional(),
    surname: optionalText(100),
    fullName: optionalText(300),
    aliases: z.array(text(300)).max(20).optional(),
    dateOfBirth: optionalText(30).describe(
      'ISO yyyy-mm-dd preferred; other common forms are read. An impossible or future date is refused (400)',
    ),
    birthYear: birthPart.describe(
      'the year of birth, when the date is not known whole (as a batch source with a birth year column): 1962 or ' +
        '"1962"; a year alone is evidence. Not with dateOfBirth',
    ),
    birthMonth: birthPart.describe('the month of birth with birthYear: 11, "11" or "Nov"'),
    birthDay: birthPart.describe('the day of the month of birth with birthYear and birthMonth'),
    age: z
      .int()
      .min(0)
      .max(120)
      .nullable()
      .optional()
      .describe(
        'an age in whole years, where no birth date or year is known (as a batch source with an age column): ' +
          'read as this year less the age',
      ),
    sex: optionalText(20).describe(
      `one of ${SEX_CODES.join(', ')}, in any case; another code is refused (400)`,
    ),
    addressLines: z.array(text(200)).max(10).optional(),
    town: optionalText(100).describe('the town or city, as a batch source’s town column gives it'),
    postcode: optionalText(20).describe('a UK postcode, whole or outward part, or a foreign postal code'),
    identifiers: z
      .strictObject({
        pnc: optionalText(40).describe(
          'Police National Computer number, e.g. 2012/0052834K; check letter verified',
        ),
        cro: optionalText(40).describe(
          'Criminal Records Office number, e.g. 012345/12W; check letter verified',
        ),
        prisonNumber: optionalText(40).describe('e.g. A1234BC'),
        crn: optionalText(40).describe('probation case reference number, e.g. X123456'),
        nino: optionalText(40).describe('National Insurance number, e.g. QQ123456C'),
        other: z.record(text(50), text(100)).optional(),
      })
      .optional(),
    email: optionalText(254),
    phone: optionalText(40),
    attributes: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        `other attributes batch linkage compares, by name as a source column is headed (birth_place, occupation): ` +
          `at most ${MAX_ATTRIBUTES}, names up to ${MAX_ATTRIBUTE_NAME} and values up to ${MAX_ATTRIBUTE_VALUE} characters. ` +
          'Names are read as headers are ("Place of birth" is place_of_birth); one the index’s model does not compare is no evidence',
      ),
  })
  .superRefine(checkRecordValues)
  .describe(
    'What is known about a person. Every field is optional and a missing field is no evidence, but a record must ' +
      'hold something, and a value that cannot be read (an impossible date, a PNC number whose check letter is ' +
      'wrong) is refused rather than ignored.',
  )

export const matchBodySchema = z.strictObject({
  record: recordInputSchema,
  limit: z.int().min(1).max(50).optional().describe('most candidates to return (default 10)'),
})

export const personParamsSchema = z.strictObject({
  justiceId: z.string().min(1).max(64).describe('a Justice ID; an alias of a merged person resolves to it'),
})

export const personSearchQuerySchema = z.strictObject({
  name: z.string().min(1).max(200).describe('a full name, in any order'),
  dateOfBirth: z.iso.date().optional().describe('yyyy-mm-dd'),
  limit: z.coerce.number().int().min(1).max(50).optional(),
})

export const recordParamsSchema = z.strictObject({
  source: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)
    .describe('a source system of the index, e.g. court; another source is refused (400 unknown_source)'),
  recordId: z.string().min(1).max(200).describe("the record's id in its source"),
})

export const purposeHeadersSchema = z.looseObject({
  'x-purpose': z
    .string()
    .min(1)
    .max(200)
    .describe('why the caller needs this data; written to the audit log'),
})

const waterfallRowSchema = z.object({
  kind: z.enum(['prior', 'comparison', 'tf', 'guard']),
  label: z.string(),
  weight: z.number(),
})

const matchStatusSchema = z.enum(['MATCH', 'POSSIBLE_MATCH', 'NO_MATCH'])

export const matchResultSchema = z.object({
  status: matchStatusSchema,
  candidates: z.array(
    z.object({
      justiceId: z.string(),
      matchProbability: z.number(),
      matchWeight: z.number().describe('bits'),
      status: matchStatusSchema,
      recordKey: z.string(),
      comparisons: z.array(z.object({ comparison: z.string(), level: z.string(), weight: z.number() })),
      waterfall: z.array(waterfallRowSchema),
      guard: z.string().nullable(),
    }),
  ),
  recordsScored: z.int(),
})

const personEventSchema = z.object({
  justiceId: z.string(),
  kind: z.enum(PERSON_EVENT_KINDS),
  recordKey: z.string().nullable(),
  otherJusticeId: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
  batchId: z.string(),
})

/**
 * A record for callers: its values as the source entered them (names in their own case, the address in its word
 * order, sex and the date of birth as written). The values made comparable for the model (lower case, phonetic
 * codes, name tokens, variant groups) are internal and not part of the API.
 */
export const publicRecordSchema = enteredRecordSchema
  .extend({
    valuesAs: z
      .enum(['entered', 'standardised'])
      .describe(
        '`entered`: as the source entered them. `standardised`: the record was stored by an index that did not yet ' +
          'keep entered values, so these are the values as the model compares them (lower case, dates yyyy-mm-dd, ' +
          'sex m or f, identifiers in canonical form, no address lines); re-linking its source replaces them',
      ),
  })
  .describe('a record’s values as its source entered them')

export const personViewSchema = z.object({
  requested: z.string().describe('the ID asked for'),
  justiceId: z.string().describe('the surviving ID: differs from `requested` when that was merged'),
  status: z.enum(['active', 'merged', 'retired']),
  needsAttention: z.boolean(),
  aliases: z.array(z.string()),
  records: z.array(
    z.object({
      source: z.string(),
      recordId: z.string(),
      key: z.string(),
      record: publicRecordSchema,
    }),
  ),
  events: z.array(personEventSchema.extend({ seq: z.int() })),
})

export const personSearchResultSchema = z.object({
  persons: z.array(
    z.object({
      justiceId: z.string(),
      names: z.array(z.string()),
      datesOfBirth: z.array(z.string()),
      sources: z.array(z.string()),
      records: z.int(),
      score: z.number().min(0).max(1),
    }),
  ),
})

export const writeOutcomeSchema = z.object({
  justiceId: z.string().nullable().describe('the person the record now belongs to; null after a delete'),
  events: z.array(personEventSchema),
})

export const auditVerificationSchema = z.object({
  ok: z.boolean().describe('the chain is intact and reaches the latest signed checkpoint'),
  entries: z.int().describe('entries checked'),
  firstBadSeq: z
    .int()
    .nullable()
    .describe('the first entry at fault; null when none is, or when the fault is the checkpoint'),
  reason: z.string().nullable(),
  checkpoint: z
    .object({
      seq: z.int().describe('the last entry the checkpoint signs'),
      hash: z.string().describe("that entry's hash"),
      at: z.iso.datetime().describe('when it was signed'),
    })
    .nullable()
    .describe(
      'the latest signed checkpoint the chain was checked against; null when the server has no checkpoint folder ' +
        '(then entries cut from the end of the log cannot be seen) or its latest checkpoint is missing or unreadable',
    ),
})

export const healthSchema = z.object({
  status: z.literal('ok'),
  records: z.int(),
  persons: z.int(),
})

/** RFC 9457 problem details, the body of every error (`application/problem+json`). */
export const problemSchema = z
  .object({
    type: z.string().describe('a URI naming the kind of problem; one per `code`'),
    title: z.string().describe('a short summary of the kind of problem'),
    status: z.int().describe('the HTTP status'),
    detail: z.string().describe('what went wrong with this request; never a value it sent'),
    code: z.string().describe('the kind of problem as a short code, e.g. invalid_request'),
    errors: z
      .array(
        z.object({
          field: z.string().describe('the field, e.g. body.record.dateOfBirth or params.source'),
          pointer: z.string().optional().describe('a JSON Pointer into the body, e.g. #/record/dateOfBirth'),
          detail: z.string().describe('the rule the field broke'),
        }),
      )
      .optional()
      .describe('for invalid input: each field that broke a rule'),
  })
  .describe('RFC 9457 problem details')
