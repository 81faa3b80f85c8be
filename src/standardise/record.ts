import { doubleMetaphone } from 'double-metaphone'
import type { PersonRecord } from '../core/record.ts'
import type { StandardisationCounts, StandardisedRecord } from '../core/standardised.ts'
import { parseAddress } from './address.ts'
import { birthYearOfAge, parseBirthDateParts, parseDate, yearOfPartialDate } from './dates.ts'
import {
  normaliseCrn,
  normaliseCro,
  normaliseEmail,
  normaliseNino,
  normaliseOtherId,
  normalisePhone,
  normalisePnc,
  normalisePrisonNumber,
  normaliseSex,
} from './identifiers.ts'
import { memo } from './memo.ts'
import type { NameVariants } from './name-variants.ts'
import type { ParsedName } from './names.ts'
import {
  cleanForename,
  cleanSurname,
  parseName,
  readLookalikeDigits,
  sexOfTitle,
  surnamePartsOf,
} from './names.ts'
import type { Parsed } from './parsed.ts'
import { MISSING } from './parsed.ts'
import { parsePostcode } from './postcodes.ts'
import { sortedUnique } from './sorted-unique.ts'
import { slavicMasculine } from './surnames.ts'
import { foldText, tokensOf } from './text.ts'

const metaphoneOf = memo(
  (name: string): string | null => doubleMetaphone(name.replaceAll(' ', ''))[0] || null,
)
const metaphone = (name: string | null): string | null => (name ? metaphoneOf(name) : null)

const forenameOf = memo(cleanForename)
const surnameOf = memo((raw: string) => {
  const { surname, suffix } = cleanSurname(raw)
  return { surname, suffix, ...surnameKeys(surname, raw) }
})
const wholeNameOf = memo((raw: string): Name => {
  const name = parseName(raw)
  return { ...name, ...surnameKeys(name.surname, raw) }
})
/** Folded words of a name field: middle-name fields and aliases repeat a lot. */
const wordsOf = memo((field: string) => tokensOf(readLookalikeDigits(field)))
/** Words of the aliases that the record's own name does not hold: the names it adds. */
const aliasNamesOf = (aliases: readonly string[], own: readonly string[]): string[] => {
  const out: string[] = []
  for (const alias of aliases) for (const w of wordsOf(alias)) if (!own.includes(w)) out.push(w)
  return sortedUnique(out)
}
/** Middle names are tokens of the forename field after the first, then the middle-name fields. */
const middleNamesOf = (given: ParsedName, fields: readonly string[]): string[] => {
  if (fields.length === 0) return given.middleNames
  const names = [...given.middleNames]
  for (const f of fields) for (const t of wordsOf(f)) names.push(t)
  return names
}

/** Surname keys that depend on the surname alone, computed once per distinct surname. */
interface SurnameKeys {
  parts: string[]
  /** Masculine form by rule, used as the group when the variant table does not know the surname. */
  masculine: string | null
}
const surnameKeys = (surname: string | null, raw: string): SurnameKeys => ({
  parts: surnamePartsOf(surname),
  masculine: surname ? slavicMasculine(surname, raw) : null,
})

type Name = ParsedName & SurnameKeys
const NO_GIVEN_NAME: ParsedName = { forename: null, middleNames: [], surname: null, suffix: null }
const NO_SURNAME = { surname: null, suffix: null, parts: [], masculine: null }

/**
 * Separate name fields win over a whole-name field. The whole name fills what they leave empty: all of it when both
 * are empty, else the missing part (registers that keep a full name beside partly filled name columns). Where it
 * gives the same forename and surname as the fields, its middle words are the middle names the fields leave out: a
 * register's "Gahda Salah Bakr" beside the columns "Gahda" and "Bakr" holds the father's name, Salah, which another
 * record gives as the surname.
 */
const nameOf = (record: PersonRecord): Name => {
  const whole = record.fullName ? wholeNameOf(record.fullName) : null
  if (whole && !record.forename && !record.surname) return whole
  const filling = record.forename && record.surname ? null : whole
  const given = record.forename ? forenameOf(record.forename) : (filling ?? NO_GIVEN_NAME)
  const family = record.surname ? surnameOf(record.surname) : (filling ?? NO_SURNAME)
  const middle =
    whole &&
    given.middleNames.length === 0 &&
    record.middleNames.length === 0 &&
    whole.forename === given.forename &&
    whole.surname === family.surname
      ? whole
      : given
  return {
    forename: given.forename,
    middleNames: middleNamesOf(middle, record.middleNames),
    surname: family.surname,
    suffix: family.suffix ?? given.suffix,
    parts: family.parts,
    masculine: family.masculine,
  }
}

/** Dates of birth repeat a lot. A cached result keeps the "today" of its first parse, which matters for one day only. */
const dateOf = memo((raw: string) => parseDate(raw))
const monthFirstDateOf = memo((raw: string) => parseDate(raw, undefined, 'monthFirst'))
const postcodeOf = memo(parsePostcode)
/** Towns and attributes (places, occupations) repeat a lot; folded like names, empty as null. */
const foldedOf = memo((raw: string): string | null => foldText(raw) || null)

/** A date column's year when it gives only part of a date ("1851", "Mar 1851"): the year is evidence. */
const partialYearOf = memo((raw: string) => yearOfPartialDate(raw))

