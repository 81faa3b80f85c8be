/**
 * #15 sex read from the forename, batch and real time alike: a tenancy file whose titles give a sex linked with a
 * council tax file that gives none (src/synth/profiles/nodob.ts, synthetic). The batch gives council tax records the
 * sex their forename bears among the tenancy records, keeps the table in model.json, and the real-time API gives a
 * probe with no sex the same sex and scores its pairs with the weights the batch gave them.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { parse } from 'csv-parse/sync'
import { runAdd } from '../src/link/run-add.ts'
import { runLink } from '../src/link/run-link.ts'
import type { LinkSummary } from '../src/link/summary.ts'
import { quiet } from '../src/link/testing/link-synthetic.ts'
import type { LinkageModel } from '../src/model/model.ts'
import { parseModel } from '../src/model/model-file.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import type { IndexRecord, PersonIndexStore } from '../src/person-index/types.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from '../src/realtime/memory-index.ts'
import { standardiseForModel, standardiseInput } from '../src/realtime/probe.ts'
import { findProfile } from '../src/synth/profiles/index.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-sex-parity-'))
const out = path.join(dir, 'out')

let store: PersonIndexStore
let index: OpenRealtimeIndex
let model: LinkageModel
let summary: LinkSummary
/** Council tax rows (no sex, no title) by account reference. */
let councilTax: Map<string, Record<string, string>>
/** Batch pairs with a council tax record the batch gave a sex, with their match weights. */
let pairs: { left: string; right: string; weight: number }[] = []
/** The records of those pairs, as the index stores them. */
let byKey: Map<string, IndexRecord>

before(async () => {
  await findProfile('nodob')!.write({ people: 500, seed: 15, outDir: dir })
  councilTax = new Map(
    (
      parse(readFileSync(path.join(dir, 'council_tax.csv')), { columns: true }) as Record<string, string>[]
    ).map((r) => [r.account_ref!, r]),
  )
  const indexFile = path.join(dir, 'index.duckdb')
  summary = await runLink({
    sources: [
      { name: 'tenancy', file: path.join(dir, 'tenancy.csv') },
      { name: 'council_tax', file: path.join(dir, 'council_tax.csv') },
    ],
    index: indexFile,
    outDir: out,
    progress: quiet,
    onWarning: () => {},
  })
  model = parseModel(JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')), 'model.json')
  const learned = new Set([...(model.sexFromForename?.male ?? []), ...(model.sexFromForename?.female ?? [])])
  store = await openIndexStore(indexFile, { create: false })
  index = await openRealtimeIndex(store)

  const db = await (await DuckDBInstance.create()).connect()
  const read = await db.runAndReadAll(
    `SELECT source_l || ':' || record_id_l AS l, source_r || ':' || record_id_r AS r, match_weight
     FROM read_parquet('${path.join(out, 'pairs.parquet')}') WHERE source_l = 'council_tax' OR source_r = 'council_tax'
     ORDER BY match_weight DESC LIMIT 2000`,
  )
  db.closeSync()
  const all = read.getRowObjectsJS().map((p) => ({
    left: String(p.l),
    right: String(p.r),
    weight: Number(p.match_weight),
  }))
  const keys = [...new Set(all.flatMap((p) => [p.left, p.right]))]
  const records = new Map((await store.recordsByKey(keys)).map((r) => [r.key, r]))
  const imputed = (key: string) => {
    const r = records.get(key)
    return r?.source === 'council_tax' && r.record.forename !== null && learned.has(r.record.forename)
  }
  // The strongest pairs, where a sex decides most: a small file compares every pair.
  pairs = all.filter((p) => imputed(p.left) || imputed(p.right)).slice(0, 300)
  byKey = records
})

after(async () => {
  await index?.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const recordOf = (key: string): IndexRecord => byKey.get(key)!

test('the batch reads sex from the forename, says so, and keeps the table in the model', () => {
  const table = model.sexFromForename
  assert.ok(table && table.male.length > 0 && table.female.length > 0, 'forenames of each sex learned')
  assert.equal(summary.sexFromForename?.forenames, table.male.length + table.female.length)
  assert.ok((summary.sexFromForename?.records ?? 0) > 0, 'records given a sex')
  const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as { summary: LinkSummary }
  assert.deepEqual(run.summary.sexFromForename, summary.sexFromForename)
  assert.ok(pairs.length > 0, 'the batch scored pairs with council tax records given a sex')
})

test('a council tax record is stored with the sex its forename bears, its entered values untouched', () => {
  const key = [pairs[0]!.left, pairs[0]!.right].find((k) => k.startsWith('council_tax:'))!
  const stored = recordOf(key)
  assert.notEqual(stored.record.sex, null)
  assert.equal(stored.entered?.sex ?? null, null, 'the source gave no sex, and the review app shows none')
})

test('a probe with no sex is given its forename’s sex and scores each pair as the batch did', () => {
  for (const pair of pairs) {
    const [left, right] = [recordOf(pair.left), recordOf(pair.right)]
    // As the API standardises the council tax row: no sex of its own.
    const probe = (r: IndexRecord) => {
      if (r.source !== 'council_tax') return r.record
      const row = councilTax.get(r.recordId)!
      const input = { fullName: row.full_name! }
      assert.equal(standardiseInput(r.source, r.recordId, input).sex, null)
      assert.equal(standardiseForModel(r.source, r.recordId, input, model).sex, r.record.sex)
      return { ...r.record, sex: null }
    }
    const weight = index.scoreRecords(probe(left), probe(right)).matchWeight
    assert.ok(
      Math.abs(weight - pair.weight) < 1e-9,
      `${pair.left} ~ ${pair.right}: ${weight} vs ${pair.weight}`,
    )
  }
})

test('the setting sexFromForename: false reads no sex from the forename and keeps no table', async () => {
  const settingsFile = path.join(dir, 'settings.json')
  writeFileSync(settingsFile, JSON.stringify({ sexFromForename: false }))
  const off = path.join(dir, 'off')
  const result = await runLink({
    sources: [
      { name: 'tenancy', file: path.join(dir, 'tenancy.csv') },
      { name: 'council_tax', file: path.join(dir, 'council_tax.csv') },
    ],
    settingsFile,
    outDir: off,
    progress: quiet,
    onWarning: () => {},
  })
  assert.equal(result.sexFromForename, undefined)
  const kept = parseModel(JSON.parse(readFileSync(path.join(off, 'model.json'), 'utf8')), 'model.json')
  assert.equal(kept.sexFromForename, undefined)
})

test('justid add gives a new record with no sex its forename’s, from the model’s table', async () => {
  const female = model.sexFromForename!.female[0]!
  const file = path.join(dir, 'new_register.csv')
  // A synthetic person new to the index, on a register with no sex or title.
  writeFileSync(
    file,
    `account_ref,full_name,house_no,street,town,post_code\nNR1,${female} Quillbury,7,Yew Row,LEEDS,LS1 4AB\n`,
  )
  await index.close()
  await store.close()
  await runAdd({
    sources: [{ name: 'new_register', file }],
    index: path.join(dir, 'index.duckdb'),
    progress: quiet,
  })
  store = await openIndexStore(path.join(dir, 'index.duckdb'), { create: false })
  index = await openRealtimeIndex(store)
  const [added] = await store.recordsByKey(['new_register:NR1'])
  assert.equal(added?.record.sex, 'f')
  assert.equal(added?.entered?.sex ?? null, null)
})
