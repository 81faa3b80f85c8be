import type { FastifyInstance } from 'fastify'
import { parseJusticeId } from '../index/justice-id.ts'
import type { JusticeId, PersonView } from '../index/types.ts'
import { clusterGraph } from './charts.ts'
import { ALL_ROLES, WebError } from './context.ts'
import { audited, decide, page, queryString, type WebDeps } from './deps.ts'
import { fieldRows } from './record-fields.ts'
import { timelineOf } from './timeline.ts'
import { flagWords } from './words.ts'

const RECORD_KEY = /^[a-z0-9_-]{1,40}:\S{1,100}$/i
const ID_IN_PATH = /^[A-Za-z0-9-]{1,64}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

const notFound = () => new WebError(404, 'Person not found', 'No person in the index has this Justice ID.')

/** Reads a person for display; every look, found or not, is audited before anything is shown. */
const personFor = async (
  deps: WebDeps,
  request: import('fastify').FastifyRequest,
  raw: string,
  action: string,
) => {
  if (!ID_IN_PATH.test(raw)) throw notFound()
  const view = await deps.index.person(raw)
  if (!view) {
    await audited(deps, request, action, parseJusticeId(raw) ? [raw] : [], '404')
    throw notFound()
  }
  await audited(deps, request, action, [view.requested, view.person.justiceId])
  return view
}

const weakEdgesOf = async (deps: WebDeps, view: PersonView) => {
  const keys = new Set(view.records.map((r) => r.key))
  const { fracture } = deps.index.meta().thresholds
  // Pairs scored strongly against one person are stored for clustering, not as links of the person.
  const edges = (await deps.store.edges([...keys])).filter(
    (e) => keys.has(e.left) && keys.has(e.right) && (e.guard !== null || e.weight >= fracture),
  )
  return edges.sort((a, b) => a.weight - b.weight)
}

export const registerPersonRoutes = (web: FastifyInstance, deps: WebDeps): void => {
  web.get<{ Querystring: { q?: string; dob?: string } }>(
    '/search',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const q = queryString(request.query.q)
      const dob = queryString(request.query.dob)
      const context = { title: 'Find a person', nav: 'search', q, dob }
      if (!q) return page(deps, request, reply, 'search.njk', context)
      if (dob && !DATE.test(dob))
        return page(
          deps,
          request,
          reply,
          'search.njk',
          { ...context, dobError: 'Enter the date as yyyy-mm-dd' },
          400,
        )
      const id = parseJusticeId(q)
      if (id) return reply.redirect(`/persons/${encodeURIComponent(id)}`, 303)
      if (RECORD_KEY.test(q)) {
        const [record] = await deps.store.recordsByKey([q])
        if (record) return reply.redirect(`/persons/${encodeURIComponent(record.justiceId)}`, 303)
      }
      const persons = deps.index.search({ name: q, ...(dob ? { dateOfBirth: dob } : {}), limit: 50 })
      await audited(
        deps,
        request,
        'web.person.search',
        persons.map((p) => p.justiceId),
      )
      return page(deps, request, reply, 'search.njk', { ...context, searched: true, persons })
    },
  )

  web.get<{ Params: { justiceId: string } }>(
    '/persons/:justiceId',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const view = await personFor(deps, request, request.params.justiceId, 'web.person.view')
      const decisions = await deps.store.decisions(view.records.map((r) => r.key))
      return page(deps, request, reply, 'person.njk', {
        title: `Person ${view.person.justiceId}`,
        nav: 'search',
        view,
        rows: fieldRows(view.records),
        attention: flagWords(view.person.attentionReason),
        events: timelineOf(view.events, decisions),
      })
    },
  )

  web.get<{ Params: { justiceId: string } }>(
    '/persons/:justiceId/cluster',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const view = await personFor(deps, request, request.params.justiceId, 'web.cluster.view')
      const meta = deps.index.meta()
      const edges = await weakEdgesOf(deps, view)
      const strong = meta.thresholds.strong
      return page(deps, request, reply, 'cluster.njk', {
        title: `Cluster of ${view.person.justiceId}`,
        nav: 'review',
        view,
        edges,
        attention: view.person.attentionReason ? flagWords(view.person.attentionReason) : null,
        thresholds: meta.thresholds,
        weakCount: edges.filter((e) => e.weight < strong && !e.guard).length,
        graph: clusterGraph(
          view.records.map((r) => r.key),
          edges,
          strong,
        ),
        rows: fieldRows(view.records),
      })
    },
  )

  web.post<{ Params: { justiceId: string } }>(
    '/persons/:justiceId/confirm',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const view = await personFor(deps, request, request.params.justiceId, 'web.cluster.view')
      const meta = deps.index.meta()
      const weak = (await weakEdgesOf(deps, view)).filter(
        (e) => e.weight < meta.thresholds.strong && !e.guard,
      )
      if (weak.length === 0)
        throw new WebError(
          400,
          'Nothing to confirm',
          'Every link of this person is already strong or decided.',
        )
      const touched: JusticeId[] = [view.person.justiceId]
      for (const e of weak) {
        const result = await decide(deps, {
          left: e.left,
          right: e.right,
          outcome: 'same_person',
          reviewer: request.webSession?.user?.username ?? '',
          reason: 'cluster confirmed',
          matchWeight: e.weight,
        })
        touched.push(...result.events.flatMap((ev) => [ev.justiceId, ev.otherJusticeId ?? ev.justiceId]))
        if (result.justiceId) touched.push(result.justiceId)
      }
      await audited(deps, request, 'web.review.confirm', touched)
      await (await deps.queue()).refresh(null, touched)
      return reply.redirect('/review', 303)
    },
  )
}
