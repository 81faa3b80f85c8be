import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import type { ProfileManifest } from '../profile-output.ts'
import { profileDocs } from './docs.ts'
import { findProfile, profiles } from './index.ts'

type Row = Record<string, string>
const read = async (dir: string, name: string): Promise<Row[]> =>
  parse(await readFile(path.join(dir, name), 'utf8'), { columns: true }) as Row[]
const header = async (dir: string, name: string): Promise<string> =>
  (await readFile(path.join(dir, name), 'utf8')).split('\n')[0]!

let root: string
const written = new Map<string, { dir: string; manifest: ProfileManifest }>()
/** Each profile once for 300 people, seed 5; tests below share the output. */
const output = async (name: string, people = 300, seed = 5, tag = '') => {
  const key = `${name}-${people}-${seed}${tag}`
  const done = written.get(key)
  if (done) return done
  const dir = path.join(root, key)
  const manifest = await findProfile(name)!.write({ people, seed, outDir: dir })
  written.set(key, { dir, manifest })
  return { dir, manifest }
}

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'justid-profiles-test-'))
})
after(async () => {
  await rm(root, { recursive: true, force: true })
})

const others = profiles.filter((p) => p.name !== 'justice' && p.name !== 'heavy')

describe('every profile', () => {
  for (const profile of profiles) {
    test(`${profile.name}: writes its files with the stated columns, and a truth and profile.json that agree`, async () => {
      const { dir, manifest } = await output(profile.name)
      const truth = await read(dir, 'truth.csv')
      const stored = JSON.parse(await readFile(path.join(dir, 'profile.json'), 'utf8')) as ProfileManifest
      assert.deepEqual(stored, manifest)
      assert.deepEqual(
        manifest.files.map((f) => f.file),
        profile.schema.map((s) => s.file),
      )
      let records = 0
      for (const spec of profile.schema) {
        assert.equal(await header(dir, spec.file), spec.columns.join(','))
        const rows = await read(dir, spec.file)
        const ids = rows.map((r) => r[spec.columns[0]!]!)
        assert.equal(new Set(ids).size, ids.length, `${spec.file}: record ids are not unique`)
        const source = spec.file.replace('.csv', '')
        const inTruth = new Set(truth.filter((t) => t.source === source).map((t) => t.record_id))
        assert.deepEqual(new Set(ids), inTruth, `${spec.file}: truth.csv does not name every record once`)
        records += rows.length
      }
      assert.equal(truth.length, records)
      assert.equal(manifest.records, records)
      const perPerson = new Map<string, number>()
      for (const t of truth) perPerson.set(t.person_id!, (perPerson.get(t.person_id!) ?? 0) + 1)
      let pairs = 0
      for (const k of perPerson.values()) pairs += (k * (k - 1)) / 2
      assert.equal(manifest.truePairs, pairs)
      assert.ok(pairs > 0, 'no true pairs at all')
      assert.ok(new Set(truth.map((t) => t.name_origin)).size >= 4, 'names of fewer than four origins')
    })
  }

  for (const profile of others) {
    test(`${profile.name}: the same seed gives the same files and another seed different ones`, async () => {
      const a = await output(profile.name, 150, 9)
      const b = await output(profile.name, 150, 9, '-again')
      const c = await output(profile.name, 150, 10)
      for (const file of [...profile.schema.map((s) => s.file), 'truth.csv']) {
        const bytes = await readFile(path.join(a.dir, file))
        assert.ok(bytes.equals(await readFile(path.join(b.dir, file))), `${file} differs for the same seed`)
        assert.ok(
          !bytes.equals(await readFile(path.join(c.dir, file))),
          `${file} is the same for another seed`,
        )
      }
    })
  }
})

describe('justice', () => {
  test('writes the committed sample byte for byte, as before profiles existed', async () => {
    const { dir } = await output('justice', 200, 42)
    const fixture = path.resolve(import.meta.dirname, '../../../test/fixtures/synth-sample')
    for (const name of ['court.csv', 'prison.csv', 'probation.csv', 'truth.csv', 'events.csv'])
      assert.ok((await readFile(path.join(dir, name))).equals(await readFile(path.join(fixture, name))), name)
  })

  test('heavy has more records a person and more mistyped names than justice', async () => {
    const plain = await output('justice')
    const heavy = await output('heavy')
    assert.ok(
      heavy.manifest.records / heavy.manifest.people > plain.manifest.records / plain.manifest.people + 0.8,
    )
    assert.ok(heavy.manifest.truePairs > 3 * plain.manifest.truePairs)
  })
})

