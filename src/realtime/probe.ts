import type { PersonRecord } from '../core/record.ts'
import { attributeKey, emptyCounts, type StandardisedRecord } from '../core/standardised.ts'
import type { LinkageModel } from '../model/model.ts'
import { withSexFromForename } from '../model/sex-from-forename.ts'
import { loadNameVariants, type NameVariants } from '../standardise/name-variants.ts'
import { standardiseRecord } from '../standardise/record.ts'
import type { RecordInput } from './types.ts'

const value = (v: string | null | undefined): string | null => {
  const trimmed = v?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}
const values = (vs: readonly string[] | undefined): string[] =>
  (vs ?? []).map(value).filter((v): v is string => v !== null)
/** A birth date part or a town, as a source file's cell would hold it: absent when empty. */
const cell = (v: string | number | null | undefined): { value: string } | null => {
  const kept = value(v === null || v === undefined ? null : String(v))
  return kept === null ? null : { value: kept }
}
/** Attributes by key as a source file's header gives it (attributeKey), so both paths compare the same column. */
const attributesOf = (raw: Readonly<Record<string, string>> | undefined): Record<string, string> | null => {
  const out: Record<string, string> = {}
  for (const [name, v] of Object.entries(raw ?? {})) {
    const key = attributeKey(name)
    const kept = value(v)
    if (key !== '' && kept !== null) out[key] ??= kept
  }
  return Object.keys(out).length > 0 ? out : null
}

/** A caller's description of a person as a canonical record: trimmed, empty values as null, nothing invented. */
export const recordOfInput = (source: string, recordId: string, input: RecordInput): PersonRecord => {
  const ids = input.identifiers ?? {}
  const other: Record<string, string> = {}
  for (const [name, v] of Object.entries(ids.other ?? {})) {
    const kept = value(v)
    if (kept !== null) other[name] = kept
  }
  // Optional fields as a batch source sets them: present only when given (src/sources/person-record.ts).
  const [birthYear, birthMonth, birthDay, age, town] = [
    input.birthYear,
    input.birthMonth,
    input.birthDay,
    input.age,
    input.town,
  ].map(cell)
  const attributes = attributesOf(input.attributes)
  const addressLines = values(input.addressLines)
  return {
    ...(birthYear ? { birthYear: birthYear.value } : {}),
    ...(birthMonth ? { birthMonth: birthMonth.value } : {}),
    ...(birthDay ? { birthDay: birthDay.value } : {}),
    ...(age ? { age: age.value } : {}),
    ...(town ? { town: town.value } : {}),
    ...(attributes ? { attributes } : {}),
    source,
    recordId,
    forename: value(input.forename),
    middleNames: values(input.middleNames),
    surname: value(input.surname),
    fullName: value(input.fullName),
    aliases: values(input.aliases),
    dateOfBirth: value(input.dateOfBirth),
    sex: value(input.sex),
    // As a batch source: beside other address lines the town goes last among them; alone it is only the town.
    addressLines: town && addressLines.length > 0 ? [...addressLines, town.value] : addressLines,
    postcode: value(input.postcode),
    identifiers: {
      pnc: value(ids.pnc),
      cro: value(ids.cro),
      prisonNumber: value(ids.prisonNumber),
      crn: value(ids.crn),
      nino: value(ids.nino),
      other,
    },
    email: value(input.email),
    phone: value(input.phone),
    extra: {},
  }
}

let shipped: NameVariants | undefined
/** The shipped name variants, read once on first use. */
const defaultVariants = (): NameVariants => {
  shipped ??= loadNameVariants()
  return shipped
}

/**
 * A caller's input standardised for an index's model: as the batch standardises records, then, as the batch does, a
 * record with no sex given the one its forename bears in the model's learned table (so blocking keys agree too).
 */
export const standardiseForModel = (
  source: string,
  recordId: string,
  input: RecordInput,
  model: Pick<LinkageModel, 'sexFromForename'>,
): StandardisedRecord => withSexFromForename(standardiseInput(source, recordId, input), model.sexFromForename)

/** A caller's input standardised as the batch standardises records, with the shipped name variants. */
export const standardiseInput = (
  source: string,
  recordId: string,
  input: RecordInput,
  variants: NameVariants = defaultVariants(),
): StandardisedRecord => standardiseRecord(recordOfInput(source, recordId, input), variants, emptyCounts())
