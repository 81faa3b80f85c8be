import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { openStaging } from '../core/staging.ts'
import { custodySection, readCustodyFiles } from './custody-section.ts'
import { readLinkRunFiles } from './inputs.ts'
import type { FieldToComplete, TransparencyRecord } from './record.ts'
import { buildTransparencyRecord, fieldsToComplete } from './record.ts'
import { renderTransparencyHtml } from './render.ts'

export const TRANSPARENCY_OUTPUTS = ['transparency.json', 'transparency.html']

export interface TransparencyRequest {
  outDir: string
  owner?: string
  contact?: string
  /** When the record is made; the clock by default, fixed in tests. */
  generatedAt?: string
  /** The custody violence estimate's model and, if run, its evaluation: a section of their own. */
  custody?: { model: string; evaluation?: string }
}

export interface TransparencyResult {
  files: string[]
  record: TransparencyRecord
  toComplete: FieldToComplete[]
}

const justIdVersion = async (): Promise<string> => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string
  }
  return pkg.version ?? 'unknown'
}

/**
 * Builds the transparency record of the link run in `outDir` and writes transparency.json and transparency.html
 * beside it, both or neither (through a staging folder).
 */
export const writeTransparencyRecord = async (request: TransparencyRequest): Promise<TransparencyResult> => {
  const files = await readLinkRunFiles(request.outDir)
  const record = buildTransparencyRecord({
    ...files,
    ...(request.owner !== undefined ? { owner: request.owner } : {}),
    ...(request.contact !== undefined ? { contact: request.contact } : {}),
    generatedAt: request.generatedAt ?? new Date().toISOString(),
    version: await justIdVersion(),
  })
  if (request.custody)
    record.sections.push(
      custodySection(await readCustodyFiles(request.custody.model, request.custody.evaluation ?? null)),
    )
  const staging = await openStaging(request.outDir)
  try {
    await writeFile(staging.file('transparency.json'), `${JSON.stringify(record, null, 2)}\n`)
    await writeFile(staging.file('transparency.html'), renderTransparencyHtml(record))
    await staging.commit(TRANSPARENCY_OUTPUTS)
  } catch (e) {
    await staging.discard()
    throw e
  }
  return {
    files: TRANSPARENCY_OUTPUTS.map((name) => path.join(request.outDir, name)),
    record,
    toComplete: fieldsToComplete(record),
  }
}
