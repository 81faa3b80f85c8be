/**
 * #20: the cached standardiser (every repeated name, date, postcode and address line looked up once) gives exactly
 * what the plain rules give, record by record and in its counts, on every synthetic profile. Each file is read twice,
 * so the second pass is answered from the caches; caches far smaller than the data are cleared and refilled.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import type { PersonRecord } from '../core/record.ts'
import { emptyCounts } from '../core/standardised.ts'
import { openSource } from '../sources/index.ts'
import { profiles } from '../synth/profiles/index.ts'
import { loadNameVariants } from './name-variants.ts'
import { standardiseRecord, standardiserOf } from './record.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-cached-parity-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const recordsOf = async (file: string): Promise<PersonRecord[]> => {
  const source = await openSource({ name: path.parse(file).name, file })
  const records: PersonRecord[] = []
  for await (const batch of source.batches()) records.push(...batch)
  return records
}

for (const profile of profiles) {
  test(`cached standardisation equals the plain rules on the ${profile.name} profile`, async () => {
    const out = path.join(dir, profile.name)
    const manifest = await profile.write({ people: 400, seed: 20, outDir: out })
    const variants = loadNameVariants()
    const plain = standardiserOf(variants, 0)
    const tiny = standardiserOf(variants, 7)
    for (const { file } of manifest.files) {
      const records = await recordsOf(path.join(out, file))
      assert.ok(records.length > 100, `${file} has records`)
      const expectedCounts = emptyCounts()
      const expected = records.map((r) => plain(r, expectedCounts))
      for (let pass = 1; pass <= 2; pass++) {
        const counts = emptyCounts()
        const tinyCounts = emptyCounts()
        records.forEach((r, i) => {
          assert.deepEqual(
            standardiseRecord(r, variants, counts),
            expected[i],
            `${file} row ${i + 1}, pass ${pass}`,
          )
          assert.deepEqual(tiny(r, tinyCounts), expected[i], `${file} row ${i + 1}, small caches`)
        })
        assert.deepEqual(counts, expectedCounts, `${file} counts, pass ${pass}`)
        assert.deepEqual(tinyCounts, expectedCounts, `${file} counts, small caches`)
      }
    }
  })
}
