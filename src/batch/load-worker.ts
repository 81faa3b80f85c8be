/**
 * Worker thread: standardises one source into its staging CSV, so that sources are read and standardised on all
 * cores at once. Errors travel back as values (code and message) and are rethrown as JustIdError by the caller.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { isJustIdError } from '../core/errors.ts'
import type { OpenSource, SourceSettings, SourceSpec } from '../sources/index.ts'
import { openSource } from '../sources/index.ts'
import { loadNameVariants } from '../standardise/index.ts'
import type { StagingExtras } from './staging-rows.ts'
import { standardiseSourceToCsv } from './staging-rows.ts'

export interface LoadTask {
  spec: SourceSpec
  settings?: SourceSettings
  /** What opening the source in the main thread found, so the worker does not sample and detect again. */
  detected: Pick<OpenSource, 'layout' | 'contents' | 'identifierValues'>
  sourceIndex: number
  nameVariantFiles: string[]
  extras: StagingExtras
  file: string
}

export type LoadMessage =
  | { kind: 'progress'; records: number }
  | { kind: 'done'; records: number; counts: Record<string, number> }
  | { kind: 'error'; code: string | null; message: string }

const task = workerData as LoadTask
const post = (m: LoadMessage) => parentPort!.postMessage(m)
try {
  const source = await openSource(task.spec, task.settings, task.detected)
  const result = await standardiseSourceToCsv(
    source,
    task.sourceIndex,
    loadNameVariants(task.nameVariantFiles),
    task.extras,
    task.file,
    (records) => post({ kind: 'progress', records }),
  )
  post({ kind: 'done', records: result.records, counts: { ...result.counts } })
} catch (e) {
  post({
    kind: 'error',
    code: isJustIdError(e) ? e.code : null,
    message: e instanceof Error ? e.message : String(e),
  })
}
