import type { PersonSummary } from '../realtime/types.ts'
import { parseDate } from '../standardise/dates.ts'
import { normaliseCro, normaliseNino, normalisePnc } from '../standardise/identifiers.ts'
import { formatDate } from './words.ts'

/** The search page's inputs and answers: a GOV.UK date input for the date of birth, identifiers, readable results. */

export interface DateParts {
  day: string
  month: string
  year: string
}

/** The date of birth of the search form: none, a date, or an error naming the part to fix (GOV.UK wording). */
export const dateOfBirthOf = (
  parts: DateParts,
  today: Date = new Date(),
): { value: string | null } | { value: null; error: string; field: 'day' | 'month' | 'year' } => {
  const { day, month, year } = parts
  if (!day && !month && !year) return { value: null }
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p])
  if (missing.length > 0)
    return {
      value: null,
      error: `Date of birth must include a ${missing.join(' and ')}`,
      field: missing[0]!,
    }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return {
      value: null,
      error: 'Date of birth must be a real date',
      field: /^\d{1,2}$/.test(day) ? 'month' : 'day',
    }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  const parsed = parseDate(iso, today)
  if (parsed.status !== 'ok') {
    const future = iso > today.toISOString().slice(0, 10)
    return {
      value: null,
      error: future ? 'Date of birth must be in the past' : 'Date of birth must be a real date',
      field: 'day',
    }
  }
  return { value: parsed.value }
}

type IdentifierKind = 'pnc' | 'cro' | 'nino'

export interface IdentifierQuery {
  kind: IdentifierKind
  label: string
  value: string
}

/** The query as a PNC, CRO or National Insurance number, when it is a valid one. */
export const identifierOf = (q: string): IdentifierQuery | null => {
  const kinds: [IdentifierKind, string, typeof normalisePnc][] = [
    ['pnc', 'PNC number', normalisePnc],
    ['cro', 'CRO number', normaliseCro],
    ['nino', 'National Insurance number', normaliseNino],
  ]
  for (const [kind, label, normalise] of kinds) {
    const parsed = normalise(q)
    if (parsed.status === 'ok' && parsed.value) return { kind, label, value: parsed.value }
  }
  return null
}

export interface SearchResult {
  justiceId: string
  name: string
  otherNames: string[]
  datesOfBirth: string[]
  sources: string
  dobMatches: boolean
  /** How well the person fits the search, in words. */
  fit: string
}

const fitWords = (score: number): string =>
  score >= 0.97 ? 'Name matches' : score >= 0.85 ? 'Name is close' : 'Name is similar'

/** A person as the results list shows them: enough to pick the right one, no more. */
export const resultOf = (
  p: PersonSummary,
  dob: string | null,
  identifier: IdentifierQuery | null,
): SearchResult => {
  const dobMatches = dob !== null && p.datesOfBirth.includes(dob)
  // The name part of the score, without the date's 30% (src/realtime/search.ts).
  const nameScore = dob === null ? p.score : Math.min(1, (p.score - (dobMatches ? 0.3 : 0)) / 0.7)
  const fit = identifier
    ? `${identifier.label} matches`
    : dob === null
      ? fitWords(nameScore)
      : `${fitWords(nameScore)}, date of birth ${dobMatches ? 'matches' : 'differs'}`
  return {
    justiceId: p.justiceId,
    name: p.names[0] ?? 'No name recorded',
    otherNames: p.names.slice(1),
    datesOfBirth: p.datesOfBirth.map(formatDate),
    sources: p.sources.join(', '),
    dobMatches,
    fit,
  }
}
