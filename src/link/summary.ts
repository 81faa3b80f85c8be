import type { BlockingRuleCount } from '../batch/blocking.ts'
import type { LoadedSource } from '../batch/load-records.ts'
import type { LinkType } from '../batch/pair-scope.ts'
import type { SexFromForenameCounts } from '../batch/sex-from-forename.ts'
import type { StandardisationCounts } from '../core/standardised.ts'
import type { SelfEstimate } from '../model/self-estimate.ts'
import type { SourceMapping } from '../sources/column-mapping.ts'
import { formatMapping, settingsSnippet } from '../sources/column-mapping.ts'
import {
  formatSize,
  MEMORY_OPTION,
  MEMORY_SHARE,
  type ResourcesSummary,
  TEMP_DISK_SHARE,
  TEMP_OPTION,
} from './resources.ts'

/** What a link run did, for the summary printed at its end and for the report. */
export interface LinkSummary {
  outDir: string
  files: string[]
  sources: LoadedSource[]
  /** Each source's column → role mapping with the reasons (absent in summaries written before it existed). */
  mapping?: SourceMapping[]
  records: number
  standardisation: StandardisationCounts
  /** Which pairs were compared (absent in summaries written before it existed: link_and_dedupe). */
  linkType?: LinkType
  /** Records given the sex their forename bears, from how many forenames (absent when turned off, or in older runs). */
  sexFromForename?: SexFromForenameCounts
  blocking: BlockingRuleCount[]
  candidatePairs: number
  training:
    | { trained: false; modelFile: string }
    | {
        trained: true
        sessions: { rule: string; iterations: number; converged: boolean }[]
        neverTrained: string[]
        /** Name variants learned from identifier-linked records, per name column (the pairs are in model.json). */
        learnedVariants: { column: string; variants: number }[]
      }
  matchThreshold: number
  matches: number
  /**
   * The model's own view, no truth needed: its prior (estimated from the candidate pairs when it was trained) and
   * the precision and recall of the pairs at or above the threshold, from their match probabilities.
   */
  estimate: { prior: number } & SelfEstimate
  reviewPairs: number
  persons: number
  flagged: { reason: string; clusters: number }[]
  seconds: number
  stageSeconds: Record<string, number>
  /** The process's peak resident memory in MiB when each stage ended (absent in older runs). */
  stagePeakMiB?: Record<string, number>
  /** DuckDB's limits and the check before blocking (absent in older runs). */
  resources?: ResourcesSummary
  /** Present when the run wrote into a person index. */
  index?: IndexSummary
}

export interface IndexSummary {
  /** Where the index lives, any password masked. */
  location: string
  batchId: string
  recordsWritten: number
  recordsRemoved: number
  /** Person events of the batch by kind (created, merged, split, ...). */
  events: Record<string, number>
}

/** The lines describing an index write, shared by link and add. */
export const formatIndexSummary = (index: IndexSummary): string[] => {
  const kinds = Object.entries(index.events)
  return [
    `Person index ${index.location}: ${n(index.recordsWritten)} records written, ${n(index.recordsRemoved)} removed`,
    `  person events: ${kinds.length === 0 ? 'none' : kinds.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`,
  ]
}

const n = (x: number): string => x.toLocaleString('en-GB')

