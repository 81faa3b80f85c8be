import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { StandardisedRecord } from '../core/standardised.ts'
import { defaultComparisons } from './default-comparisons.ts'
import { LIKELY_RELATIVES, LIKELY_RELATIVES_CAP } from './guards.ts'
import type { LinkageModel } from './model.ts'
import { parseModel, serialiseModel } from './model-file.ts'
import { scorePair } from './score.ts'
import {
  learnSexFromForename,
  MIN_PEOPLE,
  MIN_SHARE,
  type SexFromForename,
  withSexFromForename,
} from './sex-from-forename.ts'
import { ADDRESS_COLUMNS, NAME_COLUMNS, untrainedModel } from './testing/model.ts'
import { record } from './testing/records.ts'

describe('learning which forenames one sex bears', () => {
  test('a forename is learned once enough people bear it, nearly all of one sex', () => {
    const learned = learnSexFromForename([
      { forename: 'arthur', male: MIN_PEOPLE, female: 0 },
      { forename: 'edith', male: 0, female: MIN_PEOPLE + 3 },
      // One sex or title mistyped among twenty people: still one sex's name.
      { forename: 'harold', male: 19, female: 1 },
      // Too few people to tell a rare name of one sex from a rare name of either.
      { forename: 'ottoline', male: 0, female: MIN_PEOPLE - 1 },
    ])
    assert.deepEqual(learned, { male: ['arthur', 'harold'], female: ['edith'] })
  })

  test('a forename both sexes bear is learned as neither', () => {
    const mixed = learnSexFromForename([
      { forename: 'sam', male: 30, female: 20 },
      { forename: 'jean', male: 8, female: 12 },
      // Just below the share: one bearer in ten of the other sex.
      { forename: 'robin', male: 18, female: 2 },
    ])
    assert.deepEqual(mixed, { male: [], female: [] })
    assert.ok(18 / 20 < MIN_SHARE)
  })

  test('an initial is learned as neither, however many bear it', () => {
    assert.deepEqual(learnSexFromForename([{ forename: 'j', male: 40, female: 0 }]), {
      male: [],
      female: [],
    })
  })

  test('with no record giving a sex nothing is learned', () => {
    assert.deepEqual(learnSexFromForename([]), { male: [], female: [] })
  })
})

const table: SexFromForename = { male: ['arthur'], female: ['edith'] }

describe('giving a record the sex its forename bears', () => {
  test('a record with no sex gets its forename’s; a given sex and an unlearned forename are kept', () => {
    assert.equal(withSexFromForename(record({ forename: 'edith' }), table).sex, 'f')
    assert.equal(withSexFromForename(record({ forename: 'edith', sex: 'm' }), table).sex, 'm')
    assert.equal(withSexFromForename(record({ forename: 'sam' }), table).sex, null)
    assert.equal(withSexFromForename(record({ forename: null }), table).sex, null)
    assert.equal(withSexFromForename(record({ forename: 'edith' }), undefined).sex, null)
  })

  test('the table is kept in model.json and read back', () => {
    const model: LinkageModel = {
      version: 1,
      prior: 1e-4,
      comparisons: defaultComparisons(new Set(['forename', 'surname', 'sex'])),
      guards: [],
      blockingRules: [{ name: 'surname', keys: ['surname'] }],
      thresholds: { match: 0.9, reviewLow: 0.5 },
      sexFromForename: table,
    }
    const read = parseModel(JSON.parse(serialiseModel(model)), 'model.json')
    assert.deepEqual(read.sexFromForename, table)
    assert.throws(
      () =>
        parseModel({ ...JSON.parse(serialiseModel(model)), sexFromForename: { male: [''] } }, 'model.json'),
      /sexFromForename/,
    )
  })
})

describe('a household pair of different sexes, one record with no sex (a register without a sex column)', () => {
  // Columns as a link of a tenancy file (title → sex) with a council tax file (full name only) has them.
  const columns = new Set([...NAME_COLUMNS, 'name_tokens', 'given_names', 'sex', ...ADDRESS_COLUMNS])
  const household = (forename: string, sex: 'm' | 'f' | null, recordId: string): StandardisedRecord =>
    record({
      recordId,
      forename,
      forenameGroup: forename,
      surname: 'quarrendon',
      surnameParts: ['quarrendon'],
      nameTokens: [forename, 'quarrendon'].sort(),
      sex,
      postcode: 'ls1 4ab',
      postcodeSector: 'ls1 4',
      postcodeDistrict: 'ls1',
      postcodeArea: 'ls',
      addressTokens: ['12', 'kirk', 'lane'],
    })
  // Synthetic: a man recorded with a title, a woman of his household on a register with no sex or title.
  const husband = household('mohammed', 'm', 't1')
  const wife = household('farzana', null, 'c1')
  const model = (sexFromForename?: SexFromForename): LinkageModel =>
    untrainedModel(columns, sexFromForename ? { sexFromForename } : {})

  test('without a sex read from the forename, the pair escapes the household guard', () => {
    const score = scorePair(model(), husband, wife)
    assert.equal(score.guard, undefined)
    assert.ok(
      score.matchWeight > LIKELY_RELATIVES_CAP,
      'scored above the cap: the guard would bind if it held',
    )
  })

  test('with the forename read as the woman’s, the household guard caps the pair', () => {
    const learned = { male: ['mohammed'], female: ['farzana'] }
    const score = scorePair(model(learned), husband, wife)
    assert.equal(score.guard, LIKELY_RELATIVES)
    // The in-memory scorer reads the table itself: the same score as for a record already given its sex.
    assert.deepEqual(score, scorePair(model(learned), husband, withSexFromForename(wife, learned)))
  })
})
