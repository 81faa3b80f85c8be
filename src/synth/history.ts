import { type Day, dayFromCivil } from './dates.ts'
import type { Person } from './person.ts'
import type { Random } from './random.ts'
import type { ErrorRates } from './rates.ts'

/**
 * A person's history in the justice system: court cases, custody periods and probation supervisions, dated relative
 * to `today`. Each event is what one record of one source describes.
 */
export type EventType = 'court_case' | 'custody' | 'probation_supervision'

export interface HistoryEvent {
  type: EventType
  start: Day
  /** Null while ongoing (in custody, under supervision). */
  end: Day | null
  /** Court: offence and outcome; custody: establishment; supervision: the kind of order. */
  offence: string
  outcome: string
  establishment: string
  /** Probation: a second case record for a person already known, as duplicates arise. */
  duplicate: boolean
}

const offences = [
  'Theft from a shop',
  'Burglary (dwelling)',
  'Common assault',
  'Assault occasioning actual bodily harm',
  'Possession of a controlled drug (Class A)',
  'Possession with intent to supply (Class B)',
  'Driving whilst disqualified',
  'Drink driving',
  'Criminal damage',
  'Public order offence',
  'Breach of a community order',
  'Robbery',
  'Fraud by false representation',
  'Handling stolen goods',
  'Possession of an offensive weapon',
  'Harassment',
  'Vehicle taking without consent',
  'Wounding with intent',
]
const communityOutcomes = ['Community order', 'Suspended sentence order']
const otherOutcomes = [
  'Fine',
  'Conditional discharge',
  'Absolute discharge',
  'Not guilty',
  'Dismissed',
  'Adjourned',
]
const establishments = [
  'HMP Birmingham',
  'HMP Manchester',
  'HMP Liverpool',
  'HMP Leeds',
  'HMP Doncaster',
  'HMP Durham',
  'HMP Nottingham',
  'HMP Leicester',
  'HMP Bristol',
  'HMP Cardiff',
  'HMP Pentonville',
  'HMP Wandsworth',
  'HMP Thameside',
  'HMP Brixton',
  'HMP Hewell',
  'HMP Altcourse',
  'HMP Berwyn',
  'HMP Norwich',
  'HMP Lewes',
  'HMP Exeter',
  'HMP Styal',
  'HMP Bronzefield',
  'HMP Eastwood Park',
  'HMP New Hall',
]
const womensPrisons = ['HMP Styal', 'HMP Bronzefield', 'HMP Eastwood Park', 'HMP New Hall']
const mensPrisons = establishments.filter((e) => !womensPrisons.includes(e))

export interface SourceCounts {
  court: number
  prison: number
  probation: number
}

/** How many records a person has in each source; everyone is in at least one. */
const repeated = (random: Random, p: number): number => {
  let n = 1
  while (n < 8 && random.chance(p)) n++
  return n
}

export const drawSourceCounts = (random: Random, rates: ErrorRates): SourceCounts => {
  let court = random.chance(rates.inCourt) ? repeated(random, rates.repeatCourtAppearance) : 0
  const prison = random.chance(rates.inPrison) ? repeated(random, rates.prisonReadmission) : 0
  const probation = random.chance(rates.inProbation) ? (random.chance(rates.probationDuplicate) ? 2 : 1) : 0
  if (court + prison + probation === 0) court = 1
  return { court, prison, probation }
}

const custodyLength = (random: Random): number => {
  const r = random.next()
  if (r < 0.45) return random.int(7, 180)
  if (r < 0.85) return random.int(181, 730)
  return random.int(731, 3650)
}

const sortedDays = (random: Random, n: number, from: Day, to: Day): Day[] => {
  const days: Day[] = []
  for (let i = 0; i < n; i++) days.push(random.int(from, to))
  return n > 1 ? days.sort((a, b) => a - b) : days
}

/**
 * Builds the events: custody periods that do not overlap, court cases of which those sending someone to custody
 * fall on the day of reception, and supervisions that start on release (licence) or after a community sentence.
 */
export const drawHistory = (
  random: Random,
  person: Person,
  counts: SourceCounts,
  today: Day,
): HistoryEvent[] => {
  const adult = dayFromCivil(person.dob.year + 18, person.dob.month, Math.min(person.dob.day, 28))
  const from = Math.max(adult, today - 15 * 365)
  const events: HistoryEvent[] = []
  const base = { offence: '', outcome: '', establishment: '', duplicate: false }
  const prisons = person.sex === 'f' ? womensPrisons : mensPrisons

  const receptions = sortedDays(random, counts.prison, from, today - 1)
  const custody: HistoryEvent[] = []
  for (let i = 0; i < receptions.length; i++) {
    const start = receptions[i]!
    const next = receptions[i + 1]
    let end: Day | null = start + custodyLength(random)
    if (next !== undefined) end = Math.min(end, Math.max(start + 1, next - 1))
    else if (end >= today) end = null
    custody.push({ ...base, type: 'custody', start, end, establishment: random.pick(prisons) })
  }
  events.push(...custody)

  const courtDays: Day[] = []
  for (let i = 0; i < counts.court; i++) {
    const sentenced = custody[i]
    const start = sentenced && random.chance(0.8) ? sentenced.start : random.int(from, today - 1)
    courtDays.push(start)
    const toCustody = sentenced !== undefined && start === sentenced.start
    events.push({
      ...base,
      type: 'court_case',
      start,
      // A case that starts today cannot have ended yesterday: the end is never before the start.
      end:
        toCustody || random.chance(0.7)
          ? start
          : Math.max(start, Math.min(today - 1, start + random.int(14, 180))),
      offence: random.pick(offences),
      outcome: toCustody
        ? random.chance(0.8)
          ? 'Imprisonment'
          : 'Remanded in custody'
        : random.chance(counts.probation > 0 ? 0.6 : 0.2)
          ? random.pick(communityOutcomes)
          : random.pick(otherOutcomes),
    })
  }

  for (let i = 0; i < counts.probation; i++) {
    const last = custody[custody.length - 1]
    const release = last?.end != null && last.end < today - 1 ? last.end : null
    const start =
      release !== null && random.chance(0.6)
        ? release
        : courtDays.length > 0 && random.chance(0.6)
          ? Math.min(today - 1, random.pick(courtDays) + random.int(1, 21))
          : random.int(from, today - 1)
    const planned = start + random.int(180, 1095)
    events.push({
      ...base,
      type: 'probation_supervision',
      start,
      end: planned < today ? planned : null,
      outcome: release === start ? 'Licence' : random.pick(['Community order', 'Suspended sentence order']),
      duplicate: i > 0,
    })
  }
  return events
}
