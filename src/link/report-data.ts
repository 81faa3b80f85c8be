import { LARGEST_BLOCKS, type RuleBlocks } from '../batch/blocking.ts'
import type { Database } from '../batch/database.ts'
import { openDatabase, sqlString } from '../batch/database.ts'
import { recordFromRow } from '../batch/record-table.ts'
import { gammaColumn, scoringSql } from '../batch/scoring.ts'
import { duckdbDialect } from '../batch/sql/dialect.ts'
import { tfTableOf } from '../batch/term-frequencies.ts'
import type { ErrorAnalysis } from '../evaluate/index.ts'
import type { LinkageModel } from '../model/index.ts'
import {
  columnsOf,
  columnValue,
  explainPair,
  levelWeight,
  scorePair,
  tfAdjustment,
  tfColumnsOf,
  type WeightThresholds,
} from '../model/index.ts'
import { learnedVariantsOf } from '../model/learned-variants.ts'
import type { ClusterResult } from '../persons/cluster.ts'
import type { LinkReportData, PairValue } from '../report/index.ts'
import type { SourceMapping } from '../sources/column-mapping.ts'
import type { LinkSummary } from './summary.ts'

const VERSION = '0.1.0'
const WATERFALLS = 6
const COMMONEST_VALUES = 10
/** Records compared with themselves for the self-match chart: a sample is enough to draw a distribution. */
const SELF_MATCH_SAMPLE = 10_000

/** The records-table columns the model compares, in the order of its comparisons. */
const comparedColumns = (model: LinkageModel): string[] => [
  ...new Set(model.comparisons.flatMap((c) => c.levels.flatMap((l) => columnsOf(l.condition)))),
]

const shown = (v: string | readonly string[] | null): string =>
  v === null ? '' : typeof v === 'string' ? v : v.join(' | ')

/** Share of each source's records with a value in each compared column; an empty list counts as no value. */
const completenessOf = async (
  db: Database,
  columns: readonly string[],
): Promise<NonNullable<LinkReportData['completeness']>> => {
  const types = new Map(
    (await db.rows('DESCRIBE records')).map((r) => [String(r.column_name), String(r.column_type)]),
  )
  const present = columns.filter((c) => types.has(c))
  if (present.length === 0) return []
  const filled = present.map((c, i) =>
    types.get(c)!.endsWith('[]')
      ? `count(CASE WHEN len(${c}) > 0 THEN 1 END) AS f${i}`
      : `count(nullif(${c}::VARCHAR, '')) AS f${i}`,
  )
  const rows = await db.rows(
    `SELECT source, count(*) AS n, ${filled.join(', ')} FROM records GROUP BY source ORDER BY source`,
  )
  return rows.flatMap((r) =>
    present.map((column, i) => ({
      source: String(r.source),
      column,
      records: Number(r.n),
      filled: Number(r[`f${i}`]),
    })),
  )
}

/** The commonest values of each term-frequency adjusted level, with the weight an agreement on each gives. */
const termFrequenciesOf = async (
  db: Database,
  model: LinkageModel,
): Promise<NonNullable<LinkReportData['termFrequencies']>> => {
  const out: NonNullable<LinkReportData['termFrequencies']> = []
  for (const c of model.comparisons) {
    for (const level of c.levels) {
      if (!level.tf || level.isNull || level.m === undefined || level.u === undefined) continue
      const base = levelWeight(level.m, level.u)
      const rows = await db.rows(
        `SELECT value::VARCHAR AS value, tf FROM ${tfTableOf(level.tf.column)} ORDER BY tf DESC, value LIMIT ${COMMONEST_VALUES}`,
      )
      out.push({
        comparison: c.name,
        level: level.label,
        weight: base,
        values: rows.map((r) => ({
          value: String(r.value),
          tf: Number(r.tf),
          weight: base + tfAdjustment(level, Number(r.tf), Number(r.tf)),
        })),
      })
    }
  }
  return out
}

