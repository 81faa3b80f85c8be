import type { CustodyModel } from '../../custody/model.ts'
import type { AuditWriter } from '../../person-index/store/audit-writer.ts'
import type { PersonIndexStore } from '../../person-index/types.ts'
import type { RealtimeIndex } from '../../realtime/types.ts'
import type { ScryptCost } from '../passwords.ts'
import { type AuditService, createAuditService } from './audit.ts'
import { type CustodyService, createCustodyService } from './custody.ts'
import { createPersonService, type PersonService } from './persons.ts'
import { createReviewService, type ReviewService } from './review.ts'
import { createStaffService, type StaffService } from './staff.ts'

/**
 * What the staff app's routes call: one service per concern, made from the stores and the real-time index. Routes
 * parse the request, call a service and render; only services read or write the index.
 */
export interface WebServices {
  persons: PersonService
  review: ReviewService
  staff: StaffService
  custody: CustodyService
  audit: AuditService
}

export interface WebData {
  index: RealtimeIndex
  store: PersonIndexStore
  audit: AuditWriter
  now: () => Date
  custodyModel: CustodyModel | null
  passwordCost?: ScryptCost
}

export const createWebServices = ({
  index,
  store,
  audit,
  now,
  custodyModel,
  passwordCost,
}: WebData): WebServices => {
  const persons = createPersonService(index, store)
  return {
    persons,
    review: createReviewService(index, store, persons),
    staff: createStaffService(store, now, passwordCost),
    custody: createCustodyService(custodyModel, store, now),
    audit: createAuditService(audit, now),
  }
}
