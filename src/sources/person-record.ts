import type { EnteredRecord } from '../core/entered-record.ts'
import type { PersonRecord } from '../core/record.ts'
import { emptyPersonRecord } from '../core/record.ts'
import { attributeKey } from '../core/standardised.ts'
import {
  dateOfDaySerial,
  parseBirthDateParts,
  parseDate,
  parseDateFrom,
  twoDigitYearOf,
} from '../standardise/dates.ts'
import { otherIdKey, type SourceLayout } from './layout.ts'

const ALIAS_SEPARATOR = /[;|]/

const recordIdIndexes = new WeakMap<SourceLayout, number>()

/** Position of the record id column, looked up once per layout rather than once per row. */
const recordIdIndex = (layout: SourceLayout): number => {
  let index = recordIdIndexes.get(layout)
  if (index === undefined) {
    index = layout.columns.find((c) => c.header === layout.recordIdColumn)?.index ?? -1
    recordIdIndexes.set(layout, index)
  }
  return index
}

const WHOLE_AGE = /^(\d{1,3})(?:\.0+)?$/
const WHOLE_YEAR = /^(\d{4})(?:\.0+)?$/

/**
 * The approximate year of birth of an age on an event's date: the event's year less the age (one either side across
 * a birthday, as for an age today). Undefined when either is missing or is no age or date.
 */
const yearOfAgeOn = (age: string, eventDate: string | undefined): string | undefined => {
  const years = WHOLE_AGE.exec(age)?.[1]
  // A year alone is the year of the record (a census); either order of day and month gives a date's year, the other
  // order reading what one finds impossible (12/31/2020).
  const on =
    WHOLE_YEAR.exec(eventDate?.trim() ?? '')?.[1] ??
    (parseDate(eventDate).value ?? parseDate(eventDate, undefined, 'monthFirst').value)?.slice(0, 4)
  return years === undefined || on === undefined ? undefined : String(Number(on) - Number(years))
}

/**
 * One row of a source as a canonical record, by the roles of its columns. Values are trimmed and empty ones
 * dropped; the record id is '' when its cell is empty (the reader reports that with the row's line).
 */
export const toPersonRecord = (source: string, values: string[], layout: SourceLayout): PersonRecord => {
  const record = emptyPersonRecord(source, values[recordIdIndex(layout)]?.trim() ?? '')
  let towns: string[] | undefined
  for (const c of layout.columns) {
    const v = values[c.index]?.trim()
    if (!v) continue
    switch (c.role) {
      case 'forename':
        record.forename ??= v
        break
      case 'middleNames':
        record.middleNames.push(v)
        break
      case 'surname':
        record.surname ??= v
        break
      case 'fullName':
        record.fullName ??= v
        break
      case 'alias':
        for (const alias of v.split(ALIAS_SEPARATOR)) {
          const a = alias.trim()
          if (a) record.aliases.push(a)
        }
        break
      case 'dateOfBirth':
        if (record.dateOfBirth !== null) break
        // A day number read as the date it counts to; one that is no day number is kept, and found invalid.
        record.dateOfBirth = c.daySerials ? (dateOfDaySerial(v) ?? v) : v
        // A two-digit year in the span the column's years show, written out so that every later reading agrees.
        if (c.centuryFrom !== undefined && twoDigitYearOf(v) !== null)
          record.dateOfBirth =
            parseDateFrom(v, c.centuryFrom, c.monthFirst ? 'monthFirst' : 'dayFirst').value ?? v
        if (c.monthFirst) record.dateOfBirthOrder = 'monthFirst'
        break
      case 'sex':
        record.sex ??= v
        break
      case 'title':
        record.title ??= v
        break
      case 'nameSuffix':
        record.nameSuffix ??= v
        break
      case 'addressLine':
        record.addressLines.push(v)
        break
      case 'town':
        record.town ??= v
        towns ??= []
        towns.push(v)
        break
      case 'postcode':
        record.postcode ??= v
        break
      case 'pnc':
      case 'cro':
      case 'prisonNumber':
      case 'crn':
      case 'nino':
        record.identifiers[c.role] ??= v
        break
      case 'otherId':
        record.identifiers.other[otherIdKey(c)] = v
        break
      case 'email':
        record.email ??= v
        break
      case 'phone':
        record.phone ??= v
        break
      case 'extra':
        record.extra[c.header] = v
        break
      case 'age':
        if (c.ageOn === undefined) record.age ??= v
        else record.birthYear ??= yearOfAgeOn(v, values[c.ageOn])
        break
      case 'birthYear':
      case 'birthMonth':
      case 'birthDay':
        record[c.role] ??= v
        break
      case 'attribute':
        record.attributes ??= {}
        record.attributes[attributeKey(c.header)] ??= v
        break
      case 'recordId':
      case 'truth':
      case 'ignore':
        break
    }
  }
  // The town is compared as the town, and not as address words too: one fact weighed twice made two neighbours'
  // streets ("7 Lubuma Place", "6 Priestley Place" in one town) look like one address. A second town column (a
  // suburb beside a city) is an address line.
  if (towns && towns.length > 1) record.addressLines.push(...towns.slice(1))
  return record
}

/**
 * A record's values as its source entered them (src/core/entered-record.ts), for people to read; the one place they
 * are made, from the canonical record of a source row or of an API caller's input. Nothing is folded: the date of
 * birth is also read as a date, as standardisation reads it, so it can be written out for people.
 */
export const enteredRecordOf = (record: PersonRecord): EnteredRecord => {
  const parts = [record.birthDay, record.birthMonth, record.birthYear].filter((p): p is string => Boolean(p))
  const written = record.dateOfBirth ?? (parts.length > 0 ? parts.join('/') : null)
  const birthDate = record.dateOfBirth
    ? parseDate(record.dateOfBirth, undefined, record.dateOfBirthOrder).value
    : parseBirthDateParts({ year: record.birthYear, month: record.birthMonth, day: record.birthDay }).date
        .value
  return {
    forename: record.forename,
    middleNames: [...record.middleNames],
    surname: record.surname,
    fullName: record.fullName,
    aliases: [...record.aliases],
    dateOfBirth: written,
    birthDate,
    sex: record.sex,
    addressLines: [...record.addressLines],
    town: record.town ?? null,
    postcode: record.postcode,
    identifiers: { ...record.identifiers, other: { ...record.identifiers.other } },
    email: record.email,
    phone: record.phone,
    // An age is shown as given: the year of birth read from it is approximate.
    other: { ...record.attributes, ...(record.age ? { age: record.age } : {}), ...record.extra },
  }
}
