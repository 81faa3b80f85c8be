import type { ReviewDecision, StoredPersonEvent } from '../index/types.ts'

export interface TimelineItem {
  title: string
  description: string
  at: string
}

const TITLES: Record<StoredPersonEvent['kind'], string> = {
  created: 'Person created',
  record_added: 'Record added',
  record_moved: 'Record moved in',
  record_removed: 'Record removed',
  merged: 'Merged',
  split: 'Split',
  needs_attention: 'Flagged for attention',
  resolved: 'Attention resolved',
}

const OUTCOMES: Record<ReviewDecision['outcome'], string> = {
  same_person: 'same person',
  not_same_person: 'not the same person',
  cannot_tell: 'cannot tell',
}

/** The person's history and the reviewers' decisions on its records, newest first. */
export const timelineOf = (
  events: readonly StoredPersonEvent[],
  decisions: readonly ReviewDecision[],
): TimelineItem[] =>
  [
    ...events.map((e) => ({
      title: TITLES[e.kind],
      description: [
        e.reason,
        e.recordKey && `record ${e.recordKey}`,
        e.otherJusticeId && `with ${e.otherJusticeId}`,
      ]
        .filter(Boolean)
        .join('; '),
      at: e.at,
    })),
    ...decisions.map((d) => ({
      title: `Decision: ${OUTCOMES[d.outcome]}`,
      description: `${d.left} and ${d.right}, by ${d.reviewer}${d.reason ? `: ${d.reason}` : ''}`,
      at: d.at,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at))
