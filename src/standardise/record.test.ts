import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { croCheckCharacter, pncCheckCharacter } from '../core/check-characters.ts'
import type { PersonRecord } from '../core/record.ts'
import { emptyPersonRecord } from '../core/record.ts'
import { emptyCounts } from '../core/standardised.ts'
import { loadNameVariants } from './name-variants.ts'
import { standardiseRecord } from './record.ts'

const variants = loadNameVariants()
const NO_IDS = emptyPersonRecord('court', 'r0').identifiers

const record = (fields: Partial<PersonRecord>): PersonRecord => ({
  ...emptyPersonRecord('court', 'r1'),
  ...fields,
})

/** A record with `fields` set, standardised with the name table, its counts kept apart unless given. */
const standardised = (fields: Partial<PersonRecord>, counts = emptyCounts()) =>
  standardiseRecord(record(fields), variants, counts)

describe('standardiseRecord', () => {
  test('a fingerprint-only SF number is another series: no CRO number to agree or conflict with one', () => {
    const cro = `561528/09${croCheckCharacter(9, 561528)}`
    const counts = emptyCounts()
    assert.equal(standardised({ identifiers: { ...NO_IDS, cro: 'SF 09/561528P' } }, counts).cro, null)
    assert.equal(counts.invalidCro, 0)
    assert.equal(standardised({ identifiers: { ...NO_IDS, cro } }).cro, cro)
  })

  test('without a postcode field, the postcode ending an address written in one field is the postcode', () => {
    const s = standardised({ addressLines: ['12 High St, Leeds LS1 4AB'] })
    assert.deepEqual(
      [s.postcode, s.town, s.addressTokens],
      ['ls1 4ab', 'leeds', ['12', 'high', 'leeds', 'street']],
    )
    // A postcode field wins: the address is left as written.
    const t = standardised({ addressLines: ['12 High St, Leeds LS1 4AB'], postcode: 'LS2 9JT' })
    assert.equal(t.postcode, 'ls2 9jt')
  })

  test('a record with separate fields', () => {
    const pnc = `2012/52834${pncCheckCharacter(2012, 52834)}`
    const cro = `12345/12${croCheckCharacter(12, 12345)}`
    const counts = emptyCounts()
    const s = standardised(
      {
        forename: 'Mr Bob',
        middleNames: ['James Peter'],
        surname: 'Smith-Jones Jnr',
        dateOfBirth: '07/03/1985',
        sex: 'Male',
        addressLines: ['12 High St', 'Leeds'],
        postcode: 'ls1 4ap',
        identifiers: {
          pnc,
          cro,
          prisonNumber: 'a1234bc',
          crn: 'x123456',
          nino: 'AB 10 37 59 C',
          other: { soc_sec_id: ' 12-34 ab ', old_id: 'UNKNOWN' },
        },
        email: ' Bob@Example.com',
        phone: '+44 113 496 0000',
      },
      counts,
    )
    assert.deepEqual(s, {
      source: 'court',
      recordId: 'r1',
      forename: 'bob',
      middleNames: 'james peter',
      surname: 'smith jones',
      surnameParts: ['smith jones', 'smith', 'jones'],
      nameTokens: ['bob', 'james', 'jones', 'peter', 'smith', 'smith jones'],
      aliasNames: [],
      forenameMetaphone: 'PP',
      surnameMetaphone: 'SM0JNS',
      forenameGroup: 'robert',
      forenameOtherGroups: [],
      surnameGroup: 'smith jones',
      suffix: 'jr',
      dateOfBirth: '1985-03-07',
      birthYear: '1985',
      birthMonthDay: null,
      sex: 'm',
      postcode: 'ls1 4ap',
      postcodeArea: 'ls',
      postcodeDistrict: 'ls1',
      postcodeSector: 'ls1 4',
      addressTokens: ['12', 'high', 'leeds', 'street'],
      town: 'leeds',
      pnc: `2012/0052834${pncCheckCharacter(2012, 52834)}`,
      cro: `012345/12${croCheckCharacter(12, 12345)}`,
      prisonNumber: 'A1234BC',
      crn: 'X123456',
      nino: 'AB103759C',
      email: 'bob@example.com',
      phone: '01134960000',
      otherIds: { soc_sec_id: '1234AB' },
      attributes: {},
    })
    assert.deepEqual(counts, { ...emptyCounts(), junkIdentifier: 1 })
  })

  test('a whole name is parsed when there are no separate name fields', () => {
    const s = standardised({ fullName: 'AL-HASSAN, Mohd Ali' })
    assert.equal(s.forename, 'mohd')
    assert.equal(s.middleNames, 'ali')
    assert.equal(s.surname, 'al hassan')
    assert.deepEqual(s.surnameParts, ['al hassan', 'hassan'])
    assert.deepEqual(s.nameTokens, ['al', 'al hassan', 'ali', 'hassan', 'mohd'])
    assert.equal(s.forenameGroup, 'muhammad')
    assert.equal(s.surnameGroup, 'al hassan')
  })

  test('separate fields win over a whole name', () => {
    const s = standardised({ forename: 'Ann', surname: 'Lee', fullName: 'Other Person' })
    assert.equal(s.forename, 'ann')
    assert.equal(s.surname, 'lee')
  })

  test('a whole name fills the one name field left empty, the other kept as recorded', () => {
    const noSurname = standardised({ forename: 'Donna', fullName: 'Donnar Edwood' })
    assert.equal(noSurname.forename, 'donna')
    assert.equal(noSurname.surname, 'edwood')
    const noForename = standardised({ surname: 'Redwood', fullName: 'Donna Redwood' })
    assert.equal(noForename.forename, 'donna')
    assert.equal(noForename.surname, 'redwood')
  })

  test('a whole name beside the name fields gives the middle names they leave out, where it agrees with them', () => {
    // Invented names: an Arabic name chain whose father's name only the whole name holds.
    const chain = standardised({ forename: 'Gahda', surname: 'Bakr', fullName: 'gahda salah bakr' })
    assert.equal(chain.middleNames, 'salah')
    assert.deepEqual(chain.nameTokens, ['bakr', 'gahda', 'salah'])
    // A whole name that does not agree with the fields is another spelling, not a source of middle names.
    const other = standardised({ forename: 'Gahda', surname: 'Bakr', fullName: 'ghada salah bakr' })
    assert.equal(other.middleNames, null)
  })

  test('feminine and masculine surname forms meet in one group; unknown names are their own group', () => {
    const group = (surname: string) => standardised({ surname }).surnameGroup
    assert.equal(group('Kowalska'), 'kowalski')
    assert.equal(group('Kowalski'), 'kowalski')
    assert.equal(group('Przybyszewska'), 'przybyszewski')
    assert.equal(group('Przybyszewski'), 'przybyszewski')
    assert.equal(group('Zxqvbert'), 'zxqvbert')
    assert.equal(standardised({ forename: 'Zxqv' }).forenameGroup, 'zxqv')
  })

  test('a surname sounds the same with its Arabic article or without it, kept, spaced or hyphenated', () => {
    const sound = (surname: string) => standardised({ forename: 'Nadia', surname }).surnameMetaphone
    assert.equal(sound('AL-SHAMI'), sound('Shami'))
    assert.equal(sound('El Amin'), sound('Amin'))
    assert.equal(sound('al-Obaidi'), sound('Obaidi'))
    // The article alone is no surname; another first word, or a particle of another language, is part of the name.
    assert.equal(sound('Al'), null)
    assert.notEqual(sound('Abu Bakr'), sound('Bakr'))
    assert.notEqual(sound('Van Dyke'), sound('Dyke'))
  })

  test('an empty record gives nulls and empty lists, counting nothing', () => {
    const counts = emptyCounts()
    const s = standardised({}, counts)
    assert.equal(s.forename, null)
    assert.equal(s.surname, null)
    assert.deepEqual(s.surnameParts, [])
    assert.deepEqual(s.nameTokens, [])
    assert.equal(s.forenameMetaphone, null)
    assert.equal(s.surnameGroup, null)
    assert.equal(s.dateOfBirth, null)
    assert.equal(s.postcode, null)
    assert.deepEqual(s.addressTokens, [])
    assert.deepEqual(counts, emptyCounts())
  })

  test('invalid, placeholder and junk values become null and are counted', () => {
    const counts = emptyCounts()
    const bad = record({
      dateOfBirth: '31/02/1985',
      postcode: 'NOT A POSTCODE',
      identifiers: {
        pnc: '2012/1A',
        cro: '1/12Z',
        prisonNumber: 'N/A',
        crn: 'NONE',
        nino: 'QQ123456C',
        other: {},
      },
      phone: '999999',
      email: 'unknown',
    })
    const s = standardiseRecord(bad, variants, counts)
    standardiseRecord({ ...bad, dateOfBirth: '9999-12-31' }, variants, counts)
    assert.deepEqual(
      [s.dateOfBirth, s.postcode, s.pnc, s.cro, s.prisonNumber, s.crn, s.nino, s.phone, s.email],
      [null, null, null, null, null, null, null, null, null],
    )
    assert.deepEqual(counts, {
      ...emptyCounts(),
      invalidDate: 1,
      placeholderDate: 1,
      invalidPostcode: 2,
      invalidPnc: 2,
      invalidCro: 2,
      invalidNino: 2,
      junkIdentifier: 8,
    })
  })

  test('a birth date in parts makes the date; a year alone is kept as the year of birth', () => {
    const counts = emptyCounts()
    const birth = (birthYear?: string, birthMonth?: string, birthDay?: string) => {
      const s = standardised(
        {
          ...(birthYear ? { birthYear } : {}),
          ...(birthMonth ? { birthMonth } : {}),
          ...(birthDay ? { birthDay } : {}),
        },
        counts,
      )
      return [s.dateOfBirth, s.birthYear]
    }
    assert.deepEqual(birth('1872', 'Mar', '7'), ['1872-03-07', '1872'])
    assert.deepEqual(birth('1985', '3'), [null, '1985'])
    assert.deepEqual(birth('1985'), [null, '1985'])
    assert.deepEqual(counts, emptyCounts())
    assert.deepEqual(birth('1985', '2', '30'), [null, '1985'])
    assert.deepEqual(birth('19x5', '2', '3'), [null, null])
    assert.deepEqual(counts, { ...emptyCounts(), invalidDate: 2 })
  })

  test('a date column giving only the year, or year and month, keeps the year without counting it invalid', () => {
    const counts = emptyCounts()
    const birth = (dateOfBirth: string) => {
      const s = standardised({ dateOfBirth }, counts)
      return [s.dateOfBirth, s.birthYear]
    }
    assert.deepEqual(birth('abt 1851'), [null, '1851'])
    assert.deepEqual(birth('Mar 1851'), [null, '1851'])
    assert.deepEqual(counts, emptyCounts())
    assert.deepEqual(birth('31/02/1851'), [null, null])
    assert.deepEqual(counts, { ...emptyCounts(), invalidDate: 1 })
  })

  test('a date column wins over parts, and its year is the year of birth', () => {
    const s = standardised({ dateOfBirth: '1899-12-31', birthYear: '1901', birthMonth: '1', birthDay: '1' })
    assert.deepEqual([s.dateOfBirth, s.birthYear], ['1899-12-31', '1899'])
  })

  test('a date of birth from a month-first column is read month first', () => {
    const s = standardised({ dateOfBirth: '03/04/1985', dateOfBirthOrder: 'monthFirst' })
    assert.equal(s.dateOfBirth, '1985-03-04')
    assert.equal(standardised({ dateOfBirth: '03/04/1985' }).dateOfBirth, '1985-04-03')
  })

  test('an age is an approximate year of birth only where no birth date or year is given', () => {
    const thisYear = new Date().getUTCFullYear()
    const year = (fields: Partial<PersonRecord>) => standardised(fields).birthYear
    assert.equal(year({ age: '40' }), String(thisYear - 40))
    assert.equal(year({ age: 'forty' }), null)
    // One fact is counted once: the date, or the year, says it better.
    assert.equal(year({ age: '40', dateOfBirth: '1961-05-02' }), '1961')
    assert.equal(year({ age: '40', birthYear: '1961' }), '1961')
  })

  test('attributes are folded like names, by key; empty ones left out', () => {
    const s = standardised({
      attributes: { birth_place: ' Saint-Étienne ', occupation: 'Coal  Miner', county: '--' },
    })
    assert.deepEqual(s.attributes, { birth_place: 'saint etienne', occupation: 'coal miner' })
  })

  test('a town column is the town even without other address lines', () => {
    const s = standardised({ addressLines: ['Sankt Pölten'], town: 'Sankt Pölten' })
    assert.equal(s.town, 'sankt polten')
    assert.deepEqual(s.addressTokens, ['polten', 'sankt'])
    assert.equal(standardised({ addressLines: ['Leeds'] }).town, null)
  })

  test('returned lists are the record’s own, even when values repeat', () => {
    const a = standardised({ surname: 'Smith-Jones' })
    a.surnameParts.push('mutated')
    const b = standardised({ surname: 'Smith-Jones' })
    assert.deepEqual(b.surnameParts, ['smith jones', 'smith', 'jones'])
  })

  test('aliases give the words they add to the name, not the ones it already has', () => {
    const s = standardised({
      forename: 'Tao',
      surname: 'Yang',
      aliases: ['Michael YANG', 'Mike Yang', 'Tao Yang'],
    })
    assert.deepEqual(s.aliasNames, ['michael', 'mike'])
    assert.deepEqual(standardised({ forename: 'Tao' }).aliasNames, [])
  })
  test('without a sex column, a courtesy title gives the sex: from a title column or leading a whole name', () => {
    const sexOf = (fields: Partial<PersonRecord>) => standardised(fields).sex
    assert.equal(sexOf({ title: 'Mrs', forename: 'Ann', surname: 'Lee' }), 'f')
    assert.equal(sexOf({ title: 'MR.', forename: 'Ann', surname: 'Lee' }), 'm')
    assert.equal(sexOf({ fullName: 'Miss Ann Lee' }), 'f')
    assert.equal(sexOf({ title: 'Dr', forename: 'Ann', surname: 'Lee' }), null)
    // The sex column, where there is one, is what the source says of sex.
    assert.equal(sexOf({ title: 'Mr', sex: 'F', forename: 'Ann', surname: 'Lee' }), 'f')
    // A lone "Lord" is a surname, not a title.
    assert.equal(sexOf({ surname: 'Lord' }), null)
  })
  test('a generational suffix in a column of its own is the suffix, as one written after the name is', () => {
    const suffixOf = (fields: Partial<PersonRecord>) => standardised(fields).suffix
    assert.equal(suffixOf({ forename: 'Ann', surname: 'Lee', nameSuffix: 'JR' }), 'jr')
    assert.equal(suffixOf({ forename: 'Ann', surname: 'Lee', nameSuffix: 'Sr.' }), 'snr')
    assert.equal(suffixOf({ forename: 'Ann', surname: 'Lee Jnr' }), 'jr')
    // A value that is no suffix says nothing.
    assert.equal(suffixOf({ forename: 'Ann', surname: 'Lee', nameSuffix: 'ESQ' }), null)
  })
})
