import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify'
import { z } from 'zod'
import { pncCheckCharacter } from '../core/check-characters.ts'
import type { ApiScope, PersonIndexStore } from '../person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../realtime/memory-index.ts'
import { seedStore } from '../realtime/testing/seed.ts'
import { buildApp } from './app.ts'
import { createClient } from './clients.ts'

/**
 * Invalid input is refused with RFC 9457 problem details that name the field, never the value; every refusal is
 * documented in the OpenAPI document, and the bodies sent match what it documents (issue #17 items 8-10, #19 item 9).
 * Synthetic people only (src/realtime/testing/seed.ts).
 */

const PURPOSE = 'problem details test'
const RECORD = { forename: 'Robert', surname: 'Ashworth', dateOfBirth: '1985-04-12', postcode: 'LS1 4AB' }
const PNC_CHECK = pncCheckCharacter(2012, 52834)
const PNC = `2012/0052834${PNC_CHECK}`
const WRONG_PNC = `2012/0052834${PNC_CHECK === 'A' ? 'B' : 'A'}`
/** A value that must never come back in an answer. */
const SECRET = 'Zephyrine'

let store: PersonIndexStore
let index: OpenRealtimeIndex
let cleanup: () => Promise<void>
let app: FastifyInstance
let doc: OpenApi
const tokens: Record<string, string> = {}

interface Operation {
  'x-scope'?: string
  requestBody?: unknown
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>
}

const auth = (who: string): Record<string, string> => ({
  authorization: `Bearer ${tokens[who]}`,
  'x-purpose': PURPOSE,
})

before(async () => {
  ;({ store, cleanup } = await seedStore())
  index = await openRealtimeIndex(store)
  const add = async (name: string, scopes: ApiScope[]) => {
    tokens[name] = (await createClient(store, { name, scopes, rateLimitPerMinute: 60_000 })).token
  }
  await add('matcher', ['match'])
  await add('writer', ['record:write'])
  await add('reader', ['person:read'])
  await add('checker', ['eligibility:not-in-custody'])
  app = await buildApp({ index, store, auditFlushMs: 2 })
  doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
})

after(async () => {
  await app.close()
  await index.close()
  await cleanup()
})

/** The OpenAPI path of a request URL: `/v1/records/court/x` is `/v1/records/{source}/{recordId}`. */
const documentedPath = (url: string): string => {
  const path = url.split('?')[0]!
  const found = Object.keys(doc.paths).find((p) =>
    new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  )
  assert.ok(found, `${path} is documented`)
  return found
}

/** Checks an error answer: problem details, validated against the schema the OpenAPI document gives for it. */
const assertProblem = (res: LightMyRequestResponse, method: string, url: string, status: number) => {
  assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/)
  const operations = doc.paths[documentedPath(url)]!
  // A 405 answers a method the path does not take: each of the path's operations documents it.
  const operation =
    operations[method.toLowerCase()] ?? (status === 405 ? Object.values(operations)[0] : undefined)
  assert.ok(operation, `${method} ${url} is documented`)
  const documented = operation.responses[String(status)]?.content?.['application/problem+json']?.schema
  assert.ok(documented, `${method} ${url} documents ${status} as application/problem+json`)
  const checked = z.fromJSONSchema(documented as Parameters<typeof z.fromJSONSchema>[0]).safeParse(res.json())
  assert.ok(checked.success, `${method} ${url} ${status} body fits its documented schema: ${res.body}`)
  const body = res.json() as { status: number; type: string; title: string; detail: string }
  assert.equal(body.status, status)
  assert.ok(!res.body.includes(SECRET), 'no value sent comes back')
  return res.json() as {
    code: string
    detail: string
    errors?: { field: string; pointer?: string; detail: string }[]
  }
}

/** A request as the named client, with the purpose every route that touches a person needs. */
const ask = (who: string, method: HTTPMethods, url: string, payload?: object) =>
  app.inject({ method, url, payload, headers: auth(who) })

const fieldsOf = (body: { errors?: { field: string }[] }): string[] => (body.errors ?? []).map((e) => e.field)

