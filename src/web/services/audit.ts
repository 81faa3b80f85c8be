import type { AuditWriter } from '../../person-index/store/audit-writer.ts'
import type { AuditAction, JusticeId } from '../../person-index/types.ts'

/** The purpose every staff entry gives: the app is used for case review only. */
export const AUDIT_PURPOSE = 'case review'

/** The form `justid users add` accepts; anything else typed is audited as invalid, never verbatim. */
export const USERNAME = /^[a-z0-9._-]{2,64}$/

/** Staff actions as audit entries; each promise settles once its entry is durable (or could not be written). */
export interface AuditService {
  /** An action of the member of staff signed in (`null`: nobody is). */
  staff(
    username: string | null,
    action: AuditAction,
    justiceIds: readonly JusticeId[],
    outcome?: string,
  ): Promise<void>
  /** A sign-in attempt, logged under the username tried when it is well-formed. */
  signInAttempt(username: string, action: AuditAction, outcome: string): Promise<void>
  /** An attempt over the per-address limit: counted, not logged one by one, so a flood cannot flood the log. */
  throttledSignIn(): Promise<void>
}

export const createAuditService = (writer: AuditWriter, now: () => Date): AuditService => {
  const entry = (actor: string, action: AuditAction, justiceIds: readonly JusticeId[], outcome: string) => ({
    at: now().toISOString(),
    actor: `staff:${actor}`,
    action,
    justiceIds: [...new Set(justiceIds)],
    purpose: AUDIT_PURPOSE,
    outcome,
  })
  return {
    staff: (username, action, justiceIds, outcome = '200') =>
      writer.append(entry(username ?? 'anonymous', action, justiceIds, outcome)),
    signInAttempt: (username, action, outcome) =>
      writer.append(entry(USERNAME.test(username) ? username : '(invalid username)', action, [], outcome)),
    throttledSignIn: () => writer.appendOrCount(entry('(throttled)', 'web.sign-in', [], '429')),
  }
}
