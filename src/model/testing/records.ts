import fc from 'fast-check'
import type { StandardisedRecord } from '../../core/standardised.ts'

/** A synthetic standardised record: every field empty unless given. For tests only; no real person's data. */
export const record = (fields: Partial<StandardisedRecord> = {}): StandardisedRecord => ({
  source: 'test',
  recordId: '1',
  forename: null,
  middleNames: null,
  surname: null,
  surnameParts: [],
  nameTokens: [],
  aliasNames: [],
  forenameMetaphone: null,
  surnameMetaphone: null,
  forenameGroup: null,
  forenameOtherGroups: [],
  surnameGroup: null,
  suffix: null,
  dateOfBirth: null,
  birthYear: fields.dateOfBirth?.slice(0, 4) ?? null,
  birthMonthDay: null,
  sex: null,
  postcode: null,
  postcodeArea: null,
  postcodeDistrict: null,
  postcodeSector: null,
  addressTokens: [],
  town: null,
  pnc: null,
  cro: null,
  prisonNumber: null,
  crn: null,
  nino: null,
  email: null,
  phone: null,
  otherIds: {},
  attributes: {},
  ...fields,
})

const maybe = <T>(values: readonly T[]) => fc.option(fc.constantFrom(...values), { nil: null, freq: 4 })
const names = [
  'anna',
  'ana',
  'anne',
  'a',
  'tariq',
  'khan',
  'smith',
  'smyth',
  'jones',
  'mohammed',
  'mohamed',
  'muhammad',
  'jo',
]
const dates = [
  '1980-01-02',
  '1980-02-01',
  '1980-01-03',
  '1980-01-12',
  '1981-01-02',
  '1979-12-25',
  '1980-02-29',
  '1981-02-28',
  '1984-02-29',
  '1983-03-01',
  // The same day and month as 1980-01-03 in a year two digits away.
  '1991-01-03',
]
const postcodes = [
  ['sw1a 1aa', 'sw', 'sw1a', 'sw1a 1'],
  ['sw1a 1ab', 'sw', 'sw1a', 'sw1a 1'],
  ['sw1a 2aa', 'sw', 'sw1a', 'sw1a 2'],
  ['sw2 1aa', 'sw', 'sw2', 'sw2 1'],
  ['m1 1aa', 'm', 'm1', 'm1 1'],
] as const
const tokens = (pool: readonly string[], maxLength = 4) =>
  fc.uniqueArray(fc.constantFrom(...pool), { maxLength })

/**
 * Records drawn from small vocabularies, so that generated pairs reach every level of every default comparison
 * (exact, variants, swaps, typos, nulls) often.
 */
export const arbitraryRecord: fc.Arbitrary<StandardisedRecord> = fc
  .record({
    forename: maybe(names),
    surname: maybe(names),
    middleNames: maybe(['james', 'james peter', 'jamie', 'tariq', 'anna']),
    surnameParts: tokens(names, 2),
    nameTokens: tokens(names),
    aliasNames: tokens(names, 2),
    // Overlapping forename and surname groups reach the "swapped, with a variant spelling" level.
    forenameGroup: maybe(['anna', 'tariq', 'muhammad', 'khan']),
    forenameOtherGroups: tokens(['anna', 'tariq', 'muhammad'], 2),
    surnameGroup: maybe(['smith', 'khan', 'tariq']),
    surnameMetaphone: maybe(['SM0', 'JNS', 'KN']),
    suffix: maybe(['jr', 'snr']),
    dateOfBirth: maybe(dates),
    sex: maybe(['m', 'f'] as const),
    postcode: fc.option(fc.constantFrom(...postcodes), { nil: null, freq: 4 }),
    addressTokens: tokens(['1', '2', 'high', 'street', 'road', 'flat', 'leeds']),
    town: maybe(['leeds', 'york', 'yorke']),
    pnc: maybe(['2001/0000001a', '2001/0000002b', '2001/0000001b']),
    cro: maybe(['000001/01a', '000002/02b', '000001/10a']),
    nino: maybe(['ab123456c', 'ab123456d', 'cd654321a']),
    prisonNumber: maybe(['a1234bc', 'a1234bd', 'b9876zz']),
    crn: maybe(['x123456', 'x123457', 'y987654']),
    // The same local part at two providers, and one misspelt; with digits, other digits, and words beside the name.
    email: maybe([
      'a@example.org',
      'b@example.org',
      'ann.lee@example.org',
      'ann.lee@example.net',
      'ann.le@example.org',
      'ann.lee81@example.org',
      'ann.lee81@example.net',
      'ann.le81@example.org',
      'ann.lee82@example.org',
      'tariq.bluebird@example.org',
      // Only the names, in either order or with the forename's initial (email_names).
      'anna.khan@example.org',
      'khan_anna@example.net',
      'akhan@example.org',
      'tariq.khan@example.net',
    ]),
    // The same number with and without the country code, and one digit apart.
    phone: maybe(['07700900001', '07700900002', '447700900001', '07700900011']),
    // A year of birth without a whole date, as a source giving only the year.
    yearAlone: maybe(['1979', '1980', '1981', '1986']),
    socSecId: maybe(['AB12', 'AB13', 'XY99']),
    // A day and month of birth without a year, as a register with its year column empty: one as 1980-01-03's.
    monthDayAlone: maybe(['01-03', '01-12', '07-04']),
  })
  .map(({ postcode, socSecId, yearAlone, monthDayAlone, ...fields }) =>
    record({
      ...fields,
      birthYear: fields.dateOfBirth?.slice(0, 4) ?? yearAlone,
      birthMonthDay: fields.dateOfBirth ? null : monthDayAlone,
      postcode: postcode?.[0] ?? null,
      postcodeArea: postcode?.[1] ?? null,
      postcodeDistrict: postcode?.[2] ?? null,
      postcodeSector: postcode?.[3] ?? null,
      otherIds: socSecId === null ? {} : { 'Soc Sec ID': socSecId },
    }),
  )

/** Pairs of records: independent, or the second sharing or swapping some of the first's values, as real pairs do. */
export const arbitraryPair: fc.Arbitrary<[StandardisedRecord, StandardisedRecord]> = fc.oneof(
  fc.tuple(arbitraryRecord, arbitraryRecord),
  fc
    .tuple(arbitraryRecord, arbitraryRecord)
    .map(([l, r]): [StandardisedRecord, StandardisedRecord] => [
      l,
      { ...r, forename: l.surname, surname: l.forename, nameTokens: [] },
    ]),
  fc
    .tuple(arbitraryRecord, arbitraryRecord, fc.boolean())
    .map(([l, r, sameDate]): [StandardisedRecord, StandardisedRecord] => [
      l,
      {
        ...l,
        forename: r.forename,
        suffix: r.suffix,
        pnc: r.pnc,
        dateOfBirth: sameDate ? l.dateOfBirth : r.dateOfBirth,
      },
    ]),
)