/** Records a caller might send that say nothing the index can use, each with the field that should be named. */
const badRecords: { name: string; record: Record<string, unknown>; field: string; rule: RegExp }[] = [
  {
    name: 'an impossible date',
    record: { ...RECORD, dateOfBirth: '1985-02-30' },
    field: 'dateOfBirth',
    rule: /not a possible date/,
  },
  {
    name: 'a future date',
    record: { ...RECORD, dateOfBirth: '2199-01-01' },
    field: 'dateOfBirth',
    rule: /not a possible date/,
  },
  { name: 'an unknown sex code', record: { ...RECORD, sex: 'Q' }, field: 'sex', rule: /not a sex code/ },
  {
    name: 'a malformed PNC',
    record: { ...RECORD, identifiers: { pnc: WRONG_PNC } },
    field: 'identifiers.pnc',
    rule: /not a valid PNC/,
  },
  {
    name: 'a malformed CRO',
    record: { ...RECORD, identifiers: { cro: 'ABC' } },
    field: 'identifiers.cro',
    rule: /not a valid CRO/,
  },
  {
    name: 'a birth date whole and in parts',
    record: { ...RECORD, birthYear: 1985 },
    field: 'birthYear',
    rule: /whole or in parts, not both/,
  },
  {
    name: 'a birth year that is no year',
    record: { forename: 'Robert', surname: 'Ashworth', birthYear: 185 },
    field: 'birthYear',
    rule: /not a possible year/,
  },
  {
    name: 'a month of 13',
    record: { forename: 'Robert', surname: 'Ashworth', birthYear: '1985', birthMonth: 13 },
    field: 'birthMonth',
    rule: /not a month/,
  },
  {
    name: 'parts that make no date',
    record: { forename: 'Robert', surname: 'Ashworth', birthYear: 1985, birthMonth: 'Feb', birthDay: 30 },
    field: 'birthDay',
    rule: /not a possible date of birth/,
  },
  {
    name: 'a day without its month',
    record: { forename: 'Robert', surname: 'Ashworth', birthYear: 1985, birthDay: 12 },
    field: 'birthMonth',
    rule: /required with birthDay/,
  },
  {
    name: 'an attribute value over 200 characters',
    record: { ...RECORD, attributes: { birth_place: 'x'.repeat(201) } },
    field: 'attributes',
    rule: /value over 200/,
  },
  { name: 'an empty record', record: {}, field: '', rule: /is empty/ },
  {
    name: 'only blank attributes',
    record: { attributes: { birth_place: ' ' } },
    field: '',
    rule: /is empty/,
  },
  { name: 'a record of blanks', record: { surname: '  ', aliases: [''] }, field: '', rule: /is empty/ },
]

