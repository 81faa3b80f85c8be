import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import type { PersonIndexStore } from '../person-index/types.ts'
import { KeyIndex } from './key-index.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from './memory-index.ts'
import { SEARCH_RULES } from './search.ts'
import { readSnapshot, rulesDigest, writeSnapshot } from './snapshot.ts'
import { PEOPLE, ROBERT, seedStore, ZOFIA } from './testing/seed.ts'

/** The seeded store and a snapshot path in a folder removed after the test. */
const seeded = async (t: TestContext) => {
  const { store, cleanup } = await seedStore()
  const dir = mkdtempSync(join(tmpdir(), 'justid-snapshot-'))
  t.after(async () => {
    await cleanup()
    rmSync(dir, { recursive: true, force: true })
  })
  return { store, snapshot: join(dir, 'index.snapshot') }
}

/** Opens the index with the snapshot, returning what it said about loading. */
const open = async (store: PersonIndexStore, snapshot: string) => {
  const said: string[] = []
  const index = await openRealtimeIndex(store, { snapshot, onLoad: (m) => said.push(m) })
  return { index, said: said.join('; ') }
}

/** What a caller sees of an index: sizes, the answer to a probe, a search and a person. */
const answers = async (index: OpenRealtimeIndex) => ({
  stats: index.stats(),
  match: index.match(ROBERT),
  zofia: index.match(ZOFIA).candidates.map((c) => c.justiceId),
  search: index.search({ name: 'Priya Natarajan' }),
  person: await index.person(PEOPLE.ashworth!.id),
})

test('a snapshot read back answers as the index loaded from the store (#20 item 3)', async (t) => {
  const { store, snapshot } = await seeded(t)
  const first = await open(store, snapshot)
  assert.match(first.said, /wrote the snapshot/)
  const fromStore = await answers(first.index)
  await first.index.close()
  const second = await open(store, snapshot)
  assert.match(second.said, /read the index from its snapshot/)
  assert.deepEqual(await answers(second.index), fromStore)
  await second.index.close()
})

test('writes made while serving are in the snapshot written on close (#20 item 3)', async (t) => {
  const { store, snapshot } = await seeded(t)
  const first = await open(store, snapshot)
  const added = await first.index.upsert('court', 'c10', ZOFIA)
  await first.index.remove('court', 'c2')
  const expected = await answers(first.index)
  await first.index.close()
  const second = await open(store, snapshot)
  assert.match(second.said, /read the index from its snapshot/)
  assert.deepEqual(await answers(second.index), expected)
  assert.deepEqual((await answers(second.index)).zofia, [added.justiceId])
  await second.index.close()
})

test('a snapshot of the index before a later write is not used: the index is loaded from the store (#20 item 3)', async (t) => {
  const { store, snapshot } = await seeded(t)
  const first = await open(store, snapshot)
  await first.index.close()
  // Another writer (justid add, say) changes the index while no server runs.
  const other = await openRealtimeIndex(store)
  const added = await other.upsert('court', 'c10', ZOFIA)
  await other.close()
  const second = await open(store, snapshot)
  assert.match(second.said, /not using the snapshot .*: the index has changed since it was written/)
  assert.match(second.said, /wrote the snapshot/)
  assert.deepEqual((await answers(second.index)).zofia, [added.justiceId])
  await second.index.close()
})

test('a damaged snapshot is not used, whichever byte is damaged (#20 item 3)', async (t) => {
  const { store, snapshot } = await seeded(t)
  const first = await open(store, snapshot)
  const expected = await answers(first.index)
  await first.index.close()
  const good = readFileSync(snapshot)
  for (const at of [3, 20, Math.floor(good.length / 2), good.length - 9]) {
    const bad = Buffer.from(good)
    bad[at] = bad[at]! ^ 0x55
    writeFileSync(snapshot, bad)
    const second = await open(store, snapshot)
    assert.match(second.said, /not using the snapshot/, `byte ${at}`)
    assert.deepEqual(await answers(second.index), expected)
    await second.index.close()
  }
  writeFileSync(snapshot, good.subarray(0, good.length - 100))
  const cut = await open(store, snapshot)
  assert.match(cut.said, /not using the snapshot .*: it could not be read \(the file ends early\)/)
  await cut.index.close()
})

test('a snapshot whose key indexes differ from the keys this version derives is not used (#20 item 3)', async (t) => {
  const { store, snapshot } = await seeded(t)
  const first = await open(store, snapshot)
  const expected = await answers(first.index)
  await first.index.close()
  // As an older JustID would have left it: intact and of this index, but one rule's index built otherwise.
  const meta = (await store.meta())!
  const rules = [...meta.model.blockingRules, ...SEARCH_RULES]
  const identity = { mark: await store.changeMark(), rules: rulesDigest(rules) }
  const read = readSnapshot(snapshot, identity)
  assert.ok('state' in read)
  const surname = rules.findIndex((r) => r.keys.join() === 'surname')
  read.state.memory.blocks[surname] = new KeyIndex(16).toArrays()
  writeSnapshot(snapshot, identity, read.state)
  const second = await open(store, snapshot)
  assert.match(second.said, /not using the snapshot .*: its key indexes differ/)
  assert.deepEqual(await answers(second.index), expected)
  await second.index.close()
})

test('a snapshot that cannot be written is said, and the index serves from the store all the same (#20 item 3)', async (t) => {
  const { store, snapshot } = await seeded(t)
  const nowhere = join(snapshot, 'no-such-folder', 'index.snapshot')
  const { index, said } = await open(store, nowhere)
  assert.match(
    said,
    /could not write the snapshot .*\(ENOENT\); the next start loads the index from the store/,
  )
  assert.equal(index.match(ROBERT).candidates[0]!.justiceId, PEOPLE.ashworth!.id)
  await index.upsert('court', 'c10', ZOFIA)
  await index.close()
})

test('a snapshot of an older format (JSON records) is refused and replaced, not misread (#20 item 3)', async (t) => {
  const { store, snapshot } = await seeded(t)
  const first = await open(store, snapshot)
  const expected = await answers(first.index)
  await first.index.close()
  const older = readFileSync(snapshot)
  older.write('JIDSNAP1', 0, 'latin1')
  writeFileSync(snapshot, older)
  const second = await open(store, snapshot)
  assert.match(second.said, /not using the snapshot .*: it was written by another version of JustID/)
  assert.match(second.said, /wrote the snapshot/)
  assert.deepEqual(await answers(second.index), expected)
  await second.index.close()
  assert.equal(readFileSync(snapshot).subarray(0, 8).toString('latin1'), 'JIDSNAP2')
})
