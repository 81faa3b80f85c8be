import type { PairScore } from '../model/score.ts'
import type { ReviewOutcome } from '../person-index/types.ts'
import type { FlagReason } from '../persons/refusal-rules.ts'

/**
 * What the review app says in words instead of codes: dates as people write them, decisions, why an item is in the
 * queue, and what each comparison of a pair found.
 */

const UK = 'Europe/London'
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const timeParts = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: UK,
})

/** "26 June 1998" from "1998-06-26"; anything that is not a date is shown as it is. */
export const formatDate = (iso: string | null | undefined): string => {
  if (!iso) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date)
}

/** "6 December 2026, 10:16am" (UK time) from an ISO timestamp, as GOV.UK writes times. */
export const formatDateTime = (iso: string | null | undefined): string => {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const part = (type: string) => timeParts.formatToParts(date).find((p) => p.type === type)?.value ?? ''
  const hour = Number(part('hour'))
  const minute = part('minute')
  const period = part('dayPeriod').toLowerCase().replace(/\./g, '').replace(/\s/g, '')
  const time = minute === '00' ? `${hour}${period}` : `${hour}:${minute}${period}`
  return `${part('day')} ${part('month')} ${part('year')}, ${time}`
}

export const OUTCOME_WORDS: Record<ReviewOutcome, string> = {
  same_person: 'the same person',
  not_same_person: 'not the same person',
  cannot_tell: 'cannot tell',
}

/** Why clustering flagged a person, in the words a caseworker would use: one entry for every reason it gives. */
const FLAG_WORDS: Record<FlagReason, string> = {
  conflicting_identifier: 'Records with different PNC, CRO or National Insurance numbers are in one person',
  conflicting_birth_date: 'Records with different dates of birth are in one person',
  decided_apart: 'A reviewer decided that records close to this person are someone else',
  kept_apart: 'A check for relatives (a junior and a senior) kept records apart from this person',
  likely_relatives: 'Records that look like relatives (twins, siblings, parent and child) are in one person',
  conflicting_forename: 'Records with a different first name were kept apart from this person',
  weak_bridge: 'Records are held together only by a weak match',
  contradicted_link: 'A record of this person scores strongly against another of its records',
  conflicting_surname: 'Records with different surnames are in one person',
  conflicting_decisions: "Reviewers' decisions about these records contradict each other",
}

export const flagWords = (reason: string | null | undefined): string =>
  (reason && FLAG_WORDS[reason as FlagReason]) || 'Records may not belong together'

/** What each comparison compares, as a noun a caseworker would use. */
const NOUNS: Record<string, string> = {
  forename: 'first name',
  surname: 'surname',
  middle_names: 'middle names',
  date_of_birth: 'date of birth',
  dob_year: 'year of birth',
  postcode: 'postcode',
  address: 'address',
  address_at_postcode: 'address at the postcode',
  town: 'town',
  sex: 'sex',
  pnc: 'PNC number',
  cro: 'CRO number',
  nino: 'National Insurance number',
  prison_number: 'prison number',
  crn: 'case reference number',
  email: 'email',
  phone: 'phone number',
}

export const comparisonNoun = (name: string): string => NOUNS[name] ?? name.replaceAll('_', ' ')

/** Identifiers one source issues to its own records: another source not holding one is no difference. */
const SOURCE_ONLY = new Set(['prison_number', 'crn'])

/** What the guard that capped a pair suggests. */
const GUARD_WORDS: Record<string, string> = {
  likely_relatives: 'possibly twins or relatives',
  generations_apart: 'possibly parent and child',
  different_generation: 'possibly parent and child (junior and senior)',
}

export const guardWords = (guard: string): string => GUARD_WORDS[guard] ?? guard.replaceAll('_', ' ')

export type Agreement = 'same' | 'close' | 'different' | 'not recorded'

/**
 * How a comparison's level reads: the first level after "null" is agreement, the last disagreement, the ones
 * between near agreement (a typo, a nickname, the same district).
 */
export const agreementOf = (levelIndex: number, levels: number): Agreement =>
  levelIndex < 0
    ? 'not recorded'
    : levelIndex === 1
      ? 'same'
      : levelIndex >= levels - 1
        ? 'different'
        : 'close'

const list = (words: string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * A pair in one sentence: what agrees, what nearly agrees (a typo, a nickname, the same district), what differs,
 * and what a guard suggests, e.g. "Same date of birth and address, different first name: possibly twins or
 * relatives".
 */
export const pairSummary = (score: PairScore, levelsOf: (comparison: string) => number): string => {
  const same: string[] = []
  const close: string[] = []
  const different: string[] = []
  for (const c of score.comparisons) {
    const agreement = agreementOf(c.levelIndex, levelsOf(c.name))
    if (agreement === 'same') same.push(comparisonNoun(c.name))
    else if (agreement === 'close') close.push(comparisonNoun(c.name))
    else if (agreement === 'different' && !SOURCE_ONLY.has(c.name)) different.push(comparisonNoun(c.name))
  }
  const parts = [
    same.length > 0 ? `same ${list(same)}` : '',
    close.length > 0 ? `similar ${list(close)}` : '',
    different.length > 0 ? `different ${list(different)}` : '',
  ].filter(Boolean)
  const sentence = capitalise(parts.join(', ') || 'little to compare')
  return score.guard ? `${sentence}: ${guardWords(score.guard)}` : sentence
}

/** How much a number of bits counts, in words. */
export const evidenceWords = (bits: number): string => {
  const size = Math.abs(bits)
  if (size < 0.05) return 'no evidence either way'
  const strength = size >= 6 ? 'strong evidence' : size >= 2 ? 'evidence' : 'weak evidence'
  return `${strength} ${bits > 0 ? 'for' : 'against'}`
}
