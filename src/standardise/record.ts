import { doubleMetaphone } from 'double-metaphone'
import type { PersonRecord } from '../core/record.ts'
import type { StandardisationCounts, StandardisedRecord } from '../core/standardised.ts'
import { addressLineOf, parseAddress, postcodeInAddress } from './address.ts'
import { birthYearOfAge, type DateOrder, parseBirthDateParts, parseDate, yearOfPartialDate } from './dates.ts'
import {
  comparableCro,
  normaliseCrn,
  normaliseEmail,
  normaliseNino,
  normaliseOtherId,
  normalisePhone,
  normalisePnc,
  normalisePrisonNumber,
  normaliseSex,
} from './identifiers.ts'
import { MEMO_LIMIT, memo } from './memo.ts'
import type { NameVariants } from './name-variants.ts'
import type { ParsedName } from './names.ts'
import {
  cleanForename,
  cleanSurname,
  NAME_SIDES,
  type NameSides,
  parseName,
  readLookalikeDigits,
  sexOfTitle,
  suffixOf,
  surnamePartsOf,
  withoutArticle,
} from './names.ts'
import type { Parsed } from './parsed.ts'
import { MISSING } from './parsed.ts'
import { parsePostcode } from './postcodes.ts'
import { sortedUnique } from './sorted-unique.ts'
import { slavicMasculine } from './surnames.ts'
import { foldText, tokensOf } from './text.ts'

/**
 * The Double Metaphone primary key of a folded name, spaces and a leading Arabic article dropped: the article is kept
 * or dropped as systems please, and "Al-Shami" sounds as "Shami" to a search by sound.
 */
const metaphoneOf = (name: string | null): string | null =>
  name ? doubleMetaphone(withoutArticle(name).replaceAll(' ', ''))[0] || null : null

/** A folded name's keys, one cache entry each: the variant table's group (null when it does not know the name). */
interface NameKeys {
  metaphone: string | null
  group: string | null
  /** The other groups of a nickname shared by several names, sorted. */
  otherGroups: readonly string[]
  /** As a surname: its parts (surnamePartsOf), and those with its words, its name tokens. */
  parts: readonly string[]
  surnameTokens: readonly string[]
}

/** A name field (or a whole name) parsed, with the keys of its forename and surname. */
interface Name extends ParsedName {
  given: NameKeys | null
  family: NameKeys | null
  /** The surname's group: the table's, else its masculine form by rule, else the surname itself. */
  surnameGroup: string | null
}

const NO_NAME: Name = {
  forename: null,
  middleNames: [],
  surname: null,
  suffix: null,
  given: null,
  family: null,
  surnameGroup: null,
}

