import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { describe, test } from 'node:test'
import { importJWK, type JWK, SignJWT } from 'jose'
import { issueCredential, statusListUri } from './issue.ts'
import { IssuerKeys } from './keys.ts'
import { StatusLists } from './status-list.ts'
import { verifyCredential } from './verify.ts'

/** #19 item 12: what `credential verify` must refuse beyond a bad signature. */

const ISSUER = 'https://justid.example'
const NOW = new Date('2026-03-01T12:00:00Z')
const DAY = 86_400_000

const setup = async () => {
  const keys = await IssuerKeys.open(null, NOW)
  const status = StatusLists.open(null)
  const issue = async (checkId: string, holderKey?: JWK) =>
    issueCredential(keys, {
      issuer: ISSUER,
      service: 'under-probation',
      ruleVersion: '1.0.0',
      outcome: 'eligible',
      validityDays: 28,
      status: await status.allocate(checkId),
      holderKey,
      now: NOW,
    })
  const listOf = (uri: string) => uri.slice(statusListUri(ISSUER, '').length)
  const verify = (credential: string, statusList: (uri: string) => Promise<string>) =>
    verifyCredential(credential, { jwks: keys.jwks(), statusList, now: NOW })
  return { keys, status, issue, listOf, verify }
}

const reasonOf = (r: Awaited<ReturnType<typeof verifyCredential>>) => (r.valid ? 'valid' : r.reason)

describe('status list tokens', () => {
  test('a revoked credential is not valid against an expired list, another list, or a token of the wrong type', async () => {
    const { keys, status, issue, listOf, verify } = await setup()
    const credential = await issue('check-1')
    // The list as it was two days ago, before the revocation: signed, but expired (a list lives 24 hours).
    const stale = async (uri: string) =>
      (await status.token(listOf(uri), uri, keys, new Date(NOW.getTime() - 2 * DAY)))!
    await status.revoke('check-1')
    assert.equal(reasonOf(await verify(credential, stale)), 'status_unavailable')

    // The current list's claims, re-signed by the issuer with one thing changed.
    const resigned = (change: Record<string, unknown>, typ: string) => async (uri: string) => {
      const genuine = (await status.token(listOf(uri), uri, keys, NOW))!
      const claims = JSON.parse(Buffer.from(genuine.split('.')[1]!, 'base64url').toString())
      const key = keys.active()
      return new SignJWT({ ...claims, ...change })
        .setProtectedHeader({ alg: 'ES256', typ, kid: key.kid })
        .sign(await importJWK(key.privateJwk, 'ES256'))
    }
    // Naming another list's URI (sub): the issuer's list 2 does not speak for list 1.
    const swapped = await verify(credential, resigned({ sub: statusListUri(ISSUER, '2') }, 'statuslist+jwt'))
    assert.equal(reasonOf(swapped), 'status_unavailable')
    assert.match(swapped.valid ? '' : swapped.message, /another list/)
    // A plain JWT with the same claims is not a status list token.
    assert.equal(reasonOf(await verify(credential, resigned({}, 'JWT'))), 'status_unavailable')
    // Without an expiry, a list would be good for ever.
    assert.equal(
      reasonOf(await verify(credential, resigned({ exp: undefined }, 'statuslist+jwt'))),
      'status_unavailable',
    )
    assert.equal(reasonOf(await verify(credential, resigned({}, 'statuslist+jwt'))), 'revoked', 'the control')

    const current = async (uri: string) => (await status.token(listOf(uri), uri, keys, NOW))!
    assert.equal(reasonOf(await verify(credential, current)), 'revoked')
  })
})

describe('presentations', () => {
  test('a duplicated disclosure and a presentation without its trailing ~ are refused', async () => {
    const { keys, status, issue, listOf, verify } = await setup()
    const credential = await issue('check-2')
    const list = async (uri: string) => (await status.token(listOf(uri), uri, keys, NOW))!
    assert.equal(reasonOf(await verify(credential, list)), 'valid')
    const [jwt, disclosure] = credential.split('~')
    assert.equal(reasonOf(await verify(`${jwt}~${disclosure}~${disclosure}~`, list)), 'malformed')
    assert.equal(reasonOf(await verify(`${jwt}~${disclosure}`, list)), 'malformed')
    assert.equal(reasonOf(await verify(`${jwt}~~${disclosure}~`, list)), 'malformed')
  })
})

describe('holder keys', () => {
  test('a key off its curve, with short coordinates, or a short RSA key cannot bind a credential', async () => {
    const { issue } = await setup()
    const good = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK
    assert.ok(await issue('bound', good))
    const offCurve = { ...good, y: good.x }
    const short = { ...good, x: good.x!.slice(0, 20) }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }) as JWK
    for (const [name, key] of Object.entries({ offCurve, short, rsa }))
      await assert.rejects(issue(`bad-${name}`, key), /holder key/, name)
  })

  test('a credential whose cnf key is not a valid point does not verify', async () => {
    const { keys, status, listOf, verify } = await setup()
    const good = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK
    // Issued by a signer that skipped the check: the verifier must still refuse it.
    const { SDJwtVcInstance } = await import('@sd-jwt/sd-jwt-vc')
    const { ES256, digest, generateSalt } = await import('@sd-jwt/crypto-nodejs')
    const key = keys.active()
    const sdjwt = new SDJwtVcInstance({
      signer: await ES256.getSigner(key.privateJwk),
      signAlg: 'ES256',
      hasher: digest,
      hashAlg: 'sha-256',
      saltGenerator: generateSalt,
    })
    const entry = await status.allocate('check-cnf')
    const iat = Math.floor(NOW.getTime() / 1000)
    const credential = await sdjwt.issue(
      {
        iss: ISSUER,
        vct: `${ISSUER}/eligibility/under-probation`,
        iat,
        exp: iat + 86_400,
        service: 'under-probation',
        rule_version: '1.0.0',
        status: { status_list: { idx: entry.idx, uri: statusListUri(ISSUER, entry.listId) } },
        cnf: { jwk: { ...good, y: good.x } },
      },
      undefined,
      { header: { kid: key.kid } },
    )
    const list = async (uri: string) => (await status.token(listOf(uri), uri, keys, NOW))!
    const result = await verify(credential, list)
    assert.equal(reasonOf(result), 'malformed')
    assert.match(result.valid ? '' : result.message, /holder key/)
  })
})
