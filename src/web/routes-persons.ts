import type { FastifyInstance, FastifyRequest } from 'fastify'
import { parseJusticeId } from '../person-index/justice-id.ts'
import type { AuditAction, PersonView } from '../person-index/types.ts'
import { displayName } from '../realtime/search.ts'
import { clusterGraph } from './charts.ts'
import { ALL_ROLES, PERSON_ROLES, WebError } from './context.ts'
import { audited, page, queryString, type WebDeps } from './deps.ts'
import { fieldRows, nameOf } from './record-fields.ts'
import { dateOfBirthOf, resultOf } from './search.ts'
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

const ID_IN_PATH = /^[A-Za-z0-9-]{1,64}$/

const notFound = () => new WebError(404, 'Person not found', 'No person in the index has this Justice ID.')

/** Reads a person for display; every look, found or not, is audited before anything is shown. */
const personFor = async (deps: WebDeps, request: FastifyRequest, raw: string, action: AuditAction) => {
  if (!ID_IN_PATH.test(raw)) throw notFound()
  const view = await deps.services.persons.person(raw)
  if (!view) {
    await audited(deps, request, action, parseJusticeId(raw) ? [raw] : [], '404')
    throw notFound()
  }
  await audited(deps, request, action, [view.requested, view.person.justiceId])
  return view
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
      const found = await deps.services.persons.search(q, dob.value)
      if (found.kind === 'person')
        return reply.redirect(`/persons/${encodeURIComponent(found.justiceId)}`, 303)
      const { persons, identifier } = found
      await audited(
        deps,
        request,
        'web.person.search',
        persons.map((p) => p.justiceId),
      )
      const results = persons.map((p) => resultOf(p, dob.value, identifier))
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
      const who = identityOf(view)
      return page(deps, request, reply, 'person.njk', {
        title: `${who.name}, born ${who.dateOfBirth ? formatDate(who.dateOfBirth) : 'date not recorded'}`,
        nav: 'search',
        view,
        ...who,
        status: STATUS[view.person.status],
        rows: fieldRows(view.records),
        attention: flagWords(view.person.attentionReason),
        events: await deps.services.persons.history(view),
        // Only custody staff are shown the way to the estimate.
        custodyEstimate: request.webSession?.user?.role === 'custody' && deps.services.custody.available,
      })
    },
  )

  web.get<{ Params: { justiceId: string } }>(
    '/persons/:justiceId/cluster',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const view = await personFor(deps, request, request.params.justiceId, 'web.cluster.view')
      const { edges, weak, thresholds } = await deps.services.persons.links(view)
      return page(deps, request, reply, 'cluster.njk', {
        title: `Cluster of ${view.person.justiceId}`,
        nav: 'review',
        view,
        edges,
        attention: view.person.attentionReason ? flagWords(view.person.attentionReason) : null,
        conflicts: conflictsOf(view),
        thresholds,
        weakCount: weak.length,
        graph: clusterGraph(
          view.records.map((r) => r.key),
          edges,
          thresholds.strong,
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
      const touched = await deps.services.review.confirm(view, request.webSession?.user?.username ?? '')
      if (touched === 'nothing')
        throw new WebError(
          400,
          'Nothing to confirm',
          'Every link of this person is already strong or decided.',
        )
      if (touched === null)
        throw new WebError(404, 'Pair not found', 'One of these records is no longer in the index.')
      await audited(deps, request, 'web.review.confirm', touched)
      return reply.redirect('/review', 303)
    },
  )
}
