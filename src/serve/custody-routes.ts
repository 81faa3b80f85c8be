import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { RealtimeIndex } from '../realtime/types.ts'
import type { CustodyService } from '../web/services/custody.ts'
import { ApiError } from './errors.ts'
import { scopedRoute } from './route-schema.ts'
import { namedJusticeId, namedPerson } from './routes.ts'
import { personParamsSchema } from './schemas.ts'

const custodyEstimateSchema = z.strictObject({
  justiceId: z.string(),
  on: z.iso.date().describe('the day the history was read on'),
  expected: z.number().describe('expected incidents in custody over a year in custody'),
  baseline: z
    .number()
    .describe('the same for someone aged 30-39 with no incidents or custody in the last 3 years'),
  features: z.strictObject({
    ageBand: z.string(),
    recent: z.number(),
    older: z.number(),
    custodyYears: z.number(),
  }),
  factors: z
    .array(z.strictObject({ words: z.string(), factor: z.number() }))
    .describe('what moved the estimate from the baseline, largest first'),
  records: z
    .array(z.strictObject({ key: z.string(), custodyPeriods: z.number(), incidents: z.number() }))
    .describe('the linked records it was computed from'),
  model: z.strictObject({ asOf: z.iso.date(), trainedAt: z.string() }),
})

/**
 * `GET /v1/persons/{justiceId}/custody-estimate` (docs/custody-estimate.md): its own scope, the purpose header and
 * the audit like every read of a person. Without a model (`justid serve --custody-model`) it answers 404.
 */
export const registerCustodyRoutes = (
  app: FastifyInstance,
  index: RealtimeIndex,
  custody: CustodyService,
): void => {
  app.get<{ Params: z.infer<typeof personParamsSchema> }>(
    '/v1/persons/:justiceId/custody-estimate',
    scopedRoute({
      summary: "A person's custody violence estimate, its factors and the records it was computed from",
      description:
        'Informs a placement decision a person takes; it never decides or changes anything. See docs/custody-estimate.md.',
      tags: ['persons'],
      scope: 'custody:read',
      auditAction: 'custody.estimate.read',
      params: personParamsSchema,
      response: { 200: custodyEstimateSchema },
      errors: { 404: 'a Justice ID never issued, or no custody model loaded' },
    }),
    async (request) => {
      const id = namedJusticeId(request)
      const noModel = () =>
        new ApiError(404, 'not_found', 'no custody estimate model is loaded on this server')
      if (!custody.available) throw noModel()
      const estimate = await custody.estimate(await namedPerson(request, index, id))
      if (!estimate) throw noModel()
      return estimate
    },
  )
}
