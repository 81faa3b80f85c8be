import type { FastifyInstance } from 'fastify'
import { parseJusticeId } from '../person-index/justice-id.ts'
import type { JusticeId, PersonView } from '../person-index/types.ts'
import { displayName } from '../realtime/search.ts'
import { clusterGraph } from './charts.ts'
import { ALL_ROLES, PERSON_ROLES, WebError } from './context.ts'
import { audited, decide, page, queryString, type WebDeps } from './deps.ts'
import { fieldRows, nameOf } from './record-fields.ts'
import { byIdentifier, dateOfBirthOf, identifierOf, resultOf } from './search.ts'
import { timelineOf } from './timeline.ts'
import { flagWords, formatDate } from './words.ts'

const STATUS: Record<PersonView['person']['status'], { text: string; classes: string }> = {
  active: { text: 'Active', classes: 'govuk-tag--green' },
  merged: { text: 'Merged', classes: 'govuk-tag--grey' },
  retired: { text: 'Retired', classes: 'govuk-tag--grey' },
}

/** Person-level identifiers the person's records disagree on: the conflict a flag is about, named. */
const conflictsOf = (view: PersonView) =>
  (
    [
      ['pnc', 'PNC number'],
      ['cro', 'CRO number'],
      ['nino', 'National Insurance number'],
    ] as const
  ).flatMap(([field, label]) => {
    const holding = view.records.filter((r) => r.record[field])
    const values = new Set(holding.map((r) => r.record[field]))
    return values.size > 1 ? [{ label, values: values.size, records: holding.length }] : []
  })

/** What heads a person's page: the name and date of birth most of the person's records give, and the others. */
const identityOf = (view: PersonView) => {
  const commonest = (values: (string | null)[]) => {
    const counts = new Map<string, number>()
    for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
    // On a tie the fuller name: "Robert" rather than "Bob".
    return [...counts]
      .sort(([a, x], [b, y]) => y - x || b.length - a.length || a.localeCompare(b))
      .map(([v]) => v)
  }
  // Counted by the name as the model compares it, so "SEÁN O'BRIEN" and "Seán O'Brien" are one name, and shown
  // as the first of the person's records entered it.
  const shown = new Map<string, string>()
  for (const r of [...view.records].sort((a, b) => Number(!a.entered) - Number(!b.entered))) {
    const key = displayName(r.record)
    const name = nameOf(r)
    if (key && name && !shown.has(key)) shown.set(key, name)
  }
  const names = commonest(view.records.map((r) => displayName(r.record))).map((key) => shown.get(key) ?? key)
  const dates = commonest(view.records.map((r) => r.record.dateOfBirth))
  return {
    name: names[0] ?? 'No name recorded',
    otherNames: names.slice(1),
    dateOfBirth: dates[0] ?? null,
    otherDates: dates.slice(1).map(formatDate),
  }
}

const RECORD_KEY = /^[a-z0-9_-]{1,40}:\S{1,100}$/i
const ID_IN_PATH = /^[A-Za-z0-9-]{1,64}$/

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
  web.get<{ Querystring: Record<string, string | undefined> }>(
    '/search',
    { config: { staffRoles: PERSON_ROLES } },
    async (request, reply) => {
      const query = request.query
      const q = queryString(query.q)
      const dobParts = {
        day: queryString(query['dob-day']),
        month: queryString(query['dob-month']),
        year: queryString(query['dob-year']),
      }
      const context = { nav: 'search', q, dobParts }
      const submitted = 'q' in query
      const dob = dateOfBirthOf(dobParts)
      const errors = [
        submitted && !q && !('error' in dob && dob.error) && !dob.value
          ? {
              text: 'Enter a name, Justice ID, source record, PNC, CRO or National Insurance number',
              href: '#q',
            }
          : null,
        'error' in dob && dob.error ? { text: dob.error, href: `#dob-${dob.field}` } : null,
      ].filter((e): e is { text: string; href: string } => e !== null)
      if (errors.length > 0)
        return page(
          deps,
          request,
          reply,
          'search.njk',
          {
            ...context,
            title: 'Error: find a person',
            errors,
            qError: errors.find((e) => e.href === '#q')?.text,
            dobError: 'error' in dob ? dob.error : undefined,
            dobErrorField: 'error' in dob ? dob.field : undefined,
          },
          400,
        )
      if (!q) return page(deps, request, reply, 'search.njk', { ...context, title: 'Find a person' })
      const id = parseJusticeId(q)
      if (id) return reply.redirect(`/persons/${encodeURIComponent(id)}`, 303)
      if (RECORD_KEY.test(q)) {
        const [record] = await deps.store.recordsByKey([q])
        if (record) return reply.redirect(`/persons/${encodeURIComponent(record.justiceId)}`, 303)
      }
      const identifier = identifierOf(q)
      const found = identifier
        ? await byIdentifier(deps, identifier)
        : deps.index.search({ name: q, ...(dob.value ? { dateOfBirth: dob.value } : {}), limit: 50 })
      await audited(
        deps,
        request,
        'web.person.search',
        found.map((p) => p.justiceId),
      )
      const results = found.map((p) => resultOf(p, dob.value, identifier))
      return page(deps, request, reply, 'search.njk', {
        ...context,
        title: 'Find a person',
        searched: true,
        identifier: identifier?.label ?? null,
        dob: dob.value,
        // With a date of birth, the people born that day come first; the rest are listed apart.
        results: results.filter((r) => !dob.value || r.dobMatches),
        others: dob.value ? results.filter((r) => !r.dobMatches) : [],
      })
    },
  )

  web.get<{ Params: { justiceId: string } }>(
    '/persons/:justiceId',
    { config: { staffRoles: PERSON_ROLES } },
    async (request, reply) => {
      const view = await personFor(deps, request, request.params.justiceId, 'web.person.view')
      const decisions = await deps.store.decisions(view.records.map((r) => r.key))
      const who = identityOf(view)
      return page(deps, request, reply, 'person.njk', {
        title: `${who.name}, born ${who.dateOfBirth ? formatDate(who.dateOfBirth) : 'date not recorded'}`,
        nav: 'search',
        view,
        ...who,
        status: STATUS[view.person.status],
        rows: fieldRows(view.records),
        attention: flagWords(view.person.attentionReason),
        events: timelineOf(view.events, decisions),
        // Only custody staff are shown the way to the estimate.
        custodyEstimate: request.webSession?.user?.role === 'custody' && deps.custodyModel !== null,
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
        conflicts: conflictsOf(view),
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
