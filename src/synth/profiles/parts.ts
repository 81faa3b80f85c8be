import type { CivilDate, Day } from '../dates.ts'
import type { Person } from '../person.ts'
import type { Random } from '../random.ts'
import { ratesFrom } from '../rates.ts'
import { type RecordedName, recordedName } from '../record-name.ts'
import { recordedDob } from '../records.ts'
import { blankOr, ordinalRecordId } from './fields.ts'
import { peopleProfile } from './profile.ts'

const peopleColumns = [
  'person_no',
  'first_name',
  'second_name',
  'last_name',
  'yob',
  'mob',
  'dob_day',
  'sex',
] as const
const clientColumns = [
  'CLNT_ID',
  'FAM_NM',
  'GIV_NM',
  'MID_NM',
  'BIRTH_YR',
  'BIRTH_MO',
  'BIRTH_DY',
  'SEX_CD',
] as const

const errors = {
  inPeople: 0.55,
  duplicate: 0.1,
  missingYear: 0.02,
  missingMonthAndDay: 0.04,
  missingSecondName: 0.4,
  missingSex: 0.05,
  nameTypo: 0.06,
  namePhonetic: 0.03,
  nickname: 0.05,
  transliteration: 0.2,
  forenameSurnameSwap: 0.01,
  dobDigitTypo: 0.05,
  dobDayMonthSwap: 0.02,
  sibling: 0.03,
  namesakeChild: 0.01,
} as const

const rates = ratesFrom(errors, { dobMissing: 0, missingMiddleName: errors.missingSecondName })

/** Year, month and day as their own fields, zero-padded or not as the system keeps numbers. */
const dateParts = (random: Random, dob: CivilDate | null, pad: boolean): [string, string, string] => {
  if (!dob) return ['', '', '']
  const n = (v: number) => (pad ? String(v).padStart(2, '0') : String(v))
  const year = random.chance(errors.missingYear) ? '' : String(dob.year)
  return random.chance(errors.missingMonthAndDay) ? [year, '', ''] : [year, n(dob.month), n(dob.day)]
}

const peopleRow = (random: Random, person: Person, name: RecordedName): string[] => [
  name.forename,
  name.middleNames[0] ?? '',
  name.surname,
  ...dateParts(random, recordedDob(random, person.dob, rates), false),
  blankOr(random, errors.missingSex, person.sex === 'm' ? '1' : '2'),
]

const clientRow = (random: Random, person: Person, name: RecordedName): string[] => [
  name.surname.toUpperCase(),
  name.forename.toUpperCase(),
  name.middleNames.join(' ').toUpperCase(),
  ...dateParts(random, recordedDob(random, person.dob, rates), true),
  blankOr(random, errors.missingSex, person.sex === 'm' ? 'M' : 'F'),
]

const rows = [peopleRow, clientRow] as const

export const parts = peopleProfile({
  name: 'parts',
  description:
    'Two files with the birth date split over year, month and day columns (people.csv: yob, mob, dob_day; ' +
    'clients.csv: FAM_NM, GIV_NM, BIRTH_YR… headers), names of every origin, no address or identifier, ' +
    'about 10% of people recorded twice.',
  errors,
  linkType: 'link_and_dedupe',
  files: [
    { file: 'people.csv', header: peopleColumns, recordId: ordinalRecordId('') },
    { file: 'clients.csv', header: clientColumns, recordId: ordinalRecordId('C', 7) },
  ],
  population: { bornFrom: 1930, bornTo: 2006, rates },
  recordsOf(random, person, out) {
    const on: Day = 0
    const records = random.chance(errors.duplicate) ? 2 : 1
    for (let i = 0; i < records; i++) {
      const file = random.chance(errors.inPeople) ? 0 : 1
      out.add(file, person, rows[file](random, person, recordedName(random, person, on, rates)))
    }
  },
})
