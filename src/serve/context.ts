import type { ApiClient, ApiScope, AuditAction, JusticeId } from '../person-index/types.ts'

/** What the hooks and handlers record on a request, and what each route declares about itself. */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a client needs; routes without one are public. */
    scope?: ApiScope
    /** The audit action of a route that touches a person; such routes require a purpose and are audited. */
    auditAction?: AuditAction
  }
  interface FastifyRequest {
    client: ApiClient | null
    purpose: string | null
    /** The Justice IDs the request touched, for its audit entry. */
    auditIds: JusticeId[] | null
  }
}
