import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { getHeapStatistics } from 'node:v8'
import {
  type BeforeBuilding,
  buildCandidatePairs,
  checkRuleColumns,
  matchesAloneByRule,
  planCandidatePairs,
} from '../batch/blocking.ts'
import { clusterScoredPairs } from '../batch/clustering.ts'
import { openDatabase } from '../batch/database.ts'
import { learnGivenNames, learnNameVariants } from '../batch/learned-variants.ts'
import { loadRecords } from '../batch/load-records.ts'
import { writeClustersCsv, writeFlagsCsv, writePairsParquet } from '../batch/outputs.ts'
import { comparablePairs, type LinkType } from '../batch/pair-scope.ts'
import { populatedColumns, recordColumns } from '../batch/record-table.ts'
import { type CandidateGammas, scorePairs } from '../batch/scoring.ts'
import { applySexFromForename, learnAndApplySexFromForename } from '../batch/sex-from-forename.ts'
import {
  buildTermFrequencyTables,
  loadTermFrequencyTables,
  readTermFrequencyTables,
} from '../batch/term-frequencies.ts'
import { trainModel } from '../batch/training.ts'
import { modelBlocking, rulesForRun } from '../blocking/plan.ts'
import { JustIdError } from '../core/errors.ts'
import { recordOfKey } from '../core/record-key.ts'
import { fileHash, openStaging } from '../core/staging.ts'
import { withComparisons } from '../model/comparison-library.ts'
import type { LinkageModel } from '../model/index.ts'
import {
  defaultComparisons,
  defaultGuards,
  guardConstraints,
  parseModel,
  selfEstimate,
  serialiseModel,
  tfColumnsOf,
  weightThresholds,
} from '../model/index.ts'
import { withGivenNameSurnames, withLearnedVariants } from '../model/learned-variants.ts'
import { openIndexStore } from '../person-index/store/open-store.ts'
import {
  type IndexBatch,
  type PersonEvent,
  type PersonIndexStore,
  recordsWrittenBy,
} from '../person-index/types.ts'
import { renderLinkReport } from '../report/index.ts'
import { mappingOf } from '../sources/column-mapping.ts'
import type { OpenSource, SourceSpec } from '../sources/index.ts'
import { openSources } from '../sources/index.ts'
import { loadNameVariants } from '../standardise/index.ts'
import { type EnteredRecordsRead, readEnteredRecords } from './entered-records.ts'
import { linkIntoIndex, type Removals, refuseUnexpectedRemovals } from './person-index.ts'
import type { Progress } from './progress.ts'
import { buildReportData } from './report-data.ts'
import {
  type Check,
  engineLimits,
  judgeHeap,
  judgePairs,
  type ResourcesSummary,
  readMachine,
  tempExceededMessage,
} from './resources.ts'
import { checkThresholds, loadLinkSettings, settingsComparisons } from './settings.ts'
import type { IndexSummary, LinkSummary } from './summary.ts'

export interface LinkRequest {
  sources: SourceSpec[]
  settingsFile?: string
  modelFile?: string
  outDir: string
  /** A person index (file path or postgres:// URL) to link into, keeping Justice IDs across runs. */
  index?: string
  /** Train a new model even though the index holds one (Justice IDs are still kept). */
  retrain?: boolean
  /** With an index: let the run remove a whole source or more than a small share of the index's records. */
  allowRemovals?: boolean
  /** With an index: work out the batch and return its events, writing neither the index nor the outputs. */
  dryRun?: boolean
  threads?: number
  /** DuckDB's memory limit ("12GB"); by default a share of the machine's memory (link/resources.ts). */
  memoryLimit?: string
  /** The most temporary files DuckDB may write ("20GB"); by default a share of the free disk. */
  maxTempSize?: string
  /** Pairs across sources and within each, or only one of the two; over the settings' linkType. */
  linkType?: LinkType
  progress: Progress
  onWarning: (message: string) => void
}

/** Defaults chosen on the benchmarks (docs/linkage.md): precision first, uncertain pairs to a person. */
export const DEFAULTS = {
  matchThreshold: 0.7,
  reviewThreshold: 0.5,
  maxPairsPerRule: 50_000_000,
  seed: 42,
}

