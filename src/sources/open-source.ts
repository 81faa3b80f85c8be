import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import path from 'node:path'
import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import { csvBatches, readCsvHeader } from './csv.ts'
import type { SourceLayout } from './layout.ts'
import { detectLayout } from './layout.ts'
import { parquetBatches, readParquetHeader } from './parquet.ts'
import type { SourceSettings } from './settings.ts'
import type { SourceSpec } from './source-arg.ts'

export interface OpenSource {
  spec: SourceSpec
  layout: SourceLayout
  /** The records in batches of `size` (10,000 by default), streamed so that files larger than memory can be read. */
  batches(size?: number): AsyncIterable<PersonRecord[]>
  /** Records read so far by `batches`. */
  rowsRead(): number
}

const DEFAULT_BATCH_SIZE = 10_000
const CSV_EXTENSIONS = new Set(['', '.csv', '.tsv', '.txt'])

const checkFile = async (file: string): Promise<void> => {
  let size: number
  try {
    const info = await stat(file)
    if (!info.isFile())
      throw new JustIdError('file_unreadable', `${file} is a directory or device, not a file`)
    size = info.size
    await access(file, constants.R_OK)
  } catch (e) {
    if (e instanceof JustIdError) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new JustIdError('file_not_found', `${file}: no such file`)
    throw new JustIdError(
      'file_unreadable',
      `${file} cannot be read (${code ?? 'unknown error'}); check its permissions`,
    )
  }
  if (size === 0) {
    throw new JustIdError(
      'empty_file',
      `${file} is empty: a source needs a header line and at least one record`,
    )
  }
}

const positiveSize = (size: number): number => {
  if (!Number.isInteger(size) || size < 1)
    throw new JustIdError('internal', `batch size ${size} is not a positive integer`)
  return size
}

/**
 * Opens a CSV or Parquet source (by its extension): checks that the file can be read and works out its layout from
 * the header; records stream only when `batches` is iterated.
 */
export const openSource = async (spec: SourceSpec, settings?: SourceSettings): Promise<OpenSource> => {
  const { file, name } = spec
  const extension = path.extname(file).toLowerCase()
  if (extension !== '.parquet' && !CSV_EXTENSIONS.has(extension)) {
    throw new JustIdError(
      'file_unreadable',
      `${file}: cannot read ${extension} files; give a CSV (.csv, .tsv, .txt) or Parquet (.parquet) file`,
    )
  }
  await checkFile(file)
  let rows = 0
  const counted = (n: number): void => {
    rows = n
  }
  if (extension === '.parquet') {
    const layout = detectLayout(await readParquetHeader(file), file, settings)
    return {
      spec,
      layout,
      rowsRead: () => rows,
      batches: (size = DEFAULT_BATCH_SIZE) => parquetBatches(file, name, layout, positiveSize(size), counted),
    }
  }
  const header = await readCsvHeader(file)
  const layout = detectLayout(header.headers, file, settings)
  return {
    spec,
    layout,
    rowsRead: () => rows,
    batches: (size = DEFAULT_BATCH_SIZE) =>
      csvBatches(file, name, header, layout, positiveSize(size), counted),
  }
}
