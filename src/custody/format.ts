import type { Interval } from '../evaluate/groups.ts'
import type { Rate } from './evaluate.ts'
import { type CustodyModel, OVERDISPERSED } from './model.ts'
import type { CustodyEvaluationReport } from './run.ts'

const pct = (r: Rate | null): string =>
  r === null
    ? '—'
    : `${(100 * r.value).toFixed(1)}% (${(100 * r.interval.low).toFixed(1)}–${(100 * r.interval.high).toFixed(1)})`
const ratio = (r: { value: number; interval: Interval } | null): string =>
  r === null ? '—' : `${r.value.toFixed(2)} (${r.interval.low.toFixed(2)}–${r.interval.high.toFixed(2)})`

/** The model as `justid risk train` prints it: each term's coefficient and the factor it multiplies the rate by. */
export const formatCustodyModel = (m: CustodyModel): string =>
  [
    `Custody violence estimate (${m.family === 'poisson' ? 'Poisson' : 'negative binomial'} regression), as of ${m.asOf}`,
    `Trained on ${m.train.personYears.toLocaleString('en-GB')} person-years in custody from ${m.train.from} to ${m.train.to}; ` +
      `tested on ${m.test.personYears.toLocaleString('en-GB')} from ${m.test.from} to ${m.test.to}.`,
    `Dispersion of the Poisson fit ${m.dispersion.toFixed(2)}` +
      (m.family === 'negative_binomial'
        ? `: overdispersed, so negative binomial (variance mu (1 + ${m.alpha.toFixed(3)} mu)).`
        : m.dispersion > OVERDISPERSED
          ? ': above 1.2, but a negative binomial fit found alpha 0, so Poisson with standard errors widened by it.'
          : '.'),
    '',
    `${'term'.padEnd(20)} ${'coefficient'.padStart(12)} ${'std. error'.padStart(11)} ${'× rate'.padStart(8)}`,
    ...m.terms.map(
      (t) =>
        `${t.name.padEnd(20)} ${t.coefficient.toFixed(3).padStart(12)} ${t.standardError.toFixed(3).padStart(11)} ${Math.exp(t.coefficient).toFixed(2).padStart(8)}`,
    ),
    '',
  ].join('\n')

/** The evaluation as `justid risk evaluate` prints it (and the closing note quotes). */
export const formatCustodyEvaluation = (e: CustodyEvaluationReport): string => {
  const lines = [
    `Tested on ${e.overall.personYears.toLocaleString('en-GB')} person-years in custody from ${e.model.test.from} to ${e.model.test.to} (not trained on).`,
    `Expected ÷ observed incidents: ${ratio(e.overall.calibration)} (${e.overall.expected.toFixed(0)} expected, ${e.overall.observed} observed).`,
    `AUC for any incident: ${e.auc === null ? '—' : e.auc.toFixed(3)}.`,
    `At the cut-off of ${e.settings.cutOff} expected incidents a year: flagged ${pct(e.overall.flagRate)}, ` +
      `false-positive rate ${pct(e.overall.falsePositiveRate)}, false-negative rate ${pct(e.overall.falseNegativeRate)}, precision ${pct(e.overall.precision)}.`,
    '',
    'Reliability (tenths by expected count): mean expected → mean observed',
    ...e.reliability.map(
      (b) => `  ${b.meanExpected.toFixed(2)} → ${b.meanObserved.toFixed(2)}  (${b.personYears})`,
    ),
    '',
    `Per group (95% intervals; groups under ${e.settings.minCell} person-years suppressed):`,
    `${'group'.padEnd(28)} ${'n'.padStart(6)} ${'exp÷obs'.padStart(17)} ${'flagged'.padStart(19)} ${'FPR'.padStart(19)} ${'FNR'.padStart(19)} ${'precision'.padStart(19)}`,
    ...e.groups.map((g) => {
      const name = `${g.dimension}: ${g.group}`.padEnd(28)
      if (g.figures === null) return `${name} ${String(g.personYears).padStart(6)}   suppressed (small group)`
      const f = g.figures
      return `${name} ${String(g.personYears).padStart(6)} ${ratio(f.calibration).padStart(17)} ${pct(f.flagRate).padStart(19)} ${pct(f.falsePositiveRate).padStart(19)} ${pct(f.falseNegativeRate).padStart(19)} ${pct(f.precision).padStart(19)}`
    }),
    '',
    `Fairness: ${e.criterion}`,
    'Ethnicity: the index holds none, so no figures by ethnicity are given.',
  ]
  if (e.biasCheck !== null) {
    lines.push('', 'Recording bias check (recorded incidents ÷ the true expected number, synthetic truth):')
    for (const f of e.biasCheck)
      lines.push(
        `  ${f.group.padEnd(18)} ${ratio(f.ratio)}${f.inflated ? "  INFLATED: this group's recorded incidents are well above the truth" : ''}`,
      )
    if (!e.biasCheck.some((f) => f.inflated)) lines.push('  No group looks inflated relative to the truth.')
  }
  return `${lines.join('\n')}\n`
}
