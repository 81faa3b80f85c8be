import { existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import { openDatabase, sqlString } from '../batch/database.ts'
import { JustIdError } from '../core/errors.ts'
import { settleOutputs } from '../core/staging.ts'
import type { ClusterMetrics, ErrorAnalysis, GroupBreakdown, PairwiseMetrics } from '../evaluate/index.ts'
import {
  bCubed,
  clusterMetrics,
  clusterPairwiseMetrics,
  groupMetrics,
  precisionRecallCurve,
  recordKeyOf,
  recordOfKey,
  truePairCount,
  truthFromFebrlId,
  truthFromFile,
} from '../evaluate/index.ts'
import type { ReviewerAgreement } from '../evaluate/reviewer-labels.ts'
import { parseModel, weightOfProbability } from '../model/index.ts'
import type { LinkReportData } from '../report/index.ts'
import { renderLinkReport } from '../report/index.ts'
import { analyseErrors } from './error-analysis.ts'
import { withSourceValues } from './report-data.ts'

export type TruthSource = { kind: 'febrl-ids' } | { kind: 'file-or-column'; value: string }

export interface Evaluation {
  /** Match probability threshold of the run. */
  matchThreshold: number
  records: number
  recordsWithoutTruth: number
  pairwise: PairwiseMetrics
  bCubed: { precision: number; recall: number; f1: number }
  curve: { threshold: number; precision: number; recall: number; f1: number }[]
  truePairs: number
  /** Whole persons: exactly right, split apart, merged with others. */
  clusters: ClusterMetrics
  /** Linked pairs of different people among all linked pairs: 1 - pairwise precision. */
  falseMatchRate: number
  groups: GroupBreakdown[]
  errors: ErrorAnalysis
  /** The model against reviewers' decisions, when a person index with decisions was named. */
  reviewers?: ReviewerAgreement
  /** The run's own estimates (run.json) beside the truth: the prior, and pairwise precision and recall. */
  calibration?: {
    prior: { estimated: number; true: number }
    precision: { estimated: number; true: number }
    recall: { estimated: number; true: number }
  }
}

/** What `evaluate` reads of a column mapping: where each source's values are, to show examples beside their keys. */
const mappingSchema = z
  .object({
    source: z.string(),
    file: z.string(),
    recordId: z.string().nullable(),
    encoding: z.literal('windows-1252').optional(),
    columns: z.array(z.object({ header: z.string(), role: z.string() }).passthrough()),
  })
  .passthrough()

/** What `evaluate` reads of run.json; the rest is passed over. */
const runFileSchema = z
  .object({
    /** recordIdColumn null: the record ids are the data row numbers. */
    sources: z.array(
      z
        .object({ name: z.string(), file: z.string(), recordIdColumn: z.string().nullable().optional() })
        .passthrough(),
    ),
    summary: z
      .object({
        matchThreshold: z.number().gt(0).lt(1),
        /** Written by runs since the model estimates its own accuracy. */
        estimate: z
          .object({ prior: z.number(), precision: z.number(), recall: z.number() })
          .passthrough()
          .optional(),
        /** Written by runs since columns are mapped from content; `encoding` where a file was not UTF-8. */
        mapping: z.array(mappingSchema).optional(),
      })
      .passthrough(),
  })
  .passthrough()
type RunFile = z.infer<typeof runFileSchema>

/** What `evaluate` reads of report-data.json to add its figures and redraw the report. */
const reportDataSchema = z
  .object({ summary: z.object({ mapping: z.array(mappingSchema).optional() }).passthrough() })
  .passthrough()

const TRUTH_KEY_COLUMNS = new Set(['source', 'record_id', 'person_id'])

/**
 * Attributes of each record from the other columns of a truth file (e.g. name_origin, sex, age_band), for accuracy
 * per group. `only` limits them to the named columns.
 */
const truthAttributes = async (
  file: string,
  sources: readonly string[],
  only?: readonly string[],
): Promise<Map<string, Map<string, string>>> => {
  const rows = parse(await readFile(file, 'utf8'), {
    bom: true,
    trim: true,
    skip_empty_lines: true,
  }) as string[][]
  const header = (rows[0] ?? []).map((h) => h.toLowerCase())
  const wanted = only?.map((c) => c.trim().toLowerCase()) ?? header.filter((h) => !TRUTH_KEY_COLUMNS.has(h))
  for (const c of wanted) {
    if (!header.includes(c)) {
      throw new JustIdError(
        'unknown_column',
        `--group-by ${c}: ${file} has no such column (it has ${header.join(', ')})`,
      )
    }
  }
  const s = header.indexOf('source')
  const r = header.indexOf('record_id')
  const attributes = new Map(wanted.map((c) => [c, new Map<string, string>()]))
  for (const row of rows.slice(1)) {
    const key = recordKeyOf(s >= 0 ? (row[s] ?? '') : (sources[0] ?? ''), row[r] ?? '')
    for (const c of wanted) {
      const v = row[header.indexOf(c)]
      if (v) attributes.get(c)!.set(key, v)
    }
  }
  return attributes
}

/** A JSON output of the run, checked against what is read of it; a damaged one names the file and the field. */
const readJson = async <T>(file: string, what: string, schema: z.ZodType<T>): Promise<T> => {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    throw new JustIdError(
      'file_not_found',
      `${file} is missing or unreadable: is ${what} the output folder of a link run?`,
    )
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
    throw new JustIdError('file_unreadable', `${file} is not what a link run writes: ${problems.join('; ')}`)
  }
  return parsed.data
}

