import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { JustIdError } from '../core/errors.ts'
import { defaultComparisons } from './default-comparisons.ts'
import { defaultGuards } from './guards.ts'
import type { LinkageModel } from './model.ts'
import { parseModel, serialiseModel } from './model-file.ts'
import { BASIC_COLUMNS } from './testing/model.ts'

const columns = new Set([...BASIC_COLUMNS, 'pnc', 'other_soc_sec_id'])
const model: LinkageModel = {
  version: 1,
  prior: 0.000123456789,
  comparisons: defaultComparisons(columns),
  guards: defaultGuards(columns),
  blockingRules: [{ name: 'surname and birth year', keys: ['surname', 'dob_year'] }],
  thresholds: { match: 0.9, reviewLow: 0.5 },
  training: { seed: 42, uSamplePairs: 1000, priorFrom: 'pnc', sessions: [], neverTrained: [] },
}

describe('model file', () => {
  test('round-trips: parse(serialise(model)) serialises to the same text', () => {
    const text = serialiseModel(model)
    const parsed = parseModel(JSON.parse(text), 'model.json')
    assert.equal(serialiseModel(parsed), text)
    assert.equal(parsed.comparisons.length, model.comparisons.length)
    assert.deepEqual(parsed.guards, model.guards)
  })

  test('keeps whether its blocking rules were chosen from the data, and refuses anything but true or false there', () => {
    const chosen = parseModel(JSON.parse(serialiseModel({ ...model, allPairsWhenFew: true })), 'model.json')
    assert.equal(chosen.allPairsWhenFew, true)
    const bad = { ...JSON.parse(serialiseModel(model)), allPairsWhenFew: 'yes' }
    assert.throws(() => parseModel(bad, 'model.json'), /allPairsWhenFew/)
  })

  test('is readable JSON with m and u to six significant digits, never rounded onto 1', () => {
    const withLongNumbers: LinkageModel = {
      ...model,
      comparisons: [
        {
          ...model.comparisons[0]!,
          levels: model.comparisons[0]!.levels.map((l, i) =>
            i === 1 ? { ...l, m: 0.123456789, u: 0.99999999 } : l,
          ),
        },
      ],
    }
    const text = serialiseModel(withLongNumbers)
    assert.match(text, /\n {2}"version": 1,\n/)
    assert.match(text, /"m": 0\.123457,/)
    assert.match(text, /"u": 0\.99999999/)
    assert.match(text, /"prior": 0\.000123457,/)
    assert.doesNotThrow(() => parseModel(JSON.parse(text), 'model.json'))
  })

  test("keeps each guard's constraint, reads a model written before guards declared one as clustering then did", () => {
    const custom = { ...model.guards[0]!, name: 'same_household', constraint: 'none' as const }
    const parsed = parseModel(JSON.parse(serialiseModel({ ...model, guards: [custom] })), 'model.json')
    assert.equal(parsed.guards[0]!.constraint, 'none')
    const older = JSON.parse(serialiseModel(model))
    for (const g of older.guards) delete g.constraint
    older.guards.push({ ...older.guards[0], name: 'same_household' })
    assert.deepEqual(
      parseModel(older, 'model.json').guards.map((g) => [g.name, g.constraint]),
      [
        ['likely_relatives', 'likely_relatives'],
        ['generations_apart', 'none'],
        ['same_household', 'cannot_link'],
      ],
    )
    const bad = JSON.parse(serialiseModel(model))
    bad.guards[0].constraint = 'apart'
    assert.throws(() => parseModel(bad, 'model.json'), /guards\.0\.constraint/)
  })

  test('keeps which relatives a guard describes, by that and not by its name, and refuses another kind', () => {
    const renamed = model.guards.map((g, i) => ({ ...g, name: `household_${i}` }))
    const parsed = parseModel(JSON.parse(serialiseModel({ ...model, guards: renamed })), 'model.json')
    assert.deepEqual(
      parsed.guards.map((g) => g.relatives),
      model.guards.map((g) => g.relatives),
    )
    assert.ok(parsed.guards.some((g) => g.relatives === 'twins'))
    const bad = JSON.parse(serialiseModel(model))
    bad.guards[0].relatives = 'cousins'
    assert.throws(() => parseModel(bad, 'model.json'), /guards\.0\.relatives/)
  })

  test('a bad model names the file and the path of the bad field', () => {
    const bad = JSON.parse(serialiseModel(model))
    bad.comparisons[1].levels[2].m = 1.5
    bad.comparisons[0].levels[1].condition = { kind: 'jaroWinkler', column: 'forename' }
    assert.throws(
      () => parseModel(bad, 'models/court.json'),
      (e: unknown) =>
        e instanceof JustIdError &&
        e.code === 'invalid_model' &&
        e.message.includes('models/court.json') &&
        e.message.includes('comparisons.1.levels.2.m') &&
        e.message.includes('comparisons.0.levels.1.condition'),
    )
  })

  test('the null level must come first, and version must be 1', () => {
    const noNull = JSON.parse(serialiseModel(model))
    noNull.comparisons[0].levels.shift()
    assert.throws(
      () => parseModel(noNull, 'm.json'),
      /comparisons\.0: the first level of a comparison must be its null level/,
    )
    assert.throws(() => parseModel({ ...JSON.parse(serialiseModel(model)), version: 2 }, 'm.json'), /version/)
  })

  test('tf weight and minU take their defaults when left out', () => {
    const json = JSON.parse(serialiseModel(model))
    const tf = json.comparisons[0].levels[1].tf
    delete tf.weight
    delete tf.minU
    const parsed = parseModel(json, 'm.json')
    assert.deepEqual(parsed.comparisons[0]!.levels[1]!.tf, { column: 'forename', weight: 1, minU: 1e-6 })
  })
})