export const formatLinkSummary = (s: LinkSummary): string => {
  const lines: string[] = []
  lines.push(`Linked ${n(s.records)} records from ${s.sources.length} source(s) in ${s.seconds.toFixed(1)} s`)
  for (const src of s.sources) {
    lines.push(`  ${src.name.padEnd(14)} ${n(src.records).padStart(12)} records  (${src.file})`)
    if (src.unknownColumns.length > 0 && !s.mapping)
      lines.push(`    columns not used: ${src.unknownColumns.join(', ')}`)
  }
  if (s.mapping) lines.push(...formatMapping(s.mapping))
  const dropped = Object.entries(s.standardisation).filter(([, v]) => v > 0)
  if (dropped.length > 0) {
    lines.push(`Values set aside as unusable: ${dropped.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`)
  }
  if (s.sexFromForename && s.sexFromForename.records > 0) {
    const { records, forenames } = s.sexFromForename
    lines.push(
      `Sex read from the forename: ${n(records)} records with no sex, from ${n(forenames)} forenames the records giving a sex show borne by one sex`,
    )
  }
  const scope = s.linkType && s.linkType !== 'link_and_dedupe' ? ` (${s.linkType.replace('_', ' ')})` : ''
  lines.push(`Candidate pairs${scope}: ${n(s.candidatePairs)}`)
  // As wide as the longest rule, so that the counts stay in one column however many keys a rule joins.
  const ruleWidth = Math.max(0, ...s.blocking.map((b) => b.rule.length))
  for (const b of s.blocking) {
    const alone = b.matchesAlone === undefined ? '' : `, ${n(b.matchesAlone)} matches no other rule found`
    lines.push(
      `  ${b.rule.padEnd(ruleWidth)} ${n(b.pairs).padStart(12)} added  (${n(b.estimated)} before de-duplication${alone})`,
    )
  }
  if (s.training.trained) {
    lines.push('Training (expectation-maximisation):')
    for (const t of s.training.sessions) {
      lines.push(
        `  blocked on ${t.rule}: ${t.iterations} iterations, ${t.converged ? 'converged' : 'NOT converged'}`,
      )
    }
    const learned = s.training.learnedVariants.filter((l) => l.variants > 0)
    if (learned.length > 0) {
      lines.push(
        `  name variants learned from identifier-linked records: ${learned.map((l) => `${l.column} ${n(l.variants)}`).join(', ')}`,
      )
    }
    if (s.training.neverTrained.length > 0) {
      lines.push(`  never trained (starting values kept): ${s.training.neverTrained.join(', ')}`)
    }
  } else {
    lines.push(`Model: ${s.training.modelFile} (not retrained)`)
  }
  lines.push(`Matches at match probability >= ${s.matchThreshold}: ${n(s.matches)} pairs`)
  lines.push(
    `  the model's own estimate: precision ${s.estimate.precision.toFixed(4)}, recall ${s.estimate.recall.toFixed(4)} (${n(Math.round(s.estimate.expectedMatches))} matches expected among scored pairs${s.estimate.pairsCapped > 0 ? `, ${n(s.estimate.pairsCapped)} pairs a relatives guard capped left out` : ''}; prior ${s.estimate.prior.toPrecision(3)})`,
  )
  lines.push(`Pairs for human review (below the threshold, above the review threshold): ${n(s.reviewPairs)}`)
  lines.push(`Persons: ${n(s.persons)}`)
  for (const f of s.flagged) lines.push(`  flagged for review (${f.reason}): ${n(f.clusters)}`)
  lines.push(
    `Stages: ${Object.entries(s.stageSeconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')}`,
  )
  if (s.resources) lines.push(...formatResources(s.resources))
  if (s.index) lines.push(...formatIndexSummary(s.index))
  lines.push(`Outputs in ${s.outDir}: ${s.files.join(', ')}`)
  const snippet = s.mapping && settingsSnippet(s.mapping)
  if (snippet) {
    lines.push(
      'Some columns were left unused or read by a guess. To settle them, edit this and pass it as --settings FILE:',
    )
    lines.push(snippet)
  }
  return `${lines.join('\n')}\n`
}

/** DuckDB's limits, where each came from, and what the check before blocking expected. */
export const formatResources = (r: ResourcesSummary): string[] => {
  const from = (option: string, set: 'option' | 'machine', machine: string) =>
    set === 'option' ? `set by ${option}` : `${machine}; ${option} to change`
  const lines = [
    `Resources: DuckDB memory limit ${formatSize(r.memoryLimitBytes)} (${from(MEMORY_OPTION, r.memoryFrom, `${MEMORY_SHARE * 100}% of ${formatSize(r.machineMemoryBytes)}`)}), ` +
      `${r.threads} threads, temporary files up to ${formatSize(r.maxTempBytes)} (${from(TEMP_OPTION, r.maxTempFrom, `${TEMP_DISK_SHARE * 100}% of ${formatSize(r.freeDiskBytes)} free`)})`,
  ]
  for (const c of r.checks ?? [])
    lines.push(
      `  ${c.check === 'blocking' ? `before blocking: at most ${n(c.candidatePairs)}` : `before scoring: ${n(c.candidatePairs)}`} candidate pairs, ` +
        `about ${formatSize(c.needBytes)} needed${c.spillBytes > 0 ? `, ${formatSize(c.spillBytes)} of it to spill` : ', within the memory limit'}`,
    )
  if (r.peakTempBytes !== undefined) lines.push(`  temporary files: at most ${formatSize(r.peakTempBytes)}`)
  return lines
}
