import type { PersonRecord } from '../core/record.ts'
import { emptyCounts, type StandardisedRecord } from '../core/standardised.ts'
import { loadNameVariants, type NameVariants } from '../standardise/name-variants.ts'
import { standardiseRecord } from '../standardise/record.ts'
import type { RecordInput } from './types.ts'

const value = (v: string | null | undefined): string | null => {
  const trimmed = v?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}
const values = (vs: readonly string[] | undefined): string[] =>
  (vs ?? []).map(value).filter((v): v is string => v !== null)

/** A caller's description of a person as a canonical record: trimmed, empty values as null, nothing invented. */
export const recordOfInput = (source: string, recordId: string, input: RecordInput): PersonRecord => {
  const ids = input.identifiers ?? {}
  const other: Record<string, string> = {}
  for (const [name, v] of Object.entries(ids.other ?? {})) {
    const kept = value(v)
    if (kept !== null) other[name] = kept
  }
  return {
    source,
    recordId,
    forename: value(input.forename),
    middleNames: values(input.middleNames),
    surname: value(input.surname),
    fullName: value(input.fullName),
    aliases: values(input.aliases),
    dateOfBirth: value(input.dateOfBirth),
    sex: value(input.sex),
    addressLines: values(input.addressLines),
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

/** A caller's input standardised as the batch standardises records, with the shipped name variants. */
export const standardiseInput = (
  source: string,
  recordId: string,
  input: RecordInput,
  variants: NameVariants = defaultVariants(),
): StandardisedRecord => standardiseRecord(recordOfInput(source, recordId, input), variants, emptyCounts())
