import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { defaultGuards, GENERATIONS_APART, LIKELY_RELATIVES } from './guards.ts'
import {
  describeRelatives,
  estimateRelatives,
  guardAsLearned,
  type HouseholdPairCounts,
} from './relatives.ts'

/** Two people's birth dates, at random: near (1 to 14 years, another day) one time in four, a generation apart three. */
const RANDOM = {
  randomReplacedNear: 1_000,
  randomGenerationsApart: 3_000,
  // No sex or identifier recorded: the birth dates alone speak.
  bySex: { pattern: 0, patternDiffers: 0, sameName: 0, sameNameDiffers: 0 },
  byIdentifier: {
    pattern: 0,
    patternAgrees: 0,
    sameName: 0,
    sameNameAgrees: 0,
    generations: 0,
    generationsAgree: 0,
  },
}

/**
 * Counts of a file without households, with `changes`: every pair of one surname at one address is one person,
 * most with the same forename and birth date.
 */
const counts = (changes: Partial<HouseholdPairCounts> = {}): HouseholdPairCounts => ({
  patternSameBirth: 19,
  patternOtherBirth: 0,
  sameName: 168,
  sameNameSameBirth: 160,
  sameNameGenerationsApart: 0,
  sameNameReplacedNear: 0,
  ...RANDOM,
  ...changes,
})

const guards = defaultGuards(new Set(['forename', 'surname', 'date_of_birth', 'postcode']))
const twins = guards.find((g) => g.name === LIKELY_RELATIVES)!
const generations = guards.find((g) => g.name === GENERATIONS_APART)!

