import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DuckDBAppender } from '@duckdb/node-api'
import type { FastifyInstance } from 'fastify'
import { newJusticeId } from '../person-index/justice-id.ts'
import { readAuditLog } from '../person-index/store/testing/audit-log.ts'
import type { ApiScope, AuditEntry, PersonIndexStore } from '../person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../realtime/memory-index.ts'
import { seedStore } from '../realtime/testing/seed.ts'
import type { RealtimeIndex } from '../realtime/types.ts'
import { buildApp } from './app.ts'
import { createClient } from './clients.ts'

/** Synthetic people only: see src/realtime/testing/seed.ts. */
const ASHWORTH = {
  forename: 'Robert',
  surname: 'Ashworth',
  dateOfBirth: '1985-04-12',
  sex: 'M',
  postcode: 'LS1 4AB',
}
const PURPOSE = 'bail hearing 2026-03-01'

let store: PersonIndexStore
let index: OpenRealtimeIndex
let cleanup: () => Promise<void>
let app: FastifyInstance
const tokens: Record<string, string> = {}

const auth = (who: string, purpose: string | null = PURPOSE): Record<string, string> => ({
  authorization: `Bearer ${tokens[who]}`,
  ...(purpose === null ? {} : { 'x-purpose': purpose }),
})

/** A match as the matcher: of Ashworth on the shared app with the usual purpose, unless told otherwise. */
const postMatch = ({
  on = app,
  payload = { record: ASHWORTH } as object,
  purpose = PURPOSE as string | null,
} = {}) => on.inject({ method: 'POST', url: '/v1/match', payload, headers: auth('matcher', purpose) })

/** The answer to one match on an app built with a fault put in, the app closed afterwards. */
const matchOnFaultyApp = async (options: Parameters<typeof buildApp>[0]) => {
  const faulty = await buildApp(options)
  try {
    return await postMatch({ on: faulty })
  } finally {
    await faulty.close()
  }
}

before(async () => {
  ;({ store, cleanup } = await seedStore())
  index = await openRealtimeIndex(store)
  const add = async (name: string, scopes: ApiScope[], rateLimitPerMinute = 6000) => {
    tokens[name] = (await createClient(store, { name, scopes, rateLimitPerMinute })).token
  }
  await add('matcher', ['match'])
  await add('reader', ['person:read'])
  await add('writer', ['record:write'])
  await add('admin', ['admin'])
  await add('slow', ['match'], 2)
  app = await buildApp({ index, store, auditFlushMs: 2 })
})

after(async () => {
  await app.close()
  await index.close()
  await cleanup()
})

/** Every /v1 route, with a request that would succeed given the right client. */
const v1Routes = () => {
  const someId = newJusticeId()
  return [
    { method: 'POST' as const, url: '/v1/match', payload: { record: ASHWORTH }, scope: 'matcher' },
    { method: 'GET' as const, url: `/v1/persons/${someId}`, scope: 'reader' },
    { method: 'GET' as const, url: '/v1/persons?name=Robert%20Ashworth', scope: 'reader' },
    { method: 'PUT' as const, url: '/v1/records/court/c9', payload: ASHWORTH, scope: 'writer' },
    { method: 'DELETE' as const, url: '/v1/records/court/c9', scope: 'writer' },
    { method: 'GET' as const, url: '/v1/audit/verify', scope: 'admin' },
  ]
}

