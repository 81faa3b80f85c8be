import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { checkSymbol, isValidJusticeId, newJusticeId, parseJusticeId } from './justice-id.ts'

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const symbols = (id: string) => id.replace(/^JID-/, '').replaceAll('-', '')

test('new IDs have the documented shape, are valid and do not repeat', () => {
  const seen = new Set<string>()
  for (let i = 0; i < 10_000; i++) {
    const id = newJusticeId()
    assert.match(id, /^JID-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    assert.ok(isValidJusticeId(id))
    seen.add(id)
  }
  assert.equal(seen.size, 10_000)
})

test('every single mistyped symbol is rejected', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 31 }), (at, shift) => {
      const s = symbols(newJusticeId())
      const wrong = ALPHABET[(ALPHABET.indexOf(s[at]!) + shift) % 32]!
      const typed = s.slice(0, at) + wrong + s.slice(at + 1)
      assert.equal(parseJusticeId(typed), null)
    }),
  )
})

test("every swap of two different neighbouring symbols is rejected, except Luhn's blind spot 0/Z", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 }), (at) => {
      const s = symbols(newJusticeId())
      fc.pre(s[at] !== s[at + 1] && `${s[at]}${s[at + 1]}` !== '0Z' && `${s[at]}${s[at + 1]}` !== 'Z0')
      const typed = s.slice(0, at) + s[at + 1] + s[at] + s.slice(at + 2)
      assert.equal(parseJusticeId(typed), null)
    }),
  )
})

test('reading forgives case, spacing, hyphens and the Crockford look-alikes', () => {
  const body = '0111ABCDEFG'
  const id = `JID-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}${checkSymbol(body)}`
  assert.equal(parseJusticeId(id.toLowerCase()), id)
  assert.equal(parseJusticeId(` ${symbols(id).replace('0', 'o').replace('1', 'l').replace('1', 'I')} `), id)
  assert.equal(parseJusticeId('JID-1234'), null)
  assert.equal(parseJusticeId('JID-UUUU-UUUU-UUUU'), null)
})
