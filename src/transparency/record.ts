import type { LinkageModel } from '../model/index.ts'
import { columnsOf } from '../model/index.ts'
import {
  humanOversight,
  PURPOSE,
  RISKS_AND_MITIGATIONS,
  TRAINING_METHOD,
  TRUTH_COLUMNS_NEVER_USED,
} from './fixed-text.ts'
import type { TransparencyEvaluation, TransparencyRun } from './inputs.ts'

/** Where a filled-in value comes from: measured against a truth, read from model.json or run.json, or fixed text. */
export type FieldSource = 'measured' | 'model' | 'run' | 'fixed'

export type FieldValue = string | number | object

/** A field the system can fill, or one only the owner can (with what they must write). */
export type TransparencyField =
  | { label: string; value: FieldValue; source: FieldSource }
  | { label: string; value: null; toComplete: string }

export interface TransparencySection {
  id: string
  /** Tier 1 is for the general public, tier 2 for specialists. */
  tier: 1 | 2
  heading: string
  fields: Record<string, TransparencyField>
}

export interface TransparencyRecord {
  standard: string
  tool: string
  version: string
  generatedAt: string
  sections: TransparencySection[]
}

export interface TransparencyInput {
  model: LinkageModel
  run: TransparencyRun
  evaluation?: TransparencyEvaluation
  owner?: string
  contact?: string
  generatedAt: string
  version: string
}

const known = (label: string, value: FieldValue, source: FieldSource): TransparencyField => ({
  label,
  value,
  source,
})

const toComplete = (label: string, what: string): TransparencyField => ({
  label,
  value: null,
  toComplete: what,
})

const given = (label: string, value: string | undefined, what: string): TransparencyField =>
  value !== undefined && value.trim() !== '' ? known(label, value.trim(), 'fixed') : toComplete(label, what)

const modelSpecification = (model: LinkageModel, run: TransparencyRun): Record<string, TransparencyField> => {
  const pairsByRule = new Map(run.summary.blocking.map((b) => [b.rule, b.pairs]))
  const training = model.training
  return {
    modelType: known(
      'Model type',
      'Fellegi–Sunter probabilistic record linkage: each compared field adds a match weight, log2(m / u), ' +
        'to a prior; the total becomes a match probability. Pairs above the match threshold are linked and ' +
        'linked records are clustered into persons.',
      'fixed',
    ),
    comparisons: known(
      'Comparisons and their levels',
      model.comparisons.map((c) => ({
        comparison: c.name,
        description: c.description,
        levels: c.levels.map((l) => l.label).join('; '),
      })),
      'model',
    ),
    guards: known(
      'Guards against linking relatives',
      model.guards.map((g) => ({
        guard: g.name,
        description: g.description,
        weightCap: g.capWeight,
        keepsApart: g.constraint,
      })),
      'model',
    ),
    blockingRules: known(
      'Blocking rules (which pairs are compared at all)',
      model.blockingRules.map((r) => ({
        rule: r.name,
        keys: r.keys.join(' + '),
        ...(pairsByRule.has(r.name) ? { candidatePairs: pairsByRule.get(r.name) } : {}),
      })),
      'model',
    ),
    prior: known('Prior probability that two random records are one person', model.prior, 'model'),
    thresholds: known(
      'Thresholds (match probability)',
      { match: model.thresholds.match, review: model.thresholds.reviewLow },
      'model',
    ),
    training: training
      ? known(
          'Training',
          {
            method: TRAINING_METHOD,
            seed: training.seed,
            randomPairsForU: training.uSamplePairs,
            priorFrom: training.priorFrom,
            ...(training.relatives ? { relativesGuards: training.relatives } : {}),
            converged: training.sessions.every((s) => s.converged) ? 'yes' : 'no',
            sessions: training.sessions.map((s) => ({
              blockedOn: s.rule,
              pairs: s.pairs,
              iterations: s.iterations.length,
              converged: s.converged ? 'yes' : 'no',
            })),
            neverTrained: training.neverTrained.join(', ') || 'none',
          },
          'model',
        )
      : known(
          'Training',
          'This run reused a model trained earlier (not retrained); see the record of the run that trained it.',
          'run',
        ),
  }
}

