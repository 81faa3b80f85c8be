import { drawAddress } from '../address.ts'
import { isoDate } from '../dates.ts'
import { ratesFrom } from '../rates.ts'
import { recordedName } from '../record-name.ts'
import { recordedDob } from '../records.ts'
import { blankOr, drawCount, emailOf, mistypedEmail, recordCounts } from './fields.ts'
import { peopleProfile } from './profile.ts'

const columns = ['unique_id', 'first_name', 'surname', 'dob', 'city', 'email', 'cluster'] as const

const errors = {
  missingFirstName: 0.03,
  missingSurname: 0.03,
  missingDob: 0.1,
  missingCity: 0.15,
  missingEmail: 0.12,
  cityChanged: 0.1,
  emailTypo: 0.1,
  otherEmail: 0.1,
  nameTypo: 0.1,
  namePhonetic: 0.04,
  nickname: 0.15,
  forenameSurnameSwap: 0.02,
  dobDigitTypo: 0.05,
  dobDayMonthSwap: 0.03,
  sibling: 0.05,
  namesakeChild: 0.02,
} as const

const rates = ratesFrom(errors, { dobMissing: errors.missingDob })

/** Most people once, some several times: sign-ups and enquiries made again. */
const counts = recordCounts([55, 20, 12, 8, 5])

export const contact = peopleProfile({
  name: 'contact',
  description:
    'One file of contact records (first name, surname, ISO birth date, city, email), most people once and some ' +
    'up to five times; emails made from the name with typos and changes, cities missing or moved, birth dates ' +
    'sometimes missing; truth in the cluster column.',
  errors,
  linkType: 'link_and_dedupe',
  files: [{ file: 'contact.csv', header: columns, recordId: (n) => String(n), truthColumn: 'cluster' }],
  population: { bornFrom: 1940, bornTo: 2006, rates },
  recordsOf(random, person, out) {
    const email = emailOf(random, person)
    const city = person.addresses[person.addresses.length - 1]!.address.town
    for (let i = drawCount(random, counts); i > 0; i--) {
      const name = recordedName(random, person, 0, rates)
      const dob = recordedDob(random, person.dob, rates)
      const recordEmail = random.chance(errors.otherEmail)
        ? emailOf(random, person)
        : random.chance(errors.emailTypo)
          ? mistypedEmail(random, email)
          : email
      out.add(0, person, [
        blankOr(random, errors.missingFirstName, name.forename),
        blankOr(random, errors.missingSurname, name.surname),
        dob ? isoDate(dob) : '',
        blankOr(
          random,
          errors.missingCity,
          random.chance(errors.cityChanged) ? drawAddress(random).town : city,
        ),
        blankOr(random, errors.missingEmail, recordEmail),
      ])
    }
  },
})