describe('access control', () => {
  test('every /v1 route refuses a request without credentials or with a bad secret (401)', async () => {
    for (const route of v1Routes()) {
      const bare = await app.inject({ ...route, headers: { 'x-purpose': PURPOSE } })
      assert.equal(bare.statusCode, 401, `${route.method} ${route.url}`)
      assert.equal(bare.json().code, 'unauthorised')
      const [id] = tokens.matcher!.split('.')
      const forged = await app.inject({
        ...route,
        headers: { authorization: `Bearer ${id}.${'A'.repeat(43)}`, 'x-purpose': PURPOSE },
      })
      assert.equal(forged.statusCode, 401, `${route.method} ${route.url} with a forged secret`)
    }
  })

  test('every /v1 route refuses a client without its scope (403), and admin implies no other scope', async () => {
    for (const route of v1Routes()) {
      const other = route.scope === 'admin' ? 'matcher' : 'admin'
      const res = await app.inject({ ...route, headers: auth(other) })
      assert.equal(res.statusCode, 403, `${route.method} ${route.url} as ${other}`)
      assert.match(res.json().detail, /scope/)
    }
  })

  test('a client over its rate gets 429 with Retry-After', async () => {
    const request = { method: 'POST' as const, url: '/v1/match', payload: { record: ASHWORTH } }
    const statuses: number[] = []
    let retryAfter: string | undefined
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ ...request, headers: auth('slow') })
      statuses.push(res.statusCode)
      retryAfter ??= res.headers['retry-after'] as string | undefined
    }
    assert.deepEqual(statuses, [200, 200, 429])
    assert.ok(Number(retryAfter) >= 1, 'Retry-After in whole seconds')
  })

  test('routes that touch a person need X-Purpose (400, clear message)', async () => {
    const res = await postMatch({ purpose: null })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'purpose_required')
    assert.match(res.json().detail, /X-Purpose/)
  })

  test('the audit route needs no purpose', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/audit/verify', headers: auth('admin', null) })
    assert.equal(res.statusCode, 200)
  })
})

describe('routes', () => {
  test('health is public and counts records and persons', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { status: 'ok', ...index.stats() })
    assert.ok(res.json().records >= 4)
  })

  test('match returns the seeded person first, with a waterfall', async () => {
    const res = await postMatch({ payload: { record: { ...ASHWORTH, forename: 'Rob' }, limit: 3 } })
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.equal(body.candidates[0].justiceId, 'JID-ASHWORTH')
    assert.ok(body.candidates[0].waterfall.length > 0)
    assert.ok(body.candidates.length <= 3)
  })

  test('a record written through the API is readable by its new Justice ID, and deletable', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/records/court/c77',
      payload: {
        forename: 'Imogen',
        surname: 'Fairweather-Quist',
        dateOfBirth: '1979-02-03',
        postcode: 'BS1 5TT',
      },
      headers: auth('writer'),
    })
    assert.equal(put.statusCode, 200, put.body)
    const id = put.json().justiceId as string
    assert.ok(put.json().events.some((e: { kind: string }) => e.kind === 'created'))

    // IDs read forgivingly: lower case and no hyphens resolve to the same person.
    const read = await app.inject({
      method: 'GET',
      url: `/v1/persons/${id.toLowerCase().replace(/-/g, '')}`,
      headers: auth('reader'),
    })
    assert.equal(read.statusCode, 200, read.body)
    const person = read.json()
    assert.equal(person.justiceId, id)
    assert.equal(person.status, 'active')
    assert.deepEqual(
      person.records.map((r: { key: string }) => r.key),
      ['court:c77'],
    )
    // As the caller entered it, not as the model compares it ("fairweather quist").
    assert.equal(person.records[0].record.surname, 'Fairweather-Quist')
    assert.equal(person.records[0].record.valuesAs, 'entered')

    const search = await app.inject({
      method: 'GET',
      url: '/v1/persons?name=Imogen%20Fairweather-Quist&dateOfBirth=1979-02-03',
      headers: auth('reader'),
    })
    assert.equal(search.statusCode, 200)
    assert.equal(search.json().persons[0].justiceId, id)

    const del = await app.inject({ method: 'DELETE', url: '/v1/records/court/c77', headers: auth('writer') })
    assert.equal(del.statusCode, 200)
    assert.equal(del.json().justiceId, null)
    const again = await app.inject({
      method: 'DELETE',
      url: '/v1/records/court/c77',
      headers: auth('writer'),
    })
    assert.equal(again.statusCode, 404)
  })

  test('a Justice ID with a wrong check character is 400; an unissued valid one is 404', async () => {
    const valid = newJusticeId()
    const last = valid.at(-1)!
    const wrong = valid.slice(0, -1) + (last === '0' ? '1' : '0')
    const bad = await app.inject({ method: 'GET', url: `/v1/persons/${wrong}`, headers: auth('reader') })
    assert.equal(bad.statusCode, 400)
    assert.equal(bad.json().code, 'invalid_justice_id')
    const unknown = await app.inject({ method: 'GET', url: `/v1/persons/${valid}`, headers: auth('reader') })
    assert.equal(unknown.statusCode, 404)
  })
})

