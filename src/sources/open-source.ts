import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import path from 'node:path'
import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import { loadNameVariants, type NameVariants } from '../standardise/name-variants.ts'
import type { ColumnSample, ContentProfile } from './column-content.ts'
import { addToSample, emptySample, profileContent } from './column-content.ts'
import { csvBatches, csvSampleRows, readCsvHeader } from './csv.ts'
import type { FileEncoding } from './encoding.ts'
import { alignOtherIdentifiers, type KnownIdentifier } from './identifier-alignment.ts'
import type { SourceLayout } from './layout.ts'
import { detectLayout } from './layout.ts'
import { parquetBatches, parquetSampleRows, readParquetHeader } from './parquet.ts'
import type { SourceSettings } from './settings.ts'
import { COMPRESSED, type SourceSpec } from './source-arg.ts'

export interface OpenSource {
  spec: SourceSpec
  layout: SourceLayout
  /** What the first rows' values of each column look like, as detection saw them. */
  contents: ContentProfile[]
  /**
   * The distinct values each identifier column (role otherId) held among the rows detection read, by column index:
   * what aligning identifiers between sources compares, without reading the file again.
   */
  identifierValues: ReadonlyMap<number, readonly string[]>
  /** Samples each column over the first `rows` rows (and keeps at most `values` values of each for classifying). */
  sample(rows: number, values?: number): Promise<ColumnSample[]>
  /** The records in batches of `size` (10,000 by default), streamed so that files larger than memory can be read. */
  batches(size?: number): AsyncIterable<PersonRecord[]>
  /** Records read so far by `batches`. */
  rowsRead(): number
  /** How the file's bytes are read: a CSV file may be Windows-1252 (src/sources/encoding.ts); Parquet is UTF-8. */
  encoding: FileEncoding
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

/** Rows read to detect column roles: enough to see a column's kind and whether an id repeats, quick on any file. */
const DETECTION_ROWS = 5_000
/** Values of each column classified: the first ~2,000 non-empty ones say what a column holds. */
export const CLASSIFIED_VALUES = 2_000

let shippedVariants: NameVariants | undefined
/** The shipped forename table, read once: it tells forename columns from surname columns. */
export const forenameTable = (): NameVariants => {
  shippedVariants ??= loadNameVariants()
  return shippedVariants
}

const sampleOf = async (
  rows: AsyncIterable<string[]>,
  width: number,
  values: number,
): Promise<ColumnSample[]> => {
  const samples = Array.from({ length: width }, emptySample)
  for await (const row of rows) {
    samples.forEach((s, i) => {
      addToSample(s, row[i], values)
    })
  }
  return samples
}

/**
 * The layout from the header and a sample of the values. The header is checked before any row is sampled: a file
 * whose first line is data fails on that first.
 */
const detect = async (
  headers: string[],
  file: string,
  settings: SourceSettings | undefined,
  sample: (limit: number) => Promise<ColumnSample[]>,
): Promise<Pick<OpenSource, 'layout' | 'contents' | 'identifierValues'>> => {
  // An unnamed column is judged by its values below (left unused if it has none), so not refused here.
  detectLayout(
    headers.map((h, i) => (h.trim() === '' ? `column_${i + 1}` : h)),
    file,
    settings,
  )
  const samples = await sample(DETECTION_ROWS)
  const contents = samples.map((s) => profileContent(s, forenameTable()))
  const layout = detectLayout(headers, file, settings, contents)
  const identifierValues = new Map(
    layout.columns
      .filter((c) => c.role === 'otherId')
      .map((c) => [c.index, [...samples[c.index]!.counts.keys()]]),
  )
  return { layout, contents, identifierValues }
}

const positiveSize = (size: number): number => {
  if (!Number.isInteger(size) || size < 1)
    throw new JustIdError('internal', `batch size ${size} is not a positive integer`)
  return size
}

/** What a CSV and a Parquet file are read by: the rest of opening a source is the same for both. */
interface FileFormat {
  headers: string[]
  headerLine: boolean
  encoding: FileEncoding
  sampleRows(limit: number): AsyncIterable<string[]>
  batches(layout: SourceLayout, size: number, counted: (rows: number) => void): AsyncIterable<PersonRecord[]>
}

const parquetFormat = async (file: string, name: string): Promise<FileFormat> => {
  const headers = await readParquetHeader(file)
  return {
    headers,
    headerLine: true,
    encoding: 'utf-8',
    sampleRows: (limit) => parquetSampleRows(file, headers, limit),
    batches: (layout, size, counted) => parquetBatches(file, name, layout, size, counted),
  }
}

const csvFormat = async (file: string, name: string, settings?: SourceSettings): Promise<FileFormat> => {
  const header = await readCsvHeader(file, settings)
  return {
    headers: header.headers,
    headerLine: header.headerLine,
    encoding: header.encoding,
    sampleRows: (limit) => csvSampleRows(file, header, limit),
    batches: (layout, size, counted) => csvBatches(file, name, header, layout, size, counted),
  }
}

/**
 * Opens a CSV or Parquet source (by its extension): checks that the file can be read and works out its layout from
 * the header and a sample of the values, unless `detected` gives what an earlier opening of the same file found (a
 * worker thread reading the records for the run that detected it); records stream only when `batches` is iterated.
 */
export const openSource = async (
  spec: SourceSpec,
  settings?: SourceSettings,
  detected?: Pick<OpenSource, 'layout' | 'contents' | 'identifierValues'>,
): Promise<OpenSource> => {
  const { file, name } = spec
  const extension = path.extname(file).toLowerCase()
  if (extension !== '.parquet' && !CSV_EXTENSIONS.has(extension)) {
    throw new JustIdError(
      'file_unreadable',
      `${file}: cannot read ${extension} files; give a CSV (.csv, .tsv, .txt) or Parquet (.parquet) file` +
        (COMPRESSED.has(extension) ? ' (decompress it first)' : ''),
    )
  }
  await checkFile(file)
  let rows = 0
  const counted = (n: number): void => {
    rows = n
  }
  const format =
    extension === '.parquet' ? await parquetFormat(file, name) : await csvFormat(file, name, settings)
  const sample = (limit: number, values = CLASSIFIED_VALUES) =>
    sampleOf(format.sampleRows(limit), format.headers.length, values)
  const found = detected ?? (await detect(format.headers, file, settings, sample))
  const { contents, identifierValues } = found
  const layout: SourceLayout = format.headerLine ? found.layout : { ...found.layout, noHeaderLine: true }
  return {
    spec,
    layout,
    contents,
    identifierValues,
    sample,
    rowsRead: () => rows,
    encoding: format.encoding,
    batches: (size = DEFAULT_BATCH_SIZE) => format.batches(layout, positiveSize(size), counted),
  }
}

/**
 * Opens the sources of one run: each detected on its own, then the identifier columns of different sources that hold
 * one identifier under different headers given one key (identifier-alignment.ts), so their values are compared.
 */
export const openSources = async (
  specs: readonly SourceSpec[],
  settingsOf: (name: string) => SourceSettings | undefined,
): Promise<OpenSource[]> =>
  alignSources(await Promise.all(specs.map((spec) => openSource(spec, settingsOf(spec.name)))), settingsOf)

/**
 * The sources opened again where identifier alignment changed their layout: with each other, and with the
 * identifiers records already held give (`known`, an index's).
 */
export const alignSources = async (
  opened: readonly OpenSource[],
  settingsOf: (name: string) => SourceSettings | undefined,
  known: readonly KnownIdentifier[] = [],
): Promise<OpenSource[]> => {
  const layouts = alignOtherIdentifiers(opened, known)
  return Promise.all(
    opened.map((s, i) =>
      layouts[i] === s.layout
        ? s
        : openSource(s.spec, settingsOf(s.spec.name), { ...s, layout: layouts[i]! }),
    ),
  )
}
