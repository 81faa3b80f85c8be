import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * Rate limits through @fastify/rate-limit (registered in security.ts): fixed windows counted per key in process
 * memory. The hooks call a limiter and refuse in their own error shape (the API's JSON, the review app's page),
 * so the plugin limits no route by itself.
 */

export const MINUTE_MS = 60_000

/** Requests a minute from one address whose credentials fail, before they are refused unaudited (429). */
export const UNAUTHENTICATED_PER_MINUTE = 60

export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export type Limiter = (request: FastifyRequest) => Promise<LimitResult>

export interface LimiterOptions {
  /** What is counted: a client id, an address, a username. */
  key: (request: FastifyRequest) => string
  /** Requests allowed in each window. */
  max: number | ((request: FastifyRequest) => number)
  windowMs: number
}

/** A limiter over the plugin's store; each call counts one request against its key. */
export const createLimiter = (app: FastifyInstance, options: LimiterOptions): Limiter => {
  const { max } = options
  const check = app.createRateLimit({
    keyGenerator: options.key,
    max: typeof max === 'number' ? max : (request) => max(request),
    timeWindow: options.windowMs,
  })
  return async (request) => {
    const result = await check(request)
    if (result.isAllowed || !result.isExceeded) return { allowed: true }
    return { allowed: false, retryAfterSeconds: Math.max(1, result.ttlInSeconds) }
  }
}
