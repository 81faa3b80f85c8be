import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { newJusticeId } from '../person-index/justice-id.ts'
import { readAuditLog } from '../person-index/store/testing/audit-log.ts'
import type { ApiScope, JusticeEvent, PersonIndexStore } from '../person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../realtime/memory-index.ts'
import { seedStore } from '../realtime/testing/seed.ts'
import type { RecordInput } from '../realtime/types.ts'
import { type AppOptions, buildApp } from './app.ts'
import { createClient } from './clients.ts'
import type { EligibilityDeps } from './eligibility-routes.ts'

/** Synthetic people with hand-made histories, checked on 2026-03-01. None is a real person. */
const NOW = new Date('2026-03-01T12:00:00Z')
const PURPOSE = 'resettlement referral'
const PEOPLE: Record<
  string,
  {
    key: [string, string]
    record: RecordInput
    events: Omit<JusticeEvent, 'source' | 'recordId' | 'recordKey'>[]
  }
> = {
  released: {
    key: ['prison', 'r1'],
    record: {
      forename: 'Tobias',
      surname: 'Quenby-Marsh',
      dateOfBirth: '1988-02-14',
      sex: 'M',
      postcode: 'NE1 4XY',
    },
    events: [
      { eventType: 'custody', startDate: '2025-01-10', endDate: '2026-02-01', detail: 'HMP Example' },
      { eventType: 'probation_supervision', startDate: '2026-02-01', endDate: null, detail: 'Licence' },
    ],
  },
  inCustody: {
    key: ['prison', 'r2'],
    record: {
      forename: 'Ottilie',
      surname: 'Vandersloot',
      dateOfBirth: '1975-09-09',
      sex: 'F',
      postcode: 'CF10 1AA',
    },
    events: [{ eventType: 'custody', startDate: '2025-06-01', endDate: null, detail: 'HMP Example' }],
  },
  longAgo: {
    key: ['court', 'r3'],
    record: {
      forename: 'Barnaby',
      surname: 'Thistlewood',
      dateOfBirth: '1969-12-01',
      sex: 'M',
      postcode: 'TR1 2QQ',
    },
    events: [
      { eventType: 'custody', startDate: '2019-01-01', endDate: '2020-01-01', detail: 'HMP Example' },
      {
        eventType: 'probation_supervision',
        startDate: '2020-01-01',
        endDate: '2021-01-01',
        detail: 'Licence',
      },
    ],
  },
}
const NO_HISTORY: RecordInput = {
  forename: 'Priya',
  surname: 'Natarajan',
  dateOfBirth: '1962-11-30',
  sex: 'F',
  postcode: 'EX4 2ZZ',
}
const NOBODY: RecordInput = { forename: 'Zebedee', surname: 'Oyelaran-Fitch', dateOfBirth: '2001-01-01' }
const RESULT_KEYS = ['checkId', 'checkedAt', 'outcome', 'reason', 'ruleVersion', 'service']

let store: PersonIndexStore
let index: OpenRealtimeIndex
let cleanup: () => Promise<void>
let app: FastifyInstance
let keysFolder: string
const ids: Record<string, string> = {}
const tokens: Record<string, string> = {}

const auth = (who: string, purpose: string | null = PURPOSE): Record<string, string> => ({
  authorization: `Bearer ${tokens[who]}`,
  ...(purpose === null ? {} : { 'x-purpose': purpose }),
})

const check = (service: string, body: Record<string, unknown>, who = 'checker') =>
  app.inject({ method: 'POST', url: `/v1/eligibility/${service}/checks`, payload: body, headers: auth(who) })

const verify = (credential: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/credentials/verify',
    payload: { credential },
    headers: auth('verifier', null),
  })

