import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * Staff passwords are kept only as a scrypt hash: `scrypt$N$r$p$salt$hash`, salt and hash in base64url. The cost
 * parameters travel with the hash, so a hash made at an older, lower cost still verifies and is replaced at the
 * next sign-in (`needsRehash`).
 */

export const MIN_PASSWORD_LENGTH = 12

export interface ScryptCost {
  N: number
  r: number
  p: number
}

/** OWASP's scrypt parameters (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1; about 128 MiB a hash. */
export const COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 }
const KEY_LENGTH = 32
/** The most a stored hash may make us spend: scrypt needs 128·N·r bytes, and node's default cap is 32 MiB. */
const MAX_N = 2 ** 20
const memoryFor = (N: number, r: number): number => 128 * N * r + 1024 * 1024

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (e, key) => (e ? reject(e) : resolve(key)))
  })

export const hashPassword = async (password: string, cost: ScryptCost = COST): Promise<string> => {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { ...cost, maxmem: memoryFor(cost.N, cost.r) })
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

interface Parsed {
  N: number
  r: number
  p: number
  salt: Buffer
  hash: Buffer
}

const parse = (stored: string): Parsed | null => {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  const [N, R, P] = [Number(n), Number(r), Number(p)]
  if (scheme !== 'scrypt' || !salt || !hash) return null
  // Bounds on what a stored hash may ask for, so a corrupt or planted row cannot exhaust memory or CPU.
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return null
  if (!Number.isInteger(R) || R < 1 || R > 32 || !Number.isInteger(P) || P < 1 || P > 16) return null
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') }
}

/** False for a wrong password and for a hash this code cannot read; compares in constant time. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const parsed = parse(stored)
  if (!parsed) return false
  const { N, r, p, salt, hash } = parsed
  const key = await derive(password, salt, { N, r, p, maxmem: memoryFor(N, r) })
  return key.length === hash.length && timingSafeEqual(key, hash)
}

/** Whether a stored hash was made at a lower cost than today's: it is replaced once its password is known. */
export const needsRehash = (stored: string, cost: ScryptCost = COST): boolean => {
  const parsed = parse(stored)
  return !parsed || parsed.N < cost.N || parsed.r < cost.r || parsed.p < cost.p
}

/**
 * A hash of a random password: signing in as an unknown user verifies against it, so an unknown username takes as
 * long as a wrong password and the two cannot be told apart.
 */
export const decoyHash = (cost: ScryptCost = COST): Promise<string> =>
  hashPassword(randomBytes(18).toString('base64url'), cost)
