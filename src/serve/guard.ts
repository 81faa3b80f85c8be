import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createLimiter, MINUTE_MS, UNAUTHENTICATED_PER_MINUTE } from '../http/rate-limit.ts'
import type { PersonIndexStore } from '../person-index/types.ts'
import { ClientAuthenticator, hasScope } from './auth.ts'
import { ApiError } from './errors.ts'

/**
 * Access control, in order: who the client is (401; past UNAUTHENTICATED_PER_MINUTE failures a minute from one
 * address, 429), whether it holds the route's scope (403), whether it is within its rate (429), and, for routes
 * that touch a person, why it asks (400 without X-Purpose).
 */

const PURPOSE = /^[^\p{C}]{1,200}$/u

const purposeOf = (request: FastifyRequest): string => {
  const header = request.headers['x-purpose']
  const purpose = typeof header === 'string' ? header.trim() : ''
  if (!PURPOSE.test(purpose))
    throw new ApiError(
      400,
      'purpose_required',
      'X-Purpose header is required: say why this person data is needed, in 1 to 200 printable characters',
    )
  return purpose
}

const rateLimited = (message: string, retryAfterSeconds: number): ApiError =>
  new ApiError(429, 'rate_limited', message, { 'retry-after': String(retryAfterSeconds) })

export const registerAccessControl = (
  app: FastifyInstance,
  store: Pick<PersonIndexStore, 'client' | 'kind'>,
): void => {
  const authenticator = new ClientAuthenticator(store)
  const perClient = createLimiter(app, {
    key: (request) => `client:${request.client?.id}`,
    max: (request) => request.client?.rateLimitPerMinute ?? 1,
    windowMs: MINUTE_MS,
  })
  const perAddress = createLimiter(app, {
    key: (request) => `unauthenticated:${request.ip}`,
    max: UNAUTHENTICATED_PER_MINUTE,
    windowMs: MINUTE_MS,
  })
  app.decorateRequest('client', null)
  app.decorateRequest('purpose', null)
  app.decorateRequest('auditIds', null)

  app.addHook('onRequest', async (request) => {
    const { scope, auditAction } = request.routeOptions.config
    if (!scope) return
    let client: Awaited<ReturnType<ClientAuthenticator['authenticate']>>
    try {
      client = await authenticator.authenticate(request.headers.authorization)
    } catch (e) {
      const taken = await perAddress(request)
      if (!taken.allowed)
        throw rateLimited(
          'too many requests without valid credentials from this address',
          taken.retryAfterSeconds,
        )
      throw e
    }
    request.client = client
    if (!hasScope(client, scope)) throw new ApiError(403, 'forbidden', `this route needs the ${scope} scope`)
    const taken = await perClient(request)
    if (!taken.allowed)
      throw rateLimited(
        `rate limit of ${client.rateLimitPerMinute} requests a minute reached`,
        taken.retryAfterSeconds,
      )
    if (auditAction) request.purpose = purposeOf(request)
  })
}
