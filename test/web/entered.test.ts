/**
 * Person, pair and cluster pages show records as their sources entered them: names in their own case, the address
 * in its word order, sex as written, dates for people; the values made comparable for the model appear only in the
 * explanation of a pair's comparisons. An index made before entered values were kept opens and shows its records
 * as standardised, marked so (issue #17 item 1). Synthetic people only.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { openIndexStore } from '../../src/person-index/store/open-store.ts'
import type { PersonIndexStore } from '../../src/person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../../src/realtime/memory-index.ts'
import { PEOPLE, seedInto } from '../../src/realtime/testing/seed.ts'
import { buildApp } from '../../src/serve/app.ts'
import { addStaff, cookieOf, PASSWORD, postSignIn, TEST_PASSWORD_COST } from './helpers.ts'

/** The page's text as a reader sees it: tags out, entities read. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()

/** The cells of the records table's row for a field. */
const rowOf = (html: string, label: string): string[] => {
  const row = new RegExp(`<th scope="row" class="govuk-table__header">${label}</th>([\\s\\S]*?)</tr>`).exec(
    html,
  )
  assert.ok(row, `a ${label} row`)
  return [...row[1]!.matchAll(/<td class="([^"]*)">([\s\S]*?)<\/td>/g)].map(
    (m) => `${text(m[2]!).replace(/^Differs: /, '')}${m[1]!.includes('app-differs') ? ' [differs]' : ''}`,
  )
}

