import { type CivilDate, civilFromDay, dayFromCivil, isoDate, isoDay, shortUkDate, ukDate } from './dates.ts'
import type { HistoryEvent } from './history.ts'
import { identifierFault, mistypeDigit, withFault } from './identifiers.ts'
import { addressOn, type Person } from './person.ts'
import type { Random } from './random.ts'
import type { ErrorRates } from './rates.ts'
import { type RecordedName, recordedName } from './record-name.ts'

/** The fields of one source row after its id; the id is given when the row is written. */
export type RowBody = string[]

/** The date of birth a record gives: mostly right, sometimes day and month swapped, a digit wrong or missing. */
export const recordedDob = (random: Random, dob: CivilDate, rates: ErrorRates): CivilDate | null => {
  if (random.chance(rates.dobMissing)) return null
  if (dob.day <= 12 && dob.day !== dob.month && random.chance(rates.dobDayMonthSwap))
    return { year: dob.year, month: dob.day, day: dob.month }
  if (random.chance(rates.dobDigitTypo)) {
    // A wrong units digit of the day or the year, kept a real date so only comparison, not parsing, can catch it.
    if (random.chance(0.5)) {
      const year = dob.year - (dob.year % 10) + (((dob.year % 10) + random.int(1, 9)) % 10)
      const day = Math.min(dob.day, 28)
      return { year, month: dob.month, day: year === dob.year ? dob.day : day }
    }
    const units = ((dob.day % 10) + random.int(1, 9)) % 10
    const day = dob.day - (dob.day % 10) + units
    const valid = day >= 1 && civilFromDay(dayFromCivil(dob.year, dob.month, day)).month === dob.month
    return valid ? { ...dob, day } : dob
  }
  return dob
}

const identifier = (random: Random, value: string | null, present: number, rates: ErrorRates): string => {
  if (value === null || !random.chance(present)) return ''
  return withFault(random, value, identifierFault(random, rates.identifierTypo, rates.identifierJunk))
}

/** The aliases column: the person's other name, when the record lists it. */
const aliasesCell = (random: Random, name: RecordedName, surname: string, recorded: number): string =>
  name.otherForename !== null && random.chance(recorded) ? `${name.otherForename} ${surname}` : ''

const sexCode = (random: Random, person: Person, rates: ErrorRates, m: string, f: string): string =>
  random.chance(rates.sexMissing) ? '' : person.sex === 'm' ? m : f

export const courtHeader = [
  'case_defendant_id',
  'defendant_name',
  'date_of_birth',
  'sex',
  'address_line_1',
  'address_line_2',
  'town',
  'postcode',
  'pnc',
  'hearing_date',
  'offence',
  'outcome',
]

export const courtRow = (random: Random, person: Person, event: HistoryEvent, rates: ErrorRates): RowBody => {
  const name = recordedName(random, person, event.start, rates)
  const forenames = [name.forename, ...name.middleNames, name.suffix].filter((n) => n !== '').join(' ')
  const dob = recordedDob(random, person.dob, rates)
  const address = addressOn(person, event.start)
  const noAddress = random.chance(rates.addressMissing)
  return [
    `${name.surname.toUpperCase()}, ${forenames}`,
    dob ? ukDate(dob) : '',
    sexCode(random, person, rates, 'M', 'F'),
    noAddress ? '' : address.line1,
    noAddress ? '' : address.line2,
    noAddress ? '' : address.town,
    random.chance(rates.postcodeMissing) ? '' : address.postcode,
    identifier(random, person.pnc, rates.courtPnc, rates),
    ukDate(civilFromDay(event.start)),
    event.offence,
    event.outcome,
  ]
}

export const prisonHeader = [
  'booking_id',
  'prison_number',
  'first_name',
  'middle_names',
  'last_name',
  'date_of_birth',
  'gender',
  'pnc',
  'cro',
  'reception_date',
  'release_date',
  'establishment',
  'aliases',
]

export const prisonRow = (
  random: Random,
  person: Person,
  event: HistoryEvent,
  prisonNumber: string,
  rates: ErrorRates,
): RowBody => {
  const name = recordedName(random, person, event.start, rates)
  const dob = recordedDob(random, person.dob, rates)
  const number = random.chance(rates.identifierTypo) ? mistypeDigit(random, prisonNumber) : prisonNumber
  return [
    number,
    name.forename,
    name.middleNames.join(' '),
    name.suffix ? `${name.surname} Jnr` : name.surname,
    dob ? isoDate(dob) : '',
    sexCode(random, person, rates, 'Male', 'Female'),
    identifier(random, person.pnc, rates.prisonPnc, rates),
    identifier(random, person.cro, rates.prisonCro, rates),
    isoDay(event.start),
    event.end === null ? '' : isoDay(event.end),
    event.establishment,
    aliasesCell(random, name, person.surname, rates.aliasRecordedPrison),
  ]
}

export const probationHeader = [
  'crn',
  'forename',
  'middle_name',
  'surname',
  'dob',
  'sex',
  'postcode',
  'pnc',
  'cro',
  'nino',
  'supervision_start',
  'supervision_end',
  'aliases',
]

/** Probation systems hold dates of birth keyed over decades: mostly dd/mm/yyyy, some ISO, a few d/m/yy. */
const probationDob = (random: Random, dob: CivilDate): string => {
  const r = random.next()
  return r < 0.8 ? ukDate(dob) : r < 0.95 ? isoDate(dob) : shortUkDate(dob)
}

export const probationRow = (
  random: Random,
  person: Person,
  event: HistoryEvent,
  rates: ErrorRates,
): RowBody => {
  const name = recordedName(random, person, event.start, rates)
  const dob = recordedDob(random, person.dob, rates)
  return [
    name.forename,
    name.middleNames.join(' '),
    name.suffix ? `${name.surname} ${name.suffix}` : name.surname,
    dob ? probationDob(random, dob) : '',
    sexCode(random, person, rates, 'M', 'F'),
    random.chance(rates.postcodeMissing) ? '' : addressOn(person, event.start).postcode,
    identifier(random, person.pnc, rates.probationPnc, rates),
    identifier(random, person.cro, rates.probationCro, rates),
    identifier(random, person.nino, rates.probationNino, rates),
    ukDate(civilFromDay(event.start)),
    event.end === null ? '' : ukDate(civilFromDay(event.end)),
    aliasesCell(random, name, person.surname, rates.aliasRecordedProbation),
  ]
}
