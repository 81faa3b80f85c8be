import type { RecordKey } from '../core/record-key.ts'
import type { JusticeEvent, JusticeEventStore, PersonView } from '../person-index/types.ts'
import { type Day, dayOf, type Features, featuresAt, isoOf } from './features.ts'
import { type Contribution, type CustodyModel, contributions, expectedRate } from './model.ts'
import { personCustody } from './person-histories.ts'

/** One person's estimate, what moved it, and the linked records it was computed from. */
export interface PersonEstimate {
  justiceId: string
  /** The day the features were read on. */
  on: string
  /** Expected incidents in custody over the next year in custody. */
  expected: number
  /** Someone aged 30-39 with no incidents or time in custody in the last 3 years. */
  baseline: number
  features: Features
  factors: Contribution[]
  records: { key: RecordKey; custodyPeriods: number; incidents: number }[]
  model: { asOf: string; trainedAt: string }
}

/** The estimate of a person of the index on `today`, from the events of every linked record. */
export const estimateOf = (
  model: CustodyModel,
  view: PersonView,
  events: readonly JusticeEvent[],
  today: Day,
): PersonEstimate => {
  const [custody] = personCustody(
    view.records.map((r) => ({
      key: r.key,
      justiceId: view.person.justiceId,
      dateOfBirth: r.record.dateOfBirth,
      sex: r.record.sex,
    })),
    events,
  )
  const history = custody?.history ?? {
    birth: (() => {
      const dob = view.records.find((r) => r.record.dateOfBirth)?.record.dateOfBirth
      return dob ? dayOf(dob) : null
    })(),
    periods: [],
    incidents: [],
  }
  const features = featuresAt(history, today)
  return {
    justiceId: view.person.justiceId,
    on: isoOf(today),
    expected: expectedRate(model, features),
    baseline: Math.exp(model.terms[0]!.coefficient),
    features,
    factors: contributions(model, features),
    records: (custody?.recordKeys ?? []).map((key) => {
      const own = events.filter((e) => e.recordKey === key)
      return {
        key,
        custodyPeriods: own.filter((e) => e.eventType === 'custody').length,
        incidents: own.filter((e) => e.eventType === 'custody_incident').length,
      }
    }),
    model: { asOf: model.asOf, trainedAt: model.trainedAt },
  }
}

/** Reads the person's events from the store and estimates. */
export const estimatePerson = async (
  model: CustodyModel,
  store: JusticeEventStore,
  view: PersonView,
  now: Date,
): Promise<PersonEstimate> =>
  estimateOf(
    model,
    view,
    await store.justiceEvents(view.records.map((r) => r.key)),
    Math.floor(now.getTime() / 86_400_000),
  )
