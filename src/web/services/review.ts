import type { PairScore } from '../../model/score.ts'
import type {
  IndexRecord,
  IndexThresholds,
  JusticeId,
  PersonStore,
  PersonView,
  RecordKey,
  ReviewDecision,
  ReviewOutcome,
} from '../../person-index/types.ts'
import type { RealtimeIndex, WriteOutcome } from '../../realtime/types.ts'
import { overrulesModel } from '../decide.ts'
import { type Explanation, explainForPeople, waterfallSvg } from '../explain.ts'
import { type QueueFilter, type QueueItem, ReviewQueue, reasonWords } from '../review-queue.ts'
import { pairSummary } from '../words.ts'
import type { PersonService } from './persons.ts'

export const MAX_REASON = 1000
export const PAGE_SIZE = 50

export interface PairEvidence {
  left: IndexRecord
  right: IndexRecord
  /** The stored edge's weight when the index kept one, else the pair scored now. */
  weight: number
  scored: PairScore
  /** The decision in force on the pair (the newest), if any. */
  decision: ReviewDecision | null
}

/** One page of the queue, each item with its reason and a summary in words (never the records' values). */
export interface QueuePage {
  /** Every item this reviewer may take, unfiltered. */
  total: number
  /** Items the filter keeps. */
  count: number
  page: number
  pages: number
  rows: (QueueItem & { reasonText: string; summary: string })[]
  sources: string[]
  reasons: { key: string; text: string }[]
}

/** A pair's score explained for people: rows in words, a one-line summary and the waterfall chart. */
export interface PairExplanation {
  explanation: Explanation
  summary: string
  chart: string
  thresholds: IndexThresholds
}

/** Records, pairs and reviewers' decisions: the review queue and what a decision changes. */
export interface ReviewService {
  /** Builds the queue now (before the server listens), so the first request does not wait for it. */
  warm(): Promise<void>
  page(filter: QueueFilter & { reviewer: string }, page: number): Promise<QueuePage>
  /** The first item in the queue for this reviewer other than the pair given. */
  next(reviewer: string, except?: readonly [RecordKey, RecordKey]): Promise<QueueItem | undefined>
  /** Two records (keys in order) with their score and the decision in force, or null when one is not indexed. */
  pair(left: RecordKey, right: RecordKey): Promise<PairEvidence | null>
  explain(pair: PairEvidence): Promise<PairExplanation>
  /** What is wrong with a decision's reason (GOV.UK error wording), or null when it may be saved. */
  reasonError(pair: PairEvidence, outcome: ReviewOutcome, reason: string): string | null
  /** Stores a decision, re-links and refreshes the queue: the persons it touched, and whether it changed one. */
  decide(
    pair: PairEvidence,
    outcome: ReviewOutcome,
    reviewer: string,
    reason: string,
  ): Promise<{ touched: JusticeId[]; changed: boolean } | null>
  /**
   * Decides every weak link of the person "same person": the persons touched, `nothing` when every link is already
   * strong or decided, or null when a record left the index meanwhile.
   */
  confirm(view: PersonView, reviewer: string): Promise<JusticeId[] | 'nothing' | null>
}

/** Changing a decision needs a reason; a second reviewer deciding after "cannot tell" is not a change. */
export const isChange = (decision: ReviewDecision | null, outcome: ReviewOutcome): boolean =>
  decision !== null && decision.outcome !== 'cannot_tell' && decision.outcome !== outcome

/** Every Justice ID a write's events name, besides its own. */
const touchedBy = (result: WriteOutcome): JusticeId[] => [
  ...result.events.flatMap((e) => [e.justiceId, e.otherJusticeId ?? e.justiceId]),
  ...(result.justiceId ? [result.justiceId] : []),
]

