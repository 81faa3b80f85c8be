import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { StaffUser } from '../person-index/types.ts'

/**
 * Sessions live in memory only: a restart signs everyone out, which is acceptable for a staff tool and keeps no
 * session data on disk. Every visitor gets a session (anonymous until sign-in) so the sign-in form has a CSRF token
 * too; signing in replaces the session, so an identifier planted before sign-in is worthless after it.
 */
export interface WebSession {
  id: string
  csrfToken: string
  user: StaffUser | null
  /**
   * A digest of the signed-in user's stored password hash: when the stored hash changes (a password reset), the
   * session no longer matches and ends.
   */
  credential: string | null
  lastSeen: number
}

export const SESSION_COOKIE = 'justid_session'
export const DEFAULT_IDLE_MS = 30 * 60 * 1000

const token = (): string => randomBytes(32).toString('base64url')

export const credentialOf = (passwordHash: string): string =>
  createHash('sha256').update(passwordHash).digest('base64url')

export class SessionStore {
  private readonly sessions = new Map<string, WebSession>()

  constructor(
    private readonly clock: () => number,
    private readonly idleMs = DEFAULT_IDLE_MS,
  ) {}

  create(user: StaffUser | null, passwordHash: string | null = null): WebSession {
    this.sweep()
    const session: WebSession = {
      id: token(),
      csrfToken: token(),
      user,
      credential: passwordHash === null ? null : credentialOf(passwordHash),
      lastSeen: this.clock(),
    }
    this.sessions.set(session.id, session)
    return session
  }

  /** The live session with this id, its idle clock restarted; null when unknown or idle too long. */
  touch(id: string): WebSession | null {
    const session = this.sessions.get(id)
    if (!session) return null
    const now = this.clock()
    if (now - session.lastSeen > this.idleMs) {
      this.sessions.delete(id)
      return null
    }
    session.lastSeen = now
    return session
  }

  destroy(id: string): void {
    this.sessions.delete(id)
  }

  get size(): number {
    return this.sessions.size
  }

  private sweep(): void {
    const now = this.clock()
    for (const [id, s] of this.sessions) if (now - s.lastSeen > this.idleMs) this.sessions.delete(id)
  }
}

export const csrfMatches = (session: WebSession, sent: unknown): boolean => {
  if (typeof sent !== 'string') return false
  const a = Buffer.from(sent)
  const b = Buffer.from(session.csrfToken)
  return a.length === b.length && timingSafeEqual(a, b)
}