/** The files a link run writes, all or none. */
export const LINK_OUTPUTS = [
  'clusters.csv',
  'flags.csv',
  'pairs.parquet',
  'model.json',
  'report.html',
  'report-data.json',
  'run.json',
]

/** A dry run's batch: the person events it would write and what it would remove; nothing was written. */
export interface DryRun {
  events: PersonEvent[]
  removals: Removals
}

export type LinkResult = LinkSummary & { dryRun?: DryRun }

/**
 * Files other commands write beside a run's outputs, describing that run (justid evaluate, justid transparency):
 * removed when a new run's outputs replace it, so they never sit beside a run they do not describe.
 */
export const DERIVED_OUTPUTS = ['evaluation.json', 'transparency.json', 'transparency.html']

/** The outputs whose hashes run.json records: report.html is left out, as `justid evaluate` re-renders it. */
export const HASHED_OUTPUTS = ['clusters.csv', 'flags.csv', 'pairs.parquet', 'model.json', 'report-data.json']

/**
 * One link run: read and standardise every source into DuckDB, propose candidate pairs by blocking, train the model
 * (unless one is given), score every candidate pair in SQL generated from the model, cluster, and write the outputs
 * through a staging folder so that a failed run leaves nothing that looks complete.
 */
export const runLink = async (request: LinkRequest): Promise<LinkResult> => {
  if (request.sources.length === 0) throw new JustIdError('usage', 'give at least one source file to link')
  const names = new Set<string>()
  for (const s of request.sources) {
    if (names.has(s.name)) {
      throw new JustIdError('usage', `two sources are called "${s.name}": name them with NAME=FILE`)
    }
    names.add(s.name)
  }
  const settings = await loadLinkSettings(request.settingsFile)
  for (const name of Object.keys(settings.sources ?? {})) {
    if (!names.has(name)) {
      throw new JustIdError(
        'invalid_settings',
        `${request.settingsFile}: sources.${name} names no source of this run (sources: ${[...names].join(', ')})`,
      )
    }
  }
  if (request.dryRun && !request.index)
    throw new JustIdError('usage', '--dry-run shows what a run would write into a person index: give --index')
  if ((request.linkType ?? settings.linkType) === 'link_only' && request.sources.length < 2)
    throw new JustIdError('usage', 'link only pairs records across sources: give at least two sources')
  const store: PersonIndexStore | null = request.index ? await openIndexStore(request.index) : null
  try {
    return await linkWith(request, settings, store)
  } finally {
    await store?.close()
  }
}

