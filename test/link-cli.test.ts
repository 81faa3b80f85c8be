/**
 * `justid link` and `justid evaluate` end to end through the real CLI process, on small hand-made synthetic
 * extracts (invented names): known pairs link, known non-pairs (twins) stay apart, bad input gives a clear error
 * and a non-zero exit, and a failed run leaves nothing that looks complete.
 */

import assert from 'node:assert/strict'
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { openDatabase, sqlString } from '../src/batch/database.ts'
import { sqlName } from '../src/batch/scoring.ts'
import type { LinkReportData } from '../src/report/index.ts'
import { justid, tempFolder } from './support/cli.ts'

const dir = tempFolder('justid-link-')
const write = (name: string, text: string): string => {
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return file
}

// Twins (same surname, date of birth and address, different forenames) and a nickname + typo pair.
const court = write(
  'court.csv',
  [
    'case_defendant_id,defendant_name,date_of_birth,sex,address_line_1,town,postcode,pnc',
    'C1,"QUILLBY, Robert James",1984-03-12,M,12 Alder Road,Exeter,EX4 6PL,',
    'C2,"ZANTHORPE, Aoife",1990-11-02,F,3 Birch Lane,Leeds,LS6 2QT,',
    'C3,"ZANTHORPE, Ciara",1990-11-02,F,3 Birch Lane,Leeds,LS6 2QT,',
    'C4,"MERRIWEATHER, Tobias",1975-07-30,M,88 Cedar Street,Hull,HU5 3RB,',
    'C5,"PENHALLOW, Danuta",1969-01-15,F,5 Elm Close,Truro,TR1 3AZ,',
    'C6,"ORTELLI, Marco",2001-05-05,M,9 Fir Way,Bath,BA2 4QP,',
  ].join('\n'),
)
const prison = write(
  'prison.csv',
  [
    'booking_id,prison_number,first_name,middle_names,last_name,date_of_birth,gender',
    'B1,A1234BC,Bob,James,Quilby,12/03/1984,Male',
    'B2,A2345CD,Aoife,,Zanthorpe,02/11/1990,Female',
    'B3,A3456DE,Tobias,,Merriweather,30/07/1975,Male',
    'B4,A4567EF,Danuta,,Penhallow,15/01/1969,Female',
    'B5,A5678FG,Marco,,Ortelli,05/05/2001,Male',
  ].join('\n'),
)

const clustersOf = (out: string): Map<string, string> => {
  const lines = readFileSync(path.join(out, 'clusters.csv'), 'utf8').trim().split('\n').slice(1)
  return new Map(lines.map((l) => l.split(',')).map(([s, r, p]) => [`${s}:${r}`, p ?? '']))
}

