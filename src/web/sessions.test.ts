import assert from 'node:assert/strict'
import { test } from 'node:test'
import { csrfMatches, SessionStore } from './sessions.ts'

test('a session expires after the idle timeout, and use keeps it alive', () => {
  let now = 0
  const sessions = new SessionStore(() => now, 1000)
  const s = sessions.create(null)
  now = 900
  assert.equal(sessions.touch(s.id)?.id, s.id)
  now = 1800
  assert.equal(sessions.touch(s.id)?.id, s.id, 'touched at 900, so alive until 1900')
  now = 3000
  assert.equal(sessions.touch(s.id), null)
  assert.equal(sessions.size, 0)
})

test('CSRF tokens must match exactly', () => {
  const s = new SessionStore(() => 0).create(null)
  assert.equal(csrfMatches(s, s.csrfToken), true)
  assert.equal(csrfMatches(s, `${s.csrfToken}x`), false)
  assert.equal(csrfMatches(s, ''), false)
  assert.equal(csrfMatches(s, undefined), false)
})