const linkWith = async (
  request: LinkRequest,
  settings: Awaited<ReturnType<typeof loadLinkSettings>>,
  store: PersonIndexStore | null,
): Promise<LinkResult> => {
  const started = Date.now()
  const stageSeconds: Record<string, number> = {}
  let stageStart = Date.now()
  const stage = (name: string, total?: number) => {
    request.progress.stage(name, total)
    stageStart = Date.now()
  }
  // The process's peak resident memory (DuckDB's included) when each stage ends: the benchmark's memory per stage.
  const stagePeakMiB: Record<string, number> = {}
  const done = (name: string) => {
    stageSeconds[name] = (Date.now() - stageStart) / 1000
    stagePeakMiB[name] = Math.round(process.resourceUsage().maxRSS / 1024)
  }
  const replacing = Boolean(request.modelFile || request.retrain)
  // A model stored by an older version that no longer validates must not lock the index: one that replaces it reads on.
  const stored = store ? await (replacing ? store.metaForReplacement() : store.meta()) : null
  // A re-run into an index reuses its model and term frequencies, so unchanged evidence scores exactly as before.
  const reuseIndexModel = stored !== null && !replacing
  const given = request.modelFile ? await readModel(request.modelFile) : reuseIndexModel ? stored.model : null
  const sources = await openSources(request.sources, (name) => settings.sources?.[name])
  refuseSourcesWithoutEvidence(sources)
  // Fails early, before any work, on a bad name variants file.
  loadNameVariants(settings.nameVariants)
  const matchThreshold = settings.matchThreshold ?? given?.thresholds.match ?? DEFAULTS.matchThreshold
  const reviewThreshold = settings.reviewThreshold ?? given?.thresholds.reviewLow ?? DEFAULTS.reviewThreshold
  const whence = (setting: number | undefined, ofModel: number | undefined) =>
    setting !== undefined
      ? `from ${request.settingsFile}`
      : ofModel !== undefined
        ? `from the model ${request.modelFile ?? 'in the index'}`
        : 'the default'
  checkThresholds(
    { value: matchThreshold, from: whence(settings.matchThreshold, given?.thresholds.match) },
    { value: reviewThreshold, from: whence(settings.reviewThreshold, given?.thresholds.reviewLow) },
  )

  // Read before the staging folder is made, so that a bad size leaves nothing behind.
  const limits = engineLimits(await readMachine(request.outDir), request)
  const resources: ResourcesSummary = { ...limits }
  const staging = await openStaging(request.outDir)
  const db = await openDatabase({
    tempDirectory: path.join(staging.dir, 'spill'),
    memoryLimit: `${limits.memoryLimitBytes}B`,
    threads: limits.threads,
    maxTempBytes: limits.maxTempBytes,
    tempExceededMessage: tempExceededMessage(limits),
  })
  // Before blocking builds its pairs and before they are scored: stop, rather than fill the memory and the disk.
  const check = async (
    which: Check,
    estimate: { pairs: number; largest?: { name: string; pairs: number } },
  ): Promise<void> => {
    const verdict = judgePairs(
      {
        check: which,
        candidatePairs: estimate.pairs,
        largestRule: estimate.largest,
        inUseBytes: await db.memoryInUse(),
      },
      limits,
    )
    resources.checks = [
      ...(resources.checks ?? []),
      {
        check: which,
        candidatePairs: estimate.pairs,
        needBytes: verdict.needBytes,
        spillBytes: verdict.spillBytes,
      },
    ]
    if (!verdict.go) throw new JustIdError('resources_exceeded', verdict.message)
  }
  const beforeBuilding: BeforeBuilding = (estimate) => check('blocking', estimate)
  let entered: EnteredRecordsRead | null = null
  try {
    stage('reading records')
    const loaded = await loadRecords(db, sources, {
      settings: settings.sources ?? {},
      nameVariantFiles: settings.nameVariants ?? [],
      stagingDir: staging.dir,
      threads: request.threads,
      onProgress: (n) => request.progress.update(n),
    })
    done('read')
    if (loaded.records === 0) throw new JustIdError('empty_file', 'the sources hold no records')
    const heap = judgeHeap(loaded.records, getHeapStatistics().heap_size_limit)
    if (!heap.go) throw new JustIdError('resources_exceeded', heap.message)
    // Read while DuckDB blocks, trains and scores; kept by the index only.
    if (store) entered = readEnteredRecords(sources, staging.dir)
    // Before blocking and training, so both see the sex a record's forename says; a reused model reads its own table.
    const sexRead = given
      ? { table: given.sexFromForename, counts: await applySexFromForename(db, given.sexFromForename) }
      : settings.sexFromForename === false
        ? null
        : await learnAndApplySexFromForename(db)

    const columns = await recordColumns(db)
    const available = await populatedColumns(db, columns)
    const otherIdColumns = [...columns].filter((c) => c.startsWith('other_') && available.has(c))
    const seed = settings.seed ?? DEFAULTS.seed

    const linkType = request.linkType ?? settings.linkType ?? 'link_and_dedupe'
    const pairsInScope = comparablePairs(
      loaded.sources.map((s) => s.records),
      linkType,
    )
    // A stored model's rules, with every pair compared when this run's pairs are few, as the first run decided.
    const blockingRules = given
      ? rulesForRun(given, pairsInScope)
      : settings.blockingRules?.map((r) => ({ name: r.name ?? r.keys.join(' + '), keys: r.keys }))
    if (blockingRules) checkRuleColumns(blockingRules, columns)

    stage('blocking')
    const maxPairsPerRule = settings.maxPairsPerRule ?? DEFAULTS.maxPairsPerRule
    const blocking = blockingRules
      ? await buildCandidatePairs(db, blockingRules, {
          maxPairsPerRule,
          userRules: true,
          onWarning: request.onWarning,
          linkType,
          beforeBuilding,
        })
      : await planCandidatePairs(db, {
          records: loaded.records,
          comparablePairs: pairsInScope,
          columns,
          available,
          otherIdColumns,
          maxPairsPerRule,
          linkType,
          onWarning: request.onWarning,
          beforeBuilding,
        })
    const candidatePairs = blocking.counts.reduce((a, b) => a + b.pairs, 0)
    done('blocking')
    const largest = [...blocking.counts].sort((a, b) => b.pairs - a.pairs)[0]
    await check('scoring', {
      pairs: candidatePairs,
      largest: largest && { name: largest.rule, pairs: largest.pairs },
    })

    // Name variants are learned from the records in front of us before training, so EM weighs them like any level.
    const confirmed =
      store && !given
        ? (await store.decisions())
            .filter((d) => d.outcome === 'same_person')
            .map((d) => [recordOfKey(d.left), recordOfKey(d.right)] as const)
        : []
    const learned = given ? [] : await learnNameVariants(db, available, confirmed)
    const givenNames = given ? [] : await learnGivenNames(db, available)
    const start: LinkageModel = given ?? {
      version: 1,
      prior: 1e-4,
      comparisons: withGivenNameSurnames(
        withLearnedVariants(
          withComparisons(
            defaultComparisons(available),
            settingsComparisons(settings, columns, request.settingsFile),
          ),
          learned,
        ),
        givenNames,
      ),
      guards: defaultGuards(available),
      blockingRules: blocking.rules,
      thresholds: { match: matchThreshold, reviewLow: reviewThreshold },
      ...(sexRead?.table && sexRead.counts.forenames > 0 ? { sexFromForename: sexRead.table } : {}),
    }
    if (start.comparisons.length === 0) {
      throw new JustIdError(
        'nothing_to_compare',
        `no column of ${request.sources.map((s) => s.file).join(', ')} holds anything JustID can compare (names, ` +
          'dates, addresses, identifiers, other attributes); `justid profile` shows how each column was read, and a ' +
          'settings file can give columns their roles (docs/settings.md)',
      )
    }
    if (reuseIndexModel && store)
      await loadTermFrequencyTables(db, tfColumnsOf(start), await store.termFrequencies(), staging.dir)
    else await buildTermFrequencyTables(db, tfColumnsOf(start))

    let model = start
    let training: LinkSummary['training'] = { trained: false, modelFile: request.modelFile ?? '' }
    let candidateGammas: CandidateGammas | undefined
    if (!given) {
      stage('training')
      const trained = await trainModel(db, start, {
        records: loaded.records,
        seed,
        uSamplePairs: settings.training?.uSamplePairs,
        emMaxIterations: settings.training?.emMaxIterations,
        emTolerance: settings.training?.emTolerance,
        emPairsPerSession: settings.training?.emPairsPerSession,
        available,
        linkType,
        comparablePairs: pairsInScope,
      })
      candidateGammas = trained.candidateGammas
      model = {
        ...trained.model,
        ...modelBlocking(blocking.rules, !blockingRules),
        thresholds: { match: matchThreshold, reviewLow: reviewThreshold },
      }
      training = {
        trained: true,
        sessions: trained.sessions.map((s) => ({
          rule: s.rule,
          iterations: s.iterations.length,
          converged: s.converged,
        })),
        neverTrained: trained.neverTrained,
        learnedVariants: learned.map((l) => ({ column: l.column, variants: l.variants.length })),
      }
      for (const warning of fewPairsWarnings(candidatePairs, trained.sessions)) request.onWarning(warning)
      done('training')
    }

    stage('scoring')
    const scoreColumns = await scorePairs(db, model, candidateGammas)
    const alone = await matchesAloneByRule(db, blocking.rules, matchThreshold)
    for (const [i, count] of blocking.counts.entries()) count.matchesAlone = alone[i] ?? 0
    done('scoring')

    stage('clustering')
    // Resolved once: clustering, the index and the report read these weights. An index re-run keeps its own.
    const thresholds =
      (reuseIndexModel && settings.matchThreshold === undefined && settings.reviewThreshold === undefined
        ? stored.thresholds
        : null) ?? weightThresholds(matchThreshold, reviewThreshold)
    if (entered) await entered.load(db)
    const linked = store
      ? await linkIntoIndex(db, store, {
          kind: 'link',
          thresholds,
          guards: guardConstraints(model.guards),
          otherIds: loaded.otherIds,
          entered: true,
          filesDir: staging.dir,
        })
      : null
    // A dry run shows the removals among its events instead of stopping at them.
    if (store && linked && !request.allowRemovals && !request.dryRun)
      refuseUnexpectedRemovals(linked.removals, store.location)
    const clustering = linked
      ? { result: linked.clustering }
      : await clusterScoredPairs(db, loaded.records, {
          thresholds,
          guards: guardConstraints(model.guards),
        })
    done('clustering')

    stage('writing outputs')
    await writeClustersCsv(db, clustering.result, staging.file('clusters.csv'), linked?.justiceIdOfRid)
    await writeFlagsCsv(clustering.result, staging.file('flags.csv'))
    await writePairsParquet(db, scoreColumns, staging.file('pairs.parquet'))
    await writeFile(staging.file('model.json'), serialiseModel(model))

    const flagged = countFlags(clustering.result.flags)
    const matches = await db.scalar(
      `SELECT count(*) FROM scored WHERE match_probability >= ${matchThreshold}`,
    )
    const reviewPairs = await db.scalar(
      `SELECT count(*) FROM scored WHERE match_probability >= ${reviewThreshold} AND match_probability < ${matchThreshold}`,
    )
    const [sums] = await db.rows(`WITH s AS (SELECT match_probability AS p, p >= ${matchThreshold} AS above,
        guard IS NOT NULL AND NOT above AS held FROM scored)
      SELECT coalesce(sum(p) FILTER (WHERE NOT held), 0) AS all_p, coalesce(sum(p) FILTER (WHERE above), 0) AS above_p,
        count(*) FILTER (WHERE held) AS capped FROM s`)
    const estimate = {
      prior: model.prior,
      ...selfEstimate({
        pairsAbove: matches,
        probabilityAbove: Number(sums!.above_p),
        probabilityAll: Number(sums!.all_p),
        pairsCapped: Number(sums!.capped),
      }),
    }
    const summary: LinkSummary = {
      outDir: request.outDir,
      files: LINK_OUTPUTS,
      sources: loaded.sources,
      mapping: sources.map((s) => mappingOf(s.spec, s.layout, s.encoding)),
      records: loaded.records,
      standardisation: loaded.counts,
      linkType,
      ...(sexRead ? { sexFromForename: sexRead.counts } : {}),
      blocking: blocking.counts,
      candidatePairs,
      training,
      matchThreshold,
      matches,
      estimate,
      reviewPairs,
      persons: clustering.result.clusters,
      flagged,
      seconds: 0,
      stageSeconds,
      stagePeakMiB,
      resources,
    }
    const reportData = await buildReportData(db, model, summary, clustering.result, {
      seed,
      thresholds,
      largestBlocks: blocking.largestBlocks,
    })
    done('writing outputs')
    resources.peakTempBytes = db.peakTempBytes()
    summary.seconds = (Date.now() - started) / 1000
    reportData.summary.seconds = summary.seconds
    await writeFile(staging.file('report-data.json'), JSON.stringify(reportData))
    await writeFile(staging.file('report.html'), await renderLinkReport(reportData))
    // The index is written last, when every other output is ready, so a failure before it leaves the index as it was.
    if (store && linked && request.dryRun) {
      request.progress.end()
      db.close()
      await staging.discard()
      return {
        ...summary,
        index: indexSummaryOf(store.location, linked.batch),
        dryRun: { events: linked.batch.events, removals: linked.removals },
      }
    }
    if (store && linked) {
      stage('writing the person index')
      const now = new Date().toISOString()
      linked.batch.meta = { model, thresholds, createdAt: stored?.createdAt ?? now, updatedAt: now }
      if (!reuseIndexModel)
        linked.batch.termFrequencies = await readTermFrequencyTables(db, tfColumnsOf(model))
      await store.applyBatch(linked.batch)
      summary.index = indexSummaryOf(store.location, linked.batch)
      done('index')
      summary.seconds = (Date.now() - started) / 1000
    }
    // Each output's hash, so that `justid evaluate` refuses files of two different runs side by side.
    const outputs: Record<string, string> = {}
    for (const name of HASHED_OUTPUTS) outputs[name] = await fileHash(staging.file(name))
    await writeFile(
      staging.file('run.json'),
      JSON.stringify(
        {
          sources: sources.map((s) => ({ ...s.spec, recordIdColumn: s.layout.recordIdColumn })),
          settingsFile: request.settingsFile ?? null,
          summary,
          outputs,
        },
        null,
        2,
      ),
    )
    request.progress.end()
    db.close()
    await staging.commit(LINK_OUTPUTS, undefined, DERIVED_OUTPUTS)
    return summary
  } catch (e) {
    request.progress.end()
    await entered?.discard()
    db.close()
    await staging.discard()
    throw e
  }
}

