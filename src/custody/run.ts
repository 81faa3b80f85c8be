import type { RecordKey } from '../core/record-key.ts'
import {
  type BiasFinding,
  biasCheck,
  type CustodyEvaluation,
  type EvaluationSettings,
  evaluateCustody,
  type ScoredYear,
} from './evaluate.ts'
import { type Day, isoOf, type WindowRow, windowRow, YEAR } from './features.ts'
import { type CustodyModel, expectedRate, fitCustodyModel } from './model.ts'
import { latestDay, type PersonCustody } from './person-histories.ts'

/** Years of history before the test year that the model is fitted on. */
export const TRAINING_YEARS = 5

/** The first day after the latest custody event: the default as-of date. */
export const defaultAsOf = (people: readonly PersonCustody[]): Day | null => {
  const latest = latestDay(people)
  return latest === null ? null : latest + 1
}

const rowsOf = (people: readonly PersonCustody[], start: Day): { person: PersonCustody; row: WindowRow }[] =>
  people.flatMap((person) => {
    const row = windowRow(person.history, start)
    return row ? [{ person, row }] : []
  })

/**
 * Fits on the years before the last one (as-of minus 6 years to as-of minus 1) and keeps the last year, which the
 * model never sees, for `evaluate`: a time-based split, as the estimate is used on what comes next.
 */
export const trainCustodyModel = (
  people: readonly PersonCustody[],
  asOf: Day,
  now = new Date(),
): CustodyModel => {
  const train: WindowRow[] = []
  for (let k = 2; k <= TRAINING_YEARS + 1; k++)
    for (const { row } of rowsOf(people, asOf - k * YEAR)) train.push(row)
  const test = rowsOf(people, asOf - YEAR).length
  return fitCustodyModel(
    train,
    {
      asOf: isoOf(asOf),
      train: {
        from: isoOf(asOf - (TRAINING_YEARS + 1) * YEAR),
        to: isoOf(asOf - YEAR),
        personYears: train.length,
      },
      test: { from: isoOf(asOf - YEAR), to: isoOf(asOf), personYears: test },
    },
    now,
  )
}

/** The groups a person-year is measured in: age band, sex, and the truth's group of the person where given. */
const groupsOf = (
  person: PersonCustody,
  row: WindowRow,
  truthGroups: ((p: PersonCustody) => string | null) | null,
): Record<string, string> => {
  const groups: Record<string, string> = { 'age band': row.features.ageBand, sex: person.sex ?? 'unknown' }
  const origin = truthGroups?.(person)
  if (origin) groups['name origin'] = origin
  return groups
}

/** The group most of a person's records carry in the truth; null when none has one. */
export const personGroup =
  (truth: ReadonlyMap<RecordKey, string>) =>
  (p: PersonCustody): string | null => {
    const counts = new Map<string, number>()
    for (const k of p.recordKeys) {
      const g = truth.get(k)
      if (g !== undefined) counts.set(g, (counts.get(g) ?? 0) + 1)
    }
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null
  }

export interface CustodyEvaluationReport extends CustodyEvaluation {
  model: { asOf: string; test: CustodyModel['test'] }
  /** With the generator's truth: each group's recorded incidents against the true ones. */
  biasCheck: BiasFinding[] | null
}

export const evaluateCustodyModel = (
  model: CustodyModel,
  people: readonly PersonCustody[],
  settings: EvaluationSettings,
  truth: {
    groups: ReadonlyMap<RecordKey, string>
    expectedByGroup: ReadonlyMap<string, number> | null
  } | null,
): CustodyEvaluationReport => {
  const asOf = Math.floor(Date.parse(`${model.asOf}T00:00:00Z`) / 86_400_000)
  const group = truth ? personGroup(truth.groups) : null
  const scored: ScoredYear[] = rowsOf(people, asOf - YEAR).map(({ person, row }) => {
    const rate = expectedRate(model, row.features)
    return { rate, expected: rate * row.exposure, observed: row.count, groups: groupsOf(person, row, group) }
  })
  let findings: BiasFinding[] | null = null
  if (truth?.expectedByGroup && group) {
    const recorded = new Map<string, number>()
    for (const p of people) {
      const g = group(p)
      if (g !== null) recorded.set(g, (recorded.get(g) ?? 0) + p.history.incidents.length)
    }
    findings = biasCheck(
      [...truth.expectedByGroup].map(([g, trueExpected]) => ({
        group: g,
        recorded: recorded.get(g) ?? 0,
        trueExpected,
      })),
    )
  }
  return {
    model: { asOf: model.asOf, test: model.test },
    ...evaluateCustody(scored, settings),
    biasCheck: findings,
  }
}
