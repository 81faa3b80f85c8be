import type { z } from 'zod'
import { attributeKey } from '../core/standardised.ts'
import type { RecordInput } from '../realtime/types.ts'
import { parseBirthDateParts, parseDate } from '../standardise/dates.ts'
import {
  normaliseCrn,
  normaliseCro,
  normaliseNino,
  normalisePnc,
  normalisePrisonNumber,
} from '../standardise/identifiers.ts'
import type { Parsed } from '../standardise/parsed.ts'
import { parsePostcode } from '../standardise/postcodes.ts'

/**
 * Checks on a record a caller sends, beyond its JSON shape. Batch standardisation turns an impossible date or a
 * malformed identifier into "no evidence", which suits a source file; a caller asking a question would get a quiet,
 * wrong answer instead, so the API refuses such values and says which field and why (never the value).
 */

/** Sex as callers write it: the codes standardisation reads as male or female, and those that say it is not known. */
export const SEX_CODES = [
  'M',
  'F',
  'male',
  'female',
  'man',
  'woman',
  '1',
  '2',
  'U',
  'X',
  'unknown',
  'not known',
  'not stated',
  'not specified',
  'indeterminate',
  'other',
  '0',
  '9',
] as const
const SEX = new Set<string>(SEX_CODES.map((c) => c.toLowerCase()))

const blank = (v: string | null | undefined): boolean => (v ?? '').trim() === ''

const IDENTIFIERS: readonly [
  'pnc' | 'cro' | 'nino' | 'prisonNumber' | 'crn',
  (raw: string) => Parsed,
  string,
][] = [
  ['pnc', normalisePnc, 'is not a valid PNC number (yyyy/nnnnnnnC, with its check letter)'],
  ['cro', normaliseCro, 'is not a valid CRO number (nnnnnn/yyC, with its check letter)'],
  ['nino', normaliseNino, 'is not a valid National Insurance number (two letters, six digits, A to D)'],
  [
    'prisonNumber',
    normalisePrisonNumber,
    'is not a valid prison number (one letter, four digits, two letters)',
  ],
  ['crn', normaliseCrn, 'is not a valid case reference number (one letter, six digits)'],
]

/** Limits on a record's `attributes`, checked here so that no message quotes an attribute's name. */
export const MAX_ATTRIBUTES = 20
export const MAX_ATTRIBUTE_NAME = 50
export const MAX_ATTRIBUTE_VALUE = 200

const partText = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v)

/** Whether the record holds any value at all once blanks are dropped. */
const isEmpty = (input: RecordInput): boolean => {
  const ids = input.identifiers ?? {}
  const scalars = [
    input.forename,
    input.surname,
    input.fullName,
    input.dateOfBirth,
    partText(input.birthYear),
    partText(input.birthMonth),
    partText(input.birthDay),
    partText(input.age),
    input.sex,
    input.town,
    input.postcode,
    input.email,
    input.phone,
    ids.pnc,
    ids.cro,
    ids.prisonNumber,
    ids.crn,
    ids.nino,
  ]
  const lists = [
    ...(input.middleNames ?? []),
    ...(input.aliases ?? []),
    ...(input.addressLines ?? []),
    ...Object.values(ids.other ?? {}),
    ...Object.values(input.attributes ?? {}),
  ]
  return scalars.every(blank) && lists.every(blank)
}

/** A zod refinement for a record input: adds one issue per field whose value would be silently dropped. */
export const checkRecordValues = (input: RecordInput, ctx: z.core.$RefinementCtx<RecordInput>): void => {
  if (isEmpty(input)) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: 'is empty: give at least a name, a date of birth or an identifier',
    })
    return
  }
  if (!blank(input.dateOfBirth)) {
    const status = parseDate(input.dateOfBirth).status
    if (status !== 'ok')
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message:
          status === 'placeholder'
            ? 'is a placeholder, not a date of birth: leave it out when it is not known'
            : 'is not a possible date of birth: give a real date, not in the future, as yyyy-mm-dd',
      })
  }
  checkBirthParts(input, ctx)
  checkAttributes(input.attributes, ctx)
  if (!blank(input.sex) && !SEX.has(input.sex!.trim().toLowerCase()))
    ctx.addIssue({
      code: 'custom',
      path: ['sex'],
      message: `is not a sex code: use one of ${SEX_CODES.join(', ')} (any case)`,
    })
  if (!blank(input.postcode) && parsePostcode(input.postcode).status !== 'ok')
    ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'is not a valid postcode' })
  for (const [name, normalise, message] of IDENTIFIERS) {
    const raw = input.identifiers?.[name]
    if (!blank(raw) && normalise(raw!).status !== 'ok')
      ctx.addIssue({ code: 'custom', path: ['identifiers', name], message })
  }
}

/**
 * A birth date in parts, read by the batch's own parseBirthDateParts: each part must be one (a month and a day are
 * tried in a date that has every month and day), and the three together a real date, not in the future.
 */
const checkBirthParts = (input: RecordInput, ctx: z.core.$RefinementCtx<RecordInput>): void => {
  const [year, month, day] = [input.birthYear, input.birthMonth, input.birthDay].map(partText)
  if (blank(year) && blank(month) && blank(day)) return
  if (!blank(input.dateOfBirth)) {
    ctx.addIssue({
      code: 'custom',
      path: ['birthYear'],
      message: 'cannot be given with dateOfBirth: give the birth date whole or in parts, not both',
    })
    return
  }
  const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (blank(year)) bad('birthYear', 'is required with birthMonth or birthDay')
  else if (parseBirthDateParts({ year, month: null, day: null }).year === null)
    bad('birthYear', 'is not a possible year of birth: four digits, from 1500 to this year')
  // A month, or a day, alone in a date that has every month and day.
  const fits = (m: string, d: string) =>
    parseBirthDateParts({ year: '2000', month: m, day: d }).date.status === 'ok'
  if (!blank(month) && !fits(month!, '1')) bad('birthMonth', 'is not a month: 1 to 12, or its name')
  if (!blank(day) && !fits('1', day!)) bad('birthDay', 'is not a day of the month: 1 to 31')
  if (!blank(day) && blank(month)) bad('birthMonth', 'is required with birthDay')
  if (blank(year) || blank(month) || blank(day)) return
  if (parseBirthDateParts({ year, month, day }).date.status !== 'ok')
    bad(
      'birthDay',
      'with birthYear and birthMonth is not a possible date of birth (not a real date, or in the future)',
    )
}

const checkAttributes = (
  attributes: Readonly<Record<string, string>> | undefined,
  ctx: z.core.$RefinementCtx<RecordInput>,
): void => {
  const entries = Object.entries(attributes ?? {})
  const bad = (message: string) => ctx.addIssue({ code: 'custom', path: ['attributes'], message })
  if (entries.length > MAX_ATTRIBUTES) bad(`must have at most ${MAX_ATTRIBUTES} attributes`)
  if (entries.some(([name]) => name.length > MAX_ATTRIBUTE_NAME || attributeKey(name) === ''))
    bad(`has a name that is empty, has no letter or digit, or is over ${MAX_ATTRIBUTE_NAME} characters`)
  if (entries.some(([, value]) => value.length > MAX_ATTRIBUTE_VALUE))
    bad(`has a value over ${MAX_ATTRIBUTE_VALUE} characters`)
}

/** Why a record no blocking rule gives a key is refused (`MatchOptions.refuseUnsearchable`). */
export const TOO_LITTLE =
  'has too little to search on: give a name with a date of birth or postcode, or an identifier such as a PNC number'
