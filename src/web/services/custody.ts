import { estimatePerson, type PersonEstimate } from '../../custody/estimate.ts'
import type { CustodyModel } from '../../custody/model.ts'
import type { JusticeEventStore, PersonView } from '../../person-index/types.ts'

/** The custody violence estimate, when `justid serve --custody-model` gave its model. */
export interface CustodyService {
  available: boolean
  /** The person's estimate and its factors; null when the server has no model. */
  estimate(view: PersonView): Promise<PersonEstimate | null>
}

export const createCustodyService = (
  model: CustodyModel | null,
  store: JusticeEventStore,
  now: () => Date,
): CustodyService => ({
  available: model !== null,
  estimate: async (view) => (model ? estimatePerson(model, store, view, now()) : null),
})
