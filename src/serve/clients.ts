import type { ApiClient, ApiClientStore, ApiScope } from '../person-index/types.ts'
import { formatToken, generateClientId, generateSecret, hashSecret } from './auth.ts'

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000

export interface NewClient {
  name: string
  scopes: ApiScope[]
  rateLimitPerMinute?: number
  now?: Date
}

/** Registers an API client and returns it with its bearer token; the secret is stored only as a hash. */
export const createClient = async (
  store: Pick<ApiClientStore, 'addClient'>,
  options: NewClient,
): Promise<{ client: ApiClient; token: string }> => {
  const secret = generateSecret()
  const client: ApiClient = {
    id: generateClientId(),
    name: options.name,
    scopes: [...new Set(options.scopes)],
    rateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    createdAt: (options.now ?? new Date()).toISOString(),
    disabled: false,
  }
  await store.addClient(client, hashSecret(secret))
  return { client, token: formatToken(client.id, secret) }
}

/** The scopes an API client can be given, each with what it grants: the CLI's help and its checks read this. */
export const API_SCOPES: readonly { scope: string; grants: string }[] = [
  { scope: 'match', grants: 'POST /v1/match' },
  { scope: 'person:read', grants: 'GET /v1/persons/:justiceId and GET /v1/persons?name=' },
  { scope: 'record:write', grants: 'PUT and DELETE /v1/records/:source/:recordId' },
  { scope: 'admin', grants: 'GET /v1/audit/verify' },
  { scope: 'custody:read', grants: 'GET /v1/persons/:justiceId/custody-estimate (docs/custody-estimate.md)' },
  {
    scope: 'eligibility:<service>',
    grants:
      "eligibility checks and credentials for that service (docs/eligibility.md); 'eligibility:verify' verifies credentials",
  },
]

const FIXED_SCOPES = new Set(API_SCOPES.map((s) => s.scope).filter((s) => !s.includes('<')))

/** Whether a string names a scope the API knows: a fixed scope or `eligibility:<name>`. */
export const isApiScope = (s: string): s is ApiScope =>
  FIXED_SCOPES.has(s) || /^eligibility:[a-z0-9_-]{1,64}$/.test(s)
