/**
 * Issue #19 item 3: a `link --index` run that leaves a source out, or drops more than a small share of the index's
 * records, stops and says how many from which sources unless removals are allowed; a dry run returns the events a
 * run would write and writes nothing; a removed record that comes back within the retention period has its Justice
 * ID back. In-process on the synthetic sample.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { JustIdError } from '../src/core/errors.ts'
import { runLink } from '../src/link/run-link.ts'
import { quiet } from '../src/link/testing/link-synthetic.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'

const sample = path.resolve(import.meta.dirname, 'fixtures', 'synth-sample')
const court = { name: 'court', file: path.join(sample, 'court.csv') }
const prison = { name: 'prison', file: path.join(sample, 'prison.csv') }
const dir = mkdtempSync(path.join(tmpdir(), 'justid-removals-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const link = (
  index: string,
  out: string,
  sources: { name: string; file: string }[],
  options: { allowRemovals?: boolean; dryRun?: boolean } = {},
) =>
  runLink({ sources, index, outDir: path.join(dir, out), progress: quiet, onWarning: () => {}, ...options })

const assignments = async (index: string) => {
  const store = await openIndexStore(index, { create: false })
  try {
    return await store.assignments()
  } finally {
    await store.close()
  }
}

describe('removals from the person index (#19 item 3)', () => {
  const index = path.join(dir, 'index.duckdb')
  let held = new Map<string, string>()
  before(async () => {
    await link(index, 'first', [court, prison])
    held = await assignments(index)
  })

  test('leaving a source out stops the run, naming the source and the count, and writes nothing', async () => {
    const prisonRecords = [...held.keys()].filter((k) => k.startsWith('prison:')).length
    await assert.rejects(
      () => link(index, 'forgot', [court]),
      (e: unknown) => {
        assert.ok(e instanceof JustIdError)
        assert.match(
          e.message,
          new RegExp(`prison: ${prisonRecords} of ${prisonRecords} \\(the whole source\\)`),
        )
        assert.match(e.message, /--allow-removals/)
        return true
      },
    )
    assert.deepEqual(await assignments(index), held, 'the index is unchanged')
    assert.deepEqual(readdirSync(path.join(dir, 'forgot')), [], 'no outputs')
  })

  test('a dry run returns the events it would write, removals included, and writes nothing', async () => {
    const result = await link(index, 'dry', [court], { dryRun: true })
    const removed = result.dryRun?.events.filter((e) => e.kind === 'record_removed') ?? []
    assert.equal(removed.length, [...held.keys()].filter((k) => k.startsWith('prison:')).length)
    assert.equal(result.dryRun?.removals.bySource[0]?.source, 'prison')
    assert.deepEqual(await assignments(index), held, 'the index is unchanged')
    assert.equal(existsSync(path.join(dir, 'dry', 'clusters.csv')), false)
  })

  test('more than a small share of one source is refused; a few deleted records are not', async () => {
    const lines = readFileSync(court.file, 'utf8').trimEnd().split('\n')
    const tenth = path.join(dir, 'court-tenth-gone.csv')
    writeFileSync(tenth, `${lines.filter((_, i) => i === 0 || i % 5 !== 0).join('\n')}\n`)
    await assert.rejects(
      () => link(index, 'tenth', [{ name: 'court', file: tenth }, prison]),
      /court: \d+ of/,
    )
    const one = path.join(dir, 'court-one-gone.csv')
    writeFileSync(one, `${lines.filter((_, i) => i !== 3).join('\n')}\n`)
    const result = await link(index, 'one', [{ name: 'court', file: one }, prison])
    assert.equal(result.index?.recordsRemoved, 1)
  })

  test('--allow-removals lets a source go', async () => {
    const result = await link(index, 'allowed', [court], { allowRemovals: true })
    assert.ok((result.index?.recordsRemoved ?? 0) > 0)
    assert.ok([...(await assignments(index)).keys()].every((k) => k.startsWith('court:')))
  })

  test('records that come back within the retention period get their Justice IDs back', async () => {
    const result = await link(index, 'back', [court, prison])
    const now = await assignments(index)
    const prisonKeys = [...held.keys()].filter((k) => k.startsWith('prison:'))
    assert.ok(prisonKeys.length > 0)
    for (const k of prisonKeys) assert.equal(now.get(k), held.get(k), `${k} has its Justice ID back`)
    assert.equal(result.index?.events.created ?? 0, 0, 'no new person for records that came back')
  })
})