/** Roles that are no evidence about the person: a source with nothing else would be linked on nothing. */
const NOT_EVIDENCE = new Set(['recordId', 'truth', 'extra'])

/**
 * Refuses a source in which no column holds anything about the person (an events file given by mistake, say): its
 * records would otherwise become persons of their own, or join others on the record id alone, without a word.
 */
export const refuseSourcesWithoutEvidence = (sources: readonly OpenSource[]): void => {
  for (const s of sources) {
    if (s.layout.columns.some((c) => !NOT_EVIDENCE.has(c.role))) continue
    throw new JustIdError(
      'nothing_to_compare',
      `no column of the ${s.spec.name} source, ${s.spec.file} holds anything JustID can compare (names, dates, ` +
        `addresses, identifiers, other attributes); its columns were read as ${s.layout.columns.map((c) => `${c.header}: ${c.role}`).join(', ')}. ` +
        'A settings file can give columns their roles (docs/settings.md)',
    )
  }
}

const readModel = async (file: string): Promise<LinkageModel> => {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new JustIdError('file_not_found', `cannot read the model file ${file}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new JustIdError(
      'invalid_model',
      `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  return parseModel(json, file)
}

/** What a batch did to the index, counted by kind of person event. */
export const indexSummaryOf = (location: string, batch: IndexBatch): IndexSummary => {
  const events: Record<string, number> = {}
  for (const e of batch.events) events[e.kind] = (events[e.kind] ?? 0) + 1
  return {
    location,
    batchId: batch.id,
    recordsWritten: recordsWrittenBy(batch),
    recordsRemoved: batch.deleteRecords.length,
    events,
  }
}

/** Below these, training leans on its starting values and a model trained on more data of the kind may do better. */
const FEW_CANDIDATE_PAIRS = 200
const FEW_SESSION_PAIRS = 100

const fewPairsWarnings = (
  candidatePairs: number,
  sessions: readonly { rule: string; pairs: number }[],
): string[] => [
  ...(candidatePairs < FEW_CANDIDATE_PAIRS
    ? [
        `only ${candidatePairs} candidate pairs: the model may be unreliable; consider --model with a model.json trained on more records of this kind`,
      ]
    : []),
  ...sessions
    .filter((s) => s.pairs < FEW_SESSION_PAIRS)
    .map(
      (s) =>
        `only ${s.pairs} pairs to train on blocked on ${s.rule}: its m values lean on the starting values; consider --model`,
    ),
]

const countFlags = (flags: readonly { reason: string }[]): { reason: string; clusters: number }[] => {
  const counts = new Map<string, number>()
  for (const f of flags) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1)
  return [...counts].map(([reason, clusters]) => ({ reason, clusters }))
}
