import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { columnOfField } from '../../core/column-names.ts'
import type { StandardisedRecord } from '../../core/standardised.ts'
import { comparisonLevelIndex } from '../../model/comparisons.ts'
import { otherIdColumn } from '../../model/conditions.ts'
import { defaultComparisons } from '../../model/default-comparisons.ts'
import { applyGuards, defaultGuards, LIKELY_RELATIVES_CAP } from '../../model/guards.ts'
import type { Comparison, ComparisonLevel } from '../../model/model.ts'
import { tfAdjustment } from '../../model/term-frequency.ts'
import { arbitraryPair, record } from '../../model/testing/records.ts'
import { type Database, openDatabase } from '../database.ts'
import { DERIVED_COLUMNS, LIST_FIELDS, SCALAR_FIELDS } from '../record-table.ts'
import { comparisonToSql, tfAdjustmentSql } from './comparisons.ts'
import { duckdbDialect as d } from './dialect.ts'
import { guardIndexSql, guardOutcomeSql } from './guards.ts'

const OTHER_ID = 'Soc Sec ID'
const available = new Set([
  ...SCALAR_FIELDS.map(columnOfField),
  ...LIST_FIELDS.map(columnOfField),
  otherIdColumn(OTHER_ID),
])

/** Conditions the default comparisons do not use, so that every kind is checked against DuckDB. */
const extra: Comparison[] = [
  {
    name: 'extra',
    description: 'every other condition kind',
    levels: [
      { label: 'null', condition: { kind: 'null', columns: ['forename', 'name_tokens'] }, isNull: true },
      { label: 'damerau', condition: { kind: 'damerauLevenshtein', column: 'forename', atMost: 1 } },
      // Learned name pairs: either order, and a pair of one value with itself only when listed.
      {
        label: 'learned pair',
        condition: { kind: 'pairIn', column: 'surname', pairs: ['anna|tariq', 'khan|khan', 'jones|smith'] },
      },
      // A list learned from the data, longer than a hand-written one: rendered as a subquery.
      {
        label: 'long list',
        condition: {
          kind: 'eitherIn',
          column: 'surname',
          values: ['smith', 'tariq', ...Array.from({ length: 40 }, (_, i) => `filler${i}`)],
        },
      },
      { label: 'years', condition: { kind: 'dateWithinYears', column: 'date_of_birth', years: 1 } },
      { label: 'jaccard 0', condition: { kind: 'tokenJaccard', column: 'address_tokens', atLeast: 0 } },
      {
        label: 'not and',
        condition: {
          kind: 'not',
          condition: {
            kind: 'and',
            all: [
              { kind: 'exact', column: 'sex' },
              { kind: 'not', condition: { kind: 'initial', column: 'surname' } },
            ],
          },
        },
      },
      { label: 'else', condition: { kind: 'else' } },
    ],
  },
]
const comparisons = [...defaultComparisons(available), ...extra]
const guards = defaultGuards(available)

/** The capped weight and guard of `guardOutcomeSql`, its guard index computed inline. */
const guardSql = (weight: string) =>
  guardOutcomeSql(guards, `(${guardIndexSql(guards, weight, d)})`, weight, d)

/** The records table's stored columns with their types, in order. */
const COLUMNS: [string, string][] = [
  ['rid', 'INTEGER'],
  ...SCALAR_FIELDS.map((f): [string, string] => [columnOfField(f), 'VARCHAR']),
  ...LIST_FIELDS.map((f): [string, string] => [columnOfField(f), 'VARCHAR[]']),
  [otherIdColumn(OTHER_ID), 'VARCHAR'],
]
/** A record as one line of JSON, keyed by column: DuckDB reads thousands of these faster than a VALUES list. */
const jsonRowOf = (rid: number, r: StandardisedRecord): string => {
  const fields = r as unknown as Record<string, unknown>
  return JSON.stringify({
    rid,
    ...Object.fromEntries([...SCALAR_FIELDS, ...LIST_FIELDS].map((f) => [columnOfField(f), fields[f]])),
    [otherIdColumn(OTHER_ID)]: r.otherIds[OTHER_ID] ?? null,
  })
}

