import type { ScryptCost } from '../passwords.ts'

/**
 * A low scrypt cost for apps under test and their staff: sign-in rules (lockout, throttling, decoys, sessions) do
 * not depend on the cost, and at OWASP's each of the hundreds of hashes the tests make takes most of a second.
 * `src/web/passwords.test.ts` and the rehash test keep OWASP's.
 */
export const TEST_PASSWORD_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 }
