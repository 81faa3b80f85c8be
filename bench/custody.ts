/**
 * The custody violence estimate at scale: training and scoring time for a number of persons (1,000,000 by
 * default). Persons' custody histories are drawn straight from the stated process (src/custody/process.ts), not
 * linked from records, so the figures are of the estimate alone.
 *
 *   npm run bench -- custody [--persons N]
 */

import { featuresAt } from '../src/custody/features.ts'
import { expectedRate } from '../src/custody/model.ts'
import { trainCustodyModel } from '../src/custody/run.ts'
import { TEST_TODAY, testPeople } from '../src/custody/testing/people.ts'

export const personsArg = (argv: readonly string[]): number => {
  const at = argv.indexOf('--persons')
  const n = at >= 0 ? Number(argv[at + 1]) : 1_000_000
  if (!Number.isInteger(n) || n < 100) throw new Error('--persons takes a whole number of at least 100')
  return n
}

export const custodyBench = (persons: number): Record<string, string | number>[] => {
  const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1))
  let t = performance.now()
  const people = testPeople(persons, 21).map((p) => ({
    justiceId: String(p.id),
    history: p.history,
    sex: p.sex,
    recordKeys: [],
  }))
  const drawn = seconds(t)
  t = performance.now()
  const model = trainCustodyModel(people, TEST_TODAY)
  const trained = seconds(t)
  t = performance.now()
  let total = 0
  for (const p of people) total += expectedRate(model, featuresAt(p.history, TEST_TODAY))
  const scored = seconds(t)
  return [
    {
      benchmark: 'custody estimate',
      persons,
      trainingPersonYears: model.train.personYears,
      drawSeconds: drawn,
      trainSeconds: trained,
      scoreSeconds: scored,
      meanEstimate: Number((total / persons).toFixed(3)),
      residentMiBAtEnd: Math.round(process.memoryUsage().rss / 2 ** 20),
    },
  ]
}