describe('invalid input is a 400 naming the field', () => {
  for (const { name, record, field, rule } of badRecords) {
    test(`${name}: refused by match, eligibility checks and record writes`, async () => {
      const asks = [
        { url: '/v1/match', payload: { record }, who: 'matcher', at: 'body.record' },
        {
          url: '/v1/eligibility/not-in-custody/checks',
          payload: { subject: { record } },
          who: 'checker',
          at: 'body.subject.record',
        },
      ]
      for (const { url, payload, who, at } of asks) {
        const res = await ask(who, 'POST', url, payload)
        const body = assertProblem(res, 'POST', url, 400)
        const named = field ? `${at}.${field}` : at
        assert.deepEqual(fieldsOf(body), [named], `${url}: ${res.body}`)
        assert.match(body.errors![0]!.detail, rule)
      }
      const put = await ask('writer', 'PUT', '/v1/records/court/p-new', record)
      const body = assertProblem(put, 'PUT', '/v1/records/court/p-new', 400)
      assert.deepEqual(fieldsOf(body), [field ? `body.${field}` : 'body'])
    })
  }

  test('a record with too little to search on is refused by match and checks, and the index is not asked', async () => {
    for (const [url, payload, who, at] of [
      ['/v1/match', { record: { sex: 'M' } }, 'matcher', 'body.record'],
      [
        '/v1/eligibility/not-in-custody/checks',
        { subject: { record: { sex: 'F' } } },
        'checker',
        'body.subject.record',
      ],
    ] as const) {
      const res = await ask(who, 'POST', url, payload)
      const body = assertProblem(res, 'POST', url, 400)
      assert.deepEqual(fieldsOf(body), [at])
      assert.match(body.detail, /too little to search on/)
    }
  })

  test('a valid record with a known sex code, a good PNC and a dd/mm/yyyy date is still answered', async () => {
    const res = await ask('matcher', 'POST', '/v1/match', {
      record: { ...RECORD, dateOfBirth: '12/04/1985', sex: 'male', identifiers: { pnc: PNC } },
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().candidates[0].justiceId, 'JID-ASHWORTH')
  })

  test('a birth date in parts, a town and attributes are read, and a year alone still finds the person', async () => {
    const res = await ask('matcher', 'POST', '/v1/match', {
      record: {
        forename: 'Robert',
        surname: 'Ashworth',
        birthYear: 1985,
        birthMonth: 'Apr',
        birthDay: '12',
        town: 'Leeds',
        attributes: { 'Place of birth': 'Leeds' },
      },
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().candidates[0].justiceId, 'JID-ASHWORTH')
    const whole = res.json().candidates[0].matchWeight
    const yearOnly = await ask('matcher', 'POST', '/v1/match', {
      record: { forename: 'Robert', surname: 'Ashworth', birthYear: '1985' },
    })
    assert.equal(yearOnly.statusCode, 200, yearOnly.body)
    assert.equal(yearOnly.json().candidates[0].justiceId, 'JID-ASHWORTH')
    assert.ok(
      yearOnly.json().candidates[0].matchWeight < whole,
      'a year alone is weaker evidence than the date',
    )
  })

  test('a write to a source the index does not hold is refused, and nothing is written', async () => {
    const before = index.stats()
    const res = await ask('writer', 'PUT', '/v1/records/cuort/c1', RECORD)
    const body = assertProblem(res, 'PUT', '/v1/records/cuort/c1', 400)
    assert.equal(body.code, 'unknown_source')
    assert.deepEqual(fieldsOf(body), ['params.source'])
    assert.match(body.detail, /court, prison, probation/)
    assert.deepEqual(index.stats(), before)
  })

  test('a search with an impossible date of birth is refused', async () => {
    const url = '/v1/persons?name=Robert%20Ashworth&dateOfBirth=1985-02-30'
    const body = assertProblem(await ask('reader', 'GET', url), 'GET', url, 400)
    assert.deepEqual(fieldsOf(body), ['query.dateOfBirth'])
  })
})

describe('refusals that name nothing the caller sent', () => {
  test('an unknown field is refused without echoing its name', async () => {
    const res = await ask('matcher', 'POST', '/v1/match', { record: { ...RECORD, [SECRET]: 'x' } })
    const body = assertProblem(res, 'POST', '/v1/match', 400)
    assert.deepEqual(fieldsOf(body), ['body.record'])
    assert.match(body.errors![0]!.detail, /a field that is not in the schema/)
    assert.equal(body.errors![0]!.pointer, '#/record')
  })

  test('a path segment over 100 characters is 414 in the documented shape, without the path', async () => {
    const url = `/v1/persons/${SECRET.repeat(15)}`
    const res = await ask('reader', 'GET', url)
    const body = assertProblem(res, 'GET', url, 414)
    assert.equal(body.code, 'uri_too_long')
  })

  test('a field of 2 MB is 413, not an internal error', async () => {
    const url = '/v1/records/court/big'
    const res = await ask('writer', 'PUT', url, { ...RECORD, surname: SECRET.repeat(250_000) })
    assert.equal(assertProblem(res, 'PUT', url, 413).code, 'body_too_large')
  })

  test('a body that is not JSON is 415 in the same shape', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/match',
      payload: SECRET,
      headers: { ...auth('matcher'), 'content-type': `text/${SECRET}` },
    })
    assertProblem(res, 'POST', '/v1/match', 415)
  })
})

describe('a wrong method', () => {
  test('is 405 with Allow on every API path, documented', async () => {
    for (const [method, url, allow] of [
      ['GET', '/v1/match', 'POST'],
      ['DELETE', '/v1/match', 'POST'],
      ['POST', '/v1/persons/JID-0000-0000-0000', 'GET, HEAD'],
      ['PATCH', '/v1/records/court/c1', 'PUT, DELETE'],
      ['POST', '/health', 'GET, HEAD'],
    ] as const) {
      const res = await ask('matcher', method, url, method === 'GET' ? undefined : {})
      assert.equal(assertProblem(res, method, url, 405).code, 'method_not_allowed')
      assert.equal(res.headers.allow, allow, `${method} ${url}`)
    }
  })
})