/** The birth date and its year: a date column wins; else a date split over year, month and day columns. */
interface BirthDate {
  date: Parsed
  year: string | null
  monthDay?: string
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

/** A function of one record and the counts it adds to, with caches of its own. */
type Standardiser = (record: PersonRecord, counts: StandardisationCounts) => StandardisedRecord

/**
 * The standardisation rules, every repeated value cached up to `cacheLimit` entries (0: nothing cached, the plain
 * rules, which the cached ones must agree with exactly). Name keys depend on the variant table, so each table has
 * its own caches.
 */
export const standardiserOf = (variants: NameVariants, cacheLimit = MEMO_LIMIT): Standardiser => {
  const cached = <T>(f: (s: string) => T) => memo(f, cacheLimit)
  const keysOf = cached((name: string): NameKeys => {
    const groups = variants.groupsOf(name)
    const parts = surnamePartsOf(name)
    const surnameTokens = [...parts]
    if (parts.length > 1) for (const t of name.split(' ')) surnameTokens.push(t)
    return {
      metaphone: metaphoneOf(name),
      group: variants.groupOf(name),
      otherGroups: groups.length > 1 ? groups.slice(1).sort() : [],
      parts,
      surnameTokens,
    }
  })
  /** A parsed name with the keys of its parts; `raw` tells a Czech feminine surname (slavicMasculine). */
  const withKeys = ({ forename, middleNames, surname, suffix }: ParsedName, raw: string): Name => {
    const family = surname ? keysOf(surname) : null
    return {
      forename,
      middleNames,
      surname,
      suffix,
      given: forename ? keysOf(forename) : null,
      family,
      surnameGroup: family ? (family.group ?? slavicMasculine(surname!, raw) ?? surname) : null,
    }
  }
  const forenameOf = cached((raw: string) => withKeys(cleanForename(raw), raw))
  const surnameOf = cached((raw: string) =>
    withKeys({ forename: null, middleNames: [], ...cleanSurname(raw) }, raw),
  )
  /** Folded words of a name field: middle-name fields and aliases repeat a lot. */
  const wordsOf = cached((field: string) => tokensOf(readLookalikeDigits(field)))
  /** Either side of "SURNAME, Forenames": each repeats far more than the whole. */
  const sides: NameSides = { given: cached(NAME_SIDES.given), surname: cached(NAME_SIDES.surname) }
  const wholeNameOf = cached((raw: string) => withKeys(parseName(raw, sides), raw))
  /** Words of the aliases that the record's own name does not hold: the names it adds. */
  const aliasNamesOf = (aliases: readonly string[], own: readonly string[]): string[] => {
    if (aliases.length === 0) return []
    const out: string[] = []
    for (const alias of aliases) for (const w of wordsOf(alias)) if (!own.includes(w)) out.push(w)
    return sortedUnique(out)
  }

  /**
   * A date column's date and year; when it is no date, its year if it gives only part of one ("1851", "Mar 1851"):
   * the year is evidence. Dates of birth repeat a lot. A cached result keeps the "today" of its first parse, which
   * matters for one day only.
   */
  const dateColumn = (order: DateOrder) =>
    cached((raw: string): BirthDate => {
      const date = parseDate(raw, undefined, order)
      if (date.status !== 'invalid') return { date, year: date.value?.slice(0, 4) ?? null }
      const year = yearOfPartialDate(raw)
      return year === null ? { date, year } : { date: MISSING, year }
    })
  const dayFirstDateOf = dateColumn('dayFirst')
  const monthFirstDateOf = dateColumn('monthFirst')
  const birthDateOf = (record: PersonRecord): BirthDate => {
    if (record.dateOfBirth)
      return (record.dateOfBirthOrder === 'monthFirst' ? monthFirstDateOf : dayFirstDateOf)(
        record.dateOfBirth,
      )
    if (record.birthYear || record.birthMonth || record.birthDay)
      return parseBirthDateParts({ year: record.birthYear, month: record.birthMonth, day: record.birthDay })
    if (record.age) return { date: MISSING, year: birthYearOfAge(record.age) }
    return NO_BIRTH_DATE
  }

  const postcodeOf = cached(parsePostcode)
  /** Towns and attributes (places, occupations) repeat a lot; folded like names, empty as null. */
  const foldedOf = cached((raw: string): string | null => foldText(raw) || null)
  /** Attributes folded like names, by key; values that fold to nothing are left out. */
  const attributesOf = (raw: Readonly<Record<string, string>> | undefined): Record<string, string> => {
    const attributes: Record<string, string> = {}
    for (const key in raw) {
      const value = foldedOf(raw[key]!)
      if (value !== null) attributes[key] = value
    }
    return attributes
  }
  const addressLine = cacheLimit === 0 ? addressLineOf : undefined

  return (record, counts) => {
    // Separate name fields win over a whole-name field. The whole name fills what they leave empty: all of it when
    // both are empty, else the missing part (registers that keep a full name beside partly filled name columns).
    // Where it gives the same forename and surname as the fields, its middle words are the middle names the fields
    // leave out: a register's "Gahda Salah Bakr" beside the columns "Gahda" and "Bakr" holds the father's name,
    // Salah, which another record gives as the surname.
    const whole = record.fullName ? wholeNameOf(record.fullName) : null
    let given: Name
    let family: Name
    let middleNames: string[]
    if (whole && !record.forename && !record.surname) {
      given = family = whole
      middleNames = whole.middleNames
    } else {
      const filling = record.forename && record.surname ? null : whole
      given = record.forename ? forenameOf(record.forename) : (filling ?? NO_NAME)
      family = record.surname ? surnameOf(record.surname) : (filling ?? NO_NAME)
      const middle =
        whole &&
        given.middleNames.length === 0 &&
        record.middleNames.length === 0 &&
        whole.forename === given.forename &&
        whole.surname === family.surname
          ? whole
          : given
      // Middle names are tokens of the forename field after the first, then the middle-name fields.
      middleNames = middle.middleNames
      if (record.middleNames.length > 0) {
        middleNames = [...middleNames]
        for (const f of record.middleNames) for (const t of wordsOf(f)) middleNames.push(t)
      }
    }
    const { forename, given: forenameKeys } = given
    const { surname, family: surnameKeys } = family
    const nameTokens = [...middleNames]
    if (surnameKeys) for (const t of surnameKeys.surnameTokens) nameTokens.push(t)
    if (forename) nameTokens.push(forename)

    const { date, year: birthYear, monthDay } = birthDateOf(record)
    if (date.status === 'invalid') counts.invalidDate++
    else if (date.status === 'placeholder') counts.placeholderDate++
    // Without a postcode field, a postcode ending the address (written whole in one field) is the postcode.
    const embedded = record.postcode ? null : postcodeInAddress(record.addressLines)
    const postcodeText = record.postcode || embedded?.postcode
    const postcode = postcodeText ? postcodeOf(postcodeText) : NO_POSTCODE
    if (postcode.status === 'invalid') counts.invalidPostcode++

    const otherIds: Record<string, string> = {}
    const other = record.identifiers.other
    for (const column in other) {
      const id = keep(normaliseOtherId(other[column]), counts)
      if (id !== null) otherIds[column] = id
    }
    const address = parseAddress(embedded?.lines ?? record.addressLines, addressLine)

    return {
      source: record.source,
      recordId: record.recordId,
      forename,
      middleNames: middleNames.length > 0 ? middleNames.join(' ') : null,
      surname,
      surnameParts: surnameKeys ? surnameKeys.parts.slice() : [],
      nameTokens: sortedUnique(nameTokens),
      aliasNames: aliasNamesOf(record.aliases, nameTokens),
      forenameMetaphone: forenameKeys ? forenameKeys.metaphone : null,
      surnameMetaphone: surnameKeys ? surnameKeys.metaphone : null,
      forenameGroup: forenameKeys ? (forenameKeys.group ?? forename) : null,
      forenameOtherGroups: forenameKeys ? forenameKeys.otherGroups.slice() : [],
      surnameGroup: family.surnameGroup,
      suffix: family.suffix ?? given.suffix ?? suffixOf(record.nameSuffix),
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
      cro: keep(comparableCro(record.identifiers.cro), counts, 'invalidCro'),
      prisonNumber: keep(normalisePrisonNumber(record.identifiers.prisonNumber), counts),
      crn: keep(normaliseCrn(record.identifiers.crn), counts),
      nino: keep(normaliseNino(record.identifiers.nino), counts, 'invalidNino'),
      email: keep(normaliseEmail(record.email), counts),
      phone: keep(normalisePhone(record.phone), counts),
      otherIds,
      attributes: attributesOf(record.attributes),
    }
  }
}

const NO_BIRTH_DATE: BirthDate = Object.freeze({ date: MISSING, year: null })
const NO_POSTCODE = parsePostcode(null)

/**
 * Turns a canonical record into comparable keys. Invalid, placeholder and junk values become null (a null compares
 * as "no evidence", never as a disagreement) and are counted in `counts` so a run can report them.
 *
 * Variant groups fall back to the name itself when the table does not know it, so "kowalska" (group "kowalski" by
 * rule) meets "kowalski" (no group) and two unknown names compare by spelling.
 */
const standardisers = new WeakMap<NameVariants, Standardiser>()
export const standardiseRecord = (
  record: PersonRecord,
  variants: NameVariants,
  counts: StandardisationCounts,
): StandardisedRecord => {
  let standardise = standardisers.get(variants)
  if (standardise === undefined) {
    standardise = standardiserOf(variants)
    standardisers.set(variants, standardise)
  }
  return standardise(record, counts)
}
