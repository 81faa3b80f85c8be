import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { issueCredential, statusListUri } from './issue.ts'
import { IssuerKeys } from './keys.ts'
import { StatusLists } from './status-list.ts'
import { verifyCredential } from './verify.ts'

const ISSUER = 'https://justid.example'
const NOW = new Date('2026-03-01T12:00:00Z')
const folder = mkdtempSync(join(tmpdir(), 'justid-keys-'))
after(() => rmSync(folder, { recursive: true, force: true }))

const setup = async (dir: string | null = null) => {
  const keys = await IssuerKeys.open(dir, NOW)
  const status = StatusLists.open(dir)
  const issue = async (checkId: string, validityDays = 28) =>
    issueCredential(keys, {
      issuer: ISSUER,
      service: 'under-probation',
      ruleVersion: '1.0.0',
      outcome: 'eligible',
      validityDays,
      status: await status.allocate(checkId),
      now: NOW,
    })
  const statusList = async (uri: string) => {
    const id = uri.slice(statusListUri(ISSUER, '').length)
    const token = await status.token(id, uri, keys, NOW)
    if (!token) throw new Error('no such list')
    return token
  }
  const verify = (credential: string, at = NOW) =>
    verifyCredential(credential, { jwks: keys.jwks(), statusList, now: at })
  return { keys, status, issue, verify }
}

const reasonOf = (result: Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['verify']>>) =>
  result.valid ? 'valid' : result.reason

describe('eligibility credentials', () => {
  test('a fresh credential verifies, and reveals the outcome only when disclosed', async () => {
    const { issue, verify } = await setup()
    const credential = await issue('check-1')
    const result = await verify(credential)
    assert.ok(result.valid)
    assert.deepEqual(
      { ...result.claims, iat: 0, exp: 0 },
      {
        service: 'under-probation',
        ruleVersion: '1.0.0',
        outcome: 'eligible',
        vct: `${ISSUER}/eligibility/under-probation`,
        iss: ISSUER,
        iat: 0,
        exp: 0,
        holderBound: false,
      },
    )
    assert.equal(result.claims.exp - result.claims.iat, 28 * 86_400)
    // The outcome is not in the signed payload in clear: only its digest is.
    const payload = JSON.parse(Buffer.from(credential.split('.')[1]!, 'base64url').toString())
    assert.equal(payload.outcome, undefined)
    assert.equal(payload._sd.length, 1)
    const withheld = await verify(`${credential.split('~')[0]}~`)
    assert.ok(withheld.valid)
    assert.equal(withheld.claims.outcome, undefined)
  })

  test('tampered, expired, unknown-key, revoked and malformed credentials fail with distinct reasons', async () => {
    const { issue, verify, status } = await setup()
    const credential = await issue('check-2', 7)
    const [jwt, ...rest] = credential.split('~')
    const [h, p, s] = jwt!.split('.')
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
    const forgedPayload = Buffer.from(JSON.stringify({ ...payload, service: 'recently-released' })).toString(
      'base64url',
    )
    assert.equal(reasonOf(await verify([`${h}.${forgedPayload}.${s}`, ...rest].join('~'))), 'bad_signature')
    const forgedDisclosure = Buffer.from(JSON.stringify(['salt', 'outcome', 'eligible'])).toString(
      'base64url',
    )
    assert.equal(reasonOf(await verify(`${jwt}~${forgedDisclosure}~`)), 'bad_signature')
    assert.equal(reasonOf(await verify(credential, new Date(NOW.getTime() + 8 * 86_400_000))), 'expired')

    const stranger = await setup()
    assert.equal(reasonOf(await stranger.verify(credential)), 'unknown_key')
    assert.equal(reasonOf(await verify('not a credential')), 'malformed')

    assert.equal(reasonOf(await verify(credential)), 'valid')
    assert.equal(await status.revoke('check-2'), true)
    assert.equal(reasonOf(await verify(credential)), 'revoked')
    assert.equal(await status.revoke('never-issued'), false)
  })

  test('a status list signed by someone else is not believed', async () => {
    const { issue, keys } = await setup()
    const credential = await issue('check-3')
    const other = await setup()
    await other.status.allocate('x')
    const result = await verifyCredential(credential, {
      jwks: keys.jwks(),
      statusList: async (uri) => (await other.status.token('1', uri, other.keys, NOW))!,
      now: NOW,
    })
    assert.equal(reasonOf(result), 'status_unavailable')
  })

  test('keys and revocations persist in the folder; a credential signed before a rotation still verifies', async () => {
    const dir = join(folder, 'issuer')
    const first = await setup(dir)
    const oldKid = first.keys.active().kid
    const before = await first.issue('check-4')
    const revoked = await first.issue('check-5')
    await first.status.revoke('check-5')

    const reopened = await setup(dir)
    assert.equal(reopened.keys.active().kid, oldKid)
    const newKid = await reopened.keys.rotate(NOW)
    assert.notEqual(newKid, oldKid)
    assert.deepEqual(
      reopened.keys.jwks().keys.map((k) => k.kid),
      [newKid, oldKid],
    )
    const afterRotation = await reopened.issue('check-6')
    assert.equal(reasonOf(await reopened.verify(before)), 'valid')
    assert.equal(reasonOf(await reopened.verify(afterRotation)), 'valid')
    assert.equal(reasonOf(await reopened.verify(revoked)), 'revoked')

    // Private keys are readable by the owner only, and never in the JWKS.
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.private.jwk')))
      assert.equal(statSync(join(dir, name)).mode & 0o077, 0, name)
    assert.ok(reopened.keys.jwks().keys.every((k) => k.d === undefined))
    assert.ok(!readFileSync(join(dir, 'status-lists.json'), 'utf8').includes('"d"'))
  })

  test('a damaged status list or key file is refused, naming the file and never its text', async () => {
    const dir = mkdtempSync(join(folder, 'damaged-'))
    const { keys, status } = await setup(dir)
    await status.allocate('check-1')
    const kid = keys.active().kid
    writeFileSync(join(dir, 'status-lists.json'), '{"lists": [{"id": "x"}], "entries": {}}')
    assert.throws(() => StatusLists.open(dir), /status-lists\.json is not the status lists JustID writes/)
    writeFileSync(join(dir, `${kid}.private.jwk`), '{"d": "secret-part"}')
    await assert.rejects(IssuerKeys.open(dir, NOW), (e: Error) => {
      assert.match(e.message, new RegExp(`${kid}\\.private\\.jwk is not a JSON Web Key`))
      assert.ok(!e.message.includes('secret-part'))
      return true
    })
  })
})
