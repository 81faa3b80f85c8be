import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import type { StandardisedRecord } from '../core/standardised.ts'
import { defaultComparisons } from './default-comparisons.ts'
import { levelWeight, priorWeight } from './fellegi-sunter.ts'
import { defaultGuards, LIKELY_RELATIVES_CAP } from './guards.ts'
import { asTrained, type ComparisonLevel, type LinkageModel } from './model.ts'
import { explainPair, scorePair } from './score.ts'
import { termFrequencies, tfAdjustment } from './term-frequency.ts'
import { ADDRESS_COLUMNS, NAME_COLUMNS, untrainedModel } from './testing/model.ts'
import { arbitraryPair, record } from './testing/records.ts'

const columns = new Set([
  ...NAME_COLUMNS,
  'surname_metaphone',
  'name_tokens',
  'middle_names',
  'given_names',
  'alias_names',
  'suffix',
  'date_of_birth',
  'sex',
  ...ADDRESS_COLUMNS,
  'town',
  'pnc',
  'nino',
])
const model: LinkageModel = untrainedModel(columns)

/** A synthetic person; no real data. */
const person: Partial<StandardisedRecord> = {
  forename: 'robert',
  forenameGroup: 'robert',
  surname: 'ashworth',
  surnameParts: ['ashworth'],
  surnameMetaphone: 'AXR0',
  nameTokens: ['ashworth', 'robert'],
  dateOfBirth: '1985-04-12',
  sex: 'm',
  postcode: 'ls1 4ab',
  postcodeSector: 'ls1 4',
  postcodeDistrict: 'ls1',
  postcodeArea: 'ls',
  addressTokens: ['12', 'kirk', 'lane'],
}
const other: Partial<StandardisedRecord> = {
  forename: 'priya',
  forenameGroup: 'priya',
  surname: 'natarajan',
  surnameParts: ['natarajan'],
  surnameMetaphone: 'NTRJN',
  nameTokens: ['natarajan', 'priya'],
  dateOfBirth: '1962-11-30',
  sex: 'f',
  postcode: 'ex4 2zz',
  postcodeSector: 'ex4 2',
  postcodeDistrict: 'ex4',
  postcodeArea: 'ex',
  addressTokens: ['3', 'mill', 'road'],
}

/** The person under another name (the forename its own variant group), everything else the same. */
const named = (forename: string, surname = 'ashworth'): StandardisedRecord =>
  record({ ...person, forename, forenameGroup: forename, surname, nameTokens: [forename, surname].sort() })
/** Twins: the same surname, birth date and address, and different forenames. */
const twinA = named('daniel')
const twinB = named('thomas')