describe('SQL rendering agrees with the in-memory model on DuckDB', () => {
  let db: Database
  const dir = mkdtempSync(path.join(tmpdir(), 'justid-sql-pairs-'))
  const pairsFile = path.join(dir, 'pairs.jsonl')
  before(async () => {
    db = await openDatabase()
    await db.run(`CREATE TABLE records_base (${COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})`)
    // The derived columns (forename_initial, …) as the engine's records table has them.
    const derived = Object.entries(DERIVED_COLUMNS).map(([name, sql]) => `${sql} AS ${name}`)
    await db.run(`CREATE VIEW records AS SELECT *, ${derived.join(', ')} FROM records_base`)
  })
  after(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Loads the pairs, runs `select` (expressions over l and r) and returns one row per pair, in order. */
  const runPairs = async (pairs: [StandardisedRecord, StandardisedRecord][], select: string[]) => {
    await db.run('DELETE FROM records_base')
    const rows = pairs.flatMap(([l, r], i) => [jsonRowOf(2 * i, l), jsonRowOf(2 * i + 1, r)])
    writeFileSync(pairsFile, `${rows.join('\n')}\n`)
    const columns = COLUMNS.map(([c, t]) => `${c}: '${t}'`).join(', ')
    await db.run(
      `INSERT INTO records_base SELECT * FROM read_json(${d.quote(pairsFile)}, format = 'newline_delimited', columns = {${columns}})`,
    )
    return db.jsRows(
      `SELECT ${select.map((s, i) => `${s} AS c${i}`).join(', ')}
       FROM records l JOIN records r ON r.rid = l.rid + 1 WHERE l.rid % 2 = 0 ORDER BY l.rid`,
    )
  }

  test('comparisonToSql gives the level comparisonLevelIndex gives, on generated pairs', async () => {
    // Few runs of many pairs: each run is one DuckDB query, whose planning costs more than its pairs.
    const pairs = fc.array(arbitraryPair, { minLength: 500, maxLength: 1500 })
    const reached = comparisons.map((c) => new Set<number>(c.levels.map((_, i) => i)))
    await fc.assert(
      fc.asyncProperty(pairs, async (list) => {
        const rows = await runPairs(
          list,
          comparisons.map((c) => comparisonToSql(c, d)),
        )
        list.forEach(([l, r], i) => {
          comparisons.forEach((c, k) => {
            const expected = comparisonLevelIndex(c, l, r)
            assert.equal(Number(rows[i]![`c${k}`]), expected, `${c.name} on ${JSON.stringify([l, r])}`)
            reached[k]!.delete(expected === -1 ? 0 : expected)
          })
        })
      }),
      // A fixed seed: the reachability check below must not depend on the luck of a run.
      { numRuns: 4, seed: 20261206 },
    )
    // The generator must reach every level, or the agreement above proves less than it seems.
    comparisons.forEach((c, k) => {
      assert.deepEqual(
        [...reached[k]!].map((i) => c.levels[i]!.label),
        [],
        `levels of ${c.name} never reached`,
      )
    })
  })

  test('guardIndexSql and guardOutcomeSql cap the weight as applyGuards does', async () => {
    const weights = [-10, -5, 0, 3, 12]
    const pairs = fc.array(arbitraryPair, { minLength: 100, maxLength: 400 })
    await fc.assert(
      fc.asyncProperty(pairs, async (list) => {
        const sql = weights.map((w) => guardSql(`CAST(${w} AS DOUBLE)`))
        const rows = await runPairs(
          list,
          sql.flatMap((s) => [s.weight, s.guard]),
        )
        list.forEach(([l, r], i) => {
          weights.forEach((w, j) => {
            const expected = applyGuards(guards, l, r, w)
            assert.equal(Number(rows[i]![`c${2 * j}`]), expected.weight)
            assert.equal(rows[i]![`c${2 * j + 1}`] ?? undefined, expected.guard)
          })
        })
      }),
      { numRuns: 2 },
    )
  })

  test('twins at one address are capped in SQL unless an identifier agrees', async () => {
    const twin = { surname: 'khan', dateOfBirth: '1990-05-06', postcode: 'm1 1aa' }
    const l = record({ ...twin, forename: 'hassan', pnc: '2001/0000001a' })
    const r = record({ ...twin, forename: 'yusuf', pnc: '2001/0000002b' })
    const samePnc = record({ ...twin, forename: 'yusuf', pnc: '2001/0000001a' })
    const { weight, guard } = guardSql('CAST(10 AS DOUBLE)')
    const rows = await runPairs(
      [
        [l, r],
        [l, samePnc],
      ],
      [weight, guard],
    )
    assert.deepEqual(rows, [
      { c0: LIKELY_RELATIVES_CAP, c1: 'likely_relatives' },
      { c0: 10, c1: null },
    ])
  })

  test('tfAdjustmentSql computes tfAdjustment', async () => {
    const level: ComparisonLevel = {
      label: 'exact',
      condition: { kind: 'exact', column: 'surname' },
      m: 0.9,
      u: 0.01,
      tf: { column: 'surname', weight: 0.5, minU: 0.001 },
    }
    const cases: [number | null, number | null][] = [
      [0.04, 0.04],
      [0.0001, 0.0001],
      [0.002, 0.05],
      [null, 0.02],
      [null, null],
    ]
    const sql = cases.map(
      ([a, b]) =>
        `(SELECT ${tfAdjustmentSql(level, 'tl', 'tr', d)} FROM (SELECT CAST(${a ?? 'NULL'} AS DOUBLE) AS tl, CAST(${b ?? 'NULL'} AS DOUBLE) AS tr))`,
    )
    const row = (await db.jsRows(`SELECT ${sql.map((s, i) => `${s} AS c${i}`).join(', ')}`))[0]!
    cases.forEach(([a, b], i) => {
      const expected = tfAdjustment(level, a ?? undefined, b ?? undefined)
      assert.ok(
        Math.abs(Number(row[`c${i}`]) - expected) < 1e-12,
        `tf ${a}, ${b}: ${row[`c${i}`]} vs ${expected}`,
      )
    })
  })

  test('an other identifier is named as the records table names it', () => {
    assert.equal(otherIdColumn('Soc Sec-ID'), 'other_soc_sec_id')
  })
})
