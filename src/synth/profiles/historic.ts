import { typo } from '../corrupt.ts'
import { isoDate } from '../dates.ts'
import { draw, zipf } from '../random.ts'
import { ratesFrom } from '../rates.ts'
import { recordedName } from '../record-name.ts'
import { recordedDob } from '../records.ts'
import { blankOr, drawCount, onlyYearRight, recordCounts, someAddress } from './fields.ts'
import { peopleProfile } from './profile.ts'

const columns = [
  'unique_id',
  'full_name',
  'first_and_surname',
  'first_name',
  'surname',
  'dob',
  'birth_place',
  'postcode_fake',
  'gender',
  'occupation',
  'cluster',
] as const

const errors = {
  missingFullName: 0.2,
  missingFirstAndSurname: 0.25,
  missingFirstName: 0.2,
  missingSurname: 0.2,
  missingDob: 0.25,
  missingBirthPlace: 0.3,
  missingPostcode: 0.35,
  missingGender: 0.3,
  missingOccupation: 0.4,
  /** Per name column, on top of the record's own name errors: the columns were transcribed apart. */
  columnTypo: 0.08,
  nameTypo: 0.12,
  namePhonetic: 0.06,
  nickname: 0.2,
  forenameSurnameSwap: 0.04,
  dobDigitTypo: 0.12,
  dobDayMonthSwap: 0.05,
  dobOnlyYearRight: 0.1,
  birthPlaceChanged: 0.1,
  occupationChanged: 0.25,
  sibling: 0.1,
  namesakeChild: 0.05,
} as const

const rates = ratesFrom(errors, { dobMissing: 0, addressMove: 0.5 })

/** 1 to 10 records a person, most people few: a census, a baptism, a marriage, a burial… */
const counts = recordCounts([30, 20, 14, 10, 8, 6, 5, 3, 2, 2])

const occupations = zipf(
  `labourer farmer agricultural_labourer servant domestic_servant coal_miner weaver spinner blacksmith carpenter
  shoemaker tailor dressmaker mason bricklayer clerk merchant grocer baker butcher publican innkeeper fisherman
  sailor soldier clergyman schoolmaster governess laundress seamstress carter gardener coachman miller wheelwright
  cooper plumber printer solicitor surgeon`
    .trim()
    .split(/\s+/)
    .map((o) => o.replace('_', ' ')),
  5,
)

export const historic = peopleProfile({
  name: 'historic',
  description:
    'One file of historical records of people born 1780-1900, 1 to 10 records a person, heavily corrupted ' +
    '(20-40% missing per column, typos, nicknames, swapped names, dates with typos or only the year right, ' +
    'changing occupations), siblings and namesake children as hard non-matches; truth in the cluster column.',
  errors,
  linkType: 'link_and_dedupe',
  files: [{ file: 'historic.csv', header: columns, recordId: (n) => String(n), truthColumn: 'cluster' }],
  population: { bornFrom: 1780, bornTo: 1900, rates },
  recordsOf(random, person, out) {
    const column = (name: string): string => (random.chance(errors.columnTypo) ? typo(random, name) : name)
    const k = drawCount(random, counts)
    let occupation = draw(random, occupations)
    for (let i = 0; i < k; i++) {
      const name = recordedName(random, person, 0, rates)
      const forename = name.forename.toLowerCase()
      const surname = name.surname.toLowerCase()
      const middle = name.middleNames.map((m) => m.toLowerCase())
      const dob = recordedDob(random, person.dob, rates)
      const shown = dob && random.chance(errors.dobOnlyYearRight) ? onlyYearRight(random, dob) : dob
      const birthPlace = random.chance(errors.birthPlaceChanged)
        ? someAddress(random, person).town
        : person.addresses[0]!.address.town
      if (i > 0 && random.chance(errors.occupationChanged)) occupation = draw(random, occupations)
      out.add(0, person, [
        blankOr(random, errors.missingFullName, column([forename, ...middle, surname].join(' '))),
        blankOr(random, errors.missingFirstAndSurname, column(`${forename} ${surname}`)),
        blankOr(random, errors.missingFirstName, column(forename)),
        blankOr(random, errors.missingSurname, column(surname)),
        blankOr(random, errors.missingDob, shown ? isoDate(shown) : ''),
        blankOr(random, errors.missingBirthPlace, birthPlace),
        blankOr(random, errors.missingPostcode, someAddress(random, person).postcode.toLowerCase()),
        blankOr(random, errors.missingGender, person.sex === 'm' ? 'male' : 'female'),
        blankOr(random, errors.missingOccupation, occupation),
      ])
    }
  },
})
