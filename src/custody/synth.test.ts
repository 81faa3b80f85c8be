import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { writeSyntheticData } from '../synth/index.ts'

describe('justid synth --custody', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'justid-synth-custody-'))
  after(() => rm(dir, { recursive: true, force: true }))
  const write = (name: string, custody?: Parameters<typeof writeSyntheticData>[0]['custody']) =>
    writeSyntheticData({ people: 2000, seed: 9, outDir: path.join(dir, name), custody })
  const rows = async (name: string, file: string): Promise<Record<string, string>[]> =>
    parse(await readFile(path.join(dir, name, file)), { columns: true })
  const plain = await write('plain')
  const custody = await write('custody', {})
  await write('biased', { recordingBias: { group: 'british', factor: 2 } })

  test('leaves every other file byte-identical and adds its two', async () => {
    assert.equal(custody.files.length, plain.files.length + 2)
    for (const file of plain.files.map((f) => path.basename(f)))
      for (const other of ['custody', 'biased'])
        assert.ok(
          (await readFile(path.join(dir, 'plain', file))).equals(await readFile(path.join(dir, other, file))),
          `${file} differs with ${other}`,
        )
  })

  test('each incident is recorded against a prison record, within one of its custody periods', async () => {
    const periods = new Map<string, { start: string; end: string }>()
    for (const e of await rows('custody', 'events.csv'))
      if (e.event_type === 'custody') periods.set(e.record_id!, { start: e.start_date!, end: e.end_date! })
    const incidents = await rows('custody', 'custody-events.csv')
    assert.ok(incidents.length > 50, `${incidents.length} incidents`)
    for (const i of incidents) {
      const p = periods.get(i.record_id!)
      assert.ok(p, 'a custody record')
      assert.equal(i.source, 'prison')
      assert.ok(i.start_date! >= p.start && (p.end === '' || i.start_date! <= p.end), 'within the period')
    }
  })

  test('without a bias every true incident is recorded; with one, the group gets more recorded than true', async () => {
    const totals = (all: Record<string, string>[], group: (g: string) => boolean): [number, number] =>
      all
        .filter((r) => group(r.name_origin!))
        .reduce<[number, number]>(
          (t, r) => [t[0] + Number(r.true_incidents), t[1] + Number(r.recorded_incidents)],
          [0, 0],
        )
    const [t, r] = totals(await rows('custody', 'custody-truth.csv'), () => true)
    assert.equal(r, t)
    assert.equal(r, (await rows('custody', 'custody-events.csv')).length)
    const truth = await rows('biased', 'custody-truth.csv')
    const [bt, br] = totals(truth, (g) => g === 'british')
    assert.ok(br > 1.5 * bt, `british: ${br} recorded, ${bt} true`)
    const [ot, or] = totals(truth, (g) => g !== 'british')
    assert.equal(or, ot)
  })
})
