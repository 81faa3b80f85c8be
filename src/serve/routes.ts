import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { parseJusticeId } from '../person-index/justice-id.ts'
import type { verifyAuditLog } from '../person-index/store/audit-checkpoint.ts'
import type { IndexRecord, JusticeId, PersonView } from '../person-index/types.ts'
import type { RealtimeIndex, WriteOutcome } from '../realtime/types.ts'
import { ApiError } from './errors.ts'
import { TOO_LITTLE } from './record-checks.ts'
import { routeSchema, scopedRoute } from './route-schema.ts'
import {
  auditVerificationSchema,
  healthSchema,
  matchBodySchema,
  matchResultSchema,
  personParamsSchema,
  personSearchQuerySchema,
  personSearchResultSchema,
  personViewSchema,
  type publicRecordSchema,
  recordInputSchema,
  recordParamsSchema,
  writeOutcomeSchema,
} from './schemas.ts'

const DEFAULT_MATCH_LIMIT = 10

const notFound = (what: string) => new ApiError(404, 'not_found', `${what} is not in the index`)

/** The Justice ID a person's route names, audited from here on; one failing its check character is refused (400). */
export const namedJusticeId = (request: FastifyRequest<{ Params: { justiceId: string } }>): JusticeId => {
  const id = parseJusticeId(request.params.justiceId)
  if (!id) throw new ApiError(400, 'invalid_justice_id', 'params.justiceId fails its check character')
  request.auditIds = [id]
  return id
}

/**
 * The person a route's Justice ID names, a merged ID resolving to the survivor: both IDs are audited, and an ID never
 * issued is refused (404).
 */
export const namedPerson = async (
  request: FastifyRequest,
  index: RealtimeIndex,
  id: JusticeId,
): Promise<PersonView> => {
  const view = await index.person(id)
  if (!view) throw notFound('this Justice ID')
  request.auditIds = [id, view.person.justiceId]
  return view
}

/**
 * A record for callers as its source entered it; a record an older index stored without entered values gives the
 * values the model compares, marked so. The keys derived for matching stay inside either way.
 */
const publicRecord = (r: IndexRecord): z.infer<typeof publicRecordSchema> =>
  r.entered
    ? { ...r.entered, valuesAs: 'entered' }
    : {
        forename: r.record.forename,
        middleNames: r.record.middleNames ? r.record.middleNames.split(' ') : [],
        surname: r.record.surname,
        fullName: null,
        aliases: [],
        dateOfBirth: r.record.dateOfBirth,
        birthDate: r.record.dateOfBirth,
        sex: r.record.sex,
        addressLines: [],
        town: r.record.town,
        postcode: r.record.postcode,
        identifiers: {
          pnc: r.record.pnc,
          cro: r.record.cro,
          prisonNumber: r.record.prisonNumber,
          crn: r.record.crn,
          nino: r.record.nino,
          other: { ...r.record.otherIds },
        },
        email: r.record.email,
        phone: r.record.phone,
        other: { ...r.record.attributes },
        valuesAs: 'standardised',
      }

/** The refusal of a record that could never be found (`MatchOptions.refuseUnsearchable`), naming its field. */
export const tooLittleToSearch = (field: string): ApiError =>
  new ApiError(400, 'invalid_request', `${field} ${TOO_LITTLE}`, {}, [
    { field, pointer: `#${field.replace(/^body/, '').replaceAll('.', '/')}`, detail: TOO_LITTLE },
  ])

const personResponse = (view: PersonView): z.infer<typeof personViewSchema> => ({
  requested: view.requested,
  justiceId: view.person.justiceId,
  status: view.person.status,
  needsAttention: view.person.needsAttention,
  aliases: view.aliases,
  records: view.records.map((r) => ({
    source: r.source,
    recordId: r.recordId,
    key: r.key,
    record: publicRecord(r),
  })),
  events: view.events,
})

/** Every person a write touched: the record's person now and every person its events name. */
const writeIds = (outcome: WriteOutcome): JusticeId[] => {
  const ids = outcome.events.flatMap((e) => [e.justiceId, e.otherJusticeId])
  if (outcome.justiceId) ids.push(outcome.justiceId)
  return [...new Set(ids.filter((id): id is JusticeId => id !== null))]
}