const open = async (file: string) => {
  const store = await openIndexStore(file, { create: false })
  const index = await openRealtimeIndex(store)
  const app = await buildApp({ index, store, auditFlushMs: 1, web: { passwordCost: TEST_PASSWORD_COST } })
  const { response: res } = await postSignIn(app, { username: 'rev1', password: PASSWORD, next: '/search' })
  assert.equal(res.statusCode, 303)
  const cookie = cookieOf(res.headers['set-cookie'])
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: { cookie } })
    assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`)
    return r.body
  }
  const close = async () => {
    await app.close()
    await index.close()
  }
  return { store, index, get, close }
}

const folder = mkdtempSync(path.join(tmpdir(), 'justid-entered-web-'))
after(() => rmSync(folder, { recursive: true, force: true }))

describe('records as their sources entered them', () => {
  let site: Awaited<ReturnType<typeof open>>
  let store: PersonIndexStore
  let index: OpenRealtimeIndex
  let justiceId: string

  before(async () => {
    const file = path.join(folder, 'current.duckdb')
    store = await openIndexStore(file)
    await seedInto(store)
    await addStaff(store, 'rev1', 'reviewer')
    await store.close()
    site = await open(file)
    ;({ store, index } = site)
    // One invented person as three sources might enter him.
    const written = await index.upsert('court', 'e1', {
      fullName: "O'Brien, Seán",
      dateOfBirth: '26/06/1998',
      sex: 'M',
      addressLines: ['Flat 2', '14 Example Street'],
      postcode: 'sw1a1aa',
    })
    await index.upsert('prison', 'e2', {
      forename: 'Seán',
      surname: "O'Brien",
      dateOfBirth: '1998-06-26',
      sex: 'Male',
      postcode: 'SW1A 1AA',
    })
    justiceId = written.justiceId!
    const [second] = await store.recordsByKey(['prison:e2'])
    assert.equal(second?.justiceId, justiceId, 'the two records are one person')
  })
  after(() => site.close())

  test('the person page shows names, dates, sex, address and postcode as entered', async () => {
    const html = await site.get(`/persons/${justiceId}`)
    const page = text(html)
    assert.match(text(/<h1[\s\S]*?<\/h1>/.exec(html)![0]), /^Seán O'Brien Born 26 June 1998$/)
    assert.deepEqual(rowOf(html, 'Full name'), ["O'Brien, Seán", 'Not recorded'])
    assert.deepEqual(rowOf(html, 'Forename'), ['Not recorded', 'Seán'])
    assert.deepEqual(rowOf(html, 'Surname'), ['Not recorded', "O'Brien"])
    assert.deepEqual(rowOf(html, 'Date of birth'), ['26 June 1998', '26 June 1998'])
    // Sex as written; "M" and "Male" are the same to the model, so no difference is marked.
    assert.deepEqual(rowOf(html, 'Sex'), ['M', 'Male'])
    assert.deepEqual(rowOf(html, 'Address'), ['Flat 2, 14 Example Street', 'Not recorded'])
    assert.deepEqual(rowOf(html, 'Postcode'), ['sw1a1aa', 'SW1A 1AA'])
    // No value as the model compares it: lower case, the postcode re-spaced, address words.
    for (const matching of ["o'brien", 'sean', 'sw1a 1aa', 'Words compared', 'As standardised'])
      assert.ok(!page.includes(matching), `the person page does not show "${matching}"`)
  })

  test('the pair page shows the records as entered; the compared values only inside the explanation', async () => {
    const html = await site.get('/review/pair?left=court:e1&right=prison:e2')
    const at = html.indexOf('Values as the model compared them')
    assert.ok(at > 0, 'the explanation offers the values compared')
    const records = text(html.slice(0, at))
    assert.match(records, /O'Brien, Seán/)
    assert.match(records, /Flat 2, 14 Example Street/)
    assert.ok(!records.includes('sw1a 1aa'), 'no compared value among the records')
    const compared = text(html.slice(at))
    assert.match(compared, /Postcode sw1a 1aa sw1a 1aa/)
    assert.match(compared, /Date of birth 1998-06-26 1998-06-26/)
  })

  test('the cluster page shows the records as entered', async () => {
    const html = await site.get(`/persons/${justiceId}/cluster`)
    assert.deepEqual(rowOf(html, 'Postcode'), ['sw1a1aa', 'SW1A 1AA'])
    assert.deepEqual(rowOf(html, 'Sex'), ['M', 'Male'])
  })

  test('differences are judged on the values compared, shown as entered', async () => {
    await index.upsert('probation', 'e3', {
      forename: 'SEÁN',
      surname: "O'BRIEN",
      dateOfBirth: '26/06/1998',
      sex: 'F',
      postcode: 'SW1A 1AA',
    })
    const [third] = await store.recordsByKey(['probation:e3'])
    assert.equal(third!.justiceId, justiceId, 'the third record joins the person')
    const html = await site.get(`/persons/${justiceId}`)
    assert.deepEqual(rowOf(html, 'Sex'), ['M', 'Male', 'F [differs]'])
    assert.deepEqual(rowOf(html, 'Surname'), ['Not recorded', "O'Brien", "O'BRIEN"])
  })
})

describe('an index made before entered values were kept', () => {
  test('opens and shows its records as standardised, marked so', async () => {
    const file = path.join(folder, 'older.duckdb')
    const store = await openIndexStore(file)
    await seedInto(store)
    await addStaff(store, 'rev1', 'reviewer')
    await store.close()
    // The records table as the version before this one made it.
    const instance = await DuckDBInstance.create(file)
    const connection = await instance.connect()
    await connection.run('ALTER TABLE index_records DROP COLUMN entered_json')
    connection.closeSync()
    instance.closeSync()

    const site = await open(file)
    try {
      const html = await site.get(`/persons/${PEOPLE.ashworth!.id}`)
      const page = text(html)
      assert.match(page, /As standardised/)
      assert.match(page, /stored before the index kept values as their source entered them/)
      assert.deepEqual(rowOf(html, 'Forename'), ['Robert', 'Bob [differs]'])
      assert.deepEqual(rowOf(html, 'Sex'), ['Male', 'Male'])
      assert.deepEqual(rowOf(html, 'Postcode'), ['LS1 4AB', 'LS1 4AB'])
    } finally {
      await site.close()
    }
  })
})