describe('justid link', () => {
  const out = path.join(dir, 'out')
  const linked = justid('link', '--out', out, court, prison)

  test('runs and writes every output', () => {
    assert.equal(linked.code, 0, linked.stderr)
    for (const f of ['clusters.csv', 'pairs.parquet', 'model.json', 'report.html', 'flags.csv']) {
      assert.ok(existsSync(path.join(out, f)), `${f} is missing`)
    }
    assert.deepEqual(
      readdirSync(out).filter((f) => f.startsWith('.justid-staging')),
      [],
      'the staging folder was left behind',
    )
    assert.match(linked.stdout, /Persons: /)
  })

  test('links known pairs, across a nickname, a typo and a different date format', () => {
    const c = clustersOf(out)
    assert.equal(c.get('court:C1'), c.get('prison:B1'))
    assert.equal(c.get('court:C4'), c.get('prison:B3'))
    assert.equal(c.get('court:C5'), c.get('prison:B4'))
    assert.equal(c.get('court:C2'), c.get('prison:B2'))
  })

  test('keeps twins apart', () => {
    const c = clustersOf(out)
    assert.notEqual(c.get('court:C2'), c.get('court:C3'))
    assert.notEqual(c.get('prison:B2'), c.get('court:C3'))
  })

  test("the report counts each comparison's levels and the weights over every scored pair, as pairs.parquet has them", async () => {
    const report = JSON.parse(readFileSync(path.join(out, 'report-data.json'), 'utf8')) as LinkReportData
    const db = await openDatabase()
    try {
      const pairs = `read_parquet(${sqlString(path.join(out, 'pairs.parquet'))})`
      for (const c of report.comparisons) {
        const rows = await db.rows(
          `SELECT gamma_${sqlName(c.name)} AS g, count(*) AS n FROM ${pairs} GROUP BY 1`,
        )
        const counts = new Map(rows.map((r) => [Number(r.g), Number(r.n)]))
        assert.ok(counts.size > 0)
        const levels = c.levels.map((l, i) => [l.label, counts.get(l.weight === null ? -1 : i) ?? 0])
        assert.deepEqual(
          c.levels.map((l) => [l.label, l.pairs]),
          levels,
          c.name,
        )
      }
      const bins = await db.rows(
        `SELECT floor(match_weight)::INTEGER AS b, count(*) AS n FROM ${pairs} GROUP BY 1 ORDER BY 1`,
      )
      assert.deepEqual(
        report.weightHistogram.map((h) => [h.binStart, h.binEnd, h.count]),
        bins.map((r) => [Number(r.b), Number(r.b) + 1, Number(r.n)]),
      )
    } finally {
      db.close()
    }
  })

  test('a reused model gives the same persons without training', () => {
    const again = path.join(dir, 'again')
    const r = justid('link', '--model', path.join(out, 'model.json'), '--out', again, court, prison)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /not retrained/)
    assert.deepEqual(clustersOf(again), clustersOf(out))
  })

  test('evaluate measures the run against a truth file', () => {
    const truth = write(
      'truth.csv',
      [
        'source,record_id,person_id,name_origin',
        'court,C1,1,a',
        'prison,B1,1,a',
        'court,C2,2,b',
        'prison,B2,2,b',
        'court,C3,3,b',
        'court,C4,4,a',
        'prison,B3,4,a',
        'court,C5,5,b',
        'prison,B4,5,b',
        'court,C6,6,a',
        'prison,B5,6,a',
      ].join('\n'),
    )
    const r = justid('evaluate', '--out', out, '--truth', truth)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Pairwise: +precision 1\.0000/)
    const evaluation = JSON.parse(readFileSync(path.join(out, 'evaluation.json'), 'utf8'))
    assert.equal(evaluation.pairwise.precision, 1)
    assert.ok(evaluation.pairwise.recall >= 0.8)
    // Accuracy per group of the extra truth column, and the error analysis, reach the JSON and the report.
    assert.deepEqual(
      evaluation.groups.map((g: { attribute: string }) => g.attribute),
      ['name_origin'],
    )
    assert.equal(typeof evaluation.errors.missedNeverBlocked, 'number')
    assert.equal(evaluation.clusters.trueClusters, 6)
    assert.equal(evaluation.clusters.mergedPersons, 0)
    const report = readFileSync(path.join(out, 'report.html'), 'utf8')
    assert.match(report, /Accuracy by group/)
    assert.match(report, /Error analysis/)
    assert.doesNotMatch(r.stdout, /Truth rows naming no record/)
  })

  test('evaluate says how many truth rows name no record of the run', () => {
    // A defendant's id beside the rows of their offences: the truth names records the run never read.
    const truth = write(
      'truth-other-ids.csv',
      ['source,record_id,person_id', 'court,C1,1', 'prison,B1,1', 'court,D1,1', 'court,D2,7'].join('\n'),
    )
    const r = justid('evaluate', '--out', out, '--truth', truth)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Truth rows naming no record of the run: 2,/)
  })
})

describe('bad input gives a clear error and a non-zero exit', () => {
  test('no sources', () => {
    const r = justid('link', '--out', path.join(dir, 'none'))
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /source/)
  })

  test('an unreadable file is named', () => {
    const missing = path.join(dir, 'no-such-file.csv')
    const r = justid('link', '--out', path.join(dir, 'missing'), missing)
    assert.equal(r.code, 3)
    assert.match(r.stderr, /no-such-file\.csv/)
    assert.equal(existsSync(path.join(dir, 'missing', 'clusters.csv')), false)
  })

  test('settings that name an unknown column', () => {
    const settings = write(
      'unknown-column.json',
      JSON.stringify({ sources: { court: { columns: { nope: 'surname' } } } }),
    )
    const r = justid('link', '--settings', settings, '--out', path.join(dir, 'unknown'), court, prison)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /nope/)
  })

  test('a misspelt setting', () => {
    const settings = write('misspelt.json', JSON.stringify({ matchTreshold: 0.9 }))
    const r = justid('link', '--settings', settings, '--out', path.join(dir, 'misspelt'), court)
    assert.equal(r.code, 2)
    assert.match(r.stderr, /misspelt\.json/)
    assert.match(r.stderr, /matchTreshold/)
  })

  test('a blocking rule on a column the records do not have', () => {
    const settings = write('blocking.json', JSON.stringify({ blockingRules: [{ keys: ['shoe_size'] }] }))
    const r = justid('link', '--settings', settings, '--out', path.join(dir, 'blocking'), court, prison)
    assert.equal(r.code, 2)
    assert.match(r.stderr, /blocking rule "shoe_size"/)
    assert.equal(existsSync(path.join(dir, 'blocking', 'clusters.csv')), false)
  })

  test('a corrupted row names the file and line', () => {
    const bad = write(
      'bad.csv',
      'case_defendant_id,defendant_name,date_of_birth\nC1,"SMITH, Ann",1980-01-01\nC2,"unclosed\n',
    )
    const r = justid('link', '--out', path.join(dir, 'bad'), bad)
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /bad\.csv/)
    assert.match(r.stderr, /line/)
  })

  test('a file with nothing to compare says so, and writes nothing', () => {
    const numbers = write('numbers.csv', 'a,b\n1,2\n3,4\n5,6\n')
    const out = path.join(dir, 'numbers')
    const r = justid('link', '--out', out, numbers)
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /no column of .*numbers\.csv holds anything JustID can compare/)
    assert.doesNotMatch(r.stderr, /internal error/)
    assert.equal(existsSync(path.join(out, 'clusters.csv')), false)
  })
})