describe('historic', () => {
  test('births before 1900 (a typo may move one a few years), 20-40% missing per column, truth in cluster', async () => {
    const { dir } = await output('historic', 500)
    const rows = await read(dir, 'historic.csv')
    const truth = new Map((await read(dir, 'truth.csv')).map((t) => [t.record_id!, t.person_id!]))
    const years = rows.filter((r) => r.dob).map((r) => Number(r.dob!.slice(0, 4)))
    assert.ok(years.every((y) => y >= 1770 && y <= 1909))
    assert.ok(years.filter((y) => y < 1900).length / years.length > 0.98)
    for (const column of [
      'full_name',
      'first_name',
      'surname',
      'dob',
      'birth_place',
      'postcode_fake',
      'gender',
    ]) {
      const missing = rows.filter((r) => r[column] === '').length / rows.length
      assert.ok(missing > 0.15 && missing < 0.45, `${column}: ${missing} missing`)
    }
    for (const r of rows) assert.equal(r.cluster, truth.get(r.unique_id!))
    const perPerson = new Map<string, number>()
    for (const r of rows) perPerson.set(r.cluster!, (perPerson.get(r.cluster!) ?? 0) + 1)
    assert.ok(Math.max(...perPerson.values()) <= 10)
    assert.ok(rows.length / perPerson.size > 2, 'fewer than 2 records a person')
  })
})

describe('contact', () => {
  test('emails made from names, ISO dates, several records for some people', async () => {
    const { dir } = await output('contact', 500)
    const rows = await read(dir, 'contact.csv')
    assert.ok(rows.filter((r) => r.email).every((r) => /^[a-z0-9._]+@[a-z.]+$/.test(r.email!)))
    assert.ok(rows.filter((r) => r.dob).every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.dob!)))
    const missingDob = rows.filter((r) => !r.dob).length / rows.length
    assert.ok(missingDob > 0.03 && missingDob < 0.2)
    const people = new Set(rows.map((r) => r.cluster)).size
    assert.ok(rows.length / people > 1.3 && rows.length / people < 2.5)
  })
})

describe('registers', () => {
  test('link only: each person at most once in each register, about half in both', async () => {
    const { dir, manifest } = await output('registers', 400)
    assert.equal(manifest.linkType, 'link_only')
    const truth = await read(dir, 'truth.csv')
    for (const source of ['register_a', 'register_b']) {
      const persons = truth.filter((t) => t.source === source).map((t) => t.person_id)
      assert.equal(new Set(persons).size, persons.length, `${source} has a person twice`)
    }
    assert.ok(manifest.truePairs > 0.4 * 400 && manifest.truePairs < 0.6 * 400)
  })
})

describe('parts and nodob', () => {
  test('parts splits the birth date over three columns in both files', async () => {
    const { dir } = await output('parts')
    const people = await read(dir, 'people.csv')
    const clients = await read(dir, 'clients.csv')
    assert.ok(people.filter((r) => r.yob).every((r) => /^1[89]\d\d|20\d\d$/.test(r.yob!)))
    assert.ok(people.filter((r) => r.mob).every((r) => Number(r.mob) >= 1 && Number(r.mob) <= 12))
    assert.ok(clients.filter((r) => r.BIRTH_DY).every((r) => /^\d\d$/.test(r.BIRTH_DY!)))
  })

  test('nodob has no birth date column at all', () => {
    const nodob = findProfile('nodob')!
    for (const spec of nodob.schema)
      assert.ok(!spec.columns.some((c) => /dob|birth|yob|by/i.test(c)), spec.file)
  })
})

test('docs/synth.md holds the profile table as the code describes it', async () => {
  const docs = await readFile(path.resolve(import.meta.dirname, '../../../docs/synth.md'), 'utf8')
  assert.ok(
    docs.includes(profileDocs()),
    'docs/synth.md is out of date: paste the output of `node --import tsx src/synth/profiles/docs.ts` into it',
  )
})