const dataFields = (model: LinkageModel, run: TransparencyRun): Record<string, TransparencyField> => {
  const evidence = [
    ...new Set([
      ...model.comparisons.flatMap((c) => c.levels.flatMap((l) => columnsOf(l.condition))),
      ...model.guards.flatMap((g) => [...columnsOf(g.when), ...(g.unless ? columnsOf(g.unless) : [])]),
    ]),
  ].sort()
  return {
    sources: known(
      'Data sources',
      run.summary.sources.map((s) => ({ source: s.name, records: s.records })),
      'run',
    ),
    records: known('Records linked in this run', run.summary.records, 'run'),
    fieldsUsed: known('Fields used as evidence (standardised)', evidence.join(', '), 'model'),
    fieldsIgnored: known(
      'Columns of the sources not used',
      run.summary.sources.map((s) => ({
        source: s.name,
        columns: s.unknownColumns.join(', ') || 'none',
      })),
      'run',
    ),
    truthColumns: known('Truth columns', TRUTH_COLUMNS_NEVER_USED, 'fixed'),
    personalData: known(
      'Personal data',
      'The tool processes personal data of people in the justice system: names, dates of birth, sex, addresses and ' +
        'identifiers (PNC, CRO, prison number, case reference, National Insurance number). Outputs stay with the ' +
        'operator; this record holds only counts and the names of fields and sources.',
      'fixed',
    ),
    collectionAndSharing: toComplete(
      'Data collection, sharing and retention',
      'the legal basis for processing, who supplies each source, who receives the linked output, and how long ' +
        'inputs and outputs are kept',
    ),
  }
}

const performanceFields = (
  evaluation: TransparencyEvaluation | undefined,
): Record<string, TransparencyField> => {
  const howToMeasure =
    'accuracy measured against a labelled sample: run `justid evaluate --out DIR --truth FILE`, then rebuild this record'
  if (!evaluation) {
    return {
      overall: toComplete('Performance overall', howToMeasure),
      byGroup: toComplete('Performance by group', `${howToMeasure} with a truth file that has group columns`),
    }
  }
  const rates = (r: TransparencyEvaluation['pairwise']) => ({
    precision: r.precision,
    recall: r.recall,
    f1: r.f1,
  })
  const groups = evaluation.groups ?? []
  return {
    overall: known(
      'Performance overall',
      {
        recordsEvaluated: evaluation.records,
        truePairs: evaluation.truePairs,
        matchThreshold: evaluation.matchThreshold,
        pairwise: rates(evaluation.pairwise),
        bCubed: rates(evaluation.bCubed),
        falseMatchRate: evaluation.falseMatchRate,
      },
      'measured',
    ),
    byGroup:
      groups.length > 0
        ? known(
            'Performance by group',
            groups.map((g) => ({
              attribute: g.attribute,
              overall: { recall: g.overall.recall, falseMatchRate: g.overall.falseMatchRate },
              groups: g.groups.map((m) => ({
                group: m.group,
                records: m.records,
                truePairs: m.truePairs,
                recall: m.recall,
                recallLow: m.recallInterval.low,
                recallHigh: m.recallInterval.high,
                falseMatchRate: m.falseMatchRate,
              })),
              gaps: g.gaps,
            })),
            'measured',
          )
        : toComplete(
            'Performance by group',
            `${howToMeasure} with a truth file that has group columns (e.g. name origin, sex, age band)`,
          ),
  }
}

/**
 * The algorithmic transparency record of one link run, in the sections of the UK Algorithmic Transparency Recording
 * Standard. Pure: the same inputs give the same record. What the system knows is filled in with its source; what only
 * the owner can say is left as a field to complete, so the gaps are visible rather than papered over.
 */
