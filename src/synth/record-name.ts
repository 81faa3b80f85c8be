import { ocr, phonetic, typo } from './corrupt.ts'
import type { Day } from './dates.ts'
import type { Person } from './person.ts'
import type { Random } from './random.ts'
import type { ErrorRates } from './rates.ts'
import { nicknamesOf, transliterationsOf } from './variants.ts'

/** A name as one record gives it. */
export interface RecordedName {
  forename: string
  middleNames: string[]
  surname: string
  /** "Jr" when the record marks the person as the junior of a namesake parent. */
  suffix: string
  /** The person's other forename (their alias, or their given name when the alias is used), if they have one. */
  otherForename: string | null
}

/** The name a source records on a given day: the person's naming convention, then clerical variation. */
const conventionalName = (random: Random, person: Person, on: Day, rates: ErrorRates): RecordedName => {
  let forename = person.forename
  let middleNames = [...person.middleNames]
  let surname =
    person.married && on >= person.married.on && random.chance(rates.marriedSurnameUsed)
      ? person.married.surname
      : person.surname
  const c = person.convention
  switch (c.kind) {
    case 'patronymic':
      if (random.chance(rates.arabicPatronymicAsSurname)) {
        surname = c.father
        middleNames = []
      }
      break
    case 'sikh':
      if (c.family && random.chance(rates.sikhSurnameVariant)) {
        // Either Singh/Kaur as the surname with the family name lost, or written into one surname field.
        surname = random.chance(0.6) ? c.title : `${c.title} ${c.family}`
        middleNames = []
      }
      break
    case 'leadingMohammed':
      if (!random.chance(rates.leadingMohammedForename)) {
        forename = middleNames[0] ?? forename
        middleNames = []
      }
      break
    case 'familyNameFirst':
      if (random.chance(rates.eastAsianNameOrderSwap)) [forename, surname] = [surname, forename]
      break
    case 'feminineSurname':
      if (surname === person.surname && random.chance(rates.masculineSurnameForm)) surname = c.masculine
      break
    case 'plain':
      break
  }
  if (/^(Al|El)-/.test(surname) && random.chance(rates.alPrefixDropped)) surname = surname.slice(3)
  let otherForename = person.alias
  if (person.alias && random.chance(rates.aliasUsed)) {
    // The alias list names the given name, whichever field this record put it in.
    otherForename = person.forename
    forename = person.alias
  }
  const suffix = person.junior && random.chance(rates.juniorSuffix) ? 'Jr' : ''
  return { forename, middleNames, surname, suffix, otherForename }
}

const misspell = (random: Random, name: string, rates: ErrorRates): string => {
  let out = name
  if (random.chance(rates.nameTypo)) out = typo(random, out)
  if (random.chance(rates.namePhonetic)) out = phonetic(random, out)
  if (random.chance(rates.nameOcr)) out = ocr(random, out)
  return out
}

const dropWord = (random: Random, name: string): string => {
  const parts = name.split(/([ -])/)
  if (parts.length < 3) return name
  return random.chance(0.5) ? parts[0]! : parts.slice(2).join('')
}

/** The name one record carries, with all the variation a clerk, a scanner or the person may introduce. */
export const recordedName = (random: Random, person: Person, on: Day, rates: ErrorRates): RecordedName => {
  const name = conventionalName(random, person, on, rates)
  let { forename, middleNames, surname } = name
  const nicknames = nicknamesOf(forename)
  if (nicknames && random.chance(rates.nickname)) forename = random.pick(nicknames)
  const forenameVariants = transliterationsOf(forename)
  if (forenameVariants && random.chance(rates.transliteration)) forename = random.pick(forenameVariants)
  const surnameVariants = transliterationsOf(surname)
  if (surnameVariants && random.chance(rates.transliteration)) surname = random.pick(surnameVariants)
  if (middleNames.length > 0 && random.chance(rates.missingMiddleName)) middleNames = []
  if (/[ -]/.test(surname) && random.chance(rates.missingNameWord)) surname = dropWord(random, surname)
  if (random.chance(rates.forenameSurnameSwap)) [forename, surname] = [surname, forename]
  return {
    forename: misspell(random, forename, rates),
    middleNames: middleNames.map((m) => misspell(random, m, rates)),
    surname: misspell(random, surname, rates),
    suffix: name.suffix,
    otherForename: name.otherForename,
  }
}