/**
 * The largest blocks of each rule: the key values shared by the most records, which make the most pairs. Those
 * blocking found while counting its rules are taken as they are; only the other rules' records are grouped here.
 */
const largestBlocksOf = async (
  db: Database,
  rules: LinkageModel['blockingRules'],
  counted: readonly RuleBlocks[],
): Promise<NonNullable<LinkReportData['largestBlocks']>> => {
  const out: NonNullable<LinkReportData['largestBlocks']> = []
  for (const rule of rules) {
    if (rule.keys.length === 0) continue
    const found = counted.find(
      (c) => c.rule.name === rule.name && c.rule.keys.join('\u0000') === rule.keys.join('\u0000'),
    )
    if (found) {
      for (const b of found.blocks) out.push({ rule: rule.name, key: b.key, records: b.records })
      continue
    }
    const rows = await db.rows(
      `SELECT concat_ws(' | ', ${rule.keys.map((k) => `${k}::VARCHAR`).join(', ')}) AS key, count(*) AS n
      FROM records WHERE ${rule.keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}
      GROUP BY ALL ORDER BY n DESC, key LIMIT ${LARGEST_BLOCKS}`,
    )
    for (const r of rows) out.push({ rule: rule.name, key: String(r.key), records: Number(r.n) })
  }
  return out
}

/** Each sampled record scored against itself, the weights counted in bins of a quarter bit. */
const selfMatchOf = async (
  db: Database,
  model: LinkageModel,
  seed: number,
): Promise<NonNullable<LinkReportData['selfMatch']>> => {
  // The sampled records in a table of their own: scoring joins them four times, and each join against every record
  // would read all of them again.
  await db.run(`CREATE OR REPLACE TEMP TABLE self_match_sample AS SELECT * FROM records
    WHERE rid IN (SELECT rid FROM records ORDER BY hash(rid, ${seed}) LIMIT ${SELF_MATCH_SAMPLE})`)
  const sample = 'SELECT rid AS rid_l, rid AS rid_r, NULL::VARCHAR AS rule FROM self_match_sample'
  const rows = await db.rows(`SELECT round(match_weight * 4) / 4 AS w, count(*) AS n
    FROM (${scoringSql(model, sample, duckdbDialect, 'self_match_sample')}) GROUP BY 1 ORDER BY 1`)
  await db.run('DROP TABLE self_match_sample')
  return {
    sampled: rows.reduce((a, r) => a + Number(r.n), 0),
    weights: rows.map((r) => ({ weight: Number(r.w), records: Number(r.n) })),
  }
}

