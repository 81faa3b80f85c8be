import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { loadLinkSettings, settingsComparisons } from '../link/settings.ts'
import {
  describeLevels,
  LIBRARY_COMPARISON_NAMES,
  levelOf,
  libraryComparison,
  withComparisons,
} from './comparison-library.ts'
import { scorePair } from './index.ts'
import type { LinkageModel } from './model.ts'
import { record as standardisedRecord } from './testing/records.ts'

describe('comparison library', () => {
  test('every named comparison has a null level first, "different" last, and a description made from its levels', () => {
    for (const name of LIBRARY_COMPARISON_NAMES) {
      const c = libraryComparison({ column: 'email', comparison: name })
      assert.equal(c.levels[0]?.isNull, true, name)
      assert.equal(c.levels.at(-1)?.label, 'different', name)
      assert.ok(c.description.endsWith(describeLevels(c.levels)), name)
      assert.ok(c.description.includes('different'), name)
    }
  })

  test('a level phrase reads with spaces and case as a user types it, and an unknown phrase is none', () => {
    assert.deepEqual(levelOf(' Jaro-Winkler  >= 0.9 ', 'town')?.condition, {
      kind: 'jaroWinkler',
      column: 'town',
      atLeast: 0.9,
    })
    assert.deepEqual(levelOf('within 31 days', 'dob')?.condition, {
      kind: 'dateWithinDays',
      column: 'dob',
      days: 31,
    })
    assert.equal(levelOf('soundex', 'surname'), undefined)
    assert.equal(levelOf('jaro-winkler > 0.9', 'surname'), undefined)
  })

  test('a comparison of the same name replaces the default in place; others are added after', () => {
    const a = libraryComparison({ column: 'email', comparison: 'exact', name: 'a' })
    const b = libraryComparison({ column: 'email', comparison: 'exact', name: 'b' })
    const a2 = libraryComparison({ column: 'email', comparison: 'email', name: 'a' })
    const c = libraryComparison({ column: 'town', comparison: 'string', name: 'c' })
    assert.deepEqual(
      withComparisons([a, b], [c, a2]).map((x) => [x.name, x.levels.length]),
      [
        ['a', 4],
        ['b', 3],
        ['c', 5],
      ],
    )
  })

  test('an email comparison scores a near-miss address between exact and different', () => {
    const email = libraryComparison({ column: 'email', comparison: 'email' })
    const model: LinkageModel = {
      version: 1,
      prior: 0.01,
      comparisons: [email],
      guards: [],
      blockingRules: [],
      thresholds: { match: 0.7, reviewLow: 0.5 },
    }
    const score = (x: string, y: string) =>
      scorePair(
        model,
        standardisedRecord({ recordId: '1', email: x }),
        standardisedRecord({ recordId: '2', email: y }),
      ).comparisons[0]?.label
    assert.equal(score('ann.lee@example.org', 'ann.lee@example.org'), 'exact')
    assert.equal(score('ann.lee@example.org', 'ann.le@example.org'), 'jaro-winkler >= 0.88')
    assert.equal(score('ann.lee@example.org', 'z.q@example.net'), 'different')
  })
})

describe('comparisons in the settings file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'justid-comparisons-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const settingsFile = (json: unknown): string => {
    const file = path.join(dir, `settings-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, JSON.stringify(json))
    return file
  }

  test('a comparison name the library does not have is an error naming the file and the key', async () => {
    const file = settingsFile({ comparisons: [{ column: 'town', comparison: 'fuzzy' }] })
    await assert.rejects(loadLinkSettings(file), (e: Error) => {
      assert.match(e.message, new RegExp(`${file.replaceAll('.', '\\.')}: comparisons\\.0\\.comparison`))
      assert.match(e.message, /expected one of name, date/)
      return true
    })
  })

  test('a level that is not a level phrase is an error naming the level and the phrases there are', async () => {
    const file = settingsFile({
      comparisons: [{ column: 'town', comparison: 'string', levels: ['exact', 'sounds like'] }],
    })
    await assert.rejects(loadLinkSettings(file), (e: Error) => {
      assert.match(e.message, /comparisons\.0\.levels\.1: not a comparison level/)
      assert.match(e.message, /jaro-winkler >= N/)
      return true
    })
  })

  test('a column the records do not have is an error naming the key and the columns there are', async () => {
    const file = settingsFile({ comparisons: [{ column: 'birth_place', comparison: 'string' }] })
    const settings = await loadLinkSettings(file)
    assert.throws(
      () => settingsComparisons(settings, new Set(['rid', 'surname', 'attr_birth_place']), file),
      /comparisons\.0\.column: the records have no column "birth_place"; columns that can be compared: attr_birth_place, surname/,
    )
  })

  test('a valid entry becomes a model comparison with the levels given', async () => {
    const file = settingsFile({
      comparisons: [
        {
          column: 'attr_birth_place',
          comparison: 'string',
          name: 'birth place',
          levels: ['exact', 'initial'],
        },
      ],
    })
    const settings = await loadLinkSettings(file)
    const [c] = settingsComparisons(settings, new Set(['attr_birth_place']), file)
    assert.equal(c?.name, 'birth place')
    assert.deepEqual(
      c?.levels.map((l) => l.label),
      ['null', 'exact', 'initial', 'different'],
    )
  })
})
