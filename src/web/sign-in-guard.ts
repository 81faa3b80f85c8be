import type { FastifyInstance } from 'fastify'
import { createLimiter, type Limiter } from '../http/rate-limit.ts'
import type { SignInState, StaffStore } from '../person-index/types.ts'

/**
 * Sign-in throttling and lockout. Per address: at most ATTEMPTS_PER_ADDRESS attempts in 15 minutes, whatever their
 * outcome, so one address cannot try many accounts. Per account: MAX_FAILURES wrong passwords in a row lock it for
 * LOCKOUT_MS, so many addresses cannot try one account; the lock is kept in the index, so it holds across restarts
 * and an admin can lift it (`justid users unlock`). Only existing accounts are locked: a lock table keyed by any
 * name typed would let anyone fill it.
 */

export const MAX_FAILURES = 5
export const LOCKOUT_MS = 15 * 60_000
const WINDOW_MS = 15 * 60_000
export const ATTEMPTS_PER_ADDRESS = 30

/** Counts a sign-in attempt from the request's address; refused when the address is over the limit. */
export const createAddressLimit = (web: FastifyInstance): Limiter =>
  createLimiter(web, {
    key: (request) => `sign-in:address:${request.ip}`,
    max: ATTEMPTS_PER_ADDRESS,
    windowMs: WINDOW_MS,
  })

export interface AccountLocks {
  /** The lock in force on an existing account, or null. */
  lockedUntil(username: string): Promise<Date | null>
  /** Counts a wrong password for an existing account; true when this failure locked it. */
  failed(username: string): Promise<boolean>
  succeeded(username: string): Promise<void>
}

export const createAccountLocks = (
  store: Pick<StaffStore, 'signInState' | 'setSignInState'>,
  now: () => Date,
): AccountLocks => {
  const current = async (username: string): Promise<SignInState | null> => {
    const state = await store.signInState(username)
    // An expired lock starts a fresh count: the next failure is the first, not the sixth.
    if (state?.lockedUntil && Date.parse(state.lockedUntil) <= now().getTime()) return null
    return state
  }
  return {
    async lockedUntil(username) {
      const until = (await current(username))?.lockedUntil
      return until ? new Date(until) : null
    },
    async failed(username) {
      const failures = ((await current(username))?.failures ?? 0) + 1
      const locks = failures >= MAX_FAILURES
      await store.setSignInState(username, {
        failures,
        lockedUntil: locks ? new Date(now().getTime() + LOCKOUT_MS).toISOString() : null,
      })
      return locks
    },
    async succeeded(username) {
      if (await store.signInState(username)) await store.setSignInState(username, null)
    },
  }
}
