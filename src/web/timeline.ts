import type { ReviewDecision, StoredPersonEvent } from '../person-index/types.ts'
import { flagWords, formatDateTime, OUTCOME_WORDS } from './words.ts'

export interface TimelineItem {
  title: string
  /** What happened, as a sentence. */
  description: string
  at: string
  /** `at` as people write it: "6 December 2026, 10:16am". */
  when: string
}

const TITLES: Record<StoredPersonEvent['kind'], string> = {
  created: 'Person created',
  record_added: 'Record added',
  record_moved: 'Record moved in',
  record_removed: 'Record removed',
  merged: 'Merged',
  split: 'Split',
  needs_attention: 'Flagged for review',
  resolved: 'No longer flagged',
}

/** One event as a sentence a caseworker can read. */
const sentence = (e: StoredPersonEvent): string => {
  const record = e.recordKey ? `Record ${e.recordKey}` : 'A record'
  const other = e.otherJusticeId ?? 'another person'
  switch (e.kind) {
    case 'created':
      return e.reason === 'split off from another person'
        ? 'This person was created from records split off from another person.'
        : 'This person was created when their first records were linked.'
    case 'record_added':
      return `${record} was linked to this person.`
    case 'record_moved':
      return `${record} moved here from ${other}, because it matches this person better.`
    case 'record_removed':
      return `${record} was removed: it was deleted from its source.`
    case 'merged':
      return e.reason.startsWith('merged into')
        ? `This person was merged into ${other}; this Justice ID still finds them.`
        : `${other} was merged into this person, because their records match.`
    case 'split':
      return e.reason.startsWith('part of')
        ? `Some records were split off into ${other}.`
        : `These records were split off from ${other}, because they no longer match the rest.`
    case 'needs_attention':
      return `Flagged for review: ${flagWords(e.reason).charAt(0).toLowerCase()}${flagWords(e.reason).slice(1)}.`
    case 'resolved':
      return 'The records now hold together, so the flag was removed.'
  }
}

const decisionSentence = (d: ReviewDecision): string =>
  `${d.reviewer} decided that records ${d.left} and ${d.right} are ${d.outcome === 'cannot_tell' ? 'hard to tell apart (cannot tell)' : OUTCOME_WORDS[d.outcome]}${d.reason ? `: “${d.reason}”` : '.'}`

/** The person's history and the reviewers' decisions on its records, newest first. */
export const timelineOf = (
  events: readonly StoredPersonEvent[],
  decisions: readonly ReviewDecision[],
): TimelineItem[] =>
  [
    ...events.map((e) => ({
      title: TITLES[e.kind],
      description: sentence(e),
      at: e.at,
      when: formatDateTime(e.at),
    })),
    ...decisions.map((d) => ({
      title: `Decision: ${OUTCOME_WORDS[d.outcome]}`,
      description: decisionSentence(d),
      at: d.at,
      when: formatDateTime(d.at),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at))
