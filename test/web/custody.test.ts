/**
 * The custody violence estimate in `justid serve`: the API route's own scope, purpose header and audit, and the
 * review app's page and decision form for the `custody` role only, each decision audited. Synthetic people only.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { testCustodyModel } from '../../src/custody/testing/model.ts'
import { readAuditLog } from '../../src/person-index/store/testing/audit-log.ts'
import type { PersonIndexStore } from '../../src/person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../../src/realtime/memory-index.ts'
import { seedStore } from '../../src/realtime/testing/seed.ts'
import { buildApp } from '../../src/serve/app.ts'
import { createClient } from '../../src/serve/clients.ts'
import { addCustodyPerson } from '../support/custody-person.ts'
import { addStaff, signIn as signInAs, TEST_PASSWORD_COST } from './helpers.ts'

const NOW = new Date('2026-03-01T12:00:00Z')
const MODEL = testCustodyModel()

let store: PersonIndexStore
let index: OpenRealtimeIndex
let cleanup: () => Promise<void>
let app: FastifyInstance
let justiceId: string
const tokens: Record<string, string> = {}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

const signIn = (username: string) => signInAs(app, username)

before(async () => {
  ;({ store, cleanup } = await seedStore())
  index = await openRealtimeIndex(store)
  justiceId = await addCustodyPerson(
    index,
    store,
    [
      { startDate: '2025-09-01', detail: 'fight:perpetrator' },
      { startDate: '2026-01-15', detail: 'threat:unclear' },
    ],
    { postcode: 'LS1 4AP' },
  )
  tokens.custody = (await createClient(store, { name: 'placement', scopes: ['custody:read'] })).token
  tokens.reader = (await createClient(store, { name: 'reader', scopes: ['person:read'] })).token
  await addStaff(store, 'cus1', 'custody')
  await addStaff(store, 'rev1', 'reviewer')
  app = await buildApp({
    index,
    store,
    auditFlushMs: 1,
    now: () => NOW,
    custodyModel: MODEL,
    web: { passwordCost: TEST_PASSWORD_COST },
  })
})

after(async () => {
  await app.close()
  await index.close()
  await cleanup()
})

describe('GET /v1/persons/{justiceId}/custody-estimate', () => {
  const get = (token: string | null, purpose: string | null = 'placement review') =>
    app.inject({
      method: 'GET',
      url: `/v1/persons/${justiceId}/custody-estimate`,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(purpose ? { 'x-purpose': purpose } : {}),
      },
    })

  test('needs credentials, the custody:read scope and a purpose', async () => {
    assert.equal((await get(null)).statusCode, 401)
    const reader = await get(tokens.reader!)
    assert.equal(reader.statusCode, 403)
    assert.doesNotMatch(reader.body, /expected/)
    assert.equal((await get(tokens.custody!, null)).statusCode, 400)
  })

  test('answers with the estimate, its factors and records, and is audited with the purpose', async () => {
    const res = await get(tokens.custody!)
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json()
    // Aged 21, 2 incidents in the last 12 months, under a year in custody: above the baseline.
    assert.equal(body.features.ageBand, '21-24')
    assert.equal(body.features.recent, 2)
    assert.ok(body.expected > body.baseline)
    assert.deepEqual(body.records, [{ key: 'prison:k1', custodyPeriods: 1, incidents: 2 }])
    assert.ok(body.factors.length >= 2)
    const entry = (await readAuditLog(store))
      .filter((e) => e.action === 'custody.estimate.read' && e.outcome === '200')
      .at(-1)
    assert.ok(entry)
    assert.deepEqual(entry.justiceIds, [justiceId])
    assert.equal(entry.purpose, 'placement review')
  })
})

describe('the review app: custody estimate page and decision', () => {
  test('only custody staff see the estimate; a reviewer is refused and not shown the way', async () => {
    const reviewer = await signIn('rev1')
    const refused = await app.inject({
      method: 'GET',
      url: `/persons/${justiceId}/custody`,
      headers: { cookie: reviewer.cookie },
    })
    assert.equal(refused.statusCode, 403)
    const person = await app.inject({
      method: 'GET',
      url: `/persons/${justiceId}`,
      headers: { cookie: reviewer.cookie },
    })
    assert.doesNotMatch(person.body, /custody violence estimate/i)
    const custody = await signIn('cus1')
    const page = await app.inject({
      method: 'GET',
      url: `/persons/${justiceId}`,
      headers: { cookie: custody.cookie },
    })
    assert.match(page.body, /Custody violence estimate and placement decision/)
    const estimate = await app.inject({
      method: 'GET',
      url: `/persons/${justiceId}/custody`,
      headers: { cookie: custody.cookie },
    })
    assert.equal(estimate.statusCode, 200)
    assert.match(estimate.body, /incidents in custody in the last 12 months/)
    assert.match(estimate.body, /prison:k1/)
    assert.match(estimate.body, /does not decide or change/)
  })

  test('a decision is recorded in the audit log with its reason; an incomplete one is refused and not recorded', async () => {
    const custody = await signIn('cus1')
    const before = (await readAuditLog(store)).filter((e) => e.action === 'web.custody.decision').length
    const post = (fields: Record<string, string>, who = custody) =>
      app.inject({
        method: 'POST',
        url: `/persons/${justiceId}/custody/decision`,
        headers: { ...FORM, cookie: who.cookie },
        payload: form({ _csrf: who.csrf, ...fields }),
      })
    const incomplete = await post({ decision: 'category_review' })
    assert.equal(incomplete.statusCode, 400)
    assert.match(incomplete.body, /Select why/)
    const reviewer = await signIn('rev1')
    assert.equal(
      (await post({ decision: 'no_change', reason: 'other_factors_outweigh' }, reviewer)).statusCode,
      403,
    )
    const done = await post({ decision: 'category_review', reason: 'newer_information' })
    assert.equal(done.statusCode, 303)
    const decisions = (await readAuditLog(store)).filter((e) => e.action === 'web.custody.decision')
    assert.equal(decisions.length, before + 1)
    assert.equal(decisions.at(-1)!.actor, 'staff:cus1')
    assert.equal(decisions.at(-1)!.outcome, 'decision:category_review reason:newer_information')
    assert.deepEqual(decisions.at(-1)!.justiceIds, [justiceId])
  })
})
