import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { JustIdError } from '../core/errors.ts'
import { recordKeyOf } from '../core/record-key.ts'
import { truthFromFebrlId, truthFromFile } from './truth.ts'

describe('truthFromFebrlId', () => {
  test('originals and duplicates of one record number are one person', () => {
    assert.equal(truthFromFebrlId('rec-42-org'), '42')
    assert.equal(truthFromFebrlId('rec-42-dup-0'), '42')
    assert.equal(truthFromFebrlId('rec-42-dup-3'), '42')
    assert.notEqual(truthFromFebrlId('rec-4-org'), truthFromFebrlId('rec-42-org'))
  })

  test('an extract written in capitals keeps its ids', () => {
    assert.equal(truthFromFebrlId('REC-42-DUP-1'), truthFromFebrlId('rec-42-org'))
  })

  test('an id of another form is an error naming the id', () => {
    assert.throws(
      () => truthFromFebrlId('A1234BC'),
      (e: unknown) =>
        e instanceof JustIdError && e.message.includes('"A1234BC"') && e.message.includes('rec-N-org'),
    )
    assert.throws(() => truthFromFebrlId('rec-42-dup'), JustIdError)
  })
})

describe('truthFromFile', () => {
  let dir = ''
  const file = async (name: string, text: string) => {
    const p = path.join(dir, name)
    await writeFile(p, text)
    return p
  }
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'justid-truth-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  test('reads source, record_id and person_id with headers trimmed and case-folded', async () => {
    const p = await file(
      'truth.csv',
      '\uFEFF Source ,RECORD_ID,person_id,note\ncourt,1,p1,x\nprison,9,p1,\ncourt,2,,\n',
    )
    assert.deepEqual(
      await truthFromFile(p),
      new Map([
        [recordKeyOf('court', '1'), 'p1'],
        [recordKeyOf('prison', '9'), 'p1'],
      ]),
    )
  })

  test('source may be left out when one source is linked', async () => {
    const p = await file('one-source.csv', 'record_id,person_id\nrec-1-org,1\n')
    assert.deepEqual(
      await truthFromFile(p, { sources: ['febrl'] }),
      new Map([[recordKeyOf('febrl', 'rec-1-org'), '1']]),
    )
  })

  test('a missing column is a clear error naming the file and the column', async () => {
    const p = await file('no-person.csv', 'source,record_id,cluster\ncourt,1,p1\n')
    await assert.rejects(truthFromFile(p), (e: unknown) => {
      assert.ok(e instanceof JustIdError)
      assert.equal(e.code, 'unknown_column')
      assert.match(e.message, /no-person\.csv/)
      assert.match(e.message, /lacks the column person_id/)
      assert.match(e.message, /it has: source, record_id, cluster/)
      return true
    })
    const noSource = await file('no-source.csv', 'record_id,person_id\n1,p1\n')
    await assert.rejects(truthFromFile(noSource, { sources: ['court', 'prison'] }), /lacks the column source/)
  })

  test('a missing file, an empty file and conflicting rows are errors', async () => {
    await assert.rejects(truthFromFile(path.join(dir, 'nope.csv')), { code: 'file_not_found' })
    await assert.rejects(truthFromFile(await file('empty.csv', '')), { code: 'empty_file' })
    // Person ids no temporary folder's random name can hold.
    const twice = await file(
      'twice.csv',
      'source,record_id,person_id\ncourt,1,PERSON-ONE\ncourt,1,PERSON-TWO\n',
    )
    await assert.rejects(truthFromFile(twice), (e: unknown) => {
      assert.ok(e instanceof JustIdError && e.code === 'duplicate_record_id')
      assert.match(e.message, /line 3/)
      assert.doesNotMatch(e.message, /PERSON-/, 'no person ids in messages')
      return true
    })
  })

  test('malformed CSV is reported by line without quoting the data', async () => {
    const p = await file('ragged.csv', 'source,record_id,person_id\ncourt,1,p1\ncourt,2,Secret Name,extra\n')
    await assert.rejects(truthFromFile(p), (e: unknown) => {
      assert.ok(e instanceof JustIdError)
      assert.match(e.message, /line 3/)
      assert.doesNotMatch(e.message, /Secret/)
      return true
    })
  })
})
