export { parseDate } from './dates.ts'
export type { Parsed, ValueStatus } from './dates.ts'
export {
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
export { loadNameVariants, parseNameVariants } from './name-variants.ts'
export type { NameVariants } from './name-variants.ts'
export { cleanNameField, parseName, surnamePartsOf } from './names.ts'
export type { ParsedName } from './names.ts'
export { parsePostcode } from './postcodes.ts'
export type { ParsedPostcode } from './postcodes.ts'
export { standardiseRecord } from './record.ts'
export { foldText, tokensOf } from './text.ts'
