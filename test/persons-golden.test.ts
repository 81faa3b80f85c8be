/**
 * The persons a default run makes, fingerprinted, so that a change meant only to restructure the code (the path from
 * scored pairs to persons, say) is proved not to change who is who. A change that is meant to change the persons
 * updates the fingerprints on purpose: `UPDATE_GOLDEN=1 node --import tsx --test test/persons-golden.test.ts`, and
 * says why in its commit.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { runLink } from '../src/link/run-link.ts'
import { quiet } from '../src/link/testing/link-synthetic.ts'
import { findProfile } from '../src/synth/profiles/index.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-golden-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const goldenFile = path.join(import.meta.dirname, 'fixtures', 'golden', 'persons.json')
const golden: Record<string, { persons: number; fingerprint: string }> = existsSync(goldenFile)
  ? JSON.parse(readFileSync(goldenFile, 'utf8'))
  : {}

/** Persons as sorted sets of record keys: independent of how clusters are numbered. */
const fingerprintOf = (clustersCsv: string) => {
  const rows = parse(readFileSync(clustersCsv, 'utf8'), { columns: true }) as Record<string, string>[]
  const members = new Map<string, string[]>()
  for (const r of rows) {
    const id = r.person_id!
    members.set(id, [...(members.get(id) ?? []), `${r.source}:${r.record_id}`])
  }
  const persons = [...members.values()].map((m) => m.sort().join('|')).sort()
  return {
    persons: persons.length,
    fingerprint: createHash('sha256').update(persons.join('\n')).digest('hex'),
  }
}

const check = async (name: string, files: { name: string; file: string }[]) => {
  const outDir = path.join(dir, name)
  await runLink({ sources: files, outDir, progress: quiet, onWarning: () => {} })
  const found = fingerprintOf(path.join(outDir, 'clusters.csv'))
  if (process.env.UPDATE_GOLDEN) {
    golden[name] = found
    writeFileSync(goldenFile, `${JSON.stringify(golden, null, 2)}\n`)
  }
  assert.deepEqual(found, golden[name], `the persons of ${name} changed`)
}

test('the justice sample gives the same persons', async () => {
  const sample = path.join(import.meta.dirname, 'fixtures', 'synth-sample')
  await check(
    'synth-sample',
    ['court', 'prison', 'probation'].map((s) => ({ name: s, file: path.join(sample, `${s}.csv`) })),
  )
})

test('birth dates in three columns, two schemas, give the same persons', async () => {
  const data = path.join(dir, 'parts-data')
  await findProfile('parts')!.write({ people: 400, seed: 3, outDir: data })
  const files = readdirSync(data)
    .filter((f) => f.endsWith('.csv') && f !== 'truth.csv')
    .sort()
  await check(
    'parts',
    files.map((f) => ({ name: f.replace(/\.csv$/, ''), file: path.join(data, f) })),
  )
})
