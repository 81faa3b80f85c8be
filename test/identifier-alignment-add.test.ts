/**
 * `justid add` compares an identifier the index already holds under the index's key when the new source names it
 * otherwise ("NHS Number" beside the index's "nhs_no"): end to end, records whose only strong evidence is that
 * identifier join the persons it names.
 */
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { recordKeyOf } from '../src/core/record-key.ts'
import { runAdd } from '../src/link/run-add.ts'
import { runLink } from '../src/link/run-link.ts'
import { quiet } from '../src/link/testing/link-synthetic.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import { writeSyntheticData } from '../src/synth/index.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-align-add-'))
after(() => rmSync(dir, { recursive: true, force: true }))

type Row = Record<string, string>
const readCsv = (file: string): Row[] => parse(readFileSync(file), { columns: true }) as Row[]
const writeCsv = (file: string, rows: readonly Row[]) =>
  writeFileSync(file, stringify([...rows], { header: true }))

/** A ten-digit number of one person's, the same in every file. */
const nhsNumberOf = (personId: string): string => String(4_000_000_000 + Number(personId.slice(1)) * 7919)

describe('justid add with an identifier named otherwise', () => {
  test('records sharing only the identifier with the index join the persons it names', async () => {
    const data = path.join(dir, 'data')
    await writeSyntheticData({ people: 300, seed: 31, outDir: data })
    const personOf = new Map(
      readCsv(path.join(data, 'truth.csv')).map((t) => [`${t.source}:${t.record_id}`, t.person_id!]),
    )
    const prison: Row[] = readCsv(path.join(data, 'prison.csv')).map((r) => ({
      ...r,
      nhs_no: nhsNumberOf(personOf.get(`prison:${r.booking_id}`)!),
    }))
    writeCsv(path.join(data, 'prison.csv'), prison)
    const index = path.join(dir, 'index.duckdb')
    await runLink({
      sources: [
        { name: 'court', file: path.join(data, 'court.csv') },
        { name: 'prison', file: path.join(data, 'prison.csv') },
      ],
      index,
      outDir: path.join(dir, 'linked'),
      progress: quiet,
      onWarning: () => {},
    })

    // A GP register: each person's surname and year of birth beside another forename, too little to say who it is;
    // the NHS number, under its own header, says it is the person's.
    const register = prison.slice(0, 40).map((r, i) => ({
      gp_ref: `G${String(i).padStart(4, '0')}`,
      Forename: 'Zebedee',
      Surname: r.last_name!,
      'Year of Birth': r.date_of_birth!.slice(0, 4),
      'NHS Number': r.nhs_no!,
    }))
    /** How many of the register's records join the person of the prison record they were made from. */
    const joinedAfterAdding = async (rows: readonly Row[], name: string): Promise<number> => {
      const grown = path.join(dir, `${name}.duckdb`)
      copyFileSync(index, grown)
      const file = path.join(dir, `${name}.csv`)
      writeCsv(file, rows)
      await runAdd({ sources: [{ name: 'gp', file }], index: grown, progress: quiet })
      const store = await openIndexStore(grown, { create: false })
      const ids = await store.assignments().finally(() => store.close())
      return rows.filter((g, i) => {
        const own = ids.get(recordKeyOf('gp', g.gp_ref!))
        return own !== undefined && own === ids.get(recordKeyOf('prison', prison[i]!.booking_id!))
      }).length
    }
    const withNumber = await joinedAfterAdding(register, 'with-number')
    const without = await joinedAfterAdding(
      register.map(({ 'NHS Number': _, ...rest }) => rest),
      'without-number',
    )
    assert.ok(withNumber >= 36, `${withNumber} of 40 joined the person their NHS number names`)
    assert.ok(without <= 20, `${without} of 40 joined their person without the NHS number`)
  })
})
