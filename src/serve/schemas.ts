import { z } from 'zod'

/**
 * The request and response shapes of the HTTP API, as zod schemas. Requests are validated with them; the OpenAPI
 * document is generated from them, so the documentation cannot drift from what the server enforces.
 */

const text = (max: number) => z.string().max(max)
const optionalText = (max: number) => text(max).nullable().optional()

export const recordInputSchema = z
  .strictObject({
    forename: optionalText(100),
    middleNames: z.array(text(100)).max(10).optional(),
    surname: optionalText(100),
    fullName: optionalText(300),
    aliases: z.array(text(300)).max(20).optional(),
    dateOfBirth: optionalText(30).describe('ISO yyyy-mm-dd preferred; other common forms are standardised'),
    sex: optionalText(20),
    addressLines: z.array(text(200)).max(10).optional(),
    postcode: optionalText(20),
    identifiers: z
      .strictObject({
        pnc: optionalText(40),
        cro: optionalText(40),
        prisonNumber: optionalText(40),
        crn: optionalText(40),
        nino: optionalText(40),
        other: z.record(text(50), text(100)).optional(),
      })
      .optional(),
    email: optionalText(254),
    phone: optionalText(40),
  })
  .describe('What is known about a person; every field is optional, and a missing field is no evidence')

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
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .describe('the source system, e.g. court'),
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
  kind: z.enum([
    'created',
    'record_added',
    'record_moved',
    'record_removed',
    'merged',
    'split',
    'needs_attention',
    'resolved',
  ]),
  recordKey: z.string().nullable(),
  otherJusticeId: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
  batchId: z.string(),
})

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
      record: z.record(z.string(), z.unknown()).describe('the standardised record'),
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
  ok: z.boolean(),
  entries: z.int(),
  firstBadSeq: z.int().nullable(),
  reason: z.string().nullable(),
})

export const healthSchema = z.object({
  status: z.literal('ok'),
  records: z.int(),
  persons: z.int(),
})

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
})