/** Gathers what the report shows from the run's tables: level counts, weight distribution, explained samples. */
export const buildReportData = async (
  db: Database,
  model: LinkageModel,
  summary: LinkSummary,
  clustering: ClusterResult,
  options: { seed: number; thresholds: WeightThresholds; largestBlocks?: readonly RuleBlocks[] },
): Promise<LinkReportData> => {
  // Every comparison's level counts and the weight histogram in one pass over the scored pairs, not one pass each.
  const [counted] = await db.jsRows(
    `SELECT ${[
      ...model.comparisons.map((c, k) => `histogram(${gammaColumn(c)}) AS g${k}`),
      'histogram(floor(match_weight)::INTEGER) AS w',
    ].join(', ')} FROM scored`,
  )
  const countsOf = (key: string): Map<number, number> =>
    new Map(((counted?.[key] ?? []) as { key: number; value: bigint }[]).map((e) => [e.key, Number(e.value)]))
  const comparisons = []
  for (const [k, c] of model.comparisons.entries()) {
    const counts = countsOf(`g${k}`)
    comparisons.push({
      name: c.name,
      description: c.description,
      levels: c.levels.map((l, i) => ({
        label: l.label,
        m: l.m ?? null,
        u: l.u ?? null,
        weight: l.isNull ? null : levelWeight(l.m ?? 0.5, l.u ?? 0.5),
        pairs: counts.get(l.isNull ? -1 : i) ?? 0,
      })),
    })
  }
  const histogram = [...countsOf('w')].sort((a, b) => a[0] - b[0])
  const sizes = new Map<number, number>()
  const perCluster = new Int32Array(clustering.clusters)
  for (const c of clustering.cluster) perCluster[c]!++
  for (const size of perCluster) sizes.set(size, (sizes.get(size) ?? 0) + 1)

  const threshold = options.thresholds.join
  const sample = await db.rows(`SELECT rid_l, rid_r FROM scored
    ORDER BY abs(match_weight - ${threshold}), hash(rid_l, rid_r, ${options.seed}) LIMIT ${WATERFALLS}`)
  const columns = comparedColumns(model)
  const rids = sample.flatMap((r) => [Number(r.rid_l), Number(r.rid_r)])
  const waterfalls: LinkReportData['waterfalls'] = []
  if (rids.length > 0) {
    const rows = await db.jsRows(`SELECT * FROM records WHERE rid IN (${rids.join(', ')})`)
    const otherIds = Object.keys(rows[0] ?? {})
      .filter((k) => k.startsWith('other_'))
      .map((k) => k.slice(6))
    const byRid = new Map(rows.map((r) => [Number(r.rid), recordFromRow(r, otherIds)]))
    const tf = new Map<string, number>()
    for (const column of tfColumnsOf(model)) {
      const values = [...byRid.values()]
        .map((r) => columnValue(r, column))
        .filter((v) => typeof v === 'string')
      const found =
        values.length === 0
          ? []
          : await db.rows(
              `SELECT value, tf FROM ${tfTableOf(column)} WHERE value IN (${values.map((v) => sqlString(String(v))).join(', ')})`,
            )
      for (const f of found) tf.set(`${column}\u0000${f.value}`, Number(f.tf))
    }
    for (const pair of sample) {
      const l = byRid.get(Number(pair.rid_l))
      const r = byRid.get(Number(pair.rid_r))
      if (!l || !r) continue
      const score = scorePair(model, l, r, (column, value) => tf.get(`${column}\u0000${value}`))
      const values: PairValue[] = columns.map((column) => ({
        column,
        left: shown(columnValue(l, column)),
        right: shown(columnValue(r, column)),
      }))
      waterfalls.push({
        left: `${l.source}:${l.recordId}`,
        right: `${r.source}:${r.recordId}`,
        rows: explainPair(model, score),
        final: score.matchWeight,
        probability: score.matchProbability,
        values: values.filter((v) => v.left !== '' || v.right !== ''),
      })
    }
  }
  return {
    title: 'JustID linkage report',
    generatedAt: new Date().toISOString(),
    justidVersion: VERSION,
    summary: {
      records: summary.records,
      sources: summary.sources.map((s) => ({ name: s.name, records: s.records })),
      candidatePairs: summary.candidatePairs,
      pairsByBlockingRule: summary.blocking.map((b) => ({
        rule: b.rule,
        pairs: b.pairs,
        matchesAlone: b.matchesAlone,
      })),
      matches: summary.matches,
      persons: summary.persons,
      seconds: summary.seconds,
      threshold: summary.matchThreshold,
      reviewThreshold: model.thresholds.reviewLow,
      ...(summary.mapping ? { mapping: summary.mapping } : {}),
      ...(summary.sexFromForename?.records ? { sexFromForename: summary.sexFromForename } : {}),
    },
    comparisons,
    prior: model.prior,
    training: model.training
      ? {
          sessions: model.training.sessions,
          uSampleSize: model.training.uSamplePairs,
          neverTrained: model.training.neverTrained,
          learnedVariants: learnedVariantsOf(model.comparisons),
          ...(model.training.relatives ? { relatives: model.training.relatives } : {}),
        }
      : null,
    weightHistogram: histogram.map(([bin, count]) => ({ binStart: bin, binEnd: bin + 1, count })),
    clusterSizes: [...sizes].sort((a, b) => a[0] - b[0]).map(([size, clusters]) => ({ size, clusters })),
    waterfalls,
    termFrequencies: await termFrequenciesOf(db, model),
    completeness: await completenessOf(db, columns),
    largestBlocks: await largestBlocksOf(db, model.blockingRules, options.largestBlocks ?? []),
    selfMatch: await selfMatchOf(db, model, options.seed),
    flagged: summary.flagged,
  }
}

