import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { PersonIndexStore } from '../person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../realtime/memory-index.ts'
import { seedStore } from '../realtime/testing/seed.ts'
import { buildApp } from './app.ts'
import { createClient } from './clients.ts'

/**
 * The `record` of a person answer is the record as its source entered it, in the schema the OpenAPI document gives,
 * and never the keys derived for matching (issue #17 items 1 and 10). Synthetic people only.
 */

let store: PersonIndexStore
let index: OpenRealtimeIndex
let cleanup: () => Promise<void>
let app: FastifyInstance
let personSchema: z.ZodType
const tokens: Record<string, string> = {}

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}`, 'x-purpose': 'entered values test' })

before(async () => {
  ;({ store, cleanup } = await seedStore())
  index = await openRealtimeIndex(store)
  tokens.writer = (await createClient(store, { name: 'w', scopes: ['record:write'] })).token
  tokens.reader = (await createClient(store, { name: 'r', scopes: ['person:read'] })).token
  app = await buildApp({ index, store, auditFlushMs: 2 })
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  personSchema = z.fromJSONSchema(
    jsonSchemaOf(
      doc.paths['/v1/persons/{justiceId}'].get.responses['200'].content['application/json'].schema,
    ),
  )
})

after(async () => {
  await app.close()
  await index.close()
  await cleanup()
})

/** An OpenAPI 3.0 schema as JSON Schema: its `nullable: true` is a `null` type (JSON Schema has no `nullable`). */
const jsonSchemaOf = (schema: unknown): Parameters<typeof z.fromJSONSchema>[0] => {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert)
    if (node === null || typeof node !== 'object') return node
    const { nullable, ...rest } = node as Record<string, unknown>
    const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, convert(v)]))
    return nullable === true && typeof out.type === 'string' ? { ...out, type: [out.type, 'null'] } : out
  }
  return convert(schema) as Parameters<typeof z.fromJSONSchema>[0]
}

const MATCHING_KEYS = /forenameMetaphone|surnameMetaphone|nameTokens|surnameParts|forenameGroup|addressTokens/

test('a person answer gives each record as entered, fits the OpenAPI document, and holds no matching keys', async () => {
  const put = await app.inject({
    method: 'PUT',
    url: '/v1/records/court/e1',
    headers: auth('writer'),
    payload: {
      fullName: "O'Brien, Seán",
      dateOfBirth: '26/06/1998',
      sex: 'm',
      addressLines: ['Flat 2', '14 Example Street'],
      postcode: 'sw1a1aa',
    },
  })
  assert.equal(put.statusCode, 200, put.body)
  const res = await app.inject({
    method: 'GET',
    url: `/v1/persons/${put.json().justiceId}`,
    headers: auth('reader'),
  })
  assert.equal(res.statusCode, 200, res.body)
  const checked = personSchema.safeParse(res.json())
  assert.ok(checked.success, `the answer fits its documented schema: ${checked.error?.message}`)
  assert.doesNotMatch(res.body, MATCHING_KEYS)
  const { record } = res.json().records[0]
  assert.equal(record.valuesAs, 'entered')
  assert.equal(record.fullName, "O'Brien, Seán")
  assert.equal(record.dateOfBirth, '26/06/1998')
  assert.equal(record.birthDate, '1998-06-26')
  assert.equal(record.sex, 'm')
  assert.equal(record.postcode, 'sw1a1aa')
  assert.deepEqual(record.addressLines, ['Flat 2', '14 Example Street'])
})

test('a record an older index stored without entered values is given as standardised, and says so', async () => {
  const put = await app.inject({
    method: 'PUT',
    url: '/v1/records/court/e2',
    headers: auth('writer'),
    payload: {
      forename: 'Imogen',
      surname: 'Fairweather-Quist',
      dateOfBirth: '1979-02-03',
      postcode: 'BS1 5TT',
    },
  })
  assert.equal(put.statusCode, 200, put.body)
  const [older] = await store.recordsByKey(['court:e2'])
  await store.applyBatch({
    id: 'older',
    kind: 'upsert',
    at: '2026-02-01T00:00:00.000Z',
    upsertRecords: [{ ...older!, entered: null }],
    deleteRecords: [],
    upsertPersons: [],
    events: [],
    replaceEdgesOf: [],
    edges: [],
  })
  // The index as a server loads it at start-up: persons are then read from memory (person-views.ts).
  const olderIndex = await openRealtimeIndex(store)
  const olderApp = await buildApp({ index: olderIndex, store, auditFlushMs: 2 })
  const res = await olderApp.inject({
    method: 'GET',
    url: `/v1/persons/${put.json().justiceId}`,
    headers: auth('reader'),
  })
  await olderApp.close()
  await olderIndex.close()
  assert.equal(res.statusCode, 200, res.body)
  assert.ok(personSchema.safeParse(res.json()).success, res.body)
  assert.doesNotMatch(res.body, MATCHING_KEYS)
  const { record } = res.json().records[0]
  assert.equal(record.valuesAs, 'standardised')
  assert.equal(record.surname, 'fairweather quist')
  assert.equal(record.birthDate, '1979-02-03')
})
