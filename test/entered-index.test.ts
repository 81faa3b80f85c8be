/**
 * `justid link --index` and `justid add` keep each record's values as its source entered them, read from the source
 * files; a record that only moves to another person keeps those the index holds (issue #17 item 1). Synthetic data.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { runAdd } from '../src/link/run-add.ts'
import { runLink } from '../src/link/run-link.ts'
import { quiet } from '../src/link/testing/link-synthetic.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import type { IndexRecord } from '../src/person-index/types.ts'
import { writeSyntheticData } from '../src/synth/index.ts'
import { appendEnteredPerson, COURT, PRISON } from './support/entered-person.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-entered-'))
const data = path.join(dir, 'data')
const index = path.join(dir, 'index.duckdb')
const source = (name: string, file = path.join(data, `${name}.csv`)) => ({ name, file })

const stored = async (keys: string[]): Promise<Map<string, IndexRecord>> => {
  const store = await openIndexStore(index, { create: false })
  try {
    return new Map((await store.recordsByKey(keys)).map((r) => [r.key, r]))
  } finally {
    await store.close()
  }
}

before(async () => {
  await writeSyntheticData({ people: 150, seed: 7, outDir: data })
  appendEnteredPerson(data)
})
after(() => rmSync(dir, { recursive: true, force: true }))

test('link --index keeps every record as entered, and add keeps the new ones', async () => {
  await runLink({
    sources: [source('court'), source('prison'), source('probation')],
    index,
    outDir: path.join(dir, 'out'),
    progress: quiet,
    onWarning: () => {},
  })
  const first = await stored([COURT, PRISON])
  const court = first.get(COURT)!
  assert.equal(court.entered?.fullName, "O'Brien, Seán")
  assert.equal(court.entered?.dateOfBirth, '26/06/1998')
  assert.equal(court.entered?.birthDate, '1998-06-26')
  assert.equal(court.entered?.sex, 'M')
  assert.equal(court.entered?.postcode, 'sw1a1aa')
  assert.deepEqual(court.entered?.addressLines, ['14 Example Street', 'Flat 2'])
  assert.equal(court.entered?.town, 'Exampleton')
  assert.equal(court.entered?.other.offence, 'Theft')
  const prison = first.get(PRISON)!
  assert.equal(prison.entered?.forename, 'Seán')
  assert.equal(prison.entered?.surname, "O'Brien")
  assert.equal(prison.entered?.sex, 'Male')
  assert.equal(prison.entered?.identifiers.prisonNumber, 'A9999ZZ')
  assert.equal(court.justiceId, prison.justiceId, 'the two records are one person')
  {
    const store = await openIndexStore(index, { create: false })
    let without = 0
    for await (const chunk of store.records())
      for (const { key } of chunk) if (!(await store.recordsByKey([key]))[0]?.entered) without++
    await store.close()
    assert.equal(without, 0, 'every record of the run is stored with its entered values')
  }

  // A third source adds the same person in capitals: the new record as entered, the others keep theirs.
  const extra = path.join(dir, 'probation-more.csv')
  writeFileSync(
    extra,
    'crn,forename,middle_name,surname,dob,sex,postcode,pnc,cro,nino,supervision_start,supervision_end,aliases\n' +
      "X999999,SEÁN,,O'BRIEN,26/06/1998,M,SW1A 1AA,,,,01/05/2024,,\n",
  )
  await runAdd({ sources: [source('probation', extra)], index, progress: quiet })
  const after = await stored([COURT, PRISON, 'probation:X999999'])
  assert.equal(after.get('probation:X999999')?.entered?.surname, "O'BRIEN")
  assert.equal(after.get('probation:X999999')?.entered?.postcode, 'SW1A 1AA')
  assert.deepEqual(after.get(COURT)?.entered, court.entered)
  assert.deepEqual(after.get(PRISON)?.entered, prison.entered)
})
