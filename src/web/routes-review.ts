import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { PairScore } from '../model/score.ts'
import type { IndexRecord, RecordKey, ReviewDecision, ReviewOutcome } from '../person-index/types.ts'
import { ALL_ROLES, WebError } from './context.ts'
import { overrulesModel } from './decide.ts'
import { audited, decide, page, queryString, type WebDeps } from './deps.ts'
import { explainForPeople, waterfallSvg } from './explain.ts'
import { comparedRows, fieldRows } from './record-fields.ts'
import { type QueueItem, reasonWords } from './review-queue.ts'
import { formatDateTime, OUTCOME_WORDS, pairSummary } from './words.ts'

const OUTCOMES: readonly ReviewOutcome[] = ['same_person', 'not_same_person', 'cannot_tell']
const MAX_REASON = 1000
const PAGE_SIZE = 50

const isOutcome = (value: string): value is ReviewOutcome => (OUTCOMES as readonly string[]).includes(value)

interface PairEvidence {
  left: IndexRecord
  right: IndexRecord
  /** The stored edge's weight when the index kept one, else the pair scored now. */
  weight: number
  scored: PairScore
  /** The decision in force on the pair (the newest), if any. */
  decision: ReviewDecision | null
}

const pairOf = async (deps: WebDeps, a: string, b: string): Promise<PairEvidence> => {
  const [leftKey, rightKey] = a < b ? [a, b] : [b, a]
  if (!leftKey || leftKey === rightKey)
    throw new WebError(404, 'Pair not found', 'Choose two different records.')
  const records = await deps.store.recordsByKey([leftKey, rightKey])
  const left = records.find((r) => r.key === leftKey)
  const right = records.find((r) => r.key === rightKey)
  if (!left || !right) throw new WebError(404, 'Pair not found', 'One of these records is not in the index.')
  const scored = deps.index.scoreRecords(left.record, right.record)
  const edge = (await deps.store.edges([leftKey])).find((e) => e.left === leftKey && e.right === rightKey)
  const decision =
    (await deps.store.decisions([leftKey])).find((d) => d.left === leftKey && d.right === rightKey) ?? null
  return { left, right, weight: edge?.weight ?? scored.matchWeight, scored, decision }
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
const nextItem = async (deps: WebDeps, request: FastifyRequest, except?: [string, string]) => {
  const items = (await deps.queue()).items({ reviewer: reviewerOf(request) })
  return items.find((i) => !(except && i.kind === 'pair' && i.left === except[0] && i.right === except[1]))
}

/** A decision in force, as the page says it: what, who, when and why. */
const decisionView = (d: ReviewDecision) => ({
  outcome: d.outcome,
  words: OUTCOME_WORDS[d.outcome],
  reviewer: d.reviewer,
  at: formatDateTime(d.at),
  reason: d.reason,
})

/** Changing a decision needs a reason; a second reviewer deciding after "cannot tell" is not a change. */
const isChange = (decision: ReviewDecision | null, outcome: ReviewOutcome): boolean =>
  decision !== null && decision.outcome !== 'cannot_tell' && decision.outcome !== outcome

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
  const meta = deps.index.meta()
  await audited(deps, request, 'web.pair.view', [pair.left.justiceId, pair.right.justiceId])
  const explanation = explainForPeople(meta.model, pair.scored)
  const levels = new Map(meta.model.comparisons.map((c) => [c.name, c.levels.length]))
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
      thresholds: meta.thresholds,
      explanation,
      summary: pairSummary(pair.scored, (name) => levels.get(name) ?? 0),
      chart: await waterfallSvg(explanation, meta.thresholds.join),
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

const reasonError = (
  outcome: ReviewOutcome,
  reason: string,
  pair: PairEvidence,
  join: number,
): string | null => {
  if (reason.length > MAX_REASON) return `Reason must be ${MAX_REASON} characters or fewer`
  if (reason) return null
  if (isChange(pair.decision, outcome)) return 'Enter why you are changing the decision'
  if (outcome === 'cannot_tell') return 'Enter why you cannot tell, for the second reviewer'
  if (overrulesModel(outcome, pair.weight, join))
    return 'Enter a reason: your decision goes against the model'
  return null
}

export const registerReviewRoutes = (web: FastifyInstance, deps: WebDeps): void => {
  web.get<{ Querystring: { source?: string; reason?: string; page?: string } }>(
    '/review',
    { config: { staffRoles: ALL_ROLES } },
    async (request, reply) => {
      const queue = await deps.queue()
      const source = queryString(request.query.source)
      const reason = queryString(request.query.reason)
      const reviewer = reviewerOf(request)
      const items = queue.items({ source, reason, reviewer })
      const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE))
      const current = Math.min(pages, Math.max(1, Number.parseInt(queryString(request.query.page), 10) || 1))
      const shown = items.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE)
      // Each pair shown is summarised from its comparisons: what agrees and what differs, never the values.
      const keys = shown.flatMap((i) => (i.kind === 'pair' ? [i.left, i.right] : []))
      const records = new Map((await deps.store.recordsByKey(keys)).map((r) => [r.key, r.record]))
      const levels = new Map(deps.index.meta().model.comparisons.map((c) => [c.name, c.levels.length]))
      const rows = shown.map((item) => {
        const reasonText = reasonWords(item.reason)
        if (item.kind === 'cluster')
          return { ...item, url: itemUrl(item), reasonText, summary: `${item.records} records` }
        const l = records.get(item.left)
        const r = records.get(item.right)
        const summary =
          l && r ? pairSummary(deps.index.scoreRecords(l, r), (name) => levels.get(name) ?? 0) : ''
        return { ...item, url: itemUrl(item), reasonText, summary }
      })
      const filterQuery = (p: number) =>
        `/review?${new URLSearchParams({ ...(source ? { source } : {}), ...(reason ? { reason } : {}), page: String(p) })}`
      return page(deps, request, reply, 'review.njk', {
        title: 'Review queue',
        nav: 'review',
        total: queue.items({ reviewer }).length,
        filtered: Boolean(source || reason),
        count: items.length,
        from: items.length === 0 ? 0 : (current - 1) * PAGE_SIZE + 1,
        to: (current - 1) * PAGE_SIZE + shown.length,
        rows,
        sources: queue.sources(),
        reasons: queue.reasons().map((key) => ({ key, text: reasonWords(key) })),
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
      const problem = reasonError(outcome, reason, pair, meta.thresholds.join)
      if (problem) return showPair(deps, request, reply, pair, { outcome, reason, reasonError: problem }, 400)
      const reviewer = reviewerOf(request)
      const changed = isChange(pair.decision, outcome)
      const result = await decide(deps, {
        left: pair.left.key,
        right: pair.right.key,
        outcome,
        reviewer,
        reason,
        matchWeight: pair.weight,
      })
      const touched = [
        pair.left.justiceId,
        pair.right.justiceId,
        ...result.events.flatMap((e) => [e.justiceId, e.otherJusticeId ?? e.justiceId]),
        ...(result.justiceId ? [result.justiceId] : []),
      ]
      await audited(deps, request, changed ? 'web.review.change' : 'web.review.decide', touched)
      const queue = await deps.queue()
      await queue.refresh(
        [pair.left.key, pair.right.key] as [RecordKey, RecordKey],
        touched,
        outcome === 'cannot_tell' ? reviewer : null,
      )
      // The pair again, with the banner: the reviewer sees what was saved and can change it or move on.
      return reply.redirect(`${pairUrl(pair.left.key, pair.right.key)}&saved=1`, 303)
    },
  )
}
