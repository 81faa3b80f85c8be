import type { RecordKey } from '../core/record-key.ts'
import type { JusticeEvent, JusticeEventStore, JusticeId, PersonStore } from '../person-index/types.ts'
import { type CustodyHistory, type Day, dayOf } from './features.ts'

/** One person of the index as the estimate sees them: every linked record's custody periods and incidents. */
export interface PersonCustody {
  justiceId: JusticeId
  history: CustodyHistory
  sex: 'm' | 'f' | null
  /** The linked records the history was computed from (those with custody events). */
  recordKeys: RecordKey[]
}

/** The value most records give; ties go to the first in record-key order, so the answer never depends on order. */
const commonest = <T>(values: readonly T[]): T | null => {
  const counts = new Map<T, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best: T | null = null
  let most = 0
  for (const [v, n] of counts)
    if (n > most) {
      best = v
      most = n
    }
  return best
}

/** Builds each person's history from their records and events: the events' days, birth date and sex of the records. */
export const personCustody = (
  records: readonly {
    key: RecordKey
    justiceId: JusticeId
    dateOfBirth: string | null
    sex: 'm' | 'f' | null
  }[],
  events: readonly JusticeEvent[],
): PersonCustody[] => {
  const byKey = new Map<RecordKey, JusticeEvent[]>()
  for (const e of events) {
    if (e.eventType !== 'custody' && e.eventType !== 'custody_incident') continue
    byKey.set(e.recordKey, [...(byKey.get(e.recordKey) ?? []), e])
  }
  const byPerson = new Map<JusticeId, typeof records>()
  for (const r of [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)))
    byPerson.set(r.justiceId, [...(byPerson.get(r.justiceId) ?? []), r])
  const out: PersonCustody[] = []
  for (const [justiceId, rs] of byPerson) {
    const periods: { start: Day; end: Day | null }[] = []
    const incidents: Day[] = []
    const recordKeys: RecordKey[] = []
    for (const r of rs) {
      const es = byKey.get(r.key)
      if (!es) continue
      recordKeys.push(r.key)
      for (const e of es) {
        if (e.eventType === 'custody')
          periods.push({ start: dayOf(e.startDate), end: e.endDate === null ? null : dayOf(e.endDate) })
        else incidents.push(dayOf(e.startDate))
      }
    }
    if (periods.length === 0 && incidents.length === 0) continue
    const birth = commonest(rs.flatMap((r) => (r.dateOfBirth ? [r.dateOfBirth] : [])))
    out.push({
      justiceId,
      history: { birth: birth === null ? null : dayOf(birth), periods, incidents },
      sex: commonest(rs.flatMap((r) => (r.sex ? [r.sex] : []))),
      recordKeys,
    })
  }
  return out
}

/** Every person of the index with any custody history. */
export const readPersonCustody = async (store: PersonStore & JusticeEventStore): Promise<PersonCustody[]> => {
  const records: Parameters<typeof personCustody>[0][number][] = []
  for await (const chunk of store.records())
    for (const r of chunk)
      records.push({
        key: r.key,
        justiceId: r.justiceId,
        dateOfBirth: r.record.dateOfBirth,
        sex: r.record.sex,
      })
  return personCustody(records, await store.allJusticeEvents())
}

/** The latest day any custody event names, for a default as-of date. */
export const latestDay = (people: readonly PersonCustody[]): Day | null => {
  let latest: Day | null = null
  for (const p of people)
    for (const d of [
      ...p.history.incidents,
      ...p.history.periods.flatMap((q) => [q.start, q.end ?? q.start]),
    ])
      if (latest === null || d > latest) latest = d
  return latest
}
