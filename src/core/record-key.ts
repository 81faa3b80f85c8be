/**
 * A record's identity across sources: `<source>:<recordId>`. Source names hold only letters, digits, _ and -
 * (src/sources/source-arg.ts), so the first colon ends the source; record ids may hold colons.
 */
export type RecordKey = string

export const recordKeyOf = (source: string, recordId: string): RecordKey => `${source}:${recordId}`

/** The source and record id of a key: the source is all before the first colon. */
export const recordOfKey = (key: RecordKey): { source: string; recordId: string } => {
  const colon = key.indexOf(':')
  return { source: key.slice(0, colon), recordId: key.slice(colon + 1) }
}
