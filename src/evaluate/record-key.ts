/** A record's identity across sources: the source name and the source's own id, joined by a NUL character. */
export type RecordKey = string

/** NUL cannot occur in a source name or a CSV record id, so the key is unambiguous and splits back cleanly. */
export const recordKey = (source: string, recordId: string): RecordKey => `${source}\u0000${recordId}`

export const splitRecordKey = (key: RecordKey): { source: string; recordId: string } => {
  const at = key.indexOf('\u0000')
  return at < 0 ? { source: '', recordId: key } : { source: key.slice(0, at), recordId: key.slice(at + 1) }
}
