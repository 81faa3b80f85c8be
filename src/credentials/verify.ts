import { createHash } from 'node:crypto'
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list'
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { holderKeyProblem } from './holder-key.ts'
import type { Jwks } from './keys.ts'
import { STATUS_REVOKED } from './status-list.ts'

/**
 * Verifies an eligibility credential offline, given the issuer's JWKS and a way to get its status list. Each
 * failure has its own reason, checked in this order: malformed, unknown_key, bad_signature (the issuer JWT, or a
 * disclosure it does not cover), expired, status_unavailable, revoked.
 */

export type VerifyFailure =
  | 'malformed'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'status_unavailable'
  | 'revoked'

export interface VerifiedClaims {
  service: string
  ruleVersion: string
  /** Present only when the presentation disclosed it. */
  outcome?: string
  vct: string
  iss: string
  iat: number
  exp: number
  /** Whether the credential is bound to a holder key (`cnf`). */
  holderBound: boolean
}

export type VerifyResult =
  | { valid: true; kid: string; claims: VerifiedClaims }
  | { valid: false; reason: VerifyFailure; message: string }

export interface VerifyOptions {
  jwks: Jwks
  /** The status list token (`statuslist+jwt`) at a URI; throws when it cannot be had. */
  statusList: (uri: string) => Promise<string>
  now: Date
}

const fail = (reason: VerifyFailure, message: string): VerifyResult => ({ valid: false, reason, message })

const b64urlJson = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

interface Parsed {
  jwt: string
  disclosures: string[]
  kid: string
  payload: Record<string, unknown>
}

/** The issuer JWT, the disclosures (a key-binding JWT after the last `~` is not one) and the header's kid. */
const parse = (credential: string): Parsed | string => {
  const parts = credential.trim().split('~')
  const jwt = parts[0] ?? ''
  if (parts.length < 2 || jwt.split('.').length !== 3) return 'not an SD-JWT (issuer JWT~disclosures~)'
  let header: ReturnType<typeof decodeProtectedHeader>
  let payload: unknown
  try {
    header = decodeProtectedHeader(jwt)
    payload = b64urlJson(jwt.split('.')[1]!)
  } catch {
    return 'the issuer JWT cannot be decoded'
  }
  if (header.alg !== 'ES256') return 'the issuer JWT is not signed with ES256'
  if (typeof header.kid !== 'string') return 'the issuer JWT names no key (kid)'
  if (!isRecord(payload)) return 'the issuer JWT payload is not an object'
  // The last part is empty (`…~`) or a key-binding JWT; a disclosure there means the trailing `~` was cut off.
  const last = parts[parts.length - 1]!
  if (last !== '' && last.split('.').length !== 3)
    return 'the presentation does not end with ~ (or a key-binding JWT): it may have been cut short'
  const disclosures = parts.slice(1, -1)
  if (disclosures.some((d) => d === '')) return 'the presentation has an empty disclosure (~~)'
  if (new Set(disclosures).size !== disclosures.length) return 'a disclosure appears more than once'
  return { jwt, disclosures, kid: header.kid, payload }
}

const signatureValid = async (jwt: string, jwk: JWK): Promise<boolean> => {
  try {
    await compactVerify(jwt, await importJWK(jwk, 'ES256'))
    return true
  } catch {
    return false
  }
}

const digestOf = (disclosure: string): string => createHash('sha256').update(disclosure).digest('base64url')

/** The claims the disclosures reveal, or null when one is not covered by the signed `_sd` digests or is junk. */
const disclosed = (
  payload: Record<string, unknown>,
  disclosures: string[],
): Record<string, unknown> | null => {
  const digests = new Set(Array.isArray(payload._sd) ? payload._sd.map(String) : [])
  const claims: Record<string, unknown> = {}
  for (const d of disclosures) {
    if (!digests.has(digestOf(d))) return null
    let decoded: unknown
    try {
      decoded = b64urlJson(d)
    } catch {
      return null
    }
    if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[1] !== 'string') return null
    // Two disclosures of one claim (different salts, both signed) would let the holder pick which one counts.
    if (Object.hasOwn(claims, decoded[1])) return null
    claims[decoded[1]] = decoded[2]
  }
  return claims
}

