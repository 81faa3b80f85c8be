import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { writeSyntheticData } from './index.ts'

/** The options the committed sample was made with; regenerate it with the same ones after changing the generator. */
const sampleOptions = { people: 200, seed: 42 } as const
const fixture = path.resolve(import.meta.dirname, '../../test/fixtures/synth-sample')

test('the committed sample in test/fixtures/synth-sample is what the generator writes today', async () => {
  const outDir = await mkdtemp(path.join(tmpdir(), 'justid-synth-fixture-'))
  try {
    await writeSyntheticData({ ...sampleOptions, outDir })
    for (const name of ['court.csv', 'prison.csv', 'probation.csv', 'truth.csv', 'events.csv']) {
      const fresh = await readFile(path.join(outDir, name))
      const committed = await readFile(path.join(fixture, name))
      assert.ok(
        fresh.equals(committed),
        `${name} differs from the committed sample: regenerate it with ` +
          '`node bin/justid.js synth --people 200 --seed 42 --out test/fixtures/synth-sample`',
      )
    }
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
})
