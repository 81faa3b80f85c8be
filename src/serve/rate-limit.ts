/**
 * Rate limits per API client: a token bucket holding at most `capacity` requests (the client's per-minute
 * allowance), refilled continuously at capacity per minute. A full bucket lets a quiet client burst; a busy one
 * settles at its allowance.
 */
export interface Bucket {
  tokens: number
  /** When `tokens` was last brought up to date, in ms. */
  at: number
}

export type TakeResult =
  | { allowed: true; bucket: Bucket }
  | { allowed: false; bucket: Bucket; retryAfterMs: number }

const MINUTE_MS = 60_000

/** Takes one token from the bucket at time `now`, or says how long until one is free. Pure. */
export const takeToken = (bucket: Bucket | undefined, capacity: number, now: number): TakeResult => {
  const perMs = capacity / MINUTE_MS
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0
  const tokens = bucket ? Math.min(capacity, bucket.tokens + elapsed * perMs) : capacity
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, at: now } }
  return { allowed: false, bucket: { tokens, at: now }, retryAfterMs: Math.ceil((1 - tokens) / perMs) }
}

/** The buckets of every client seen, keyed by client id. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  constructor(private readonly clock: () => number = Date.now) {}

  take(clientId: string, capacity: number): TakeResult {
    const result = takeToken(this.buckets.get(clientId), capacity, this.clock())
    this.buckets.set(clientId, result.bucket)
    return result
  }
}
