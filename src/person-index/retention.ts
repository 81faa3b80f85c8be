import type { JusticeId, PersonStore, RecordKey } from './types.ts'

/** Days for which a removed record that comes back is given the Justice ID it had (docs/person-index.md). */
export const RETENTION_DAYS = 365

/**
 * Of `keys` (records the index does not hold now), those removed from it within the retention period before `at`
 * (ISO), with the Justice ID each had: relink sends each home to that ID. One rule for `link`, `add` and the
 * real-time API.
 */
export const returningRecords = (
  store: Pick<PersonStore, 'removedRecords'>,
  keys: readonly RecordKey[],
  at: string,
): Promise<Map<RecordKey, JusticeId>> => {
  const since = new Date(Date.parse(at) - RETENTION_DAYS * 86_400_000).toISOString()
  return store.removedRecords(keys, since)
}
