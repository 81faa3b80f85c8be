import { doubleMetaphone } from 'double-metaphone'
import type { PersonRecord } from '../core/record.ts'
import type { StandardisationCounts, StandardisedRecord } from '../core/standardised.ts'
import type { Parsed } from './dates.ts'
import { parseDate } from './dates.ts'
import {
  normaliseCro,
  normaliseCrn,
  normaliseEmail,
  normaliseNino,
  normaliseOtherId,
  normalisePhone,
  normalisePnc,
  normalisePrisonNumber,
  normaliseSex,
} from './identifiers.ts'
import type { NameVariants } from './name-variants.ts'
import { cleanNameField, parseName, surnamePartsOf } from './names.ts'
import { parsePostcode } from './postcodes.ts'
import { tokensOf } from './text.ts'

const STREET_TYPES: Record<string, string> = {
  st: 'street', rd: 'road', ave: 'avenue', av: 'avenue', ln: 'lane', dr: 'drive', cres: 'crescent', ct: 'court',
  pl: 'place', gdns: 'gardens', sq: 'square', cl: 'close', tce: 'terrace', gr: 'grove', pk: 'park',
}

/** Metaphone keys repeat across millions of records: cache them, bounded so memory stays flat. */
const metaphoneCache = new Map<string, string>()
const metaphone = (name: string | null): string | null => {
  if (!name) return null
  let key = metaphoneCache.get(name)
  if (key === undefined) {
    key = doubleMetaphone(name.replaceAll(' ', ''))[0]
    if (metaphoneCache.size > 200_000) metaphoneCache.clear()
    metaphoneCache.set(name, key)
  }
  return key === '' ? null : key
}

/** Slavic feminine surname forms meet their masculine form: kowalska → kowalski. */
const slavicMasculine = (surname: string): string | null => {
  const m = /^(.*)(sk|ck|dzk)a$/.exec(surname)
  return m ? `${m[1]}${m[2]}i` : null
}

/**
 * Turns a canonical record into comparable keys. Invalid and placeholder values become null (a null compares as
 * "no evidence", never as a disagreement) and are counted so a run can report them.
 */
export const standardiseRecord = (
  record: PersonRecord,
  variants: NameVariants,
  counts: StandardisationCounts,
): StandardisedRecord => {
  let forename: string | null
  let middle: string[]
  let surname: string | null
  let suffix: string | null
  if (record.forename || record.surname || !record.fullName) {
    const f = cleanNameField(record.forename)
    const s = cleanNameField(record.surname)
    const fTokens = f.name ? f.name.split(' ') : []
    forename = fTokens[0] ?? null
    middle = [...fTokens.slice(1), ...record.middleNames.flatMap((m) => tokensOf(m))]
    surname = s.name
    suffix = s.suffix ?? f.suffix
  } else {
    const p = parseName(record.fullName)
    forename = p.forename
    middle = p.middleNames
    surname = p.surname
    suffix = p.suffix
  }
  const surnameParts = surnamePartsOf(surname)
  const aliasTokens = record.aliases.flatMap((a) => tokensOf(a))
  const nameTokens = [...new Set([forename, ...middle, ...(surname?.split(' ') ?? []), ...surnameParts, ...aliasTokens])]
    .filter((t): t is string => t !== null && t !== '')
    .sort()

  const date = parseDate(record.dateOfBirth)
  if (date.status === 'invalid') counts.invalidDate++
  if (date.status === 'placeholder') counts.placeholderDate++
  const postcode = parsePostcode(record.postcode)
  if (postcode.status === 'invalid') counts.invalidPostcode++

  const id = (parsed: Parsed, invalid?: keyof StandardisationCounts): string | null => {
    if (parsed.status === 'junk') counts.junkIdentifier++
    else if (parsed.status === 'invalid' && invalid) counts[invalid]++
    return parsed.value
  }
  const otherIds: Record<string, string> = {}
  for (const [name, value] of Object.entries(record.identifiers.other)) {
    const v = id(normaliseOtherId(value))
    if (v !== null) otherIds[name] = v
  }

  const lines = record.addressLines.filter((l) => l.trim() !== '')
  const town = lines.length >= 2 ? tokensOf(lines.at(-1)).join(' ') || null : null
  const addressTokens = [...new Set(lines.flatMap((l) => tokensOf(l)).map((t) => STREET_TYPES[t] ?? t))].sort()

  const surnameGroup = surname ? (variants.groupOf(surname) ?? slavicMasculine(surname)) : null
  return {
    source: record.source,
    recordId: record.recordId,
    forename,
    middleNames: middle.length > 0 ? middle.join(' ') : null,
    surname,
    surnameParts,
    nameTokens,
    forenameMetaphone: metaphone(forename),
    surnameMetaphone: metaphone(surname),
    forenameGroup: forename ? variants.groupOf(forename) : null,
    surnameGroup,
    suffix,
    dateOfBirth: date.value,
    sex: normaliseSex(record.sex),
    postcode: postcode.postcode,
    postcodeArea: postcode.area,
    postcodeDistrict: postcode.district,
    postcodeSector: postcode.sector,
    addressTokens,
    town,
    pnc: id(normalisePnc(record.identifiers.pnc), 'invalidPnc'),
    cro: id(normaliseCro(record.identifiers.cro), 'invalidCro'),
    prisonNumber: id(normalisePrisonNumber(record.identifiers.prisonNumber)),
    crn: id(normaliseCrn(record.identifiers.crn)),
    nino: id(normaliseNino(record.identifiers.nino), 'invalidNino'),
    email: normaliseEmail(record.email).value,
    phone: normalisePhone(record.phone).value,
    otherIds,
  }
}
