import type { StaffStore, StaffUser } from '../../person-index/types.ts'
import { COST, decoyHash, hashPassword, needsRehash, type ScryptCost, verifyPassword } from '../passwords.ts'
import { credentialOf } from '../sessions.ts'
import { createAccountLocks } from '../sign-in-guard.ts'
import { USERNAME } from './audit.ts'

/**
 * A sign-in's outcome. A refusal carries its audit outcome (`401`, `locked` or `disabled`) and whether this
 * attempt locked the account; the page says the same to every refusal, so none is told apart.
 */
export type SignInResult =
  | { kind: 'signed-in'; user: StaffUser; passwordHash: string }
  | { kind: 'refused'; outcome: '401' | 'locked' | 'disabled'; lockedNow: boolean }

export type UserAction = 'disable' | 'enable' | 'unlock'

/** A staff user as the admin page lists them: their status (a lock in force shows) and what an admin may do. */
export type UserRow = StaffUser & { status: string; actions: UserAction[] }

/** Staff accounts: sign-in with lockout, sessions kept in step with the accounts, and an admin's changes. */
export interface StaffService {
  signIn(username: string, password: string): Promise<SignInResult>
  /**
   * The signed-in user as stored now, or null when they were disabled, removed or given a new password since
   * their session began (`credential`: the session's digest of the password hash).
   */
  stillSignedIn(username: string, credential: string | null): Promise<StaffUser | null>
  users(self: string | undefined): Promise<UserRow[]>
  /** An admin's change to a user, as done; `not_found` for no such user or action, `self` for disabling oneself. */
  change(
    username: string,
    action: string,
    self: string | undefined,
  ): Promise<UserAction | 'not_found' | 'self'>
}

const USER_ACTIONS: readonly UserAction[] = ['disable', 'enable', 'unlock']
const isUserAction = (value: string): value is UserAction =>
  (USER_ACTIONS as readonly string[]).includes(value)

export const createStaffService = (
  store: StaffStore,
  now: () => Date,
  passwordCost: ScryptCost = COST,
): StaffService => {
  const decoy = decoyHash(passwordCost)
  const locks = createAccountLocks(store, now)
  return {
    async signIn(username, password) {
      const found = USERNAME.test(username) ? await store.staffUser(username) : null
      if (found && (await locks.lockedUntil(username))) {
        await verifyPassword(password, await decoy)
        return { kind: 'refused', outcome: 'locked', lockedNow: false }
      }
      // An unknown user costs one hash like a known one, so timing does not tell which usernames exist.
      const ok = await verifyPassword(password, found?.passwordHash ?? (await decoy))
      if (!found || !ok || found.user.disabled) {
        const lockedNow = found !== null && !ok && (await locks.failed(username))
        return { kind: 'refused', outcome: found?.user.disabled && ok ? 'disabled' : '401', lockedNow }
      }
      await locks.succeeded(username)
      let passwordHash = found.passwordHash
      if (needsRehash(passwordHash, passwordCost)) {
        // The password is known only now: its hash made at an older cost is replaced by one at today's.
        passwordHash = await hashPassword(password, passwordCost)
        await store.updateStaffUser(username, { passwordHash })
      }
      return { kind: 'signed-in', user: found.user, passwordHash }
    },

    async stillSignedIn(username, credential) {
      const stored = await store.staffUser(username)
      return stored && !stored.user.disabled && credentialOf(stored.passwordHash) === credential
        ? stored.user
        : null
    },

    async users(self) {
      return Promise.all(
        (await store.staffUsers()).map(async (u) => {
          const locked = await locks.lockedUntil(u.username)
          const actions: UserAction[] = [
            ...(locked ? (['unlock'] as const) : []),
            ...(u.disabled ? (['enable'] as const) : u.username === self ? [] : (['disable'] as const)),
          ]
          const status = u.disabled
            ? 'disabled'
            : locked
              ? `locked until ${locked.toISOString().slice(11, 16)} UTC`
              : 'active'
          return { ...u, status, actions }
        }),
      )
    },

    async change(username, action, self) {
      const found = USERNAME.test(username) ? await store.staffUser(username) : null
      if (!found || !isUserAction(action)) return 'not_found'
      if (action === 'disable' && username === self) return 'self'
      if (action === 'unlock') await store.setSignInState(username, null)
      else await store.updateStaffUser(username, { disabled: action === 'disable' })
      return action
    },
  }
}