export const registerRoutes = (
  app: FastifyInstance,
  index: RealtimeIndex,
  /** Checks the audit log's chain against the latest checkpoint the server signed (`verifyAuditLog`). */
  verifyAudit: () => ReturnType<typeof verifyAuditLog>,
): void => {
  // The sources of the index, taken once before the server listens (from memory, not a read of every record's
  // key): a write names one of them, so a typing mistake (or a path trick) cannot found a new source.
  let known: Set<string> | null = null
  const sources = (): Set<string> => {
    known ??= index.sources()
    return known
  }
  app.addHook('onReady', async () => {
    sources()
  })

  app.get(
    '/health',
    {
      schema: routeSchema({
        summary: 'Liveness and index size',
        tags: ['service'],
        response: { 200: healthSchema },
      }),
    },
    async () => ({ status: 'ok' as const, ...index.stats() }),
  )

  app.post<{ Body: z.infer<typeof matchBodySchema> }>(
    '/v1/match',
    scopedRoute({
      summary: 'Find the persons a record most likely belongs to',
      description: 'Scores the record against the index and explains every candidate with a waterfall.',
      tags: ['matching'],
      scope: 'match',
      auditAction: 'match',
      body: matchBodySchema,
      response: { 200: matchResultSchema },
    }),
    async (request) => {
      const result = index.match(request.body.record, {
        limit: request.body.limit ?? DEFAULT_MATCH_LIMIT,
        refuseUnsearchable: () => tooLittleToSearch('body.record'),
      })
      request.auditIds = result.candidates.map((c) => c.justiceId)
      return result
    },
  )

  app.get<{ Params: z.infer<typeof personParamsSchema> }>(
    '/v1/persons/:justiceId',
    scopedRoute({
      summary: 'A person by Justice ID, with records and history',
      description: 'A merged ID resolves to the surviving person; `requested` is the ID asked for.',
      tags: ['persons'],
      scope: 'person:read',
      auditAction: 'person.read',
      params: personParamsSchema,
      response: { 200: personViewSchema },
      errors: { 404: 'no such route, or a Justice ID never issued' },
    }),
    async (request) => {
      return personResponse(await namedPerson(request, index, namedJusticeId(request)))
    },
  )

  app.get<{ Querystring: z.infer<typeof personSearchQuerySchema> }>(
    '/v1/persons',
    scopedRoute({
      summary: 'Search persons by name and date of birth',
      tags: ['persons'],
      scope: 'person:read',
      auditAction: 'person.search',
      querystring: personSearchQuerySchema,
      response: { 200: personSearchResultSchema },
    }),
    async (request) => {
      const { name, dateOfBirth, limit } = request.query
      const persons = index.search({ name, dateOfBirth, limit })
      request.auditIds = persons.map((p) => p.justiceId)
      return { persons }
    },
  )

  app.put<{ Params: z.infer<typeof recordParamsSchema>; Body: z.infer<typeof recordInputSchema> }>(
    '/v1/records/:source/:recordId',
    scopedRoute({
      summary: 'Add or replace a record; it joins, founds or moves a person',
      tags: ['records'],
      scope: 'record:write',
      auditAction: 'record.upsert',
      params: recordParamsSchema,
      body: recordInputSchema,
      response: { 200: writeOutcomeSchema },
    }),
    async (request) => {
      const known = sources()
      if (!known.has(request.params.source))
        throw new ApiError(
          400,
          'unknown_source',
          `params.source is not a source of this index; its sources are ${[...known].sort().join(', ') || 'none yet'}`,
          {},
          [{ field: 'params.source', detail: 'is not a source of this index' }],
        )
      const outcome = await index.upsert(request.params.source, request.params.recordId, request.body)
      request.auditIds = writeIds(outcome)
      return outcome
    },
  )

  app.delete<{ Params: z.infer<typeof recordParamsSchema> }>(
    '/v1/records/:source/:recordId',
    scopedRoute({
      summary: 'Remove a record from the index',
      tags: ['records'],
      scope: 'record:write',
      auditAction: 'record.delete',
      params: recordParamsSchema,
      response: { 200: writeOutcomeSchema },
      errors: { 404: 'no such route, or the record is not in the index' },
    }),
    async (request) => {
      const outcome = await index.remove(request.params.source, request.params.recordId)
      if (!outcome) throw notFound('this record')
      request.auditIds = writeIds(outcome)
      return outcome
    },
  )

  app.get(
    '/v1/audit/verify',
    scopedRoute({
      summary: 'Check the hash chain of the audit log against its latest signed checkpoint',
      tags: ['audit'],
      scope: 'admin',
      response: { 200: auditVerificationSchema },
    }),
    () => verifyAudit(),
  )
}
