import assert from 'node:assert/strict'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { JustIdError } from '../core/errors.ts'
import type { PersonRecord } from '../core/record.ts'
import { openSource } from './open-source.ts'

let dir = ''
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'justid-sources-'))
})
after(() => rm(dir, { recursive: true, force: true }))

const file = async (name: string, text: string | Buffer): Promise<string> => {
  const f = path.join(dir, name)
  await writeFile(f, text)
  return f
}

const readAll = async (f: string, size?: number) => {
  const source = await openSource({ name: 'court', file: f })
  const batches: PersonRecord[][] = []
  for await (const batch of source.batches(size)) batches.push(batch)
  return { source, batches, records: batches.flat() }
}

const rejectsWith = async (run: () => Promise<unknown>, code: string, message: RegExp) =>
  assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof JustIdError, String(e))
    assert.equal(e.code, code)
    assert.match(e.message, message)
    return true
  })

describe('reading CSV', () => {
  test('sniffs the delimiter, strips a BOM, trims values and reads RFC 4180 quotes across lines', async () => {
    const text =
      '\uFEFFrecord_id;Forename;Surname;Address\r\n' +
      'c1; Ann ;"Lee; Smith";"1 High Street\r\nFlat ""B"""\r\n' +
      '\r\n' +
      'c2;Bo;Ray;\r\n'
    const { records, source } = await readAll(await file('semi.csv', text))
    assert.equal(source.layout.recordIdColumn, 'record_id')
    assert.deepEqual(
      records.map((r) => [r.recordId, r.forename, r.surname, r.addressLines]),
      [
        ['c1', 'Ann', 'Lee; Smith', ['1 High Street\nFlat "B"']],
        ['c2', 'Bo', 'Ray', []],
      ],
    )
  })

  test('reads tab- and pipe-separated files', async () => {
    for (const [name, d] of [
      ['t.tsv', '\t'],
      ['p.txt', '|'],
    ] as const) {
      const { records } = await readAll(await file(name, `id${d}surname${d}dob\nx1${d}Lee${d}1980-01-02\n`))
      assert.deepEqual(
        records.map((r) => [r.recordId, r.surname, r.dateOfBirth]),
        [['x1', 'Lee', '1980-01-02']],
      )
    }
  })

  test('reads the FEBRL file with its ", " separators', async () => {
    const { records, source } = await readAll('/work/shared/data/febrl1.csv')
    assert.equal(records.length, 1000)
    assert.equal(source.rowsRead(), 1000)
    assert.ok(records.every((r) => r.recordId.startsWith('rec-') && r.recordId.trim() === r.recordId))
    assert.ok(records.some((r) => r.identifiers.other.soc_sec_id !== undefined))
  })

  test('streams in batches of the size asked for, counting rows as it goes', async () => {
    const rows = Array.from({ length: 2503 }, (_, i) => `r${i},Name${i}`)
    const f = await file('many.csv', `id,surname\n${rows.join('\n')}\n`)
    const { batches, source } = await readAll(f, 1000)
    assert.deepEqual(
      batches.map((b) => b.length),
      [1000, 1000, 503],
    )
    assert.equal(source.rowsRead(), 2503)
    assert.equal(batches[2]!.at(-1)!.recordId, 'r2502')
    const whole = await readAll(f)
    assert.deepEqual(
      whole.batches.map((b) => b.length),
      [2503],
    )
  })

  test('a missing file', async () => {
    await rejectsWith(
      () => readAll(path.join(dir, 'court.csv')),
      'file_not_found',
      /court\.csv: no such file$/,
    )
  })

  test('a directory', async () => {
    await rejectsWith(() => readAll(dir), 'file_unreadable', /is a directory or device, not a file/)
  })

  test('an unreadable file', { skip: process.getuid?.() === 0 && 'root reads every file' }, async () => {
    const f = await file('locked.csv', 'id\n1\n')
    await chmod(f, 0o000)
    await rejectsWith(() => readAll(f), 'file_unreadable', /locked\.csv cannot be read/)
  })

  test('an unsupported file type', async () => {
    await rejectsWith(
      async () => readAll(await file('court.xlsx', 'x')),
      'file_unreadable',
      /cannot read \.xlsx files/,
    )
  })

  test('an empty file, a blank one and one with a header only', async () => {
    await rejectsWith(async () => readAll(await file('empty.csv', '')), 'empty_file', /empty\.csv is empty/)
    await rejectsWith(
      async () => readAll(await file('blank.csv', '\uFEFF\n \n')),
      'empty_file',
      /blank\.csv is empty/,
    )
    await rejectsWith(
      async () => readAll(await file('header.csv', 'id,surname\n')),
      'empty_file',
      /header\.csv has a header line but no records/,
    )
  })

  test('a file without a header line: its first line is a record, its columns named by place and read by value', async () => {
    const rows = 'A1,Lee,1980-01-02\nA2,Ray,1975-03-04\nA3,Kay,1969-11-30\nA4,Roe,2001-07-15\n'
    const { source, records } = await readAll(await file('nohead.csv', rows))
    assert.equal(source.layout.noHeaderLine, true)
    assert.deepEqual(
      source.layout.columns.map((c) => c.header),
      ['column_1', 'column_2', 'column_3'],
    )
    assert.deepEqual(
      records.map((r) => [r.recordId, r.dateOfBirth]),
      [
        ['A1', '1980-01-02'],
        ['A2', '1975-03-04'],
        ['A3', '1969-11-30'],
        ['A4', '2001-07-15'],
      ],
    )
  })

  test("a spreadsheet report's title above the header, its blank rows and its totals line are no records", async () => {
    const text =
      '\uFEFFCourt extract 01/12/2025,,,,\r\n' +
      'Run on,01/12/2025\r\n' +
      ',,,,\r\n' +
      'record_id,forename,surname,date_of_birth,\r\n' +
      'c1,Ann,Lee,1980-01-02,\r\n' +
      ',,,,\r\n' +
      'c2,Bo,Ray,1975-03-04,\r\n' +
      ',,,,\r\n' +
      'Total,2,,,\r\n'
    const { source, records } = await readAll(await file('titled.csv', text))
    assert.equal(source.layout.recordIdColumn, 'record_id')
    assert.deepEqual(
      records.map((r) => [r.recordId, r.forename, r.surname, r.dateOfBirth]),
      [
        ['c1', 'Ann', 'Lee', '1980-01-02'],
        ['c2', 'Bo', 'Ray', '1975-03-04'],
      ],
    )
    // Without a header, a sparse first record is a record all the same.
    const sparse = await readAll(
      await file('sparse.csv', 'A1,,,,1980-01-02\nA2,Ray,Kay,Lee,1975-03-04\nA3,Kay,Bo,Lee,1969-11-30\n'),
    )
    assert.deepEqual(
      sparse.records.map((r) => r.recordId),
      ['A1', 'A2', 'A3'],
    )
  })

  test('a first line the settings name a column of is their header, however it looks', async () => {
    const f = await file('numbered.csv', '2019,2020\nLee,Ray\nKay,Roe\n')
    const source = await openSource(
      { name: 'court', file: f },
      { columns: { '2019': 'forename', '2020': 'surname' } },
    )
    assert.equal(source.layout.noHeaderLine, undefined)
    const records: PersonRecord[] = []
    for await (const batch of source.batches()) records.push(...batch)
    assert.deepEqual(
      records.map((r) => [r.forename, r.surname]),
      [
        ['Lee', 'Ray'],
        ['Kay', 'Roe'],
      ],
    )
  })

  test('a repeated header name: the values say which column is the forename and which the surname', async () => {
    const people = [
      ['john', 'quillby'],
      ['mary', 'zanthorpe'],
      ['robert', 'merriweather'],
      ['sarah', 'penhallow'],
      ['thomas', 'ortelli'],
      ['emma', 'brackwater'],
    ]
    const rows = people.map(([f, s], i) => `${i + 1},${f},${s}`).join('\n')
    const { source, records } = await readAll(await file('dup.csv', `id,name,name\n${rows}\n`))
    assert.deepEqual(
      source.layout.columns.map((c) => [c.header, c.role]),
      [
        ['id', 'recordId'],
        ['name', 'forename'],
        ['name_2', 'surname'],
      ],
    )
    assert.deepEqual([records[0]!.forename, records[0]!.surname], ['john', 'quillby'])
  })

  test('with no record id column, the record ids are the data row numbers', async () => {
    const { source, records } = await readAll(await file('noid.csv', 'forename,surname\nAnn,Lee\n\nBo,Ray\n'))
    assert.equal(source.layout.recordIdColumn, null)
    assert.equal(source.layout.recordIdReason, 'row number')
    assert.deepEqual(
      records.map((r) => r.recordId),
      ['1', '2'],
    )
  })

  test('a code column unique in the first rows but not further on is refused with a way out', async () => {
    const rows = Array.from({ length: 5_001 }, (_, i) => `K${i}Q,Surname${i % 7}`)
    rows.push('K3Q,Other')
    const f = await file('codes.csv', `case_code,surname\n${rows.join('\n')}\n`)
    const source = await openSource({ name: 'court', file: f })
    assert.equal(source.layout.recordIdColumn, 'case_code')
    assert.equal(source.layout.recordIdReason, 'content')
    await rejectsWith(
      () => readAll(f),
      'duplicate_record_id',
      /codes\.csv line 5003: record id "K3Q" \(column case_code\) repeats the one on line 5; .*taken for the record id because its first values were all present and unique.*"recordId": "<column>"/,
    )
  })

  test('an empty record id names its line', async () => {
    await rejectsWith(
      async () => readAll(await file('blankid.csv', 'id,surname\nc1,Lee\n ,Ray\n')),
      'no_record_id',
      /blankid\.csv line 3: the record id \(column id\) is empty/,
    )
  })

  test('a duplicate record id names both lines and never a personal value', async () => {
    await rejectsWith(
      async () => readAll(await file('dupid.csv', 'id,surname\nc1,Lee\nc2,Ray\n"c1","Zed\nQuux"\n')),
      'duplicate_record_id',
      /^\S*dupid\.csv line 4: record id "c1" \(column id\) repeats the one on line 2; record ids must be unique within a file$/,
    )
  })

  test('a row with the wrong number of fields', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => `c${i},a,b,c,d,e,f,g,h,i,j,k`)
    rows.push('c99,a,b,c,d,e,f,g,h')
    const header = 'id,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11'
    const f = await file('court.csv', `${header}\n\n${rows.join('\n')}\n`)
    await rejectsWith(
      () => readAll(f),
      'wrong_field_count',
      /court\.csv line 17: 9 fields, expected 12 \(header has 12 columns\)/,
    )
  })

  test('a quoted field that is never closed', async () => {
    await rejectsWith(
      async () => readAll(await file('cut.csv', 'id,surname\nc1,Lee\nc2,"Ray\nc3,Zed\n')),
      'file_unreadable',
      /cut\.csv line 3: a quoted field is never closed/,
    )
  })

  test('settings apply when opening', async () => {
    const f = await file('ref.csv', 'Ref,Birthday\nk1,1980\n')
    const source = await openSource(
      { name: 'court', file: f },
      { recordId: 'Ref', columns: { Birthday: 'dateOfBirth' } },
    )
    const records: PersonRecord[] = []
    for await (const b of source.batches()) records.push(...b)
    assert.deepEqual(
      records.map((r) => [r.recordId, r.dateOfBirth]),
      [['k1', '1980']],
    )
  })
})