describe('errors', () => {
  test('a validation error names the field and rule and never echoes the value', async () => {
    const secretish = 'Zephyrine-Oldcastle-'.repeat(10)
    const res = await postMatch({
      payload: { record: { surname: secretish, dateOfBirth: 19850412 }, limit: 99 },
    })
    assert.equal(res.statusCode, 400)
    const { code, detail: message } = res.json()
    assert.equal(code, 'invalid_request')
    assert.match(message, /body\.record\.surname must be at most 100 characters/)
    assert.match(message, /body\.record\.dateOfBirth must be string/)
    assert.match(message, /body\.limit must be at most 50/)
    assert.ok(!res.body.includes('Zephyrine'))
    assert.ok(!res.body.includes('19850412'))
  })

  test('an unknown route is 404 in the same error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/v2/anything' })
    assert.equal(res.statusCode, 404)
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/)
    assert.deepEqual(res.json(), {
      type: 'tag:justid.example,2026:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: 'no such route',
      code: 'not_found',
    })
  })

  test('a body that is not JSON gets a message that does not quote it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/match',
      payload: '{"record": Zephyrine',
      headers: { ...auth('matcher'), 'content-type': 'application/json' },
    })
    assert.equal(res.statusCode, 400)
    assert.ok(!res.body.includes('Zephyrine'))
  })

  test('an internal error says only "internal error" and the request id', async () => {
    const broken: RealtimeIndex = {
      ...index,
      stats: () => index.stats(),
      sources: () => index.sources(),
      meta: () => index.meta(),
      match: () => {
        throw new Error('boom at /work/secret/path for Zephyrine')
      },
    }
    const res = await matchOnFaultyApp({ index: broken, store, auditFlushMs: 1 })
    assert.equal(res.statusCode, 500)
    assert.deepEqual(Object.keys(res.json()), ['type', 'title', 'status', 'detail', 'code'])
    assert.match(res.json().detail, /^internal error \(request [0-9a-f-]{36}\)$/)
    assert.ok(!/boom|stack|Zephyrine|\.ts/.test(res.body))
  })

  test('when the audit log cannot be written the request fails with 503 and no data', async () => {
    const failing: PersonIndexStore = {
      ...store,
      appendAudit: async () => {
        throw new Error('disk full')
      },
    }
    const res = await matchOnFaultyApp({ index, store: failing, auditFlushMs: 1 })
    assert.equal(res.statusCode, 503)
    assert.equal(res.json().code, 'audit_unavailable')
    assert.ok(!res.body.includes('JID-ASHWORTH'))
  })
})