describe('over a socket', () => {
  let port: number
  before(async () => {
    await app.listen({ host: '127.0.0.1', port: 0 })
    port = (app.server.address() as { port: number }).port
  })

  /** Sends raw bytes and returns the raw answer: what a hostile client sees, nothing normalised on the way. */
  const raw = (request: Buffer): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      const socket = connect(port, '127.0.0.1', () => socket.write(request))
      socket.on('data', (c) => chunks.push(c))
      socket.on('end', () => resolve(Buffer.concat(chunks)))
      socket.on('error', reject)
    })

  const put = (path: string) => {
    const body = JSON.stringify(RECORD)
    return Buffer.from(
      `PUT ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.writer}\r\nX-Purpose: ${PURPOSE}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    )
  }

  test('a source named .. is refused', async () => {
    for (const source of ['..', '.', '%2E%2E']) {
      const answer = (await raw(put(`/v1/records/${source}/x`))).toString()
      assert.match(answer, /^HTTP\/1\.1 (400|404) /, `${source}: ${answer}`)
      assert.match(answer, /application\/problem\+json/)
    }
  })

  test('control, escape and binary bytes in headers never come back', async () => {
    const garbage = Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0x80, 0x07])
    for (const header of ['X-Purpose', 'Authorization', 'Content-Type', 'Accept']) {
      const request = Buffer.concat([
        Buffer.from(`POST /v1/match HTTP/1.1\r\nHost: x\r\nConnection: close\r\n`),
        header === 'Authorization'
          ? Buffer.from('')
          : Buffer.from(`Authorization: Bearer ${tokens.matcher}\r\n`),
        Buffer.from(`${header}: `),
        garbage,
        Buffer.from('\r\nContent-Length: 2\r\n\r\n{}'),
      ])
      const answer = await raw(request)
      assert.match(answer.toString('latin1'), /^HTTP\/1\.1 4\d\d /, header)
      for (const byte of [0x1b, 0xff, 0xfe, 0x07])
        assert.ok(!answer.includes(byte), `${header}: byte ${byte} is not in the answer`)
    }
  })
})

describe('the OpenAPI document', () => {
  test('shows only the API: no review app pages', () => {
    for (const path of Object.keys(doc.paths))
      assert.match(path, /^\/(v1\/|health$|\.well-known\/)/, `${path} is an API path`)
  })

  test('documents the refusals of every operation as problem details', () => {
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const expected = ['404', '405', '500']
        if (operation['x-scope']) expected.push('401', '403', '429')
        if (operation.requestBody) expected.push('400', '413', '415')
        for (const status of expected) {
          const content = operation.responses[status]?.content
          assert.ok(content?.['application/problem+json'], `${method} ${path} documents ${status}`)
        }
      }
  })

  test('documents the record in a person answer with the values it holds, not the matching keys', async () => {
    const schema = doc.paths['/v1/persons/{justiceId}']!.get!.responses['200']!.content!['application/json']!
      .schema as {
      properties: { records: { items: { properties: { record: { properties: Record<string, unknown> } } } } }
    }
    const documented = Object.keys(schema.properties.records.items.properties.record.properties)
    assert.ok(documented.includes('surname') && documented.includes('identifiers'))
    for (const internal of ['forenameMetaphone', 'nameTokens', 'surnameParts', 'forenameGroup'])
      assert.ok(!documented.includes(internal), `${internal} is not documented`)
    const written = await ask('writer', 'PUT', '/v1/records/court/schema-1', {
      ...RECORD,
      forename: 'Imogen',
      surname: 'Fairweather-Quist',
      identifiers: { pnc: PNC },
    })
    assert.equal(written.statusCode, 200, written.body)
    const url = `/v1/persons/${written.json().justiceId}`
    const res = await ask('reader', 'GET', url)
    assert.equal(res.statusCode, 200, res.body)
    for (const record of res.json().records as { record: Record<string, unknown> }[])
      assert.deepEqual(Object.keys(record.record).sort(), [...documented].sort())
  })
})
