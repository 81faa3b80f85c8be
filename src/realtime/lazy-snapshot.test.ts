/**
 * A start from the snapshot keeps records, persons and events in the snapshot's columns and makes each only when
 * asked for (loaded-rows.ts): on a varied synthetic index it must answer every person read, search and match as an
 * index loaded from the store does, and see its own writes at once.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { linkSynthExtracts } from '../link/testing/link-synthetic.ts'
import { openIndexStore } from '../person-index/store/open-store.ts'
import type { JusticeId, PersonIndexStore } from '../person-index/types.ts'
import { writeSyntheticData } from '../synth/index.ts'
import { type OpenRealtimeIndex, openRealtimeIndex } from './memory-index.ts'
import type { RecordInput } from './types.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-lazy-'))
const index = path.join(dir, 'index.duckdb')
const snapshot = `${index}.snapshot`
let store: PersonIndexStore

before(async () => {
  const data = path.join(dir, 'data')
  await writeSyntheticData({ people: 400, seed: 7, outDir: data })
  await linkSynthExtracts(data, path.join(dir, 'out'), index)
  store = await openIndexStore(index, { create: false })
})
after(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const open = async (withSnapshot: boolean) => {
  const said: string[] = []
  const opened = await openRealtimeIndex(store, {
    snapshot: withSnapshot ? snapshot : undefined,
    onLoad: (m) => said.push(m),
  })
  return { index: opened, said: said.join('; ') }
}

/** Probes made from every seventh record: a typo in the surname, the middle names dropped on every other. */
const probesOf = async (): Promise<{ probes: RecordInput[]; names: string[]; ids: JusticeId[] }> => {
  const probes: RecordInput[] = []
  const names: string[] = []
  let n = 0
  for await (const chunk of store.records())
    for (const { record: r } of chunk) {
      if (n++ % 7 !== 0) continue
      probes.push({
        forename: r.forename,
        middleNames: n % 2 === 0 || !r.middleNames ? [] : r.middleNames.split(' '),
        surname: r.surname && r.surname.length > 3 ? `${r.surname.slice(0, -1)}` : r.surname,
        dateOfBirth: r.dateOfBirth,
        sex: r.sex,
        postcode: r.postcode,
      })
      names.push([r.forename, r.surname].filter((v) => v !== null).join(' '))
    }
  const ids = (await store.persons()).map((p) => p.justiceId)
  return { probes, names, ids }
}

/**
 * Everything a caller can ask of the index, as plain values. Searches first: they read candidates' fields from the
 * columns only while no probe or person read has made those records whole.
 */
const answers = async (opened: OpenRealtimeIndex, asked: Awaited<ReturnType<typeof probesOf>>) => ({
  searches: asked.names.map((name) => opened.search({ name, limit: 5 })),
  stats: opened.stats(),
  sources: [...opened.sources()].sort(),
  matches: asked.probes.map((p) => opened.match(p)),
  persons: await Promise.all([...asked.ids, 'JID-NEVER-ISSUED'].map((id) => opened.person(id))),
  recordKeys: asked.ids.map((id) => opened.recordKeysOf(id)),
  edges: opened.review?.edgesWeighing(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
  attention: opened.review?.personsNeedingAttention(),
})

test('started from the snapshot, the index answers persons, searches and matches as one loaded from the store (#20 item 3)', async () => {
  const asked = await probesOf()
  assert.ok(asked.probes.length > 50 && asked.ids.length > 300)
  const fromStore = await open(false)
  const expected = await answers(fromStore.index, asked)
  await fromStore.index.close()
  assert.ok(expected.persons.some((p) => p !== null && p.records.length > 1))
  assert.ok(expected.matches.some((m) => m.candidates.length > 0))

  const writing = await open(true)
  assert.match(writing.said, /wrote the snapshot/)
  await writing.index.close()
  const lazy = await open(true)
  assert.match(lazy.said, /read the index from its snapshot/)
  assert.deepEqual(await answers(lazy.index, asked), expected)

  // A write after a lazy start: a loaded record replaced, a new one added, one removed, each seen by the next read.
  const person = expected.persons.find((p) => p !== null && p.records.length > 1)!
  const [kept, removed] = person.records
  const changed = await lazy.index.upsert(kept!.source, kept!.recordId, {
    ...asked.probes[0],
    forename: 'Zebedee',
    surname: 'Quillfeather',
    dateOfBirth: '1931-02-03',
  })
  const added = await lazy.index.upsert('court', 'lazy-new-1', {
    forename: 'Zebedee',
    surname: 'Quillfeather',
    dateOfBirth: '1931-02-03',
  })
  assert.equal(added.justiceId, changed.justiceId)
  assert.ok(await lazy.index.remove(removed!.source, removed!.recordId))
  const now = (await lazy.index.person(changed.justiceId!))!
  assert.deepEqual(now, await store.person(changed.justiceId!))
  assert.deepEqual(now.records.map((r) => r.key).sort(), [kept!.key, 'court:lazy-new-1'].sort())
  assert.equal(
    lazy.index.match({ forename: 'Zebedee', surname: 'Quillfeather', dateOfBirth: '1931-02-03' })
      .candidates[0]?.justiceId,
    changed.justiceId,
  )
  assert.equal(lazy.index.search({ name: 'Zebedee Quillfeather' })[0]?.justiceId, changed.justiceId)
  assert.equal(lazy.index.stats().records, expected.stats.records)
  // Store reads scan tables: a sample of persons, the written one among them.
  const sample = asked.ids.filter((_, i) => i % 10 === 0)
  for (const id of sample) assert.deepEqual(await lazy.index.person(id), await store.person(id), id)
  await lazy.index.close()

  // The snapshot written on close holds the writes: a start from it answers as the store does.
  const again = await open(true)
  assert.match(again.said, /read the index from its snapshot/)
  for (const id of [...sample, changed.justiceId!])
    assert.deepEqual(await again.index.person(id), await store.person(id), id)
  assert.equal(again.index.search({ name: 'Zebedee Quillfeather' })[0]?.justiceId, changed.justiceId)
  await again.index.close()
})
