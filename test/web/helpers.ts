import type { PersonIndexStore, StaffRole } from '../../src/index/types.ts'
import { hashPassword } from '../../src/web/passwords.ts'

/** Synthetic staff only. */
export const PASSWORD = 'correct horse battery'

export const addStaff = async (store: PersonIndexStore, username: string, role: StaffRole): Promise<void> => {
  await store.addStaffUser(
    { username, displayName: `Test ${role}`, role, createdAt: '2026-01-01T00:00:00.000Z', disabled: false },
    await hashPassword(PASSWORD),
  )
}

/** The cookie pair (`name=value`) of a Set-Cookie header, to send back. */
export const cookieOf = (setCookie: string | string[] | undefined): string => {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie
  return (first ?? '').split(';')[0]!
}

export const csrfOf = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!match) throw new Error('no CSRF token on the page')
  return match[1]!
}
