export { COLUMN_ROLES, detectLayout, sourceSettingsSchema } from './columns.ts'
export type { ColumnMapping, ColumnRole, SourceLayout, SourceSettings } from './columns.ts'
export { openSource, parseSourceArg, toPersonRecord } from './source.ts'
export type { OpenSource, SourceSpec } from './source.ts'
