import type { ClusterResult } from '../cluster/cluster.ts'
import type { Database } from '../engine/database.ts'
import { sqlString } from '../engine/database.ts'
import { recordFromRow } from '../engine/record-table.ts'
import { gammaColumn } from '../engine/scoring.ts'
import { tfTableOf } from '../engine/term-frequencies.ts'
import type { LinkageModel } from '../model/index.ts'
import {
  columnValue,
  explainPair,
  levelWeight,
  scorePair,
  tfColumnsOf,
  weightOfProbability,
} from '../model/index.ts'
import { learnedVariantsOf } from '../model/learned-variants.ts'
import type { LinkReportData } from '../report/index.ts'
import type { LinkSummary } from './summary.ts'

const VERSION = '0.1.0'
const WATERFALLS = 6

/** Gathers what the report shows from the run's tables: level counts, weight distribution, explained samples. */
export const buildReportData = async (
  db: Database,
  model: LinkageModel,
  summary: LinkSummary,
  clustering: ClusterResult,
  options: { seed: number },
): Promise<LinkReportData> => {
  const comparisons = []
  for (const c of model.comparisons) {
    const rows = await db.rows(`SELECT ${gammaColumn(c)} AS g, count(*) AS n FROM scored GROUP BY 1`)
    const counts = new Map(rows.map((r) => [Number(r.g), Number(r.n)]))
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
  const histogram = await db.rows(
    'SELECT floor(match_weight)::INTEGER AS b, count(*) AS n FROM scored GROUP BY 1 ORDER BY 1',
  )
  const sizes = new Map<number, number>()
  const perCluster = new Int32Array(clustering.clusters)
  for (const c of clustering.cluster) perCluster[c]!++
  for (const size of perCluster) sizes.set(size, (sizes.get(size) ?? 0) + 1)

  const threshold = weightOfProbability(summary.matchThreshold)
  const sample = await db.rows(`SELECT rid_l, rid_r FROM scored
    ORDER BY abs(match_weight - ${threshold}), hash(rid_l, rid_r, ${options.seed}) LIMIT ${WATERFALLS}`)
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
      waterfalls.push({
        left: `${l.source}:${l.recordId}`,
        right: `${r.source}:${r.recordId}`,
        rows: explainPair(model, score),
        final: score.matchWeight,
        probability: score.matchProbability,
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
      ...(summary.mapping ? { mapping: summary.mapping } : {}),
    },
    comparisons,
    prior: model.prior,
    training: model.training
      ? {
          sessions: model.training.sessions,
          uSampleSize: model.training.uSamplePairs,
          neverTrained: model.training.neverTrained,
          learnedVariants: learnedVariantsOf(model.comparisons),
        }
      : null,
    weightHistogram: histogram.map((h) => ({
      binStart: Number(h.b),
      binEnd: Number(h.b) + 1,
      count: Number(h.n),
    })),
    clusterSizes: [...sizes].sort((a, b) => a[0] - b[0]).map(([size, clusters]) => ({ size, clusters })),
    waterfalls,
    flagged: summary.flagged,
  }
}