describe('scorePair', () => {
  test('a clear match scores high and a clear non-match low', () => {
    const same = scorePair(model, record(person), record({ ...person, recordId: '2' }))
    const different = scorePair(model, record(person), record(other))
    assert.ok(same.matchProbability > 0.999, `match ${same.matchProbability}`)
    assert.ok(different.matchProbability < 1e-6, `non-match ${different.matchProbability}`)
    assert.ok(
      different.matchWeight < priorWeight(model.prior),
      'disagreement lowers the weight below the prior',
    )
  })

  test('a nickname match scores above a match on spelling alone', () => {
    const nickname = scorePair(
      model,
      record(person),
      record({ ...person, forename: 'bob', nameTokens: ['ashworth', 'bob'] }),
    )
    const spelling = scorePair(
      model,
      record(person),
      record({
        ...person,
        forename: 'roberta',
        forenameGroup: 'roberta',
        nameTokens: ['ashworth', 'roberta'],
      }),
    )
    assert.equal(nickname.comparisons[0]!.label, 'same nickname/variant group')
    assert.equal(spelling.comparisons[0]!.label, 'jaro-winkler >= 0.92')
    assert.ok(
      nickname.matchWeight > spelling.matchWeight,
      `${nickname.matchWeight} vs ${spelling.matchWeight}`,
    )
  })

  test('a missing value is the null level: index -1, no weight', () => {
    const score = scorePair(model, record(person), record({ ...person, dateOfBirth: null }))
    const dob = score.comparisons.find((c) => c.name === 'date_of_birth')!
    assert.deepEqual(dob, {
      name: 'date_of_birth',
      levelIndex: -1,
      label: 'null',
      partialWeight: 0,
      tfAdjustment: 0,
    })
  })

  test('twins at one address are kept apart; with an agreeing PNC they are not capped', () => {
    const twins = scorePair(model, twinA, twinB)
    assert.equal(twins.guard, 'likely_relatives')
    assert.equal(twins.matchWeight, LIKELY_RELATIVES_CAP)
    const pnc = '1999/0123456x'
    const samePerson = scorePair(model, { ...twinA, pnc }, { ...twinB, pnc })
    assert.equal(samePerson.guard, undefined)
    assert.ok(samePerson.matchWeight > LIKELY_RELATIVES_CAP)
  })

  test('a duplicate whose forename was replaced is not capped when an identifier agrees but for one typo', () => {
    // As in FEBRL: one record's forename replaced outright, its number keyed with two digits transposed.
    const typo = scorePair(model, { ...twinA, pnc: '1999/0123456x' }, { ...twinB, pnc: '1999/0124356x' })
    assert.equal(typo.guard, undefined)
    assert.ok(typo.matchWeight > LIKELY_RELATIVES_CAP)
    const oneDigit = scorePair(model, { ...twinA, nino: 'ab123456c' }, { ...twinB, nino: 'ab123457c' })
    assert.equal(oneDigit.guard, undefined)
    // Twins' own numbers differ throughout: still capped.
    const twins = scorePair(model, { ...twinA, pnc: '1999/0123456x' }, { ...twinB, pnc: '2001/0987654q' })
    assert.equal(twins.guard, 'likely_relatives')
    // A birth date a generation away beside a number one typo apart is one person's mistyped date.
    const parent = record({ ...person, nino: 'ab123456c' })
    const child = record({ ...person, dateOfBirth: '2009-08-30', nino: 'ab123465c' })
    assert.equal(scorePair(model, parent, child).guard, undefined)
    assert.equal(scorePair(model, parent, { ...child, nino: 'cd987654a' }).guard, 'generations_apart')
  })

  test('without birth dates to compare, clearly different forenames at one address are capped, whatever the surnames', () => {
    const brother = { ...twinA, dateOfBirth: null }
    assert.equal(scorePair(model, brother, twinB).guard, 'likely_relatives')
    assert.equal(scorePair(model, brother, { ...twinB, dateOfBirth: null }).guard, 'likely_relatives')
    // A spouse or lodger under another surname: the postcode, street and town they share outweigh both names.
    const lodger = named('thomas', 'pennick')
    assert.ok(scorePair({ ...model, guards: [] }, brother, lodger).matchWeight > LIKELY_RELATIVES_CAP)
    assert.equal(scorePair(model, brother, lodger).guard, 'likely_relatives')
    // A mistyped family name is still the family's.
    assert.equal(scorePair(model, brother, named('thomas', 'pennik')).guard, 'likely_relatives')
    // So is a family member's record with its names the wrong way round; one person's, swapped, is not capped.
    const reversed = { ...named('ashworth', 'thomas'), nameTokens: ['ashworth', 'thomas'] }
    assert.equal(scorePair(model, brother, reversed).guard, 'likely_relatives')
    const swapped = named('ashworth', 'daniel')
    assert.equal(scorePair(model, brother, swapped).guard, undefined)
    // A forename typo is still one person's.
    assert.equal(scorePair(model, brother, named('danial')).guard, undefined)
    // With no birth date column at all the guard still sees households.
    const noDates = new Set([...columns].filter((c) => c !== 'date_of_birth'))
    const householdModel = { ...model, guards: defaultGuards(noDates) }
    assert.equal(scorePair(householdModel, twinA, twinB).guard, 'likely_relatives')
  })

  test('one home is counted once: beside the same postcode the address words weigh one home or a neighbour, the town nothing', () => {
    const levels = (a: Partial<StandardisedRecord>, b: Partial<StandardisedRecord>) =>
      Object.fromEntries(scorePair(model, record(a), record(b)).comparisons.map((c) => [c.name, c.label]))
    const home = { ...person, town: 'leeds' }
    const same = levels(home, { ...home, recordId: '2' })
    assert.equal(same.postcode, 'full postcode')
    assert.equal(same.address, 'null')
    assert.equal(same.address_at_postcode, 'the same address')
    assert.equal(same.town, 'null')
    // Training still compares them there, so that elsewhere they weigh what they weigh on all pairs.
    const trained = scorePair(
      { ...model, comparisons: model.comparisons.map(asTrained) },
      record(home),
      record({ ...home, recordId: '2' }),
    )
    assert.equal(trained.comparisons.find((c) => c.name === 'address')?.label, 'jaccard >= 0.7')
    assert.equal(trained.comparisons.find((c) => c.name === 'town')?.label, 'exact')
    const neighbour = levels(home, { ...home, recordId: '2', addressTokens: ['14', 'kirk', 'lane'] })
    assert.equal(neighbour.address_at_postcode, 'another address at the postcode')
    // Where the postcodes say nothing of one home, the address words and the town are weighed as before.
    const moved = levels(home, {
      ...home,
      recordId: '2',
      postcode: 'ls6 1xy',
      postcodeSector: 'ls6 1',
      postcodeDistrict: 'ls6',
    })
    assert.equal(moved.address, 'jaccard >= 0.7')
    assert.equal(moved.address_at_postcode, 'null')
    assert.equal(moved.town, 'exact')
    const unknown = levels(home, {
      ...home,
      recordId: '2',
      postcode: null,
      postcodeSector: null,
      postcodeDistrict: null,
      postcodeArea: null,
    })
    assert.equal(unknown.address, 'jaccard >= 0.7')
    assert.equal(unknown.town, 'exact')
  })

  test('siblings at one address, born a year or two apart, are capped as a household', () => {
    const sister = { ...twinB, dateOfBirth: '1986-09-30' }
    // Where matches are common (a small file of a few families), one home and one surname outweigh the dates.
    const common = { ...model, prior: 0.01 }
    assert.ok(scorePair({ ...common, guards: [] }, twinA, sister).matchWeight > LIKELY_RELATIVES_CAP)
    assert.equal(scorePair(common, twinA, sister).guard, 'likely_relatives')
    // One person with a forename typo and another birth date is not taken for a sibling.
    assert.equal(scorePair(model, twinA, { ...named('danial'), dateOfBirth: '1986-09-30' }).guard, undefined)
  })

  test('at one address with no birth dates, names a man and a woman share say one person only with the sexes alike', () => {
    const at = (forename: string, sex: 'm' | 'f', extra: Partial<StandardisedRecord> = {}) =>
      record({ ...named(forename), dateOfBirth: null, sex, ...extra })
    // Sasha (group Alexander, also Alexandra's nickname) beside Alexandra: one woman, or a brother and sister.
    const sasha = at('sasha', 'f', { forenameGroup: 'alexander', forenameOtherGroups: ['alexandra'] })
    const alexandra = at('alexandra', 'f', { forenameGroup: 'alexandra' })
    assert.equal(scorePair(model, sasha, alexandra).guard, undefined)
    assert.equal(scorePair(model, { ...sasha, sex: 'm' }, alexandra).guard, 'likely_relatives')
    // "Mr Mohammed Hanif" beside "Miss Samina Hanif": Muhammad before the name gone by is a man's.
    const mohammed = at('mohammed', 'm', { forenameGroup: 'muhammad' })
    assert.equal(scorePair(model, mohammed, at('samina', 'm')).guard, undefined)
    assert.equal(scorePair(model, mohammed, at('samina', 'f')).guard, 'likely_relatives')
  })

  test('twins are capped however their surname is recorded: mistyped, transliterated, another family name', () => {
    for (const surname of ['ashwroth', 'ashwell', 'rahman'])
      assert.equal(scorePair(model, twinA, { ...twinB, surname }).guard, 'likely_relatives', surname)
    // A name recorded the other way round is one person's: "ASHWORTH, Daniel" and "Ashworth Daniel".
    assert.equal(scorePair(model, twinA, named('ashworth', 'daniel')).guard, undefined)
  })

  test("a twin's record with a mistyped birth date is still capped", () => {
    for (const dateOfBirth of ['1985-12-04', '1985-04-13'])
      assert.equal(scorePair(model, twinA, { ...twinB, dateOfBirth }).guard, 'likely_relatives')
    // A birth date further away is a sibling's: never above the review threshold either.
    assert.ok(
      scorePair(model, twinA, { ...twinB, dateOfBirth: '1987-06-20' }).matchWeight <= LIKELY_RELATIVES_CAP,
    )
  })

  test('a one-letter forename typo, two letters transposed or the same middle names is not taken for a twin', () => {
    const lee = named('lee')
    const lie = named('lie')
    assert.equal(scorePair(model, lee, lie).guard, undefined)
    const lei = named('lei')
    assert.equal(scorePair(model, lie, lei).guard, undefined, 'two letters transposed')
    const dan = record({ ...person, forename: 'dan', forenameGroup: 'dan', middleNames: 'craig stuart' })
    const tom = record({ ...person, forename: 'tom', forenameGroup: 'tom', middleNames: 'craig stuart' })
    assert.equal(scorePair(model, dan, tom).guard, undefined)
    assert.equal(scorePair(model, dan, { ...tom, middleNames: 'john' }).guard, 'likely_relatives')
  })

  test('a nickname shared by several names counts as a nickname of each, and not as a twin', () => {
    const samantha = named('samantha')
    const sammy = {
      ...named('sammy'),
      forenameGroup: 'samuel',
      forenameOtherGroups: ['samantha'],
    }
    for (const [l, r] of [
      [samantha, sammy],
      [sammy, samantha],
    ] as const) {
      const score = scorePair(model, l, r)
      assert.equal(score.guard, undefined)
      assert.equal(score.comparisons[0]!.label, 'same nickname/variant group')
    }
    // Two nicknames of different names: twins still.
    assert.equal(scorePair(model, sammy, named('bert')).guard, 'likely_relatives')
  })

  test('a record giving only a leading Muhammad is not taken for a twin of one giving another forename', () => {
    const registered = named('mohammed')
    const known = named('asif')
    const score = scorePair(model, registered, known)
    assert.equal(score.guard, undefined)
    assert.equal(score.comparisons[0]!.label, 'one is a leading Muhammad')
    // With a middle name the record says which name he goes by: another forename is another person's.
    assert.equal(scorePair(model, { ...registered, middleNames: 'naveed' }, known).guard, 'likely_relatives')
    // The name he goes by, mistyped in one record, is still his: "AKHTAR, Mohammed Rashdi" beside "Rashid Akhtar".
    const rashdi = { ...registered, middleNames: 'rashdi', nameTokens: ['ashworth', 'mohammed', 'rashdi'] }
    assert.equal(scorePair(model, rashdi, named('rashid')).guard, undefined)
    // The Turkish Mehmet is the name its bearers go by.
    assert.equal(scorePair(model, named('mehmet'), known).guard, 'likely_relatives')
  })

  test('the same person under an alias another record lists is not taken for a twin', () => {
    const given = named('tao')
    const alias = named('michael')
    assert.equal(scorePair(model, given, alias).guard, 'likely_relatives')
    const listed = scorePair(model, { ...given, aliasNames: ['michael'] }, alias)
    assert.equal(listed.guard, undefined)
    assert.equal(listed.comparisons.find((c) => c.name === 'forename')?.label, 'a listed alias of the other')
    assert.ok(listed.matchWeight > LIKELY_RELATIVES_CAP)
  })

  test('an alias mistyped, in the list or in the forename that uses it, is still the listed alias', () => {
    // "MANN, Jaosn" beside "Kamaljit Singh", alias "Jason Mann": one keystroke from the alias, not a twin.
    const listed = { ...named('kamaljit'), aliasNames: ['jason'] }
    for (const forename of ['jaosn', 'jasom', 'jason']) {
      const score = scorePair(model, listed, named(forename))
      assert.equal(score.guard, undefined, forename)
      assert.equal(score.comparisons.find((c) => c.name === 'forename')?.label, 'a listed alias of the other')
    }
    // A twin whose forename is another name than the alias stays a twin; so does a short name a letter away ("Tom"
    // beside an alias "Tim"), which is another name.
    assert.equal(scorePair(model, listed, named('jack')).guard, 'likely_relatives')
    assert.equal(
      scorePair(model, { ...named('kamaljit'), aliasNames: ['tim'] }, named('tom')).guard,
      'likely_relatives',
    )
  })

  test('father and son with the same name but different suffixes are capped', () => {
    const score = scorePair(model, record({ ...person, suffix: 'snr' }), record({ ...person, suffix: 'jr' }))
    assert.equal(score.guard, 'different_generation')
    assert.ok(score.matchWeight <= -5)
  })

  test('a parent and child with one name and home, a generation apart, go to review unless an identifier agrees', () => {
    const parent = record(person)
    const child = record({ ...person, dateOfBirth: '2009-08-30' })
    const score = scorePair(model, parent, child)
    assert.equal(score.guard, 'generations_apart')
    assert.equal(score.matchWeight, LIKELY_RELATIVES_CAP)
    // One mistyped or two transposed digits of the year are a typo, not a generation.
    for (const dateOfBirth of ['1965-04-12', '1958-04-12'])
      assert.equal(scorePair(model, parent, record({ ...person, dateOfBirth })).guard, undefined)
    // Nor is a year alone wrong, the day and month the same: as in RLdata, "1959-04-07" beside "2008-04-07".
    assert.equal(scorePair(model, parent, record({ ...person, dateOfBirth: '2034-04-12' })).guard, undefined)
    const pnc = '1999/0123456x'
    assert.equal(scorePair(model, { ...parent, pnc }, { ...child, pnc }).guard, undefined)
  })

  test('a name recorded family name first is found through the alias the other record lists', () => {
    // "GANG, Hu" against "Jason Hu", alias "Gang Hu".
    const court = named('hu', 'gang')
    const prison = named('jason', 'hu')
    const listed = scorePair(model, court, { ...prison, aliasNames: ['gang'] })
    assert.equal(listed.comparisons.find((c) => c.name === 'surname')?.label, 'swapped, with a listed alias')
    assert.ok(listed.matchWeight > scorePair(model, court, prison).matchWeight)
  })

  test('names swapped whole count once, in the surname comparison, and not as different forenames', () => {
    const swapped = record({
      ...person,
      forename: 'ashworth',
      surname: 'robert',
      nameTokens: ['ashworth', 'robert'],
    })
    const score = scorePair(model, record(person), swapped)
    const label = (name: string) => score.comparisons.find((c) => c.name === name)
    assert.equal(label('surname')?.label, 'swapped with forename')
    assert.equal(label('forename')?.levelIndex, -1)
    assert.equal(label('forename')?.partialWeight, 0)
  })

  test('names swapped whole with a variant spelling count as swapped, once', () => {
    // "TING, Chang" against "Ting Cheung": Chang and Cheung are spellings of one name (group zhang).
    const court = record({
      ...person,
      forename: 'chang',
      forenameGroup: 'zhang',
      surname: 'ting',
      surnameGroup: 'ting',
      nameTokens: ['chang', 'ting'],
    })
    const prison = record({
      ...person,
      forename: 'ting',
      forenameGroup: 'ting',
      surname: 'cheung',
      surnameGroup: 'zhang',
      nameTokens: ['cheung', 'ting'],
    })
    const score = scorePair(model, court, prison)
    const label = (name: string) => score.comparisons.find((c) => c.name === name)
    assert.equal(label('surname')?.label, 'swapped, with a variant spelling')
    assert.equal(label('forename')?.levelIndex, -1)
    const unrelated = scorePair(model, court, { ...prison, surnameGroup: 'cheung' })
    assert.notEqual(
      unrelated.comparisons.find((c) => c.name === 'surname')?.label,
      'swapped, with a variant spelling',
    )
  })

  test('a hyphenated given name recorded as the surname counts as swapped names', () => {
    // "JI-HO, Wang" against "Ji-ho Wang": the given name splits into forename "ji" and middle name "ho".
    const court = record({ ...person, forename: 'wang', surname: 'ji ho', nameTokens: ['ho', 'ji', 'wang'] })
    const prison = record({
      ...person,
      forename: 'ji',
      middleNames: 'ho',
      surname: 'wang',
      nameTokens: ['ho', 'ji', 'wang'],
    })
    const score = scorePair(model, court, prison)
    assert.equal(score.comparisons.find((c) => c.name === 'surname')?.label, 'swapped with forename')
  })

  test('the waterfall adds up to the match weight', () => {
    const tf = termFrequencies(
      [record(person), record(other), record(other)],
      ['forename', 'surname', 'postcode'],
    )
    fc.assert(
      fc.property(arbitraryPair, ([l, r]) => {
        const score = scorePair(model, l, r, tf)
        const rows = explainPair(model, score)
        const total = rows.reduce((sum, row) => sum + row.weight, 0)
        assert.ok(Math.abs(total - score.matchWeight) < 1e-9, `${total} vs ${score.matchWeight}`)
        assert.equal(rows[0]!.kind, 'prior')
        assert.equal(
          rows.some((row) => row.kind === 'guard'),
          score.guard !== undefined,
        )
      }),
    )
  })
})

