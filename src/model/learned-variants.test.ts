import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { evaluateCondition } from './conditions.ts'
import { defaultComparisons } from './default-comparisons.ts'
import { chooseVariants, learnedLevelLabel, withLearnedVariants } from './learned-variants.ts'
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
