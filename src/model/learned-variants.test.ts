import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { standardiseInput } from '../realtime/probe.ts'
import { evaluateCondition } from './conditions.ts'
import { defaultComparisons } from './default-comparisons.ts'
import {
  chooseVariants,
  givenNameSurnameLabel,
  learnedLevelLabel,
  withGivenNameSurnames,
  withLearnedVariants,
} from './learned-variants.ts'
import type { LinkageModel } from './model.ts'
import { scorePair } from './score.ts'
import { untrainedModel } from './testing/model.ts'
import { record } from './testing/records.ts'

describe('learned name variants', () => {
  test('a pair seen for one person only, or about as often as chance pairs two common names, is not learned', () => {
    const shares = new Map([
      ['zed', 0.001],
      ['zorvath', 0.001],
      ['john', 0.05],
      ['david', 0.05],
      ['ann', 0.01],
      ['siobhan', 0.001],
    ])
    const chosen = chooseVariants(
      [
        { a: 'zed', b: 'zorvath', persons: 3 },
        // 200 differing pairs × 2 × 0.05 × 0.05 = 1 expected: 4 is not ten times chance.
        { a: 'david', b: 'john', persons: 4 },
        { a: 'ann', b: 'siobhan', persons: 1 },
      ],
      (name) => shares.get(name) ?? 0,
      200,
    )
    assert.deepEqual(
      chosen.map((v) => `${v.a}|${v.b}`),
      ['zed|zorvath'],
    )
  })

  const available = new Set([
    'forename',
    'surname',
    'forename_group',
    'surname_group',
    'date_of_birth',
    'postcode',
    'address_tokens',
    'pnc',
  ])
  const learned = [
    { column: 'forename', variants: [{ a: 'zed', b: 'zorvath', persons: 3, expected: 0 }] },
    { column: 'surname', variants: [] },
  ]
  const comparisons = withLearnedVariants(defaultComparisons(available), learned)

  test('the learned level follows the hand-written variants of its column, and either order of the names meets it', () => {
    const forename = comparisons.find((c) => c.name === 'forename')!
    const labels = forename.levels.map((l) => l.label)
    assert.equal(labels.indexOf(learnedLevelLabel), labels.indexOf('same nickname/variant group') + 1)
    const level = forename.levels.find((l) => l.label === learnedLevelLabel)!
    const zed = record({ forename: 'zed' })
    const zorvath = record({ forename: 'zorvath' })
    assert.equal(evaluateCondition(level.condition, zed, zorvath), true)
    assert.equal(evaluateCondition(level.condition, zorvath, zed), true)
    assert.equal(evaluateCondition(level.condition, zed, record({ forename: 'zara' })), false)
    // A column with nothing learned keeps its levels.
    const surname = comparisons.find((c) => c.name === 'surname')!
    assert.equal(
      surname.levels.some((l) => l.label === learnedLevelLabel),
      false,
    )
  })
})

describe('a surname that is a given name in these records', () => {
  const columns = new Set([
    'forename',
    'forename_group',
    'surname',
    'surname_group',
    'surname_parts',
    'name_tokens',
    'middle_names',
    'date_of_birth',
    'postcode',
    'postcode_sector',
    'postcode_district',
    'postcode_area',
  ])
  const base = untrainedModel(columns)
  // As training weighed the level on 100,000 justice records: about one true pair in 200, and one random pair in
  // nine, where given names are common surnames.
  const comparisons = withGivenNameSurnames(base.comparisons, ['hamdan', 'khalid', 'omar']).map((c) => ({
    ...c,
    levels: c.levels.map((l) => (l.label === givenNameSurnameLabel ? { ...l, m: 0.0053, u: 0.1116 } : l)),
  }))
  const model: LinkageModel = { ...base, comparisons }
  const rec = (id: string, forename: string, surname: string, postcode: string) =>
    standardiseInput('court', id, { forename, surname, dateOfBirth: '1990-03-04', postcode })
  const surnameLevel = (l: ReturnType<typeof rec>, r: ReturnType<typeof rec>) =>
    scorePair(model, l, r).comparisons.find((c) => c.name === 'surname')?.label

  test('is a level of the surname comparison just above "different"', () => {
    const labels = comparisons.find((c) => c.name === 'surname')!.levels.map((l) => l.label)
    assert.equal(labels.indexOf(givenNameSurnameLabel), labels.indexOf('different') - 1)
    // Nothing learned, nothing added.
    assert.deepEqual(withGivenNameSurnames(base.comparisons, []), base.comparisons)
  })

  test('a patronymic recorded as the surname reaches it; two family names that differ do not', () => {
    const family = rec('1', 'Omar', 'El Attar', 'LS1 4AB')
    assert.equal(surnameLevel(family, rec('2', 'Omar', 'Hamdan', 'LS1 4AB')), givenNameSurnameLabel)
    assert.equal(surnameLevel(rec('2', 'Omar', 'Hamdan', 'LS1 4AB'), family), givenNameSurnameLabel)
    assert.equal(surnameLevel(family, rec('3', 'Omar', 'Haddad', 'LS1 4AB')), 'different')
  })

  test('weighs less against than "different": one person at one address links; two namesakes elsewhere do not', () => {
    const family = rec('1', 'Omar', 'El Attar', 'LS1 4AB')
    const patronymic = scorePair(model, family, rec('2', 'Omar', 'Hamdan', 'LS1 4AB'))
    const otherFamily = scorePair(model, family, rec('3', 'Omar', 'Haddad', 'LS1 4AB'))
    assert.ok(patronymic.matchWeight > otherFamily.matchWeight)
    assert.ok(patronymic.matchProbability >= model.thresholds.match)
    // Same forename and birth date, given names for surnames, living apart: two people.
    const namesakes = scorePair(
      model,
      rec('4', 'Omar', 'Khalid', 'M1 1AA'),
      rec('5', 'Omar', 'Hamdan', 'B2 4QA'),
    )
    assert.equal(namesakes.comparisons.find((c) => c.name === 'surname')?.label, givenNameSurnameLabel)
    assert.ok(namesakes.matchProbability < model.thresholds.match)
  })
})