describe('justid evaluate takes the truth from a column or from FEBRL ids', () => {
  const extract = write(
    'extract.csv',
    [
      'rec_id,given_name,surname,date_of_birth,postcode,cluster',
      'rec-1-org,wilhelmina,harrowgate,19700304,EX4 6PL,a',
      'rec-1-dup-0,wilhemina,harrowgate,19700304,EX4 6PL,a',
      'rec-2-org,bartholomew,quenby,19881121,LS6 2QT,b',
      'rec-2-dup-0,bartholomew,quenbey,19881121,LS6 2QT,b',
      'rec-3-org,ottoline,farthingale,19590817,HU5 3RB,c',
    ].join('\n'),
  )
  const out = path.join(dir, 'dedupe')
  const linked = justid('link', '--out', out, extract)

  test('the truth column is never read as evidence', () => {
    assert.equal(linked.code, 0, linked.stderr)
    const model = readFileSync(path.join(out, 'model.json'), 'utf8')
    assert.doesNotMatch(model, /cluster/)
  })

  test('from a column of the source', () => {
    const r = justid('evaluate', '--out', out, '--truth', 'cluster')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /True matching pairs: 2/)
  })

  test('from FEBRL ids, with the same result', () => {
    const r = justid('evaluate', '--out', out, '--febrl-ids')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /True matching pairs: 2/)
  })

  test('a truth column the sources lack is named', () => {
    const r = justid('evaluate', '--out', out, '--truth', 'no_such_column')
    assert.equal(r.code, 2)
    assert.match(r.stderr, /no_such_column/)
  })

  test('a damaged run.json is named with the field, not read as it comes', () => {
    const damaged = path.join(dir, 'dedupe-damaged')
    cpSync(out, damaged, { recursive: true })
    const runFile = path.join(damaged, 'run.json')
    const run = JSON.parse(readFileSync(runFile, 'utf8'))
    run.summary.matchThreshold = 'high'
    writeFileSync(runFile, JSON.stringify(run))
    const r = justid('evaluate', '--out', damaged, '--truth', 'cluster')
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /run\.json is not what a link run writes: summary\.matchThreshold/)
  })
})

describe('the model estimates its own prior, precision and recall without labels', () => {
  const fixture = path.resolve(import.meta.dirname, 'fixtures', 'synth-sample')
  const out = path.join(dir, 'calibrated')
  const linked = justid(
    'link',
    '--out',
    out,
    ...['court', 'prison', 'probation'].map((s) => `${s}=${path.join(fixture, `${s}.csv`)}`),
  )

  test('link prints the estimate and evaluate sets it beside the truth', () => {
    assert.equal(linked.code, 0, linked.stderr)
    assert.match(linked.stdout, /the model's own estimate: precision \d\.\d{4}, recall \d\.\d{4}/)
    const r = justid('evaluate', '--out', out, '--truth', path.join(fixture, 'truth.csv'))
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /The model's own estimate against the truth/)
    const { calibration } = JSON.parse(readFileSync(path.join(out, 'evaluation.json'), 'utf8'))
    // The prior from the candidate pairs, within 1.5 times true pairs over all pairs.
    const ratio = calibration.prior.estimated / calibration.prior.true
    assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `prior ${ratio.toFixed(2)} times the true one`)
    assert.ok(Math.abs(calibration.precision.estimated - calibration.precision.true) < 0.05)
    assert.ok(Math.abs(calibration.recall.estimated - calibration.recall.true) < 0.05)
  })
})

describe('the estimate leaves out the pairs a relatives guard capped', () => {
  // Tenancy and council tax records with households of relatives at one address: the guard caps their pairs at one
  // half, where a person decides, which is not the model's estimate of them.
  const data = path.join(dir, 'households')
  const out = path.join(dir, 'households-linked')
  const written = justid('synth', '--profile', 'nodob', '--people', '2000', '--seed', '4', '--out', data)
  const linked = justid(
    'link',
    '--out',
    out,
    path.join(data, 'tenancy.csv'),
    path.join(data, 'council_tax.csv'),
  )

  test('the estimated recall is near the true one on records of households', () => {
    assert.equal(written.code, 0, written.stderr)
    assert.equal(linked.code, 0, linked.stderr)
    assert.match(linked.stdout, /pairs a relatives guard capped left out/)
    const r = justid('evaluate', '--out', out, '--truth', path.join(data, 'truth.csv'))
    assert.equal(r.code, 0, r.stderr)
    const { calibration } = JSON.parse(readFileSync(path.join(out, 'evaluation.json'), 'utf8'))
    const gap = Math.abs(calibration.recall.estimated - calibration.recall.true)
    assert.ok(
      gap < 0.05,
      `estimated recall ${calibration.recall.estimated} against ${calibration.recall.true}`,
    )
  })
})
