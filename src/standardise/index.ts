export type { ParsedAddress } from './address.ts'
export { parseAddress } from './address.ts'
export { parseDate } from './dates.ts'
export {
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
export type { NameVariants } from './name-variants.ts'
export { loadNameVariants, nameVariantsOf, parseNameVariants } from './name-variants.ts'
export type { ParsedName } from './names.ts'
export { canonicalSurname, cleanForename, cleanSurname, parseName, surnamePartsOf } from './names.ts'
export type { Parsed, ValueStatus } from './parsed.ts'
export type { ParsedPostcode } from './postcodes.ts'
export { parsePostcode } from './postcodes.ts'
export { standardiseRecord } from './record.ts'
export { slavicMasculine } from './surnames.ts'
export { foldText, tokensOf } from './text.ts'
