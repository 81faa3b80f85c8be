import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ApiClient, ApiScope, PersonIndexStore } from '../index/types.ts'
import { ApiError } from './errors.ts'

/**
 * API clients authenticate with `Authorization: Bearer <clientId>.<secret>`. The secret is 32 random bytes, so
 * the store keeps only its sha256: a slow password hash exists to make guessing low-entropy passwords expensive,
 * and 256 random bits cannot be guessed however fast the hash is. A fast hash keeps every request cheap.
 */

export const generateSecret = (): string => randomBytes(32).toString('base64url')

export const generateClientId = (): string => `c${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`

export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex')

export const formatToken = (clientId: string, secret: string): string => `${clientId}.${secret}`

/** The client id and secret of a bearer token, or null when the header is not one. */
export const parseBearer = (header: string | undefined): { clientId: string; secret: string } | null => {
  const match = /^Bearer ([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,128})$/.exec(header?.trim() ?? '')
  return match ? { clientId: match[1]!, secret: match[2]! } : null
}

const secretMatches = (secret: string, storedHash: string): boolean => {
  const given = Buffer.from(hashSecret(secret), 'hex')
  const stored = Buffer.from(storedHash, 'hex')
  return given.length === stored.length && timingSafeEqual(given, stored)
}

/** Admin does not imply any other scope: each scope is granted explicitly, so an operator key cannot read persons. */
export const hasScope = (client: ApiClient, scope: ApiScope): boolean => client.scopes.includes(scope)

/**
 * Checks bearer tokens against the store's clients on every request, so disabling a client or rotating its secret
 * takes effect at the next request (one primary-key read; the per-address limit in guard.ts bounds what guessing
 * client ids can cost the store).
 */
export class ClientAuthenticator {
  constructor(private readonly store: Pick<PersonIndexStore, 'client'>) {}

  /** The client the header proves, or a 401 ApiError. */
  async authenticate(header: string | undefined): Promise<ApiClient> {
    const token = parseBearer(header)
    if (!token) throw unauthorised('send Authorization: Bearer <client id>.<secret>')
    const lookup = await this.store.client(token.clientId)
    if (!lookup || !secretMatches(token.secret, lookup.secretHash))
      throw unauthorised('the credentials are not valid')
    if (lookup.client.disabled) throw unauthorised('the client is disabled')
    return lookup.client
  }
}

const unauthorised = (message: string): ApiError => new ApiError(401, 'unauthorised', message)
