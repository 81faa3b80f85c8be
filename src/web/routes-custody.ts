import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { parseJusticeId } from '../person-index/justice-id.ts'
import type { StaffRole } from '../person-index/types.ts'
import { WebError } from './context.ts'
import { audited, page, type WebDeps } from './deps.ts'

/** Only custody staff see the estimate and record decisions on it. */
export const CUSTODY_ONLY: readonly StaffRole[] = ['custody']

/**
 * The decisions and reasons a member of custody staff records, as codes: the audit log keeps them and no free text,
 * so no personal detail is written into it. The estimate informs the decision; it never makes or changes one.
 */
export const CUSTODY_DECISIONS = {
  no_change: 'No change to the security category or placement',
  category_review: 'Refer the security category for review',
  placement_change: 'Change the placement (cell sharing, wing or location)',
  support_plan: 'Put support or supervision in place',
} as const
export const CUSTODY_REASONS = {
  agrees_with_knowledge: 'The estimate agrees with what staff know of the person',
  newer_information: 'There is newer information than the linked records hold',
  records_incomplete: 'The linked records look incomplete or wrong',
  other_factors_outweigh: 'Other factors outweigh the estimate',
} as const

const decisionSchema = z.object({
  decision: z.enum(Object.keys(CUSTODY_DECISIONS) as [keyof typeof CUSTODY_DECISIONS]),
  reason: z.enum(Object.keys(CUSTODY_REASONS) as [keyof typeof CUSTODY_REASONS]),
})

const options = <T extends Record<string, string>>(all: T, checked: unknown) =>
  Object.entries(all).map(([value, text]) => ({ value, text, checked: value === checked }))

const ID_IN_PATH = /^[A-Za-z0-9-]{1,64}$/

const noModel = () =>
  new WebError(404, 'No custody estimate', 'This service has no custody estimate model loaded.')
const notFound = () => new WebError(404, 'Person not found', 'No person in the index has this Justice ID.')

export const registerCustodyRoutes = (web: FastifyInstance, deps: WebDeps): void => {
  const show = async (
    request: import('fastify').FastifyRequest<{ Params: { justiceId: string } }>,
    reply: import('fastify').FastifyReply,
    form: {
      decision?: unknown
      reason?: unknown
      errors?: { text: string; href: string }[]
      recorded?: boolean
    },
  ) => {
    if (!deps.services.custody.available) throw noModel()
    const raw = request.params.justiceId
    const view = ID_IN_PATH.test(raw) ? await deps.services.persons.person(raw) : null
    if (!view) {
      await audited(deps, request, 'web.custody.view', parseJusticeId(raw) ? [raw] : [], '404')
      throw notFound()
    }
    await audited(deps, request, 'web.custody.view', [view.requested, view.person.justiceId])
    const estimate = await deps.services.custody.estimate(view)
    if (!estimate) throw noModel()
    return page(
      deps,
      request,
      reply,
      'custody.njk',
      {
        title: `${form.errors?.length ? 'Error: ' : ''}Custody violence estimate for ${view.person.justiceId}`,
        nav: 'search',
        justiceId: view.person.justiceId,
        estimate,
        recordRows: estimate.records.map((r) => [
          { text: r.key },
          { text: String(r.custodyPeriods), format: 'numeric' },
          { text: String(r.incidents), format: 'numeric' },
        ]),
        decisions: options(CUSTODY_DECISIONS, form.decision),
        reasons: options(CUSTODY_REASONS, form.reason),
        errors: form.errors ?? [],
        decisionError: form.errors?.find((e) => e.href === '#decision')?.text,
        reasonError: form.errors?.find((e) => e.href === '#reason')?.text,
        recorded: form.recorded === true,
      },
      form.errors?.length ? 400 : 200,
    )
  }

  web.get<{ Params: { justiceId: string }; Querystring: { recorded?: string } }>(
    '/persons/:justiceId/custody',
    { config: { staffRoles: CUSTODY_ONLY } },
    (request, reply) => show(request, reply, { recorded: request.query.recorded === '1' }),
  )

  web.post<{ Params: { justiceId: string }; Body: Record<string, unknown> }>(
    '/persons/:justiceId/custody/decision',
    { config: { staffRoles: CUSTODY_ONLY } },
    async (request, reply) => {
      const parsed = decisionSchema.safeParse(request.body ?? {})
      if (!parsed.success) {
        const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])))
        return show(request, reply, {
          ...request.body,
          errors: [
            fields.has('decision') ? { text: 'Select the decision taken', href: '#decision' } : null,
            fields.has('reason') ? { text: 'Select why', href: '#reason' } : null,
          ].filter((e): e is { text: string; href: string } => e !== null),
        })
      }
      const raw = request.params.justiceId
      const view = ID_IN_PATH.test(raw) ? await deps.services.persons.person(raw) : null
      if (!view) throw notFound()
      // The decision is the audit entry: who, when, which person, what was decided and why, in the hash chain.
      await audited(
        deps,
        request,
        'web.custody.decision',
        [view.requested, view.person.justiceId],
        `decision:${parsed.data.decision} reason:${parsed.data.reason}`,
      )
      return reply.redirect(`/persons/${encodeURIComponent(view.person.justiceId)}/custody?recorded=1`, 303)
    },
  )
}
