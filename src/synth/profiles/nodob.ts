import type { Person } from '../person.ts'
import type { Random } from '../random.ts'
import { ratesFrom } from '../rates.ts'
import { type RecordedName, recordedName } from '../record-name.ts'
import { blankOr, formattedPhone, mobileNumber, ordinalRecordId, someAddress } from './fields.ts'
import { peopleProfile } from './profile.ts'

const tenancyColumns = [
  'tenant_id',
  'title',
  'forename',
  'surname',
  'address_1',
  'address_2',
  'town',
  'postcode',
  'telephone',
] as const
const councilTaxColumns = [
  'account_ref',
  'full_name',
  'house_no',
  'street',
  'town',
  'post_code',
  'phone_no',
] as const

const errors = {
  inTenancy: 0.7,
  inCouncilTax: 0.7,
  duplicateInFile: 0.05,
  missingTitle: 0.2,
  missingPostcode: 0.05,
  missingPhone: 0.25,
  otherPhone: 0.1,
  nameTypo: 0.05,
  namePhonetic: 0.02,
  nickname: 0.15,
  transliteration: 0.2,
  forenameSurnameSwap: 0.01,
  /** Per person: drawn as a relative (same surname and addresses) of the person before: a household. */
  sibling: 0.2,
  /** None: with no birth date, a namesake parent at the same address could not be told apart on any evidence. */
  namesakeChild: 0,
} as const

const rates = ratesFrom(errors, { addressMove: 0.4 })

const title = (random: Random, person: Person): string =>
  blankOr(random, errors.missingTitle, person.sex === 'm' ? 'Mr' : random.pick(['Mrs', 'Ms', 'Miss']))

const phone = (random: Random, own: string): string =>
  blankOr(
    random,
    errors.missingPhone,
    formattedPhone(random, random.chance(errors.otherPhone) ? mobileNumber(random) : own),
  )

const tenancyRow = (random: Random, person: Person, name: RecordedName, own: string): string[] => {
  const address = someAddress(random, person)
  return [
    title(random, person),
    name.forename,
    name.surname,
    address.line1,
    address.line2,
    address.town,
    blankOr(random, errors.missingPostcode, address.postcode),
    phone(random, own),
  ]
}

const councilTaxRow = (random: Random, person: Person, name: RecordedName, own: string): string[] => {
  const address = someAddress(random, person)
  const [house, ...street] = address.line1.split(' ')
  return [
    `${name.forename} ${name.surname}`,
    address.line2 ? `${address.line2}, ${house}` : house!,
    street.join(' '),
    address.town.toUpperCase(),
    blankOr(random, errors.missingPostcode, address.postcode.replace(' ', '')),
    phone(random, own),
  ]
}

export const nodob = peopleProfile({
  name: 'nodob',
  description:
    'Two files with no birth date at all (tenancy.csv and council_tax.csv): names, address, postcode and phone ' +
    'number in different layouts; households of relatives at the same address as hard non-matches.',
  errors,
  linkType: 'link_and_dedupe',
  files: [
    { file: 'tenancy.csv', header: tenancyColumns, recordId: ordinalRecordId('T', 6) },
    { file: 'council_tax.csv', header: councilTaxColumns, recordId: ordinalRecordId('CT', 8) },
  ],
  population: { bornFrom: 1940, bornTo: 2006, rates },
  recordsOf(random, person, out) {
    const own = mobileNumber(random)
    let inTenancy = random.chance(errors.inTenancy)
    const inCouncilTax = random.chance(errors.inCouncilTax)
    if (!inTenancy && !inCouncilTax) inTenancy = true
    const times = () => (random.chance(errors.duplicateInFile) ? 2 : 1)
    if (inTenancy)
      for (let i = times(); i > 0; i--)
        out.add(0, person, tenancyRow(random, person, recordedName(random, person, 0, rates), own))
    if (inCouncilTax)
      for (let i = times(); i > 0; i--)
        out.add(1, person, councilTaxRow(random, person, recordedName(random, person, 0, rates), own))
  },
})
