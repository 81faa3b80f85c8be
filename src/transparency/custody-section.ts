import { existsSync } from 'node:fs'
import { z } from 'zod'
import { readJsonFile } from '../core/json-file.ts'
import { type CustodyModel, custodyModelSchema } from '../custody/model.ts'
import type { FieldSource, FieldValue, TransparencyField, TransparencySection } from './record.ts'

/*
 * The custody violence estimate's section of the transparency record, from custody-model.json (`justid risk
 * train`) and custody-evaluation.json (`justid risk evaluate`). Only the figures it reports are read.
 */

const interval = z.object({ low: z.number(), high: z.number() })
const rate = z.object({ value: z.number(), interval, of: z.number() }).nullable()
const figures = z.object({
  expected: z.number(),
  observed: z.number(),
  calibration: z.object({ value: z.number(), interval }).nullable(),
  flagRate: rate,
  falsePositiveRate: rate,
  falseNegativeRate: rate,
  precision: rate,
})

export const custodyEvaluationSchema = z.object({
  settings: z.object({ cutOff: z.number(), minCell: z.number() }),
  criterion: z.string(),
  overall: figures.extend({ personYears: z.number() }),
  auc: z.number().nullable(),
  groups: z.array(
    z.object({
      dimension: z.string(),
      group: z.string(),
      personYears: z.number(),
      figures: figures.nullable(),
    }),
  ),
  biasCheck: z
    .array(
      z.object({
        group: z.string(),
        ratio: z.object({ value: z.number(), interval }),
        inflated: z.boolean(),
      }),
    )
    .nullable(),
})

export type CustodyEvaluationFigures = z.output<typeof custodyEvaluationSchema>

export interface CustodyFiles {
  model: CustodyModel
  evaluation: CustodyEvaluationFigures | null
}

/** Reads the model and, when it exists, its evaluation. */
export const readCustodyFiles = async (
  modelFile: string,
  evaluationFile: string | null,
): Promise<CustodyFiles> => ({
  model: await readJsonFile(modelFile, custodyModelSchema, 'custody estimate model'),
  evaluation:
    evaluationFile && existsSync(evaluationFile)
      ? await readJsonFile(evaluationFile, custodyEvaluationSchema, 'custody estimate evaluation')
      : null,
})

const known = (label: string, value: FieldValue, source: FieldSource): TransparencyField => ({
  label,
  value,
  source,
})

const round = (x: number, digits = 3): number => Number(x.toFixed(digits))

export const CUSTODY_PURPOSE =
  'Estimates how many violent incidents in custody a person is likely to be involved in (as perpetrator, victim or ' +
  'unclear) over a year in custody, from their age and their history of custody and incidents across every linked ' +
  'record, to inform placement and cell-sharing decisions that a member of staff takes and records with a reason.'

export const CUSTODY_NOT_FOR =
  'It must not decide or change a security category or placement by itself, nor be used for sentencing, parole, ' +
  'release, adjudications or any decision outside custody; it must not be used on a person whose linked history is ' +
  'known to be incomplete without saying so; and it does not measure character or intent. Incidents are recorded ' +
  'by staff, at rates that may differ between groups: a group recorded more often will get higher estimates.'

export const custodySection = ({ model, evaluation }: CustodyFiles): TransparencySection => {
  const fields: Record<string, TransparencyField> = {
    purpose: known('What it is for', CUSTODY_PURPOSE, 'fixed'),
    notFor: known('What it must not be used for', CUSTODY_NOT_FOR, 'fixed'),
    model: known(
      'Model',
      {
        type: `${model.family === 'poisson' ? 'Poisson' : 'Negative binomial'} regression with a log link and years in custody as exposure`,
        alpha: round(model.alpha),
        asOf: model.asOf,
        trainedFrom: model.train.from,
        trainedTo: model.train.to,
        trainingPersonYears: model.train.personYears,
        testedFrom: model.test.from,
        testedTo: model.test.to,
        dispersion: round(model.dispersion),
      },
      'model',
    ),
    terms: known(
      'Features and coefficients',
      model.terms.map((t) => ({
        feature: t.description,
        coefficient: round(t.coefficient),
        standardError: round(t.standardError),
        multipliesRateBy: round(Math.exp(t.coefficient), 2),
      })),
      'model',
    ),
  }
  if (evaluation) {
    const pct = (r: z.output<typeof rate>): string =>
      r === null
        ? '—'
        : `${(100 * r.value).toFixed(1)}% (${(100 * r.interval.low).toFixed(1)}–${(100 * r.interval.high).toFixed(1)})`
    const ratio = (c: CustodyEvaluationFigures['overall']['calibration']): string =>
      c === null ? '—' : `${c.value.toFixed(2)} (${c.interval.low.toFixed(2)}–${c.interval.high.toFixed(2)})`
    fields.performance = known(
      'Performance on the year it was not trained on',
      {
        personYears: evaluation.overall.personYears,
        expectedOverObserved: ratio(evaluation.overall.calibration),
        aucAnyIncident: evaluation.auc === null ? '—' : evaluation.auc.toFixed(3),
        cutOffExpectedIncidentsAYear: String(evaluation.settings.cutOff),
        flagRate: pct(evaluation.overall.flagRate),
        falsePositiveRate: pct(evaluation.overall.falsePositiveRate),
        falseNegativeRate: pct(evaluation.overall.falseNegativeRate),
        precision: pct(evaluation.overall.precision),
      },
      'measured',
    )
    fields.groups = known(
      `Per group (95% intervals; groups under ${evaluation.settings.minCell} person-years suppressed)`,
      evaluation.groups.map((g) => ({
        group: `${g.dimension}: ${g.group}`,
        personYears: g.personYears,
        expectedOverObserved: g.figures ? ratio(g.figures.calibration) : 'suppressed',
        flagRate: g.figures ? pct(g.figures.flagRate) : 'suppressed',
        falsePositiveRate: g.figures ? pct(g.figures.falsePositiveRate) : 'suppressed',
        falseNegativeRate: g.figures ? pct(g.figures.falseNegativeRate) : 'suppressed',
        precision: g.figures ? pct(g.figures.precision) : 'suppressed',
      })),
      'measured',
    )
    fields.fairness = known('Fairness criterion', evaluation.criterion, 'fixed')
    if (evaluation.biasCheck)
      fields.recordingBias = known(
        'Recording bias check (synthetic truth)',
        evaluation.biasCheck.map((b) => ({
          group: b.group,
          recordedOverTrue: `${b.ratio.value.toFixed(2)} (${b.ratio.interval.low.toFixed(2)}–${b.ratio.interval.high.toFixed(2)})`,
          inflated: b.inflated ? 'yes' : 'no',
        })),
        'measured',
      )
  }
  return { id: 'custody-estimate', tier: 2, heading: 'Custody violence estimate', fields }
}
