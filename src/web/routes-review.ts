import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { IndexRecord, RecordKey, ReviewOutcome } from '../index/types.ts'
import { explainPair, type PairScore } from '../model/score.ts'
import { waterfallChart, withTotals } from './charts.ts'
import { ALL_ROLES, WebError } from './context.ts'
import { overrulesModel } from './decide.ts'
import { audited, decide, page, queryString, type WebDeps } from './deps.ts'
import { fieldRows } from './record-fields.ts'

const OUTCOMES: readonly ReviewOutcome[] = ['same_person', 'not_same_person', 'cannot_tell']
const MAX_REASON = 1000

const isOutcome = (value: string): value is ReviewOutcome => (OUTCOMES as readonly string[]).includes(value)

interface PairEvidence {
  left: IndexRecord
  right: IndexRecord
  /** The stored edge's weight when the index kept one, else the pair scored now. */
  weight: number
}

const pairOf = async (deps: WebDeps, a: string, b: string): Promise<PairEvidence & { scored: PairScore }> => {
  const [leftKey, rightKey] = a < b ? [a, b] : [b, a]
  if (!leftKey || leftKey === rightKey)
    throw new WebError(404, 'Pair not found', 'Choose two different records.')
  const records = await deps.store.recordsByKey([leftKey, rightKey])
  const left = records.find((r) => r.key === leftKey)
  const right = records.find((r) => r.key === rightKey)
  if (!left || !right) throw new WebError(404, 'Pair not found', 'One of these records is not in the index.')
  const scored = deps.index.scoreRecords(left.record, right.record)
  const edge = (await deps.store.edges([leftKey])).find((e) => e.left === leftKey && e.right === rightKey)
  return { left, right, weight: edge?.weight ?? scored.matchWeight, scored }
}

const showPair = async (
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  pair: Awaited<ReturnType<typeof pairOf>>,
  form: { outcome?: string; reason?: string; outcomeError?: string; reasonError?: string } = {},
  status = 200,
): Promise<FastifyReply> => {
  const meta = deps.index.meta()
  await audited(deps, request, 'web.pair.view', [pair.left.justiceId, pair.right.justiceId])
  const waterfall = explainPair(meta.model, pair.scored)
  const errors = [
    form.outcomeError && { text: form.outcomeError, href: '#outcome' },
    form.reasonError && { text: form.reasonError, href: '#reason' },
  ].filter(Boolean)
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
      weight: pair.weight,
      thresholds: meta.thresholds,
      waterfall: withTotals(waterfall),
      chart: waterfallChart(waterfall),
      errors,
      ...form,
    },
    status,
  )
}

export const registerReviewRoutes = (web: FastifyInstance, deps: WebDeps): void => {
  web.get<{ Querystring: { source?: string; reason?: string } }>(
    '/review',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const queue = await deps.queue()
      const source = queryString(request.query.source)
      const reason = queryString(request.query.reason)
      const items = queue.items({ source, reason })
      return page(deps, request, reply, 'review.njk', {
        title: 'Review queue',
        nav: 'review',
        total: queue.items().length,
        filtered: Boolean(source || reason),
        items,
        sources: queue.sources(),
        reasons: queue.reasons(),
        source,
        reason,
      })
    },
  )

  web.get<{ Querystring: { left?: string; right?: string } }>(
    '/review/pair',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) =>
      showPair(
        deps,
        request,
        reply,
        await pairOf(deps, queryString(request.query.left), queryString(request.query.right)),
      ),
  )

  web.post<{ Body: Record<string, unknown> }>(
    '/review/decisions',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const body = request.body ?? {}
      const pair = await pairOf(deps, queryString(body.left), queryString(body.right))
      const outcome = queryString(body.outcome)
      const reason = queryString(body.reason)
      const meta = deps.index.meta()
      if (!isOutcome(outcome))
        return showPair(
          deps,
          request,
          reply,
          pair,
          { reason, outcomeError: 'Select whether these are the same person' },
          400,
        )
      if (reason.length > MAX_REASON)
        return showPair(
          deps,
          request,
          reply,
          pair,
          { outcome, reason, reasonError: `Reason must be ${MAX_REASON} characters or fewer` },
          400,
        )
      if (!reason && overrulesModel(outcome, pair.weight, meta.thresholds.join))
        return showPair(
          deps,
          request,
          reply,
          pair,
          { outcome, reasonError: 'Enter a reason: your decision goes against the model' },
          400,
        )
      const result = await decide(deps, {
        left: pair.left.key,
        right: pair.right.key,
        outcome,
        reviewer: request.webSession?.user?.username ?? '',
        reason,
        matchWeight: pair.weight,
      })
      const touched = [
        pair.left.justiceId,
        pair.right.justiceId,
        ...result.events.flatMap((e) => [e.justiceId, e.otherJusticeId ?? e.justiceId]),
        ...(result.justiceId ? [result.justiceId] : []),
      ]
      await audited(deps, request, 'web.review.decide', touched)
      const queue = await deps.queue()
      await queue.refresh([pair.left.key, pair.right.key] as [RecordKey, RecordKey], touched)
      const next = queue.items()[0]
      return reply.redirect(
        next?.kind === 'pair'
          ? `/review/pair?left=${encodeURIComponent(next.left)}&right=${encodeURIComponent(next.right)}`
          : '/review',
        303,
      )
    },
  )
}
