import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import { parseJusticeId } from '../index/justice-id.ts'
import type { JusticeId, PersonIndexStore, PersonView } from '../index/types.ts'
import type { RealtimeIndex, WriteOutcome } from '../realtime/types.ts'
import { ApiError } from './errors.ts'
import { routeSchema } from './route-schema.ts'
import {
  auditVerificationSchema,
  errorBodySchema,
  healthSchema,
  matchBodySchema,
  matchResultSchema,
  personParamsSchema,
  personSearchQuerySchema,
  personSearchResultSchema,
  personViewSchema,
  purposeHeadersSchema,
  recordInputSchema,
  recordParamsSchema,
  writeOutcomeSchema,
} from './schemas.ts'

const DEFAULT_MATCH_LIMIT = 10

/** Error responses every guarded route can give, for the OpenAPI document. */
const refusals = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 429: errorBodySchema }
const personRefusals = { ...refusals, 503: errorBodySchema }

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
    record: { ...r.record },
  })),
  events: view.events,
})

/** Every person a write touched: the record's person now and every person its events name. */
const writeIds = (outcome: WriteOutcome): JusticeId[] => {
  const ids = outcome.events.flatMap((e) => [e.justiceId, e.otherJusticeId])
  if (outcome.justiceId) ids.push(outcome.justiceId)
  return [...new Set(ids.filter((id): id is JusticeId => id !== null))]
}

const notFound = (what: string) => new ApiError(404, 'not_found', `${what} is not in the index`)

export const registerRoutes = (app: FastifyInstance, index: RealtimeIndex, store: PersonIndexStore): void => {
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
    {
      config: { scope: 'match', auditAction: 'match' },
      schema: routeSchema({
        summary: 'Find the persons a record most likely belongs to',
        description: 'Scores the record against the index and explains every candidate with a waterfall.',
        tags: ['matching'],
        scope: 'match',
        body: matchBodySchema,
        headers: purposeHeadersSchema,
        response: { 200: matchResultSchema, ...personRefusals },
      }),
    },
    async (request) => {
      const result = index.match(request.body.record, { limit: request.body.limit ?? DEFAULT_MATCH_LIMIT })
      request.auditIds = result.candidates.map((c) => c.justiceId)
      return result
    },
  )

  app.get<{ Params: z.infer<typeof personParamsSchema> }>(
    '/v1/persons/:justiceId',
    {
      config: { scope: 'person:read', auditAction: 'person.read' },
      schema: routeSchema({
        summary: 'A person by Justice ID, with records and history',
        description: 'A merged ID resolves to the surviving person; `requested` is the ID asked for.',
        tags: ['persons'],
        scope: 'person:read',
        params: personParamsSchema,
        headers: purposeHeadersSchema,
        response: { 200: personViewSchema, ...personRefusals, 404: errorBodySchema },
      }),
    },
    async (request) => {
      const id = parseJusticeId(request.params.justiceId)
      if (!id) throw new ApiError(400, 'invalid_justice_id', 'params.justiceId fails its check character')
      request.auditIds = [id]
      const view = await index.person(id)
      if (!view) throw notFound('this Justice ID')
      request.auditIds = [id, view.person.justiceId]
      return personResponse(view)
    },
  )

  app.get<{ Querystring: z.infer<typeof personSearchQuerySchema> }>(
    '/v1/persons',
    {
      config: { scope: 'person:read', auditAction: 'person.search' },
      schema: routeSchema({
        summary: 'Search persons by name and date of birth',
        tags: ['persons'],
        scope: 'person:read',
        querystring: personSearchQuerySchema,
        headers: purposeHeadersSchema,
        response: { 200: personSearchResultSchema, ...personRefusals },
      }),
    },
    async (request) => {
      const { name, dateOfBirth, limit } = request.query
      const persons = index.search({ name, dateOfBirth, limit })
      request.auditIds = persons.map((p) => p.justiceId)
      return { persons }
    },
  )

  app.put<{ Params: z.infer<typeof recordParamsSchema>; Body: z.infer<typeof recordInputSchema> }>(
    '/v1/records/:source/:recordId',
    {
      config: { scope: 'record:write', auditAction: 'record.upsert' },
      schema: routeSchema({
        summary: 'Add or replace a record; it joins, founds or moves a person',
        tags: ['records'],
        scope: 'record:write',
        params: recordParamsSchema,
        body: recordInputSchema,
        headers: purposeHeadersSchema,
        response: { 200: writeOutcomeSchema, ...personRefusals },
      }),
    },
    async (request) => {
      const outcome = await index.upsert(request.params.source, request.params.recordId, request.body)
      request.auditIds = writeIds(outcome)
      return outcome
    },
  )

  app.delete<{ Params: z.infer<typeof recordParamsSchema> }>(
    '/v1/records/:source/:recordId',
    {
      config: { scope: 'record:write', auditAction: 'record.delete' },
      schema: routeSchema({
        summary: 'Remove a record from the index',
        tags: ['records'],
        scope: 'record:write',
        params: recordParamsSchema,
        headers: purposeHeadersSchema,
        response: { 200: writeOutcomeSchema, ...personRefusals, 404: errorBodySchema },
      }),
    },
    async (request) => {
      const outcome = await index.remove(request.params.source, request.params.recordId)
      if (!outcome) throw notFound('this record')
      request.auditIds = writeIds(outcome)
      return outcome
    },
  )

  app.get(
    '/v1/audit/verify',
    {
      config: { scope: 'admin' },
      schema: routeSchema({
        summary: 'Check the hash chain of the audit log',
        tags: ['audit'],
        scope: 'admin',
        response: { 200: auditVerificationSchema, ...refusals },
      }),
    },
    () => store.verifyAudit(),
  )
}
