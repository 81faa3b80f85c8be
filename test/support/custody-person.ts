import type { JusticeEvent, PersonIndexStore } from '../../src/person-index/types.ts'
import type { OpenRealtimeIndex } from '../../src/realtime/memory-index.ts'
import type { RecordInput } from '../../src/realtime/types.ts'

/**
 * Adds the invented person (no real one) the custody suites estimate for: prison record k1, in custody at HMP
 * Example since 2025-04-01 with `incidents` (day and `kind:role` detail) recorded there. Returns the Justice ID.
 */
export const addCustodyPerson = async (
  index: OpenRealtimeIndex,
  store: PersonIndexStore,
  incidents: { startDate: string; detail: string }[],
  more: Partial<RecordInput> = {},
): Promise<string> => {
  const { justiceId } = await index.upsert('prison', 'k1', {
    forename: 'Leopold',
    surname: 'Quarrington-Vale',
    dateOfBirth: '2004-05-06',
    sex: 'M',
    ...more,
  })
  const at = { source: 'prison', recordId: 'k1', recordKey: 'prison:k1' }
  const events: JusticeEvent[] = [
    { ...at, eventType: 'custody', startDate: '2025-04-01', endDate: null, detail: 'HMP Example' },
    ...incidents.map(({ startDate, detail }) => ({
      ...at,
      eventType: 'custody_incident' as const,
      startDate,
      endDate: null,
      detail,
    })),
  ]
  await store.addJusticeEvents(events)
  return justiceId!
}