/** The birth date and its year: a date column wins; else a date split over year, month and day columns. */
const birthDateOf = (record: PersonRecord): { date: Parsed; year: string | null; monthDay?: string } => {
  if (record.dateOfBirth) {
    const date = (record.dateOfBirthOrder === 'monthFirst' ? monthFirstDateOf : dateOf)(record.dateOfBirth)
    if (date.status !== 'invalid') return { date, year: date.value?.slice(0, 4) ?? null }
    const year = partialYearOf(record.dateOfBirth)
    return year === null ? { date, year } : { date: MISSING, year }
  }
  if (record.birthYear || record.birthMonth || record.birthDay)
    return parseBirthDateParts({ year: record.birthYear, month: record.birthMonth, day: record.birthDay })
  if (record.age) return { date: MISSING, year: birthYearOfAge(record.age) }
  return { date: MISSING, year: null }
}

/** Attributes folded like names, by key; values that fold to nothing are left out. */
const attributesOf = (raw: Readonly<Record<string, string>> | undefined): Record<string, string> => {
  const attributes: Record<string, string> = {}
  for (const key in raw) {
    const value = foldedOf(raw[key]!)
    if (value !== null) attributes[key] = value
  }
  return attributes
}

/** The value of a parsed identifier, counting junk and (where `invalidCount` names a counter) invalid values. */
const keep = (
  parsed: Parsed,
  counts: StandardisationCounts,
  invalidCount?: 'invalidPnc' | 'invalidCro' | 'invalidNino',
): string | null => {
  if (parsed.status === 'junk') counts.junkIdentifier++
  else if (parsed.status === 'invalid' && invalidCount) counts[invalidCount]++
  return parsed.value
}

/**
 * The sex column's code; else what a courtesy title says, from a title column or from the first of several words of
 * a name field ("Mr John Smith"): registers without a sex column often keep the title (Mr, Mrs, Miss, Ms).
 */
const sexOf = (record: PersonRecord): 'm' | 'f' | null => {
  const coded = normaliseSex(record.sex)
  if (coded !== null) return coded
  const named = [record.title, ...[record.fullName, record.forename].filter((v) => v && /\S\s+\S/.test(v))]
  for (const v of named) {
    const sex = sexOfTitle(v)
    if (sex !== null) return sex
  }
  return null
}

/**
 * Turns a canonical record into comparable keys. Invalid, placeholder and junk values become null (a null compares
 * as "no evidence", never as a disagreement) and are counted in `counts` so a run can report them.
 *
 * Variant groups fall back to the name itself when the table does not know it, so "kowalska" (group "kowalski" by
 * rule) meets "kowalski" (no group) and two unknown names compare by spelling.
 */
export const standardiseRecord = (
  record: PersonRecord,
  variants: NameVariants,
  counts: StandardisationCounts,
): StandardisedRecord => {
  const { forename, middleNames, surname, suffix, parts, masculine } = nameOf(record)
  const nameTokens = [...middleNames, ...parts]
  if (forename) nameTokens.push(forename)
  if (surname && parts.length > 1) for (const t of surname.split(' ')) nameTokens.push(t)

  const { date, year: birthYear, monthDay } = birthDateOf(record)
  if (date.status === 'invalid') counts.invalidDate++
  else if (date.status === 'placeholder') counts.placeholderDate++
  const postcode = record.postcode ? postcodeOf(record.postcode) : parsePostcode(null)
  if (postcode.status === 'invalid') counts.invalidPostcode++

  const otherIds: Record<string, string> = {}
  const other = record.identifiers.other
  for (const column in other) {
    const id = keep(normaliseOtherId(other[column]), counts)
    if (id !== null) otherIds[column] = id
  }
  const address = parseAddress(record.addressLines)

  return {
    source: record.source,
    recordId: record.recordId,
    forename,
    middleNames: middleNames.length > 0 ? middleNames.join(' ') : null,
    surname,
    surnameParts: parts.slice(),
    nameTokens: sortedUnique(nameTokens),
    aliasNames: aliasNamesOf(record.aliases, nameTokens),
    forenameMetaphone: metaphone(forename),
    surnameMetaphone: metaphone(surname),
    forenameGroup: forename ? (variants.groupOf(forename) ?? forename) : null,
    forenameOtherGroups: forename ? variants.groupsOf(forename).slice(1).sort() : [],
    surnameGroup: surname ? (variants.groupOf(surname) ?? masculine ?? surname) : null,
    suffix,
    dateOfBirth: date.value,
    birthYear,
    birthMonthDay: monthDay ?? null,
    sex: sexOf(record),
    postcode: postcode.postcode,
    postcodeArea: postcode.area,
    postcodeDistrict: postcode.district,
    postcodeSector: postcode.sector,
    addressTokens: address.addressTokens,
    // A town column is the town even alone; without one, the last of several address lines is taken as the town.
    town: record.town ? foldedOf(record.town) : address.town,
    pnc: keep(normalisePnc(record.identifiers.pnc), counts, 'invalidPnc'),
    cro: keep(normaliseCro(record.identifiers.cro), counts, 'invalidCro'),
    prisonNumber: keep(normalisePrisonNumber(record.identifiers.prisonNumber), counts),
    crn: keep(normaliseCrn(record.identifiers.crn), counts),
    nino: keep(normaliseNino(record.identifiers.nino), counts, 'invalidNino'),
    email: keep(normaliseEmail(record.email), counts),
    phone: keep(normalisePhone(record.phone), counts),
    otherIds,
    attributes: attributesOf(record.attributes),
  }
}
