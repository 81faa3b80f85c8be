import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ApiClient, ApiClientStore, ApiScope, PersonIndexStore } from '../person-index/types.ts'
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

type Lookup = { client: ApiClient; secretHash: string } | null

const CACHE_MAX = 10_000

/**
 * Checks bearer tokens against the store's clients. A PostgreSQL index is shared, so `justid clients disable` or
 * `rotate` may change a client under a running server: its record is read on every request (one primary-key read),
 * and the change applies at the next one. An embedded index is open in this process only (DuckDB's file lock), so no
 * one else can change it: lookups, found or not, are kept, which saves a 2.5 ms read per request there, and so are
 * headers already verified, which saves the parse and the hash (tokens do not expire; the server changes no client).
 */
export class ClientAuthenticator {
  private readonly cache: Map<string, Lookup> | null
  /** Authorization headers that proved an enabled client: only successes, so guesses cannot fill it. */
  private readonly verified: Map<string, ApiClient> | null

  constructor(private readonly store: Pick<ApiClientStore, 'client'> & { kind?: PersonIndexStore['kind'] }) {
    this.cache = store.kind === 'embedded' ? new Map() : null
    this.verified = store.kind === 'embedded' ? new Map() : null
  }

  /** The client the header proves, or a 401 ApiError. */
  async authenticate(header: string | undefined): Promise<ApiClient> {
    const known = header === undefined ? undefined : this.verified?.get(header)
    if (known) return known
    const token = parseBearer(header)
    if (!token) throw unauthorised('send Authorization: Bearer <client id>.<secret>')
    const lookup = await this.lookup(token.clientId)
    if (!lookup || !secretMatches(token.secret, lookup.secretHash))
      throw unauthorised('the credentials are not valid')
    if (lookup.client.disabled) throw unauthorised('the client is disabled')
    if (this.verified && header !== undefined) {
      if (this.verified.size >= CACHE_MAX) this.verified.clear()
      this.verified.set(header, lookup.client)
    }
    return lookup.client
  }

  private async lookup(clientId: string): Promise<Lookup> {
    const cached = this.cache?.get(clientId)
    if (cached !== undefined) return cached
    const lookup = await this.store.client(clientId)
    if (this.cache) {
      // The cap bounds memory when unknown ids are guessed; the per-address limit in guard.ts bounds the guessing.
      if (this.cache.size >= CACHE_MAX) this.cache.clear()
      this.cache.set(clientId, lookup)
    }
    return lookup
  }
}

const unauthorised = (message: string): ApiError => new ApiError(401, 'unauthorised', message)