/** The predicted person of every record, from clusters.csv. */
const readPredicted = async (outDir: string): Promise<Map<string, string>> => {
  const file = path.join(outDir, 'clusters.csv')
  if (!existsSync(file)) {
    throw new JustIdError(
      'file_not_found',
      `${file} does not exist: run \`justid link --out ${outDir} ...\` first`,
    )
  }
  const rows = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[]
  return new Map(rows.map((r) => [recordKeyOf(r.source ?? '', r.record_id ?? ''), r.person_id ?? '']))
}

/** Truth from a column of the source files themselves (e.g. a cluster column of a test extract). */
const truthFromColumn = async (run: RunFile, column: string): Promise<Map<string, string>> => {
  const db = await openDatabase()
  try {
    const truth = new Map<string, string>()
    for (const source of run.sources) {
      const reader = source.file.toLowerCase().endsWith('.parquet')
        ? `read_parquet(${sqlString(source.file)})`
        : `read_csv(${sqlString(source.file)}, all_varchar = true, header = true${
            run.summary.mapping?.find((m) => m.source === source.name)?.encoding
              ? ", encoding = 'latin-1'"
              : ''
          })`
      const columns = (await db.rows(`DESCRIBE SELECT * FROM ${reader}`)).map((r) => String(r.column_name))
      const find = (name: string) => columns.find((c) => c.trim().toLowerCase() === name.trim().toLowerCase())
      const truthColumn = find(column)
      const byRowNumber = source.recordIdColumn === null
      const idColumn = byRowNumber ? truthColumn : find(source.recordIdColumn ?? 'record_id')
      if (!truthColumn) {
        throw new JustIdError(
          'unknown_column',
          `--truth "${column}" is neither a file nor a column of ${source.file} (columns: ${columns.join(', ')})`,
        )
      }
      if (!idColumn) throw new JustIdError('no_record_id', `${source.file} has no record id column`)
      const q = (c: string) => `"${c.replaceAll('"', '""')}"`
      let row = 0
      for await (const rows of db.chunks(
        `SELECT ${q(idColumn)}::VARCHAR, ${q(truthColumn)}::VARCHAR FROM ${reader}`,
      )) {
        for (const [id, person] of rows) {
          row++
          const recordId = byRowNumber ? String(row) : String(id).trim()
          if (person !== null) truth.set(recordKeyOf(source.name, recordId), String(person).trim())
        }
      }
    }
    return truth
  } finally {
    db.close()
  }
}

