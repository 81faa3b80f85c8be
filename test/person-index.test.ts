/**
 * The person index end to end on synthetic data: Justice IDs persist across re-runs, and an incremental add gives
 * what a full re-run with the index's model gives. Runs link and add in-process on one small synthetic population.
 */
import assert from 'node:assert/strict'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { runAdd } from '../src/link/run-add.ts'
import { type LinkRequest, runLink } from '../src/link/run-link.ts'
import { quiet } from '../src/link/testing/link-synthetic.ts'
import { isValidJusticeId } from '../src/person-index/justice-id.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import type { JusticeId } from '../src/person-index/types.ts'
import { openRealtimeIndex } from '../src/realtime/memory-index.ts'
import { writeSyntheticData } from '../src/synth/index.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-index-'))
const data = path.join(dir, 'data')
const source = (name: string, file = path.join(data, `${name}.csv`)) => ({ name, file })

/** Links quietly into `out` under the test folder. */
const linkInto = (out: string, request: Pick<LinkRequest, 'sources' | 'index' | 'modelFile'>) =>
  runLink({ ...request, outDir: path.join(dir, out), progress: quiet, onWarning: () => {} })

const link = (index: string, out: string, ...sources: { name: string; file: string }[]) =>
  linkInto(out, { sources, index })

const assignments = async (index: string): Promise<Map<string, JusticeId>> => {
  const store = await openIndexStore(index, { create: false })
  try {
    return await store.assignments()
  } finally {
    await store.close()
  }
}

/** Persons as sets of record keys, each with its Justice ID. */
const personsOf = (byRecord: Map<string, JusticeId>): Map<string, JusticeId> => {
  const members = new Map<JusticeId, string[]>()
  for (const [k, id] of byRecord) members.set(id, [...(members.get(id) ?? []), k])
  return new Map([...members].map(([id, keys]) => [keys.sort().join('|'), id]))
}

/** An index linked once from all three sources; tests that start from such an index link into a copy of it. */
const linkedIndex = path.join(dir, 'linked.duckdb')
const copyOfLinked = (name: string): string => {
  const index = path.join(dir, name)
  copyFileSync(linkedIndex, index)
  return index
}

before(async () => {
  await writeSyntheticData({ people: 300, seed: 21, outDir: data })
  await link(linkedIndex, 'linked', source('court'), source('prison'), source('probation'))
})
// Each run writes about 330 MB of indexes; a suite run must not leave them behind.
after(() => rmSync(dir, { recursive: true, force: true }))