before(async () => {
  ;({ store, cleanup } = await seedStore())
  index = await openRealtimeIndex(store)
  for (const [name, person] of Object.entries(PEOPLE)) {
    const [source, recordId] = person.key
    ids[name] = (await index.upsert(source, recordId, person.record)).justiceId!
    await store.addJusticeEvents(
      person.events.map((e) => ({ ...e, source, recordId, recordKey: `${source}:${recordId}` })),
    )
  }
  const services = ['recently-released', 'under-probation', 'not-in-custody'].map(
    (s) => `eligibility:${s}` as ApiScope,
  )
  const add = async (name: string, scopes: ApiScope[]) => {
    tokens[name] = (await createClient(store, { name, scopes, rateLimitPerMinute: 6000 })).token
  }
  await add('checker', services)
  await add('reader', [...services, 'person:read'])
  await add('probation-only', ['eligibility:under-probation'])
  await add('verifier', ['eligibility:verify'])
  await add('admin', ['admin'])
  keysFolder = mkdtempSync(join(tmpdir(), 'justid-issuer-'))
  // Built as a variable: AppOptions does not (yet) declare the eligibility options it passes through.
  const options: AppOptions & EligibilityDeps = {
    index,
    store,
    auditFlushMs: 2,
    now: () => NOW,
    eligibility: { keysFolder },
  }
  app = await buildApp(options)
})

after(async () => {
  await app.close()
  await index.close()
  await cleanup()
  rmSync(keysFolder, { recursive: true, force: true })
})

describe('eligibility checks', () => {
  test('each example rule answers right for people whose histories are known', async () => {
    const expected: [string, string, string, string][] = [
      ['released', 'recently-released', 'eligible', 'released_within_window'],
      ['released', 'under-probation', 'eligible', 'under_supervision'],
      ['released', 'not-in-custody', 'eligible', 'no_ongoing_custody'],
      ['inCustody', 'recently-released', 'not_eligible', 'in_custody'],
      ['inCustody', 'under-probation', 'not_eligible', 'not_under_supervision'],
      ['inCustody', 'not-in-custody', 'not_eligible', 'in_custody'],
      ['longAgo', 'recently-released', 'not_eligible', 'no_recent_release'],
      ['longAgo', 'under-probation', 'not_eligible', 'not_under_supervision'],
      ['longAgo', 'not-in-custody', 'eligible', 'no_ongoing_custody'],
    ]
    for (const [person, service, outcome, reason] of expected) {
      const res = await check(service, { subject: { record: PEOPLE[person]!.record } })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.deepEqual(Object.keys(body).sort(), RESULT_KEYS, `${person} ${service}`)
      assert.deepEqual([body.outcome, body.reason], [outcome, reason], `${person} ${service}`)
      assert.equal(body.service, service)
      assert.equal(body.ruleVersion, '1.0.0')
      assert.equal(body.checkedAt, NOW.toISOString())
      assert.ok(!res.body.includes(ids[person]!), 'no Justice ID in the answer')
    }
  })

  test('unknown subjects, and persons without loaded history, cannot be determined', async () => {
    const unknown = await check('not-in-custody', { subject: { record: NOBODY } })
    assert.deepEqual([unknown.json().outcome, unknown.json().reason], ['cannot_determine', 'no_match'])
    const noHistory = await check('not-in-custody', { subject: { record: NO_HISTORY } })
    assert.deepEqual(
      [noHistory.json().outcome, noHistory.json().reason],
      ['cannot_determine', 'no_event_history'],
    )
    const unissued = await check('not-in-custody', { subject: { justiceId: newJusticeId() } }, 'reader')
    assert.deepEqual(
      [unissued.json().outcome, unissued.json().reason],
      ['cannot_determine', 'unknown_justice_id'],
    )
  })

  test('a Justice ID subject needs person:read as well as the service scope', async () => {
    const refused = await check('under-probation', { subject: { justiceId: ids.released } })
    assert.equal(refused.statusCode, 403)
    assert.match(refused.json().detail, /person:read/)
    const allowed = await check('under-probation', { subject: { justiceId: ids.released } }, 'reader')
    assert.equal(allowed.statusCode, 200)
    assert.deepEqual(Object.keys(allowed.json()).sort(), RESULT_KEYS)
    assert.equal(allowed.json().outcome, 'eligible')
  })

  test('a client not entitled to a service is refused; a purpose is required', async () => {
    const res = await check(
      'recently-released',
      { subject: { record: PEOPLE.released!.record } },
      'probation-only',
    )
    assert.equal(res.statusCode, 403)
    assert.match(res.json().detail, /eligibility:recently-released/)
    const noPurpose = await app.inject({
      method: 'POST',
      url: '/v1/eligibility/under-probation/checks',
      payload: { subject: { record: PEOPLE.released!.record } },
      headers: auth('checker', null),
    })
    assert.equal(noPurpose.statusCode, 400)
    const unknownService = await check('free-bus-pass', { subject: { record: NOBODY } })
    assert.equal(unknownService.statusCode, 404)
  })

  test('every check is audited with the service, purpose and the IDs involved', async () => {
    const res = await check('not-in-custody', { subject: { record: PEOPLE.inCustody!.record } })
    assert.equal(res.statusCode, 200)
    const all = await readAuditLog(store)
    const last = all.filter((e) => e.action === 'eligibility.check.not-in-custody').at(-1)!
    assert.deepEqual(last.justiceIds, [ids.inCustody])
    assert.equal(last.purpose, PURPOSE)
    assert.equal(last.outcome, '200')
  })
})

