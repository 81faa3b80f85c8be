import type { JusticeEvent } from '../person-index/types.ts'
import type { EventMatcher, ServiceRule } from './rules.ts'

export type EligibilityOutcome = 'eligible' | 'not_eligible' | 'cannot_determine'

export interface EligibilityAnswer {
  outcome: EligibilityOutcome
  /** A code from the rule, or one of the identity codes of src/eligibility/check.ts. */
  reason: string
}

const DAY_MS = 86_400_000

/** `yyyy-mm-dd` minus whole days, in UTC so the answer does not depend on the server's time zone. */
const daysBefore = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10)

/** Ongoing: started on or before the check date and not ended by it (an end date still to come is not an end). */
const isOngoing = (e: JusticeEvent, today: string): boolean =>
  e.startDate <= today && (e.endDate === null || e.endDate > today)

const isEnded = (e: JusticeEvent, today: string): boolean => e.endDate !== null && e.endDate <= today

const inState = (e: JusticeEvent, state: EventMatcher['state'], today: string): boolean => {
  switch (state) {
    case 'ongoing':
      return isOngoing(e, today)
    case 'ended':
      return isEnded(e, today)
    case 'any':
      return e.startDate <= today
  }
}

const inWindow = (e: JusticeEvent, window: EventMatcher['window'], today: string): boolean => {
  if (!window) return true
  const date = window.field === 'startDate' ? e.startDate : e.endDate
  return date !== null && date >= daysBefore(today, window.withinWeeks * 7) && date <= today
}

export const matchesEvent = (e: JusticeEvent, matcher: EventMatcher, today: string): boolean =>
  // Rules name only the kinds eligibility reads; incidents in custody are never among them.
  (matcher.eventTypes as readonly string[]).includes(e.eventType) &&
  inState(e, matcher.state, today) &&
  inWindow(e, matcher.window, today)

/**
 * The answer a rule gives for one person's events on a check date (`yyyy-mm-dd`). Pure: the same events and date
 * always give the same answer. A person with no events at all cannot be judged: their records' histories were
 * never loaded, and "no custody" read from missing data would be a guess.
 */
export const evaluateRule = (
  rule: ServiceRule,
  events: readonly JusticeEvent[],
  today: string,
): EligibilityAnswer => {
  if (events.length === 0) return { outcome: 'cannot_determine', reason: 'no_event_history' }
  for (const exclusion of rule.rule.exclusions)
    if (events.some((e) => matchesEvent(e, exclusion, today)))
      return { outcome: 'not_eligible', reason: exclusion.reason }
  const matched = events.some((e) => matchesEvent(e, rule.rule.events, today))
  const eligible = rule.rule.eligibleWhen === 'any' ? matched : !matched
  return eligible
    ? { outcome: 'eligible', reason: rule.rule.reasons.eligible }
    : { outcome: 'not_eligible', reason: rule.rule.reasons.notEligible }
}