const statusEntryOf = (payload: Record<string, unknown>): { idx: number; uri: string } | null => {
  const status = payload.status
  if (!isRecord(status) || !isRecord(status.status_list)) return null
  const { idx, uri } = status.status_list
  return Number.isInteger(idx) && typeof uri === 'string' ? { idx: idx as number, uri } : null
}

const keyOf = (jwks: Jwks, kid: string): JWK | undefined => jwks.keys.find((k) => k.kid === kid)

const statusOf = async (
  entry: { idx: number; uri: string },
  options: VerifyOptions,
): Promise<number | string> => {
  let token: string
  try {
    token = (await options.statusList(entry.uri)).trim()
  } catch {
    return 'the status list could not be fetched'
  }
  let header: ReturnType<typeof decodeProtectedHeader>
  let claims: unknown
  try {
    header = decodeProtectedHeader(token)
    claims = b64urlJson(token.split('.')[1] ?? '')
  } catch {
    return 'the status list is not a JWT'
  }
  const jwk = typeof header.kid === 'string' ? keyOf(options.jwks, header.kid) : undefined
  if (!jwk || !(await signatureValid(token, jwk)))
    return 'the status list is not signed by a key of the issuer'
  // What the token status list draft requires of the token: its type, that it is the list the credential names
  // (sub equals the credential's uri), and that it has not expired; an old list may predate a revocation.
  if (header.typ !== 'statuslist+jwt') return 'the status list token is not of type statuslist+jwt'
  if (!isRecord(claims)) return 'the status list payload is not an object'
  if (claims.sub !== entry.uri) return 'the status list is another list than the one the credential names'
  const now = Math.floor(options.now.getTime() / 1000)
  if (typeof claims.exp !== 'number' || claims.exp <= now)
    return 'the status list has expired (or has no exp)'
  if (typeof claims.iat === 'number' && claims.iat > now + 60)
    return 'the status list is issued in the future'
  try {
    return getListFromStatusListJWT(token).getStatus(entry.idx)
  } catch {
    return 'the status list does not hold the credential index'
  }
}

export const verifyCredential = async (credential: string, options: VerifyOptions): Promise<VerifyResult> => {
  const parsed = parse(credential)
  if (typeof parsed === 'string') return fail('malformed', parsed)
  const { jwt, disclosures, kid, payload } = parsed
  const jwk = keyOf(options.jwks, kid)
  if (!jwk) return fail('unknown_key', 'the credential is signed by a key the issuer does not publish')
  if (!(await signatureValid(jwt, jwk))) return fail('bad_signature', 'the issuer signature does not verify')
  const revealed = disclosed(payload, disclosures)
  if (!revealed) return fail('bad_signature', 'a disclosure is not covered by the issuer signature')
  const { vct, iss, iat, exp, service, rule_version: ruleVersion } = payload
  if (
    typeof vct !== 'string' ||
    typeof iss !== 'string' ||
    typeof service !== 'string' ||
    typeof ruleVersion !== 'string' ||
    typeof iat !== 'number' ||
    typeof exp !== 'number'
  )
    return fail('malformed', 'the credential lacks vct, iss, service, rule_version, iat or exp')
  const entry = statusEntryOf(payload)
  if (!entry) return fail('malformed', 'the credential has no status list entry')
  if (isRecord(payload.cnf)) {
    const holder = payload.cnf.jwk
    const problem = isRecord(holder) ? holderKeyProblem(holder as JWK) : 'the holder binding (cnf) has no jwk'
    if (problem) return fail('malformed', problem)
  }
  if (exp <= Math.floor(options.now.getTime() / 1000)) return fail('expired', 'the credential has expired')
  const status = await statusOf(entry, options)
  if (typeof status === 'string') return fail('status_unavailable', status)
  if (status === STATUS_REVOKED) return fail('revoked', 'the issuer has revoked the credential')
  if (status !== 0) return fail('revoked', 'the credential is not valid according to its status list')
  const claims: VerifiedClaims = {
    service,
    ruleVersion,
    vct,
    iss,
    iat,
    exp,
    holderBound: isRecord(payload.cnf),
  }
  if (typeof revealed.outcome === 'string') claims.outcome = revealed.outcome
  return { valid: true, kid, claims }
}
