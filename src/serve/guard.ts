import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { PersonIndexStore } from '../index/types.ts'
import { ClientAuthenticator, hasScope } from './auth.ts'
import { ApiError } from './errors.ts'
import { RateLimiter } from './rate-limit.ts'

/**
 * Access control, in order: who the client is (401), whether it holds the route's scope (403), whether it is
 * within its rate (429), and, for routes that touch a person, why it asks (400 without X-Purpose).
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

export const registerAccessControl = (
  app: FastifyInstance,
  store: Pick<PersonIndexStore, 'client'>,
  clock: () => number,
): void => {
  const authenticator = new ClientAuthenticator(store, clock)
  const limiter = new RateLimiter(clock)
  app.decorateRequest('client', null)
  app.decorateRequest('purpose', null)
  app.decorateRequest('auditIds', null)

  app.addHook('onRequest', async (request) => {
    const { scope, auditAction } = request.routeOptions.config
    if (!scope) return
    const client = await authenticator.authenticate(request.headers.authorization)
    request.client = client
    if (!hasScope(client, scope)) throw new ApiError(403, 'forbidden', `this route needs the ${scope} scope`)
    const taken = limiter.take(client.id, client.rateLimitPerMinute)
    if (!taken.allowed) {
      const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000))
      throw new ApiError(
        429,
        'rate_limited',
        `rate limit of ${client.rateLimitPerMinute} requests a minute reached`,
        {
          'retry-after': String(seconds),
        },
      )
    }
    if (auditAction) request.purpose = purposeOf(request)
  })
}
