import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { PersonRecord } from '../core/record.ts'
import { identifierStem } from './identifier-alignment.ts'
import { alignSources, openSource, openSources } from './open-source.ts'

let dir = ''
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'justid-id-alignment-'))
})
after(() => rm(dir, { recursive: true, force: true }))

const FORENAMES = ['amy', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus', 'hana', 'ian', 'jo']
const SURNAMES = ['ashby', 'brook', 'cole', 'dunn', 'eddy', 'frost', 'gale', 'hart', 'irwin', 'judd']

/** A CSV of `rows` people under the header given, each row's code from `code(i)`. */
const source = async (name: string, header: string, rows: number, code: (i: number) => string) => {
  const lines = [header]
  for (let i = 0; i < rows; i++)
    lines.push(`${name}-${i},${FORENAMES[i % 10]},${SURNAMES[Math.floor(i / 10) % 10]},${code(i)}`)
  const file = path.join(dir, `${name}.csv`)
  await writeFile(file, `${lines.join('\n')}\n`)
  return { name, file }
}

const recordsOf = async (specs: { name: string; file: string }[]) => {
  const sources = await openSources(specs, () => undefined)
  const records: PersonRecord[][] = []
  for (const s of sources) {
    const all: PersonRecord[] = []
    for await (const batch of s.batches()) all.push(...batch)
    records.push(all)
  }
  return { sources, records }
}

describe('identifiers under other headers in other sources', () => {
  test('a header without the words every identifier name carries', () => {
    assert.equal(identifierStem('NHS No'), 'nhs')
    assert.equal(identifierStem('nhs_number'), 'nhs')
    assert.equal(identifierStem('NHSNumber'), 'nhs')
    assert.equal(identifierStem('member_id'), 'member')
    assert.equal(identifierStem('ID'), 'id')
  })

  test("a column whose codes the other source holds too is compared under the first source's header", async () => {
    // One social security number, "soc_sec_id" in one system and "SVNR" in the other, for 60 of 200 people.
    // Not rising row by row, as a running number would (that is no identifier of a person).
    const ssn = (i: number) => String(7_000_000 + ((i * 7919) % 9973) * 97)
    const { sources, records } = await recordsOf([
      await source('register', 'rec_id,given_name,surname,soc_sec_id', 200, ssn),
      await source('census', 'kennung,vorname,nachname,svnr', 200, (i) => (i < 60 ? ssn(i) : ssn(i + 1000))),
    ])
    const svnr = sources[1]!.layout.columns.find((c) => c.header === 'svnr')!
    assert.equal(svnr.identifierKey, 'soc_sec_id')
    assert.match(svnr.note ?? '', /the same identifier as register's "soc_sec_id"/)
    assert.deepEqual(records[1]![0]!.identifiers.other, { soc_sec_id: ssn(0) })
    assert.deepEqual(records[0]![0]!.identifiers.other, { soc_sec_id: ssn(0) })
    // A source that has a column of that name already keeps its second column apart.
    const both = await recordsOf([
      await source('register', 'rec_id,given_name,surname,soc_sec_id', 200, ssn),
      await source('merged', 'kennung,vorname,nachname,svnr', 200, ssn).then(async (spec) => {
        const rows = (await readFile(spec.file, 'utf8')).trim().split('\n')
        const text = rows.map((r, i) => `${r},${i === 0 ? 'soc_sec_id' : ssn(i + 5000)}`).join('\n')
        await writeFile(spec.file, `${text}\n`)
        return spec
      }),
    ])
    const merged = both.sources[1]!.layout.columns
    assert.equal(merged.find((c) => c.header === 'svnr')!.identifierKey, undefined)
    assert.deepEqual(Object.keys(both.records[1]![0]!.identifiers.other).sort(), ['soc_sec_id', 'svnr'])
  })

  test("a new source's column holding an identifier the index holds is compared under the index's key", async () => {
    const ssn = (i: number) => String(7_000_000 + ((i * 7919) % 9973) * 97)
    const census = await openSource(await source('census', 'kennung,vorname,nachname,svnr', 200, ssn))
    const known = [{ key: 'soc_sec_id', values: Array.from({ length: 100 }, (_, i) => ssn(i)) }]
    const [aligned] = await alignSources([census], () => undefined, known)
    const svnr = aligned!.layout.columns.find((c) => c.header === 'svnr')!
    assert.equal(svnr.identifierKey, 'soc_sec_id')
    assert.match(svnr.note ?? '', /the same identifier as the index's "soc_sec_id"/)
    const [unrelated] = await alignSources([census], () => undefined, [
      { key: 'warrant', values: ['W1234567'] },
    ])
    assert.equal(unrelated!.layout.columns.find((c) => c.header === 'svnr')!.identifierKey, undefined)
  })

  test('codes that never meet, or short enough to meet by chance, keep their own headers', async () => {
    const apart = await recordsOf([
      await source(
        'court',
        'case_id,forename,surname,warrant_ref',
        200,
        (i) => `W${100_000 + ((i * 7919) % 9973)}`,
      ),
      await source(
        'housing',
        'tenant_id,forename,surname,tenancy_ref',
        200,
        (i) => `T${100_000 + ((i * 7919) % 9973)}`,
      ),
    ])
    assert.equal(
      apart.sources[1]!.layout.columns.find((c) => c.header === 'tenancy_ref')!.identifierKey,
      undefined,
    )
    // Four-digit codes: two numberings of a few thousand meet by chance.
    const short = await recordsOf([
      await source('left', 'case_id,forename,surname,locker_no', 200, (i) =>
        String(1000 + ((i * 7919) % 8999)),
      ),
      await source('right', 'case_id,forename,surname,badge_no', 200, (i) =>
        String(1000 + ((i * 7919) % 8999)),
      ),
    ])
    const badge = short.sources[1]!.layout.columns.find((c) => c.header === 'badge_no')!
    assert.equal(badge.role, 'otherId')
    assert.equal(badge.identifierKey, undefined)
  })

  test('the same identifier under headers spelt differently is compared even where no code is shared', async () => {
    const { records } = await recordsOf([
      // A person may have several episodes: the numbers repeat, so neither column is taken for the record id.
      await source('gp', 'patient,forename,surname,NHS Number', 50, (i) =>
        String(9_400_000_000 + (((i % 40) * 7919) % 9973)),
      ),
      await source('hospital', 'episode,forename,surname,nhs_no', 50, (i) =>
        String(9_500_000_000 + (((i % 40) * 7919) % 9973)),
      ),
    ])
    assert.deepEqual(Object.keys(records[1]![0]!.identifiers.other), ['NHS Number'])
  })
})