/**
 * Measures a link run against the truth, writes evaluation.json and adds the figures to report.html (each written
 * to a temporary file, then renamed).
 */
export const evaluateLinkRun = async (request: {
  outDir: string
  truth: TruthSource
  groupBy?: string[]
  reviewers?: ReviewerAgreement
}): Promise<Evaluation> => {
  const { outDir } = request
  await settleOutputs(outDir)
  const run = await readJson(path.join(outDir, 'run.json'), outDir, runFileSchema)
  const predicted = await readPredicted(outDir)
  let truth: Map<string, string>
  if (request.truth.kind === 'febrl-ids') {
    truth = new Map([...predicted.keys()].map((k) => [k, truthFromFebrlId(recordOfKey(k).recordId)]))
  } else if (existsSync(request.truth.value)) {
    truth = await truthFromFile(request.truth.value, { sources: run.sources.map((s) => s.name) })
  } else {
    truth = await truthFromColumn(run, request.truth.value)
  }
  const recordsWithoutTruth = [...predicted.keys()].filter((k) => !truth.has(k)).length
  const judged = new Map([...predicted].filter(([k]) => truth.has(k)))
  const truePairs = truePairCount(truth)
  const pairwise = clusterPairwiseMetrics(judged, truth)
  const model = parseModel(
    await readJson(path.join(outDir, 'model.json'), outDir, z.unknown()),
    path.join(outDir, 'model.json'),
  )
  const matchThreshold = run.summary.matchThreshold
  const truthFile =
    request.truth.kind === 'file-or-column' && existsSync(request.truth.value) ? request.truth.value : null
  if (request.groupBy && !truthFile) {
    throw new JustIdError('usage', '--group-by reads columns of a truth file: give --truth FILE')
  }
  const attributes = truthFile
    ? await truthAttributes(
        truthFile,
        run.sources.map((s) => s.name),
        request.groupBy,
      )
    : new Map<string, Map<string, string>>()
  const db = await openDatabase()
  let analysis: Awaited<ReturnType<typeof analyseErrors>>
  try {
    analysis = await analyseErrors(db, outDir, model, truth, weightOfProbability(matchThreshold), truePairs)
  } finally {
    db.close()
  }
  const evaluation: Evaluation = {
    matchThreshold,
    records: predicted.size,
    recordsWithoutTruth,
    pairwise,
    bCubed: bCubed(judged, truth),
    clusters: clusterMetrics(judged, truth),
    curve: precisionRecallCurve(analysis.scored, truePairs),
    truePairs,
    falseMatchRate: 1 - pairwise.precision,
    groups: [...attributes].map(([attribute, groupOf]) => groupMetrics(judged, truth, groupOf, attribute)),
    errors: analysis.errors,
    ...(request.reviewers ? { reviewers: request.reviewers } : {}),
  }
  const estimate = run.summary.estimate
  if (estimate) {
    const judgedRecords = judged.size
    evaluation.calibration = {
      prior: {
        estimated: estimate.prior,
        true: truePairs / ((judgedRecords * (judgedRecords - 1)) / 2 || 1),
      },
      precision: { estimated: estimate.precision, true: pairwise.precision },
      recall: { estimated: estimate.recall, true: pairwise.recall },
    }
  }
  await writeAtomically(path.join(outDir, 'evaluation.json'), JSON.stringify(evaluation, null, 2))

  const reportDataFile = path.join(outDir, 'report-data.json')
  if (existsSync(reportDataFile)) {
    // Checked where evaluate reads it; the rest is the run's own, drawn as it was written.
    const data = (await readJson(reportDataFile, outDir, reportDataSchema)) as unknown as LinkReportData
    data.evaluation = {
      pairwise: evaluation.pairwise,
      bCubed: evaluation.bCubed,
      curve: evaluation.curve,
      groups: evaluation.groups,
      // The report, unlike evaluation.json, shows the records' values beside their keys.
      errors: await withSourceValues(evaluation.errors, data.summary.mapping),
      ...(evaluation.reviewers ? { reviewers: evaluation.reviewers } : {}),
    }
    await writeAtomically(path.join(outDir, 'report.html'), await renderLinkReport(data))
  }
  return evaluation
}