describe('the relatives guards learned from the data', () => {
  test('a file without households: a pair of different forenames and one birth date is one person, and is not capped', () => {
    // Every pair of one surname at one address is one person, most with the same forename and date.
    const estimate = estimateRelatives(
      counts({
        // Ten of one person's dates replaced by others landing near, so about thirty landing a generation away.
        sameNameGenerationsApart: 30,
        sameNameReplacedNear: 10,
      }),
    )
    assert.ok(estimate)
    assert.ok(estimate.odds > 100, `odds ${estimate.odds}`)
    const learned = guardAsLearned(twins, estimate.odds)
    assert.ok(learned.capWeight > 6)
    assert.equal(learned.constraint, 'none')
    assert.ok(guardAsLearned(generations, estimate.generationsOdds).capWeight > 4)
  })

  test('in a file of households, pairs of one name a generation apart beyond what replaced dates explain are namesake parents: the guard stays', () => {
    const estimate = estimateRelatives(
      counts({
        patternOtherBirth: 200,
        sameNameGenerationsApart: 30,
        sameNameReplacedNear: 2,
      }),
    )
    assert.ok(estimate)
    assert.ok(estimate.generationsOdds < 1, `odds ${estimate.generationsOdds}`)
    assert.equal(guardAsLearned(generations, estimate.generationsOdds), generations)
  })

  test('a small file without households and no replaced date near: pairs of one name a generation apart are one person', () => {
    const estimate = estimateRelatives(
      counts({
        sameNameGenerationsApart: 8,
      }),
    )
    assert.ok(estimate)
    assert.equal(estimate.generationsOdds, 7)
  })

  test("twins planted without households: identifiers that agree far less often than one person's keep the guard", () => {
    const noHouseholds = counts({
      patternSameBirth: 165,
      patternOtherBirth: 1,
      sameName: 7_000,
      sameNameSameBirth: 7_000,
      sameNameGenerationsApart: 14,
    })
    // Dates alone: no households, so no twins; the identifiers say a third of the pairs are one person.
    assert.ok(estimateRelatives(noHouseholds)!.odds > 100)
    const estimate = estimateRelatives(
      counts({
        ...noHouseholds,
        byIdentifier: {
          pattern: 31,
          patternAgrees: 11,
          sameName: 1_378,
          sameNameAgrees: 1_378,
          generations: 8,
          generationsAgree: 0,
        },
      }),
    )
    assert.ok(estimate)
    assert.ok(estimate.odds < 1, `odds ${estimate.odds}`)
    // Eight pairs a generation apart, none agreeing, where one person's always do: namesake parents.
    assert.ok(estimate.generationsOdds < 1, `generations odds ${estimate.generationsOdds}`)
  })

  test('pairs of the pattern that differ in sex as often as twins do keep the guard', () => {
    const estimate = estimateRelatives(
      counts({
        patternSameBirth: 60,
        sameName: 500,
        sameNameSameBirth: 490,
        bySex: { pattern: 60, patternDiffers: 20, sameName: 490, sameNameDiffers: 3 },
      }),
    )
    assert.ok(estimate)
    assert.ok(estimate.odds <= 1, `odds ${estimate.odds}`)
  })

  test('a file of households with twins among them keeps the guard as written', () => {
    // Two hundred siblings, parents and couples at one address, twenty twins, and one person's records.
    const estimate = estimateRelatives(
      counts({
        patternSameBirth: 20,
        patternOtherBirth: 200,
        sameName: 100,
        sameNameSameBirth: 95,
        sameNameGenerationsApart: 5,
      }),
    )
    assert.ok(estimate)
    assert.ok(estimate.odds < 1, `odds ${estimate.odds}`)
    assert.equal(guardAsLearned(twins, estimate.odds), twins)
    assert.ok(estimate.generationsOdds < 1, `generations odds ${estimate.generationsOdds}`)
    assert.equal(guardAsLearned(generations, estimate.generationsOdds), generations)
  })

  test('pairs of different forenames and one birth date beyond what the households explain raise the cap with their number', () => {
    const few = estimateRelatives(
      counts({
        patternSameBirth: 40,
        patternOtherBirth: 200,
        sameName: 100,
        sameNameSameBirth: 95,
      }),
    )
    const many = estimateRelatives(
      counts({
        patternSameBirth: 80,
        patternOtherBirth: 200,
        sameName: 100,
        sameNameSameBirth: 95,
      }),
    )
    assert.ok(few && many)
    const capOf = (odds: number) => guardAsLearned(twins, odds).capWeight
    assert.ok(capOf(few.odds) > 0)
    assert.ok(capOf(many.odds) > capOf(few.odds))
    assert.ok(Math.abs(capOf(many.odds) - Math.log2(many.odds)) < 0.01)
  })

  test('too few pairs of one name to learn from, or birth dates that tell nothing: the guard stays as written', () => {
    assert.equal(
      estimateRelatives(
        counts({
          patternSameBirth: 5,
          sameName: 10,
          sameNameSameBirth: 10,
        }),
      ),
      null,
    )
    assert.equal(
      estimateRelatives(
        counts({
          patternSameBirth: 5,
          sameName: 100,
          sameNameSameBirth: 2,
        }),
      ),
      null,
    )
    assert.match(describeRelatives(null, {}), /not learned/)
  })

  test('births by year alone (an age) learn the guard too, more warily: relatives share a birth year more often than a date', () => {
    const byDate = estimateRelatives(counts({ patternOtherBirth: 3 }))!
    const byYear = estimateRelatives(counts({ patternOtherBirth: 3, birth: 'year' }))!
    assert.ok(byYear.odds > 1, `odds ${byYear.odds}`)
    assert.ok(byYear.odds < byDate.odds, `${byYear.odds} < ${byDate.odds}`)
    // One person's records agreeing on the year no more often than a couple's would tells nothing.
    assert.equal(estimateRelatives(counts({ birth: 'year', sameNameSameBirth: 20 })), null)
    assert.match(describeRelatives(byYear, {}), /one birth year/)
  })

  test('the summary says what was counted and what changed', () => {
    const estimate = estimateRelatives(
      counts({
        sameNameGenerationsApart: 8,
      }),
    )
    const after = guardAsLearned(twins, estimate?.odds)
    const text = describeRelatives(estimate, { twins: { before: twins, after } })
    assert.match(text, /19 pairs with different forenames and one birth date/)
    assert.match(
      text,
      new RegExp(`likely_relatives caps at ${after.capWeight} bits, not 0, and no longer keeps`),
    )
  })
})