describe('term-frequency adjustment', () => {
  const level: ComparisonLevel = {
    label: 'exact',
    condition: { kind: 'exact', column: 'surname' },
    m: 0.9,
    u: 0.01,
    tf: { column: 'surname', weight: 1, minU: 0.0001 },
  }

  test('hand-computed: a rare value counts more, a common one less, the floor and the larger side apply', () => {
    assert.equal(tfAdjustment(level, 0.0025, 0.0025), 2) // log2(0.01 / 0.0025)
    assert.equal(tfAdjustment(level, 0.04, 0.04), -2) // log2(0.01 / 0.04)
    assert.equal(tfAdjustment(level, 0.00001, 0.00001), Math.log2(100)) // floored at minU 0.0001
    assert.equal(tfAdjustment(level, 0.0025, 0.04), -2) // the larger of the two
    assert.equal(tfAdjustment(level, undefined, 0.04), -2)
    assert.equal(tfAdjustment(level, undefined, undefined), 0)
    assert.equal(
      tfAdjustment({ ...level, tf: { column: 'surname', weight: 0.5, minU: 0.0001 } }, 0.04, 0.04),
      -1,
    )
    assert.equal(tfAdjustment({ ...level, tf: undefined }, 0.04, 0.04), 0)
  })

  test('scorePair adds it to the exact surname level, from the share of records holding the value', () => {
    // 'ashworth' is held by 1 record in 4, so tf = 0.25.
    const records = [record(person), record(other), record(other), record(other)]
    const tf = termFrequencies(records, ['surname'])
    assert.equal(tf('surname', 'ashworth'), 0.25)
    const score = scorePair(model, record(person), record(person), tf)
    const surname = score.comparisons.find((c) => c.name === 'surname')!
    const exact = model.comparisons.find((c) => c.name === 'surname')!.levels[1]!
    assert.equal(surname.partialWeight, levelWeight(exact.m!, exact.u!))
    assert.equal(surname.tfAdjustment, Math.log2(exact.u! / 0.25))
  })
})