describe('person index', () => {
  test('Justice IDs survive a re-run in which a tenth of the records changed', async () => {
    const index = copyOfLinked('rerun.duckdb')
    const first = await assignments(index)
    assert.ok([...first.values()].every(isValidJusticeId))

    // A tenth of the court records move house: new first address line and postcode.
    const lines = readFileSync(path.join(data, 'court.csv'), 'utf8').trimEnd().split('\n')
    const header = lines[0]!.split(',')
    const postcode = header.indexOf('postcode')
    const street = header.indexOf('address_line_1')
    const changed = lines.map((line, i) => {
      if (i === 0 || i % 10 !== 0 || line.includes('"')) return line
      const cells = line.split(',')
      cells[postcode] = 'LS1 4AP'
      cells[street] = '1 Park Row'
      return cells.join(',')
    })
    const moved = path.join(dir, 'court-moved.csv')
    writeFileSync(moved, `${changed.join('\n')}\n`)
    await link(index, 'rerun-2', source('court', moved), source('prison'), source('probation'))
    const second = await assignments(index)

    const before = personsOf(first)
    const after = personsOf(second)
    let kept = 0
    for (const [members, id] of after) {
      if (!before.has(members)) continue
      assert.equal(
        id,
        before.get(members),
        'a person whose records still belong together keeps its Justice ID',
      )
      kept++
    }
    assert.ok(kept / before.size > 0.97, `only ${kept} of ${before.size} persons kept their records`)
  })

  test('an incremental add gives the same persons as a full re-run with the index model', async () => {
    const incremental = path.join(dir, 'incremental.duckdb')
    const full = path.join(dir, 'full.duckdb')
    await link(incremental, 'base', source('court'), source('prison'))
    copyFileSync(incremental, full)
    const base = new Set((await assignments(incremental)).values())
    const added = await runAdd({ sources: [source('probation')], index: incremental, progress: quiet })
    assert.ok(added.records > 0)
    await link(full, 'full', source('court'), source('prison'), source('probation'))

    const a = await assignments(incremental)
    const b = await assignments(full)
    assert.equal(a.size, b.size)
    assert.deepEqual([...personsOf(a).keys()].sort(), [...personsOf(b).keys()].sort())
    // Persons that existed before the add carry the same Justice IDs either way.
    for (const [k, id] of b) if (base.has(id)) assert.equal(a.get(k), id)
  })

  test("reviewers' decisions survive a re-run of the batch", async () => {
    const index = copyOfLinked('decisions.duckdb')
    const byPerson = new Map<JusticeId, string[]>()
    for (const [k, id] of await assignments(index)) byPerson.set(id, [...(byPerson.get(id) ?? []), k])
    const linked = [...byPerson.values()].find((keys) => keys.length >= 2)!
    const [apart1, apart2] = [...byPerson.values()].filter((keys) => keys.length === 1)
    const store = await openIndexStore(index, { create: false })
    const realtime = await openRealtimeIndex(store)
    const reviewer = 'reviewer1'
    const split = await realtime.decide({
      left: linked[0]!,
      right: linked[1]!,
      outcome: 'not_same_person',
      reviewer,
      reason: 'different custody photographs',
      matchWeight: null,
    })
    assert.ok(split?.events.some((e) => e.kind === 'split'))
    await realtime.decide({
      left: apart1![0]!,
      right: apart2![0]!,
      outcome: 'same_person',
      reviewer,
      reason: 'same person under a former name',
      matchWeight: null,
    })
    await realtime.close()
    await store.close()

    await link(index, 'decided-2', source('court'), source('prison'), source('probation'))
    const after = await assignments(index)
    assert.notEqual(after.get(linked[0]!), after.get(linked[1]!))
    assert.equal(after.get(apart1![0]!), after.get(apart2![0]!))
  })

  test('an --index that names a file other than a person index is refused, the file untouched, no outputs', async () => {
    const notIndex = path.join(dir, 'court-copy.csv')
    copyFileSync(path.join(data, 'court.csv'), notIndex)
    const before = readFileSync(notIndex)
    await assert.rejects(link(notIndex, 'not-index', source('prison')), /not a person index/)
    assert.deepEqual(readFileSync(notIndex), before)
    assert.equal(existsSync(path.join(dir, 'not-index')), false)
  })

  test('a model trained on a small file compares every pair there, and blocks a larger file and a grown index', async () => {
    // 150 people make about 300 records (every pair compared); 900 people about 1,800 (over 1.4 million pairs).
    const small = path.join(dir, 'small')
    const large = path.join(dir, 'large')
    await writeSyntheticData({ people: 150, seed: 31, outDir: small })
    await writeSyntheticData({ people: 900, seed: 32, outDir: large })
    const smallSources = (['court', 'prison', 'probation'] as const).map((s) =>
      source(s, path.join(small, `${s}.csv`)),
    )
    const largeSources = (['court', 'prison', 'probation'] as const).map((s) =>
      source(`${s}_later`, path.join(large, `${s}.csv`)),
    )
    const index = path.join(dir, 'small.duckdb')
    const first = await link(index, 'small-1', ...smallSources)
    assert.equal(first.blocking[0]?.rule, 'all pairs')
    const modelFile = path.join(dir, 'small-1', 'model.json')
    const model = JSON.parse(readFileSync(modelFile, 'utf8')) as { blockingRules: { keys: string[] }[] }
    assert.ok(model.blockingRules.length > 0 && model.blockingRules.every((r) => r.keys.length > 0))

    // Reused on the small file, the model compares every pair again, as the first run did.
    const again = await linkInto('small-2', { sources: smallSources, modelFile })
    assert.equal(again.candidatePairs, first.candidatePairs)

    const larger = await linkInto('large-1', { sources: largeSources, modelFile })
    const allPairs = (larger.records * (larger.records - 1)) / 2
    assert.ok(allPairs > 1_000_000)
    assert.ok(larger.blocking.every((b) => b.rule !== 'all pairs'))
    assert.ok(larger.candidatePairs < allPairs / 20, `${larger.candidatePairs} candidate pairs`)

    const added = await runAdd({ sources: largeSources, index, progress: quiet })
    assert.ok(
      added.candidatePairs < (added.records * first.records) / 20,
      `${added.candidatePairs} candidate pairs`,
    )
  })

  test('adding to an index that has never been linked is refused with a clear message', async () => {
    await assert.rejects(
      runAdd({ sources: [source('probation')], index: path.join(dir, 'missing.duckdb'), progress: quiet }),
      /no person index|link --index/,
    )
  })
})