describe('eligibility credentials over the API', () => {
  test('a requested credential verifies, is revoked by an admin, and then fails as revoked', async () => {
    const res = await check('recently-released', {
      subject: { record: PEOPLE.released!.record },
      credential: {},
    })
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.deepEqual(Object.keys(body).sort(), [...RESULT_KEYS, 'credential'].sort())
    const ok = await verify(body.credential)
    assert.equal(ok.statusCode, 200)
    assert.deepEqual(ok.json(), {
      valid: true,
      service: 'recently-released',
      ruleVersion: '1.0.0',
      outcome: 'eligible',
      issuedAt: NOW.toISOString(),
      expiresAt: new Date(NOW.getTime() + 28 * 86_400_000).toISOString(),
      holderBound: false,
    })

    const [jwt, ...rest] = body.credential.split('~')
    const [h, p, s] = jwt.split('.')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 365 * 86_400 })).toString(
      'base64url',
    )
    const tampered = [`${h}.${forged}.${s}`, ...rest].join('~')
    assert.deepEqual((await verify(tampered)).json(), { valid: false, reason: 'bad_signature' })

    const notAdmin = await app.inject({
      method: 'POST',
      url: `/v1/credentials/${body.checkId}/revoke`,
      headers: auth('checker'),
    })
    assert.equal(notAdmin.statusCode, 403)
    const revoke = await app.inject({
      method: 'POST',
      url: `/v1/credentials/${body.checkId}/revoke`,
      headers: auth('admin'),
    })
    assert.equal(revoke.statusCode, 200, revoke.body)
    assert.deepEqual((await verify(body.credential)).json(), { valid: false, reason: 'revoked' })
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/credentials/nope/revoke',
      headers: auth('admin'),
    })
    assert.equal(unknown.statusCode, 404)
  })

  test('a holder key binds the credential; no credential for cannot_determine', async () => {
    const holderKey = {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    }
    const res = await check('not-in-custody', {
      subject: { record: PEOPLE.longAgo!.record },
      credential: { holderKey },
    })
    const verified = await verify(res.json().credential)
    assert.equal(verified.json().holderBound, true)
    const withPrivate = await check('not-in-custody', {
      subject: { record: PEOPLE.longAgo!.record },
      credential: { holderKey: { ...holderKey, d: 'secret' } },
    })
    assert.equal(withPrivate.statusCode, 400, 'a private key is refused')
    const none = await check('not-in-custody', { subject: { record: NOBODY }, credential: {} })
    assert.deepEqual(Object.keys(none.json()).sort(), RESULT_KEYS)
  })

  test('the JWKS and status lists are public and hold no private key', async () => {
    const jwks = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
    assert.equal(jwks.statusCode, 200)
    assert.ok(jwks.json().keys.length >= 1)
    assert.ok(jwks.json().keys.every((k: { d?: string; kid?: string }) => k.d === undefined && k.kid))
    const list = await app.inject({ method: 'GET', url: '/v1/status-lists/1' })
    assert.equal(list.statusCode, 200)
    assert.match(String(list.headers['content-type']), /application\/statuslist\+jwt/)
    assert.equal(list.body.split('.').length, 3)
    assert.equal((await app.inject({ method: 'GET', url: '/v1/status-lists/99' })).statusCode, 404)
  })

  test('verification needs the verify scope', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/credentials/verify',
      payload: { credential: 'x~' },
      headers: auth('checker', null),
    })
    assert.equal(res.statusCode, 403)
    assert.deepEqual((await verify('x~')).json(), { valid: false, reason: 'malformed' })
  })
})