describe('email evidence', () => {
  const emailModel: LinkageModel = {
    ...model,
    comparisons: defaultComparisons(new Set([...columns, 'email'])),
  }
  const levelOf = (a: string, b: string, names: [string, string] = ['gemma', 'bennett']) => {
    const at = (email: string) =>
      record({ ...person, forename: names[0], surname: names[1], nameTokens: [...names].sort(), email })
    const c = scorePair(emailModel, at(a), at(b)).comparisons.find((s) => s.name === 'email')!
    return c.label
  }
  test('two local parts that are only the names are weighed by the names, not again by the email', () => {
    assert.equal(levelOf('gemmabennett@example.org', 'gemmabennett@example.net'), 'null')
    assert.equal(levelOf('gbennett@example.org', 'gemma.bennett@example.net'), 'null')
    // The same address is one mailbox, whatever it is made of.
    assert.equal(levelOf('gemmabennett@example.org', 'gemmabennett@example.org'), 'exact')
    // A local part holding more than the name tells against a name-only one.
    assert.equal(levelOf('gemmabennett@example.org', 'gemma.bennett81@example.net'), 'different')
  })
  test('two local parts that are only the names but spell different names are the email’s evidence', () => {
    const pairLevel = (a: [string, string, string], b: [string, string, string]) => {
      const at = ([forename, surname, email]: [string, string, string]) =>
        record({ ...person, forename, surname, nameTokens: [forename, surname].sort(), email })
      return scorePair(emailModel, at(a), at(b)).comparisons.find((s) => s.name === 'email')!.label
    }
    // Each address confirms its own record's surname, so Hall and Ball are no typo of one name.
    assert.equal(
      pairLevel(['darren', 'hall', 'hall.darren@example.org'], ['darren', 'ball', 'darren_ball@example.net']),
      'different',
    )
    // The same names in another order, with other separators or the forename as its initial say the names again.
    assert.equal(
      pairLevel(['sonia', 'james', 'james.sonia@example.org'], ['sonia', 'james', 'soniajames@example.net']),
      'null',
    )
    assert.equal(
      pairLevel(['sonia', 'james', 'sjames@example.org'], ['sonia', 'james', 'sonia_james@example.net']),
      'null',
    )
    // One local part at two providers, only the names of one record whose twin's surname was mistyped: the name again,
    // as namesakes' addresses agree (20,000 contacts with 1% duplicates: 149 false pairs to 112).
    assert.equal(
      pairLevel(['ross', 'lloyd', 'lloyd.ross@example.org'], ['ross', 'loyd', 'lloyd.ross@example.net']),
      'null',
    )
  })
  test('what a local part adds to the name is evidence: the same, misspelt with the same digits, or other digits', () => {
    assert.equal(levelOf('gemma.bennett81@example.org', 'gemma.bennett81@example.net'), 'same local part')
    assert.equal(
      levelOf('gemma.bennett81@example.org', 'gemma.benett81@example.net'),
      'local part jaro-winkler >= 0.88, the same digits',
    )
    assert.equal(levelOf('gemma33@example.org', 'gemma42@example.net'), 'different')
  })
  test('an address a keystroke from another at one provider is that mailbox mistyped, the same digits and more than names', () => {
    const typo = 'one character mistyped or two transposed, the same digits'
    assert.equal(levelOf('gemmabennett@example.org', 'gemmabennwtt@example.org'), typo)
    assert.equal(levelOf('gemma.bennett81@example.org', 'gemma.bentett81@example.org'), typo)
    // Other digits are another person's address; two names' initials are two people's names.
    assert.equal(levelOf('gemma33@example.org', 'gemma32@example.org'), 'different')
    assert.equal(levelOf('gbennett@example.org', 'xbennett@example.org'), 'different')
  })
})

describe('day and month of birth without the year', () => {
  const partsModel: LinkageModel = {
    ...model,
    comparisons: defaultComparisons(new Set([...columns, 'birth_month_day'])),
  }
  const levelOf = (l: Partial<StandardisedRecord>, r: Partial<StandardisedRecord>) =>
    scorePair(partsModel, record({ ...person, ...l }), record({ ...person, ...r })).comparisons.find(
      (c) => c.name === 'birth_month_day',
    )!.label
  test('a day and month with no year is compared with the other record’s, whole date or not', () => {
    assert.equal(levelOf({ dateOfBirth: null, birthMonthDay: '04-12' }, {}), 'exact')
    assert.equal(
      levelOf({ dateOfBirth: null, birthMonthDay: '05-16' }, { dateOfBirth: null, birthMonthDay: '08-01' }),
      'different',
    )
    // Two whole dates are the date comparison's to weigh.
    assert.equal(levelOf({}, { dateOfBirth: '1985-05-16' }), 'null')
  })
})