/** A source's rows as DuckDB reads them: every column as text. */
const readerOf = (file: string, encoding?: SourceMapping['encoding']): string =>
  file.toLowerCase().endsWith('.parquet')
    ? `read_parquet(${sqlString(file)})`
    : `read_csv(${sqlString(file)}, all_varchar = true, header = true${encoding ? ", encoding = 'latin-1'" : ''})`

/**
 * The values of the records named by key ("source:record id"), read back from the source files as the run's
 * column mapping names them: by role, so records of sources with different headers line up. Columns the run did
 * not use are left out. A source that can no longer be read leaves its records without values.
 */
const sourceValuesOf = async (
  mapping: readonly SourceMapping[],
  keys: ReadonlySet<string>,
): Promise<Map<string, Map<string, string>>> => {
  const found = new Map<string, Map<string, string>>()
  const db = await openDatabase()
  try {
    for (const m of mapping) {
      const prefix = `${m.source}:`
      const wanted = new Set([...keys].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)))
      if (wanted.size === 0) continue
      const used = m.columns.filter((c) => c.role !== 'extra' && c.role !== 'recordId')
      let described: string[]
      try {
        described = (await db.rows(`DESCRIBE SELECT * FROM ${readerOf(m.file, m.encoding)}`)).map((r) =>
          String(r.column_name),
        )
      } catch {
        continue
      }
      const indexOf = (header: string) => {
        const exact = described.indexOf(header)
        const folded = header.trim().toLowerCase()
        return exact >= 0 ? exact : described.findIndex((d) => d.trim().toLowerCase() === folded)
      }
      const idIndex = m.recordId === null ? -1 : indexOf(m.recordId)
      let row = 0
      for await (const rows of db.chunks(`SELECT * FROM ${readerOf(m.file, m.encoding)}`)) {
        for (const values of rows) {
          row++
          const id = idIndex < 0 ? String(row) : String(values[idIndex] ?? '').trim()
          if (!wanted.has(id)) continue
          const byRole = new Map<string, string>()
          for (const c of used) {
            const v = values[indexOf(c.header)]
            if (v !== null && v !== undefined && String(v).trim() !== '') {
              const before = byRole.get(c.role)
              byRole.set(c.role, before === undefined ? String(v) : `${before} | ${String(v)}`)
            }
          }
          found.set(`${prefix}${id}`, byRole)
        }
      }
    }
  } finally {
    db.close()
  }
  return found
}

/** The error analysis with each example's two records' values beside their keys, for the report only. */
export const withSourceValues = async (
  errors: ErrorAnalysis,
  mapping: readonly SourceMapping[] | undefined,
): Promise<ErrorAnalysis> => {
  if (!mapping) return errors
  const groups = [...errors.falseMatches, ...errors.missedMatches]
  const keys = new Set(groups.flatMap((g) => g.examples.flatMap((e) => [e.left, e.right])))
  const values = await sourceValuesOf(mapping, keys)
  const pairValues = (left: string, right: string): PairValue[] => {
    const l = values.get(left) ?? new Map<string, string>()
    const r = values.get(right) ?? new Map<string, string>()
    return [...new Set([...l.keys(), ...r.keys()])].map((column) => ({
      column,
      left: l.get(column) ?? '',
      right: r.get(column) ?? '',
    }))
  }
  const withValues = (g: ErrorAnalysis['falseMatches']) =>
    g.map((group) => ({
      ...group,
      examples: group.examples.map((e) => ({ ...e, values: pairValues(e.left, e.right) })),
    }))
  return {
    ...errors,
    falseMatches: withValues(errors.falseMatches),
    missedMatches: withValues(errors.missedMatches),
  }
}