export const createReviewService = (
  index: RealtimeIndex,
  store: Pick<PersonStore, 'recordsByKey' | 'edges' | 'decisions'> & Parameters<typeof ReviewQueue.build>[0],
  persons: PersonService,
): ReviewService => {
  let built: Promise<ReviewQueue> | null = null
  // Read once; a failure is kept and rethrown where the queue is needed.
  const queue = (): Promise<ReviewQueue> => {
    built ??= ReviewQueue.build(store, index.meta().thresholds, index.review)
    return built
  }
  const levelsOf = () => new Map(index.meta().model.comparisons.map((c) => [c.name, c.levels.length]))

  return {
    warm: async () => {
      await queue().catch(() => undefined)
    },

    async page(filter, page) {
      const q = await queue()
      const items = q.items(filter)
      const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE))
      const current = Math.min(pages, Math.max(1, page))
      const shown = items.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE)
      // Each pair shown is summarised from its comparisons: what agrees and what differs, never the values.
      const keys = shown.flatMap((i) => (i.kind === 'pair' ? [i.left, i.right] : []))
      const records = new Map((await store.recordsByKey(keys)).map((r) => [r.key, r.record]))
      const levels = levelsOf()
      const rows = shown.map((item) => {
        const reasonText = reasonWords(item.reason)
        if (item.kind === 'cluster') return { ...item, reasonText, summary: `${item.records} records` }
        const l = records.get(item.left)
        const r = records.get(item.right)
        const summary = l && r ? pairSummary(index.scoreRecords(l, r), (name) => levels.get(name) ?? 0) : ''
        return { ...item, reasonText, summary }
      })
      return {
        total: q.items({ reviewer: filter.reviewer }).length,
        count: items.length,
        page: current,
        pages,
        rows,
        sources: q.sources(),
        reasons: q.reasons().map((key) => ({ key, text: reasonWords(key) })),
      }
    },

    async next(reviewer, except) {
      const items = (await queue()).items({ reviewer })
      return items.find(
        (i) => !(except && i.kind === 'pair' && i.left === except[0] && i.right === except[1]),
      )
    },

    async pair(leftKey, rightKey) {
      const records = await store.recordsByKey([leftKey, rightKey])
      const left = records.find((r) => r.key === leftKey)
      const right = records.find((r) => r.key === rightKey)
      if (!left || !right) return null
      const scored = index.scoreRecords(left.record, right.record)
      const edge = (await store.edges([leftKey])).find((e) => e.left === leftKey && e.right === rightKey)
      const decision =
        (await store.decisions([leftKey])).find((d) => d.left === leftKey && d.right === rightKey) ?? null
      return { left, right, weight: edge?.weight ?? scored.matchWeight, scored, decision }
    },

    async explain(pair) {
      const { model, thresholds } = index.meta()
      const explanation = explainForPeople(model, pair.scored)
      const levels = levelsOf()
      return {
        explanation,
        summary: pairSummary(pair.scored, (name) => levels.get(name) ?? 0),
        chart: await waterfallSvg(explanation, thresholds.join),
        thresholds,
      }
    },

    reasonError(pair, outcome, reason) {
      if (reason.length > MAX_REASON) return `Reason must be ${MAX_REASON} characters or fewer`
      if (reason) return null
      if (isChange(pair.decision, outcome)) return 'Enter why you are changing the decision'
      if (outcome === 'cannot_tell') return 'Enter why you cannot tell, for the second reviewer'
      if (overrulesModel(outcome, pair.weight, index.meta().thresholds.join))
        return 'Enter a reason: your decision goes against the model'
      return null
    },

    async decide(pair, outcome, reviewer, reason) {
      const changed = isChange(pair.decision, outcome)
      const result = await index.decide({
        left: pair.left.key,
        right: pair.right.key,
        outcome,
        reviewer,
        reason,
        matchWeight: pair.weight,
      })
      if (!result) return null
      const touched = [pair.left.justiceId, pair.right.justiceId, ...touchedBy(result)]
      await (await queue()).refresh(
        [pair.left.key, pair.right.key],
        touched,
        outcome === 'cannot_tell' ? reviewer : null,
      )
      return { touched, changed }
    },

    async confirm(view, reviewer) {
      const { weak } = await persons.links(view)
      if (weak.length === 0) return 'nothing'
      const touched: JusticeId[] = [view.person.justiceId]
      for (const e of weak) {
        const result = await index.decide({
          left: e.left,
          right: e.right,
          outcome: 'same_person',
          reviewer,
          reason: 'cluster confirmed',
          matchWeight: e.weight,
        })
        if (!result) return null
        touched.push(...touchedBy(result))
      }
      await (await queue()).refresh(null, touched)
      return touched
    },
  }
}