describe('audit', () => {
  test('each person-touching request, refusals included, is logged with purpose, IDs and outcome', async () => {
    const before = (await readAuditLog(store)).length
    const matchPurpose = 'audit test: match'
    await postMatch({ purpose: matchPurpose })
    const issued = newJusticeId()
    await app.inject({
      method: 'GET',
      url: `/v1/persons/${issued}`,
      headers: auth('reader', 'audit test: read'),
    })
    await app.inject({
      method: 'GET',
      url: `/v1/persons/${issued}`,
      headers: { 'x-purpose': 'no credentials' },
    })
    await app.inject({ method: 'GET', url: '/health' })

    const added = (await readAuditLog(store)).slice(before)
    assert.equal(added.length, 3, 'health is not audited; the refused read is')
    const [match, read, refused] = added as [AuditEntry, AuditEntry, AuditEntry]
    assert.equal(match.action, 'match')
    assert.equal(match.purpose, matchPurpose)
    assert.equal(match.outcome, '200')
    assert.equal(match.actor, tokens.matcher!.split('.')[0])
    assert.ok(match.justiceIds.includes('JID-ASHWORTH'))
    assert.deepEqual([read.action, read.outcome, read.justiceIds], ['person.read', '404', [issued]])
    assert.deepEqual(
      [refused.actor, refused.outcome, refused.justiceIds],
      ['unauthenticated', '401', [issued]],
    )

    const verify = await app.inject({ method: 'GET', url: '/v1/audit/verify', headers: auth('admin') })
    assert.equal(verify.json().ok, true)
    assert.ok(verify.json().entries >= before + 3)
    assert.equal(verify.json().checkpoint, null, 'no checkpoint folder: the chain alone is checked')
  })

  test('when the audit appender cannot flush, those requests get 503 and no data, and the log loses nothing acknowledged', async () => {
    const lines: string[] = []
    const logged = await buildApp({ index, store, auditFlushMs: 1, accessLog: (line) => lines.push(line) })
    const purpose = 'audit flush test 7f3a'
    const match = () => postMatch({ on: logged, purpose })
    // The native flush fails as DuckDB's would on a full disk, its message quoting the rows it held.
    const flush = DuckDBAppender.prototype.flushSync
    let failing = false
    DuckDBAppender.prototype.flushSync = function (this: DuckDBAppender) {
      if (failing) throw new Error(`IO Error: could not write row ("${purpose}", "JID-ASHWORTH", "Ashworth")`)
      flush.call(this)
    }
    try {
      assert.equal((await match()).statusCode, 200)
      const acknowledged = await readAuditLog(store)
      failing = true
      const refused = await Promise.all([match(), match(), match()])
      failing = false
      for (const res of refused) {
        assert.equal(res.statusCode, 503, 'no answer leaves without its audit entry')
        assert.equal(res.json().code, 'audit_unavailable')
        for (const personal of ['JID-ASHWORTH', 'Ashworth', purpose, 'IO Error'])
          assert.ok(!res.body.includes(personal), `the refusal quotes ${personal}`)
      }
      assert.deepEqual(
        await readAuditLog(store),
        acknowledged,
        'the failed batch wrote nothing, removed nothing',
      )

      // The next batch chains onto the last entry stored, and the failed rows never turn up later.
      assert.equal((await match()).statusCode, 200)
      const after = await readAuditLog(store)
      assert.deepEqual(after.slice(0, acknowledged.length), acknowledged)
      assert.equal(after.length, acknowledged.length + 1)
      assert.equal(after.at(-1)!.prevHash, acknowledged.at(-1)!.hash)
      const verify = await logged.inject({ method: 'GET', url: '/v1/audit/verify', headers: auth('admin') })
      assert.equal(verify.json().ok, true)
      assert.ok(lines.length > 0)
      for (const line of lines) assert.ok(!/JID-|Ashworth|7f3a|IO Error/.test(line), line)
    } finally {
      DuckDBAppender.prototype.flushSync = flush
      await logged.close()
    }
  })
})

describe('openapi', () => {
  test('the document lists every route with its scope, and /docs is served', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' })
    assert.equal(res.statusCode, 200)
    const doc = res.json()
    assert.match(doc.openapi, /^3\./)
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, { 'x-scope'?: string }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, op]) => `${method.toUpperCase()} ${path} ${op['x-scope'] ?? '-'}`,
      ),
    )
    for (const expected of [
      'GET /health -',
      'POST /v1/match match',
      'GET /v1/persons/{justiceId} person:read',
      'GET /v1/persons person:read',
      'PUT /v1/records/{source}/{recordId} record:write',
      'DELETE /v1/records/{source}/{recordId} record:write',
      'GET /v1/audit/verify admin',
    ])
      assert.ok(operations.includes(expected), `${expected} in ${operations.join(', ')}`)
    const match = doc.paths['/v1/match'].post
    assert.ok(match.requestBody.content['application/json'].schema.properties.record)
    assert.ok(
      match.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'x-purpose'),
    )
    const docs = await app.inject({ method: 'GET', url: '/docs/' })
    assert.equal(docs.statusCode, 200)
  })
})
