import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ReviewDecision, ReviewOutcome } from '../person-index/types.ts'
import { ALL_ROLES, WebError } from './context.ts'
import { audited, page, queryString, type WebDeps } from './deps.ts'
import { comparedRows, fieldRows } from './record-fields.ts'
import type { QueueItem } from './review-queue.ts'
import { PAGE_SIZE, type PairEvidence } from './services/review.ts'
import { formatDateTime, OUTCOME_WORDS } from './words.ts'

const OUTCOMES: readonly ReviewOutcome[] = ['same_person', 'not_same_person', 'cannot_tell']

const isOutcome = (value: string): value is ReviewOutcome => (OUTCOMES as readonly string[]).includes(value)

/** The pair two keys name, in key order; 404 unless they are two different records in the index. */
const pairOf = async (deps: WebDeps, a: string, b: string): Promise<PairEvidence> => {
  const [leftKey, rightKey] = a < b ? [a, b] : [b, a]
  if (!leftKey || leftKey === rightKey)
    throw new WebError(404, 'Pair not found', 'Choose two different records.')
  const pair = await deps.services.review.pair(leftKey, rightKey)
  if (!pair) throw new WebError(404, 'Pair not found', 'One of these records is not in the index.')
  return pair
}

const pairUrl = (left: string, right: string): string =>
  `/review/pair?left=${encodeURIComponent(left)}&right=${encodeURIComponent(right)}`

const itemUrl = (item: QueueItem | undefined): string =>
  !item
    ? '/review'
    : item.kind === 'pair'
      ? pairUrl(item.left, item.right)
      : `/persons/${encodeURIComponent(item.justiceId)}/cluster`

const reviewerOf = (request: FastifyRequest): string => request.webSession?.user?.username ?? ''

/** The first item in the queue for this reviewer other than the pair on screen. */
const nextItem = (deps: WebDeps, request: FastifyRequest, except?: [string, string]) =>
  deps.services.review.next(reviewerOf(request), except)

/** A decision in force, as the page says it: what, who, when and why. */
const decisionView = (d: ReviewDecision) => ({
  outcome: d.outcome,
  words: OUTCOME_WORDS[d.outcome],
  reviewer: d.reviewer,
  at: formatDateTime(d.at),
  reason: d.reason,
})

interface PairForm {
  outcome?: string
  reason?: string
  outcomeError?: string
  reasonError?: string
  saved?: boolean
}

const showPair = async (
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  pair: PairEvidence,
  form: PairForm = {},
  status = 200,
): Promise<FastifyReply> => {
  await audited(deps, request, 'web.pair.view', [pair.left.justiceId, pair.right.justiceId])
  const { explanation, summary, chart, thresholds } = await deps.services.review.explain(pair)
  const errors = [
    form.outcomeError && { text: form.outcomeError, href: '#outcome' },
    form.reasonError && { text: form.reasonError, href: '#reason' },
  ].filter(Boolean)
  const next = await nextItem(deps, request, [pair.left.key, pair.right.key])
  const decision = pair.decision ? decisionView(pair.decision) : null
  return page(
    deps,
    request,
    reply,
    'pair.njk',
    {
      title: errors.length ? 'Error: review a pair' : 'Review a pair',
      nav: 'review',
      left: pair.left.key,
      right: pair.right.key,
      records: [pair.left, pair.right],
      rows: fieldRows([pair.left, pair.right]),
      compared: comparedRows([pair.left, pair.right]),
      weight: pair.weight,
      thresholds,
      explanation,
      summary,
      chart,
      errors,
      decision,
      // The reviewer who could not tell sees that a second reviewer will decide.
      waitingForSecond: pair.decision?.outcome === 'cannot_tell',
      ownCannotTell:
        pair.decision?.outcome === 'cannot_tell' && pair.decision.reviewer === reviewerOf(request),
      nextUrl: itemUrl(next),
      hasNext: next !== undefined,
      ...form,
      // After a save the form starts empty, ready for a change.
      outcome: form.saved ? undefined : (form.outcome ?? undefined),
    },
    status,
  )
}

export const registerReviewRoutes = (web: FastifyInstance, deps: WebDeps): void => {
  web.get<{ Querystring: { source?: string; reason?: string; page?: string } }>(
    '/review',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const source = queryString(request.query.source)
      const reason = queryString(request.query.reason)
      const listed = await deps.services.review.page(
        { source, reason, reviewer: reviewerOf(request) },
        Number.parseInt(queryString(request.query.page), 10) || 1,
      )
      const { page: current, pages } = listed
      const rows = listed.rows.map((row) => ({ ...row, url: itemUrl(row) }))
      const filterQuery = (p: number) =>
        `/review?${new URLSearchParams({ ...(source ? { source } : {}), ...(reason ? { reason } : {}), page: String(p) })}`
      return page(deps, request, reply, 'review.njk', {
        title: 'Review queue',
        nav: 'review',
        total: listed.total,
        filtered: Boolean(source || reason),
        count: listed.count,
        from: listed.count === 0 ? 0 : (current - 1) * PAGE_SIZE + 1,
        to: (current - 1) * PAGE_SIZE + rows.length,
        rows,
        sources: listed.sources,
        reasons: listed.reasons,
        source,
        reason,
        pagination:
          pages > 1
            ? {
                ...(current > 1 ? { previous: { href: filterQuery(current - 1) } } : {}),
                ...(current < pages ? { next: { href: filterQuery(current + 1) } } : {}),
                items: Array.from({ length: pages }, (_, i) => ({
                  number: i + 1,
                  href: filterQuery(i + 1),
                  current: i + 1 === current,
                })),
              }
            : null,
      })
    },
  )

  web.get('/review/next', { config: { staffRoles: ALL_ROLES } }, async (request, reply) =>
    reply.redirect(itemUrl(await nextItem(deps, request)), 303),
  )

  web.get<{ Querystring: { left?: string; right?: string; saved?: string } }>(
    '/review/pair',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const pair = await pairOf(deps, queryString(request.query.left), queryString(request.query.right))
      return showPair(deps, request, reply, pair, {
        saved: request.query.saved === '1' && pair.decision !== null,
      })
    },
  )

  web.post<{ Body: Record<string, unknown> }>(
    '/review/decisions',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const body = request.body ?? {}
      const pair = await pairOf(deps, queryString(body.left), queryString(body.right))
      const outcome = queryString(body.outcome)
      const reason = queryString(body.reason)
      if (!isOutcome(outcome))
        return showPair(
          deps,
          request,
          reply,
          pair,
          { reason, outcomeError: 'Select whether these are the same person' },
          400,
        )
      const problem = deps.services.review.reasonError(pair, outcome, reason)
      if (problem) return showPair(deps, request, reply, pair, { outcome, reason, reasonError: problem }, 400)
      const result = await deps.services.review.decide(pair, outcome, reviewerOf(request), reason)
      if (!result)
        throw new WebError(404, 'Pair not found', 'One of these records is no longer in the index.')
      await audited(deps, request, result.changed ? 'web.review.change' : 'web.review.decide', result.touched)
      // The pair again, with the banner: the reviewer sees what was saved and can change it or move on.
      return reply.redirect(`${pairUrl(pair.left.key, pair.right.key)}&saved=1`, 303)
    },
  )
}
