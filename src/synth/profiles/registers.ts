import { isoDate, ukDate } from '../dates.ts'
import type { Person } from '../person.ts'
import type { Random } from '../random.ts'
import { ratesFrom } from '../rates.ts'
import { recordedName } from '../record-name.ts'
import { recordedDob } from '../records.ts'
import { blankOr, ordinalRecordId, someAddress } from './fields.ts'
import { peopleProfile } from './profile.ts'

const aColumns = ['person_ref', 'given_names', 'family_name', 'birth_date', 'post_code', 'ni_number'] as const
const bColumns = ['id', 'forename', 'surname', 'dob', 'postcode'] as const

const errors = {
  /** Per person: in both registers; otherwise in one of them, each as likely. */
  inBoth: 0.5,
  missingPostcode: 0.03,
  missingNiNumber: 0.1,
  nameTypo: 0.03,
  namePhonetic: 0.01,
  nickname: 0.05,
  transliteration: 0.1,
  dobDigitTypo: 0.01,
  dobDayMonthSwap: 0.01,
  dobMissing: 0.01,
  sibling: 0.02,
  namesakeChild: 0.01,
} as const

const rates = ratesFrom(errors, { forenameSurnameSwap: 0, missingMiddleName: 0.2, hasNino: 1 })

const registerA = (random: Random, person: Person): string[] => {
  const name = recordedName(random, person, 0, rates)
  const dob = recordedDob(random, person.dob, rates)
  return [
    [name.forename, ...name.middleNames].join(' '),
    name.surname,
    dob ? isoDate(dob) : '',
    blankOr(random, errors.missingPostcode, someAddress(random, person).postcode),
    blankOr(random, errors.missingNiNumber, person.nino ?? ''),
  ]
}

const registerB = (random: Random, person: Person): string[] => {
  const name = recordedName(random, person, 0, rates)
  const dob = recordedDob(random, person.dob, rates)
  return [
    name.forename,
    name.surname,
    dob ? ukDate(dob) : '',
    blankOr(random, errors.missingPostcode, someAddress(random, person).postcode),
  ]
}

export const registers = peopleProfile({
  name: 'registers',
  description:
    'Two clean registers for a link-only run (each person at most once in each), half the people in both, ' +
    'in different schemas (person_ref, given_names, family_name, birth_date, post_code, ni_number; and id, ' +
    'forename, surname, dob as dd/mm/yyyy, postcode), mildly corrupted.',
  errors,
  linkType: 'link_only',
  files: [
    { file: 'register_a.csv', header: aColumns, recordId: ordinalRecordId('R', 8) },
    { file: 'register_b.csv', header: bColumns, recordId: ordinalRecordId('') },
  ],
  population: { bornFrom: 1940, bornTo: 2006, rates },
  recordsOf(random, person, out) {
    const both = random.chance(errors.inBoth)
    const inA = both || random.chance(0.5)
    if (inA) out.add(0, person, registerA(random, person))
    if (both || !inA) out.add(1, person, registerB(random, person))
  },
})
