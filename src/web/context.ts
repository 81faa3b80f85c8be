import type { StaffRole } from '../person-index/types.ts'
import type { WebSession } from './sessions.ts'

/** What the web app's routes declare and its hooks record on a request. */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Staff roles allowed on a web page; pages without it are open (sign-in, assets). */
    staffRoles?: readonly StaffRole[]
  }
  interface FastifyRequest {
    webSession: WebSession | null
  }
}

export const ALL_ROLES: readonly StaffRole[] = ['reviewer', 'analyst', 'admin']
export const ADMIN_ONLY: readonly StaffRole[] = ['admin']
/** Who may find and read a person: every role, custody staff too (who see nothing of the review queue). */
export const PERSON_ROLES: readonly StaffRole[] = [...ALL_ROLES, 'custody']

/** An error the web app shows as a page with this status. */
export class WebError extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    message: string,
  ) {
    super(message)
    this.name = 'WebError'
  }
}