const writeAtomically = async (file: string, text: string): Promise<void> => {
  const temporary = `${file}.tmp-${process.pid}`
  await writeFile(temporary, text)
  await rename(temporary, file)
}

const pct = (x: number): string => x.toFixed(4)

export const formatEvaluation = (e: Evaluation): string => {
  const lines = [
    `Records: ${e.records.toLocaleString('en-GB')} (${e.recordsWithoutTruth.toLocaleString('en-GB')} without truth, left out)`,
    `True matching pairs: ${e.truePairs.toLocaleString('en-GB')}`,
    // A truth row naming no record of the run counts as a record the linker lost, its pairs missed: where a truth
    // file names other ids (a defendant's beside per-offence rows), the figures below are low for that reason alone.
    ...(e.pairwise.recordsNotPredicted > 0
      ? [
          `Truth rows naming no record of the run: ${e.pairwise.recordsNotPredicted.toLocaleString('en-GB')}, counted as records the run lost (their pairs missed); check that the truth names the records' own ids`,
        ]
      : []),
    `Pairwise:  precision ${pct(e.pairwise.precision)}  recall ${pct(e.pairwise.recall)}  F1 ${pct(e.pairwise.f1)}` +
      `  (TP ${e.pairwise.truePositives}, FP ${e.pairwise.falsePositives}, FN ${e.pairwise.falseNegatives})`,
    `B-cubed:   precision ${pct(e.bCubed.precision)}  recall ${pct(e.bCubed.recall)}  F1 ${pct(e.bCubed.f1)}`,
  ]
  const c = e.clusters
  lines.push(
    `Persons:   ${c.exactMatches.toLocaleString('en-GB')} of ${c.trueClusters.toLocaleString('en-GB')} exactly right ` +
      `(${pct(c.exactClusterMatchRate)}), ${c.splitPersons.toLocaleString('en-GB')} split, ` +
      `${c.mergedPersons.toLocaleString('en-GB')} merged with someone else`,
  )
  lines.push(`False-match rate (linked pairs of different people): ${pct(e.falseMatchRate)}`)
  for (const g of e.groups) {
    lines.push(`By ${g.attribute}:`)
    for (const m of g.groups) {
      lines.push(
        `  ${m.group.padEnd(18)} recall ${pct(m.recall)} (${pct(m.recallInterval.low)}–${pct(m.recallInterval.high)})` +
          `  false-match rate ${pct(m.falseMatchRate)}  true pairs ${m.truePairs.toLocaleString('en-GB')}`,
      )
    }
    for (const gap of g.gaps) lines.push(`  ${gap}`)
  }
  if (e.calibration) {
    const { prior, precision, recall } = e.calibration
    lines.push(
      `The model's own estimate against the truth: precision ${pct(precision.estimated)} (true ${pct(precision.true)}), ` +
        `recall ${pct(recall.estimated)} (true ${pct(recall.true)}), prior ${prior.estimated.toPrecision(3)} ` +
        `(true ${prior.true.toPrecision(3)} = true pairs / all pairs, ${(prior.estimated / prior.true).toFixed(2)}x)`,
    )
  }
  const driver = e.errors.missedMatches[0]
  if (driver)
    lines.push(
      `Missed matches are mostly driven by "${driver.driver}" (${driver.pairs.toLocaleString('en-GB')} pairs)`,
    )
  const best = e.curve.reduce<Evaluation['curve'][number] | null>(
    (b, p) => (b === null || p.f1 > b.f1 ? p : b),
    null,
  )
  if (best) {
    lines.push(
      `Best pairwise F1 over match-weight thresholds (scored pairs): ${pct(best.f1)} at weight ${best.threshold.toFixed(2)}`,
    )
  }
  return `${lines.join('\n')}\n`
}
