import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Bucket, RateLimiter, takeToken } from './rate-limit.ts'

test('a new client may burst up to its capacity, then waits for a token', () => {
  let bucket: Bucket | undefined
  for (let i = 0; i < 60; i++) {
    const r = takeToken(bucket, 60, 0)
    assert.equal(r.allowed, true, `request ${i + 1}`)
    bucket = r.bucket
  }
  const refused = takeToken(bucket, 60, 0)
  assert.equal(refused.allowed, false)
  assert.equal(refused.allowed === false && refused.retryAfterMs, 1000, '60 a minute: one token a second')
})

test('tokens refill continuously and never beyond capacity', () => {
  const empty = { tokens: 0, at: 0 }
  assert.equal(takeToken(empty, 60, 500).allowed, false)
  const half = takeToken(empty, 60, 500)
  assert.equal(half.allowed === false && half.retryAfterMs, 500)
  assert.equal(takeToken(empty, 60, 1000).allowed, true)
  const later = takeToken(empty, 60, 3_600_000)
  assert.equal(later.bucket.tokens, 59, 'an hour idle refills to capacity, not 3,600')
})

test('clients have separate buckets', () => {
  let now = 0
  const limiter = new RateLimiter(() => now)
  assert.equal(limiter.take('a', 1).allowed, true)
  assert.equal(limiter.take('a', 1).allowed, false)
  assert.equal(limiter.take('b', 1).allowed, true)
  now = 60_000
  assert.equal(limiter.take('a', 1).allowed, true)
})
