/**
 * #15 real-time input parity: a record sent to the real-time API with a birth date in parts (here a year alone) and
 * an attribute (a place of birth) is standardised by the batch's own functions, so it scores exactly as the same
 * row does in a batch run. Linked in-process on synthetic historic records (src/synth/profiles/historic.ts).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { emptyCounts } from '../src/core/standardised.ts'
import { runLink } from '../src/link/run-link.ts'
import { quiet } from '../src/link/testing/link-synthetic.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import type { PersonIndexStore } from '../src/person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../src/realtime/memory-index.ts'
import { standardiseInput } from '../src/realtime/probe.ts'
import type { RecordInput } from '../src/realtime/types.ts'
import { detectLayout } from '../src/sources/layout.ts'
import { toPersonRecord } from '../src/sources/person-record.ts'
import { loadNameVariants } from '../src/standardise/name-variants.ts'
import { standardiseRecord } from '../src/standardise/record.ts'
import { findProfile } from '../src/synth/profiles/index.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-parity-'))
const HEADER = [
  'id',
  'first_name',
  'surname',
  'birth_year',
  'birth_month',
  'birth_day',
  'birth_place',
  'gender',
] as const
type Row = Record<(typeof HEADER)[number], string>

let store: PersonIndexStore
let index: OpenRealtimeIndex
/** The row whose birth date is cut to its year, and the batch's pairs with it. */
let yearOnly: Row
let pairs: { other: string; weight: number }[] = []

before(async () => {
  await findProfile('historic')!.write({ people: 300, seed: 15, outDir: dir })
  const historic = parse(readFileSync(path.join(dir, 'historic.csv')), { columns: true }) as Record<
    string,
    string
  >[]
  const rows: Row[] = historic.map((r) => {
    const [year = '', month = '', day = ''] = /^\d{4}-\d{2}-\d{2}$/.test(r.dob ?? '') ? r.dob!.split('-') : []
    return {
      id: r.unique_id!,
      first_name: r.first_name!,
      surname: r.surname!,
      birth_year: year,
      birth_month: month,
      birth_day: day,
      birth_place: r.birth_place!,
      gender: r.gender!,
    }
  })
  // A record of someone with another record, whose date of birth is known only by its year.
  const byPerson = new Map<string, Row[]>()
  historic.forEach((r, i) => {
    byPerson.set(r.cluster!, [...(byPerson.get(r.cluster!) ?? []), rows[i]!])
  })
  const complete = (r: Row) => r.first_name && r.surname && r.birth_year && r.birth_place && r.gender
  yearOnly = [...byPerson.values()].find((rs) => rs.length >= 2 && rs.every(complete))![0]!
  yearOnly.birth_month = ''
  yearOnly.birth_day = ''
  const file = path.join(dir, 'register.csv')
  writeFileSync(file, stringify(rows, { header: true, columns: [...HEADER] }))

  const indexFile = path.join(dir, 'index.duckdb')
  const out = path.join(dir, 'out')
  await runLink({
    sources: [{ name: 'register', file }],
    index: indexFile,
    outDir: out,
    progress: quiet,
    onWarning: () => {},
  })
  const db = await (await DuckDBInstance.create()).connect()
  const read = await db.runAndReadAll(
    `SELECT record_id_l, record_id_r, match_weight FROM read_parquet('${path.join(out, 'pairs.parquet')}')
     WHERE record_id_l = '${yearOnly.id}' OR record_id_r = '${yearOnly.id}'`,
  )
  pairs = read.getRowObjectsJS().map((p) => ({
    other: String(p.record_id_l === yearOnly.id ? p.record_id_r : p.record_id_l),
    weight: Number(p.match_weight),
  }))
  db.closeSync()
  store = await openIndexStore(indexFile, { create: false })
  index = await openRealtimeIndex(store)
})

after(async () => {
  await index?.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

test('a record with only a birth year and a place of birth scores in real time as in the batch', async () => {
  const probe: RecordInput = {
    forename: yearOnly.first_name,
    surname: yearOnly.surname,
    birthYear: Number(yearOnly.birth_year),
    sex: yearOnly.gender,
    // Named as a header would be: read as the batch reads the birth_place column.
    attributes: { 'Birth place': yearOnly.birth_place },
  }
  const standardised = standardiseInput('register', yearOnly.id, probe)
  const stored = (await store.recordsByKey([`register:${yearOnly.id}`]))[0]!.record
  assert.equal(standardised.birthYear, yearOnly.birth_year)
  assert.equal(standardised.dateOfBirth, null)
  assert.deepEqual(standardised.attributes, stored.attributes)
  assert.ok(
    index.meta().model.comparisons.some((c) => c.name.includes('birth_place')),
    'the model compares the place of birth',
  )
  assert.deepEqual(standardised, stored, 'the same standardised record as the batch row')

  assert.ok(pairs.length > 0, 'the batch scored pairs with the record')
  for (const pair of pairs) {
    const other = (await store.recordsByKey([`register:${pair.other}`]))[0]!.record
    const realtime = index.scoreRecords(standardised, other).matchWeight
    assert.ok(
      Math.abs(realtime - pair.weight) < 1e-9,
      `register:${pair.other}: ${realtime} vs ${pair.weight}`,
    )
  }
  // The match endpoint's path: the probe finds the record's own person.
  const [best] = index.match(probe).candidates
  assert.equal(best?.recordKey, `register:${yearOnly.id}`)
})

test('an age sent to the real-time API is read as a batch age column is: the same standardised record', () => {
  // The batch path: a row of a file whose age column is detected by its header.
  const layout = detectLayout(['id', 'forename', 'surname', 'age'], 'register.csv')
  const row = standardiseRecord(
    toPersonRecord('register', ['r1', 'Ada', 'Quillby', '40'], layout),
    loadNameVariants(),
    emptyCounts(),
  )
  const probe = standardiseInput('register', 'r1', { forename: 'Ada', surname: 'Quillby', age: 40 })
  assert.equal(probe.birthYear, String(new Date().getUTCFullYear() - 40))
  assert.deepEqual(probe, row)
  // A birth year given beside it says the same fact better.
  const both = standardiseInput('register', 'r1', {
    forename: 'Ada',
    surname: 'Quillby',
    age: 40,
    birthYear: 1961,
  })
  assert.equal(both.birthYear, '1961')
})