describe('reading Parquet', () => {
  const writeParquet = async (name: string, select: string): Promise<string> => {
    const f = path.join(dir, name)
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    await connection.run(`COPY (${select}) TO '${f}' (FORMAT parquet)`)
    connection.closeSync()
    instance.closeSync()
    return f
  }

  test('round trip: every column read as text, nulls as missing, in batches', async () => {
    const f = await writeParquet(
      'prison.parquet',
      `SELECT 'p' || i AS booking_id, CASE WHEN i % 2 = 0 THEN 'Lee' END AS surname,
         DATE '1980-01-01' + i::INTEGER AS dob, i AS "Person ID", '007' AS soc_sec_id
       FROM range(2500) t(i)`,
    )
    const { records, batches, source } = await readAll(f, 1000)
    assert.equal(source.layout.recordIdColumn, 'booking_id')
    assert.deepEqual(source.layout.truthColumns, ['Person ID'])
    assert.deepEqual(
      batches.map((b) => b.length),
      [1000, 1000, 500],
    )
    assert.equal(source.rowsRead(), 2500)
    assert.deepEqual(
      [
        records[0]!.recordId,
        records[0]!.surname,
        records[0]!.dateOfBirth,
        records[0]!.identifiers.other.soc_sec_id,
      ],
      ['p0', 'Lee', '1980-01-01', '007'],
    )
    assert.equal(records[1]!.surname, null)
  })

  test('roles from sampled values, and row numbers for ids when no column is unique', async () => {
    const f = await writeParquet(
      'extract.parquet',
      `SELECT ['Robert', 'Mary', 'Thomas'][i % 3 + 1] AS col_a, ['Quillby', 'Zanthorpe'][i % 2 + 1] AS col_b,
         DATE '1880-01-01' + i::INTEGER AS col_c, 'EX4 6PL' AS col_d
       FROM range(30) t(i)`,
    )
    const { records, source } = await readAll(f)
    assert.deepEqual(
      source.layout.columns.map((c) => [c.role, c.reason]),
      [
        ['forename', 'content'],
        ['surname', 'content'],
        ['dateOfBirth', 'content'],
        ['postcode', 'content'],
      ],
    )
    assert.equal(source.layout.recordIdColumn, null)
    assert.deepEqual(
      [records[0]!.recordId, records[29]!.recordId, records[29]!.dateOfBirth],
      ['1', '30', '1880-01-30'],
    )
  })

  test('a duplicate record id names both rows', async () => {
    const f = await writeParquet(
      'dup.parquet',
      `SELECT * FROM (VALUES ('a', 'Lee'), ('b', 'Ray'), ('a', 'Zed')) t(id, surname)`,
    )
    await rejectsWith(() => readAll(f), 'duplicate_record_id', /dup\.parquet row 3: record id "a" .*row 1/)
  })

  test('a corrupted Parquet file', async () => {
    const good = await writeParquet('good.parquet', `SELECT 'a' AS id, 'Lee' AS surname`)
    const { readFile } = await import('node:fs/promises')
    const bytes = await readFile(good)
    const f = await file('bad.parquet', Buffer.concat([bytes.subarray(0, 20), Buffer.alloc(40, 7)]))
    await rejectsWith(() => readAll(f), 'file_unreadable', /bad\.parquet: not a readable Parquet file/)
  })
})
