import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildCandidatePairs } from '../batch/blocking.ts'
import { openDatabase } from '../batch/database.ts'
import { loadRecords } from '../batch/load-records.ts'
import { comparablePairs } from '../batch/pair-scope.ts'
import { scorePairs } from '../batch/scoring.ts'
import { applySexFromForename } from '../batch/sex-from-forename.ts'
import { loadTermFrequencyTables } from '../batch/term-frequencies.ts'
import { rulesForRun } from '../blocking/plan.ts'
import { JustIdError } from '../core/errors.ts'
import { openWorkFolder } from '../core/staging.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { guardConstraints, tfColumnsOf } from '../model/index.ts'
import { openIndexStore } from '../person-index/store/open-store.ts'
import type { SourceSpec } from '../sources/index.ts'
import { alignSources, type KnownIdentifier, openSource } from '../sources/index.ts'
import { readEnteredRecords } from './entered-records.ts'
import { linkIntoIndex } from './person-index.ts'
import type { Progress } from './progress.ts'
import { indexSummaryOf, refuseSourcesWithoutEvidence } from './run-link.ts'
import { loadLinkSettings } from './settings.ts'
import type { IndexSummary } from './summary.ts'

export interface AddRequest {
  sources: SourceSpec[]
  index: string
  settingsFile?: string
  threads?: number
  memoryLimit?: string
  progress: Progress
}

export interface AddSummary {
  /** Records of the sources: new to the index, or replacing the index's copy of the same source and id. */
  records: number
  updated: number
  candidatePairs: number
  index: IndexSummary
  seconds: number
}

/**
 * Links new records against a person index without re-running the batch: the index's records and term
 * frequencies are loaded as they were stored, the new records are standardised as in a link run, only pairs that
 * involve a new record are blocked and scored with the stored model, and the persons they touch are re-linked. The
 * result is what a full re-run with the stored model would give (tested on synthetic data).
 */
export const runAdd = async (request: AddRequest): Promise<AddSummary> => {
  const started = Date.now()
  if (request.sources.length === 0) throw new JustIdError('usage', 'give at least one source file to add')
  const settings = await loadLinkSettings(request.settingsFile)
  const store = await openIndexStore(request.index, { create: false })
  // mkdtemp makes it readable by the owner only; a killed add's folder is removed by the next.
  const work = await openWorkFolder(tmpdir(), 'justid-add-')
  try {
    const meta = await store.meta()
    if (meta === null)
      throw new JustIdError(
        'usage',
        `the index ${store.location} holds no model yet: run justid link --index first`,
      )
    const settingsOf = (name: string) => settings.sources?.[name]
    const opened = await Promise.all(request.sources.map((spec) => openSource(spec, settingsOf(spec.name))))
    refuseSourcesWithoutEvidence(opened)
    request.progress.stage('reading the index')
    const existing: StandardisedRecord[] = []
    for await (const chunk of store.records()) for (const r of chunk) existing.push(r.record)
    // An identifier the index holds, named otherwise by a new source, is compared under the index's key.
    const sources = await alignSources(opened, settingsOf, knownIdentifiers(existing))

    const db = await openDatabase({
      tempDirectory: path.join(work, 'spill'),
      memoryLimit: request.memoryLimit,
      threads: request.threads,
    })
    try {
      request.progress.stage('reading records')
      const loaded = await loadRecords(db, sources, {
        settings: settings.sources ?? {},
        nameVariantFiles: settings.nameVariants ?? [],
        stagingDir: work,
        threads: request.threads,
        onProgress: (n) => request.progress.update(n),
        prestandardised: existing,
      })
      const newFromRid = existing.length
      const records = loaded.records - existing.length
      if (records === 0) throw new JustIdError('empty_file', 'the sources hold no records')
      // A record already in the index is replaced by the new copy: the index's copy is dropped before blocking.
      const updated = await db.scalar(`SELECT count(*) FROM records old
        WHERE old.rid < ${newFromRid} AND EXISTS (SELECT 1 FROM records cur
          WHERE cur.rid >= ${newFromRid} AND cur.source = old.source AND cur.record_id = old.record_id)`)
      await db.run(`DELETE FROM records old WHERE old.rid < ${newFromRid} AND EXISTS (SELECT 1 FROM records cur
        WHERE cur.rid >= ${newFromRid} AND cur.source = old.source AND cur.record_id = old.record_id)`)

      // The new records as their sources entered them, for the index to keep.
      await readEnteredRecords(sources, work).load(db)
      const model = meta.model
      // As the link that trained the model read them: a record with no sex gets its forename's.
      await applySexFromForename(db, model.sexFromForename)
      await loadTermFrequencyTables(db, tfColumnsOf(model), await store.termFrequencies(), work)
      request.progress.stage('blocking')
      // Every pair when the grown index's pairs are still few, as a full re-run with the model would decide.
      const sizes = await db.rows('SELECT count(*) AS n FROM records GROUP BY source')
      const rules = rulesForRun(model, comparablePairs(sizes.map((r) => Number(r.n))))
      if (rules === null)
        throw new JustIdError(
          'usage',
          `the model of the index ${store.location} has no blocking rule with keys, and the index has grown too large ` +
            'to compare every pair: run justid link --index with --retrain to choose blocking rules from its records',
        )
      const blocking = await buildCandidatePairs(db, rules, {
        maxPairsPerRule: Number.MAX_SAFE_INTEGER,
        userRules: true,
        newFromRid,
      })
      request.progress.stage('scoring')
      await scorePairs(db, model)
      request.progress.stage('linking into the index')
      const linked = await linkIntoIndex(db, store, {
        kind: 'add',
        thresholds: meta.thresholds,
        guards: guardConstraints(model.guards),
        otherIds: loaded.otherIds,
        newFromRid,
        entered: true,
      })
      linked.batch.meta = { ...meta, updatedAt: linked.batch.at }
      await store.applyBatch(linked.batch)
      request.progress.end()
      return {
        records,
        updated,
        candidatePairs: blocking.counts.reduce((a, b) => a + b.pairs, 0),
        index: indexSummaryOf(store.location, linked.batch),
        seconds: (Date.now() - started) / 1000,
      }
    } finally {
      db.close()
    }
  } finally {
    request.progress.end()
    await store.close()
    await rm(work, { recursive: true, force: true })
  }
}

/** Rows of the index whose identifiers are compared with a new source's. */
const KNOWN_IDENTIFIER_VALUES = 5_000

/** The identifiers no known role covers that the index's records give, each with some of its values. */
const knownIdentifiers = (records: readonly StandardisedRecord[]): KnownIdentifier[] => {
  const values = new Map<string, string[]>()
  for (const r of records)
    for (const [key, value] of Object.entries(r.otherIds)) {
      const list = values.get(key) ?? []
      if (list.length < KNOWN_IDENTIFIER_VALUES) list.push(value)
      values.set(key, list)
    }
  return [...values].map(([key, list]) => ({ key, values: list }))
}