export const buildTransparencyRecord = (input: TransparencyInput): TransparencyRecord => {
  const { model, run, evaluation } = input
  const thresholds = model.thresholds
  return {
    standard: 'UK Algorithmic Transparency Recording Standard (ATRS)',
    tool: 'JustID',
    version: input.version,
    generatedAt: input.generatedAt,
    sections: [
      {
        id: 'overview',
        tier: 1,
        heading: 'Overview',
        fields: {
          name: known('Name', 'JustID', 'fixed'),
          description: known('Description', PURPOSE, 'fixed'),
          website: toComplete('Website', 'the address of a public page about the tool and its use'),
          contact: given(
            'Contact for questions and challenges',
            input.contact,
            'an email address where the public can ask about or challenge a linkage (or pass --contact)',
          ),
        },
      },
      {
        id: 'owner',
        tier: 2,
        heading: 'Owner and responsibility',
        fields: {
          owner: given(
            'Organisation and team',
            input.owner,
            'the organisation and team that run the tool (or pass --owner)',
          ),
          seniorResponsibleOwner: toComplete('Senior responsible owner', 'the role accountable for the tool'),
          suppliers: toComplete(
            'Suppliers',
            'any external supplier that builds or runs the tool, and the terms of its access to data',
          ),
        },
      },
      {
        id: 'rationale',
        tier: 2,
        heading: 'Description and rationale',
        fields: {
          scope: known('Scope', PURPOSE, 'fixed'),
          benefits: toComplete(
            'Benefits',
            'what linking improves for the organisation and the people concerned, and how it is measured',
          ),
          alternatives: toComplete(
            'Alternatives considered',
            'the other approaches considered and why not chosen',
          ),
        },
      },
      {
        id: 'decision-making',
        tier: 2,
        heading: 'Decision-making process and human oversight',
        fields: {
          humanOversight: known('Human oversight', humanOversight(thresholds), 'fixed'),
          thresholds: known(
            'Thresholds',
            {
              linkedAtOrAbove: thresholds.match,
              sentForReviewFrom: thresholds.reviewLow,
            },
            'model',
          ),
          volumes: known(
            'Volumes in this run',
            {
              candidatePairs: run.summary.candidatePairs,
              pairsLinked: run.summary.matches,
              pairsForReview: run.summary.reviewPairs,
              persons: run.summary.persons,
              flaggedPersons: run.summary.flagged.map((f) => ({ reason: f.reason, persons: f.clusters })),
            },
            'run',
          ),
          appeals: toComplete(
            'Appeals and corrections',
            'how a person or a practitioner can have a wrong link or a missed link corrected',
          ),
        },
      },
      {
        id: 'specification',
        tier: 2,
        heading: 'Technical specification',
        fields: modelSpecification(model, run),
      },
      { id: 'data', tier: 2, heading: 'Data', fields: dataFields(model, run) },
      { id: 'performance', tier: 2, heading: 'Performance', fields: performanceFields(evaluation) },
      {
        id: 'risks',
        tier: 2,
        heading: 'Risks, mitigations and impact assessments',
        fields: {
          risks: known('Risks and mitigations', RISKS_AND_MITIGATIONS, 'fixed'),
          dpia: toComplete(
            'Data protection impact assessment',
            'the date and outcome of the DPIA, and where it is published',
          ),
          equalityImpact: toComplete(
            'Equality impact assessment',
            'the date and outcome of the equality impact assessment, using the accuracy by group above',
          ),
        },
      },
    ],
  }
}

export interface FieldToComplete {
  section: string
  field: string
  label: string
  toComplete: string
}

/** The fields only the owner can fill, in the order they appear. */
export const fieldsToComplete = (record: TransparencyRecord): FieldToComplete[] =>
  record.sections.flatMap((s) =>
    Object.entries(s.fields).flatMap(([field, f]) =>
      'toComplete' in f ? [{ section: s.heading, field, label: f.label, toComplete: f.toComplete }] : [],
    ),
  )
