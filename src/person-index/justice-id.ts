import { randomBytes } from 'node:crypto'
import type { JusticeId } from './types.ts'

/**
 * Justice IDs: `JID-XXXX-XXXX-XXXC`. Eleven random symbols of Crockford's base-32 alphabet (55 bits, from the
 * operating system's secure random source) and one check symbol. Nothing in an ID is derived from the person, so
 * it discloses nothing; the index never issues an ID twice.
 *
 * The check symbol is Luhn mod 32 over the eleven: it catches every single mistyped symbol and every swap of two
 * neighbouring symbols but one (0 and Z, as plain Luhn misses 09 and 90), the two commonest keying errors. Reading is forgiving the way Crockford intends: case,
 * hyphens and spaces do not matter, O reads as 0 and I or L as 1.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const BODY = 11
const PREFIX = 'JID'

const symbolValue = (symbol: string): number => ALPHABET.indexOf(symbol)

/** The Luhn mod 32 check symbol of a body of base-32 symbols. */
export const checkSymbol = (body: string): string => {
  let sum = 0
  let double = true
  for (let i = body.length - 1; i >= 0; i--) {
    let v = symbolValue(body[i]!)
    if (double) {
      v *= 2
      v = Math.floor(v / 32) + (v % 32)
    }
    sum += v
    double = !double
  }
  return ALPHABET[(32 - (sum % 32)) % 32]!
}

const format = (symbols: string): JusticeId =>
  `${PREFIX}-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`

// Random bytes drawn a few thousand at a time and used once each: a call to the operating system per ID cost about
// 3 s for half a million persons.
const pool = { bytes: Buffer.alloc(0), next: 0 }
const randomSymbols = (n: number): string => {
  if (pool.next + n > pool.bytes.length) {
    pool.bytes = randomBytes(BODY * 512)
    pool.next = 0
  }
  let out = ''
  for (let i = 0; i < n; i++) out += ALPHABET[pool.bytes[pool.next++]! & 31]
  return out
}

/** A new random Justice ID. Callers that hold the issued IDs retry on the (vanishingly rare) collision. */
export const newJusticeId = (): JusticeId => {
  const body = randomSymbols(BODY)
  return format(body + checkSymbol(body))
}

/** The twelve symbols of an ID as typed, folded to canonical symbols, or null when it cannot be one. */
const symbolsOf = (text: string): string | null => {
  let s = text.trim().toUpperCase().replace(/[\s-]/g, '')
  if (s.startsWith(PREFIX)) s = s.slice(PREFIX.length)
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1')
  if (s.length !== BODY + 1) return null
  for (const c of s) if (symbolValue(c) < 0) return null
  return s
}

/** The canonical form of an ID as typed (`jid 7k2m-9qp4-rt3c` → `JID-7K2M-9QP4-RT3C`), or null when it is invalid. */
export const parseJusticeId = (text: string): JusticeId | null => {
  const s = symbolsOf(text)
  if (s === null) return null
  return checkSymbol(s.slice(0, BODY)) === s[BODY] ? format(s) : null
}

export const isValidJusticeId = (text: string): boolean => parseJusticeId(text) !== null
