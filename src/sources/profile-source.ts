import type { ContentKind } from './column-content.ts'
import { profileContent } from './column-content.ts'
import type { SourceMapping } from './column-mapping.ts'
import { mappingOf, useOf } from './column-mapping.ts'
import { forenameTable, type OpenSource, openSources } from './open-source.ts'
import type { SourceSettings } from './settings.ts'
import type { SourceSpec } from './source-arg.ts'

/** One column as `justid profile` shows it: its role and why, its fill and values, and what JustID does with it. */
export interface ColumnProfile {
  header: string
  role: string
  reason: string
  guess: boolean
  content?: ContentKind
  note?: string
  /** What JustID will do with the column, in words. */
  use: string
  /** Share of the rows read with a value. */
  completeness: number
  distinct: number
  /** The most frequent values and their counts: the user's own data, shown to the user only. */
  top: { value: string; count: number }[]
}

export interface SourceProfile {
  source: string
  file: string
  /** Rows read for the figures. */
  rows: number
  /** Whether the whole file was read (else the figures are over its first `rows` rows). */
  wholeFile: boolean
  recordId: string | null
  recordIdReason: SourceMapping['recordIdReason']
  columns: ColumnProfile[]
}

/** Profiles each source over its first `rows` rows, with the layouts `justid link` would use. Links nothing. */
export const profileSources = async (
  specs: readonly SourceSpec[],
  settingsOf: (name: string) => SourceSettings | undefined,
  rows: number,
): Promise<SourceProfile[]> => {
  // Opened together, as `justid link` opens them: an identifier two sources name differently is shown as one.
  const sources = await openSources(specs, settingsOf)
  const profiles: SourceProfile[] = []
  for (const source of sources) profiles.push(await profileOf(source, rows))
  return profiles
}

const profileOf = async (source: OpenSource, rows: number): Promise<SourceProfile> => {
  const { spec } = source
  const samples = await source.sample(rows)
  const mapping = mappingOf(spec, source.layout, source.encoding)
  const read = samples[0]?.rows ?? 0
  return {
    source: spec.name,
    file: spec.file,
    rows: read,
    wholeFile: read < rows,
    recordId: mapping.recordId,
    recordIdReason: mapping.recordIdReason,
    columns: mapping.columns.map((c, i) => {
      const figures = profileContent(samples[i]!, forenameTable())
      return {
        ...c,
        use: useOf(mapping, c),
        completeness: figures.completeness,
        distinct: figures.distinct,
        top: figures.top,
      }
    }),
  }
}
