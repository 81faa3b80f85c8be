/**
 * Issue #19, inputs and recovery, through the real CLI process on the synthetic sample: settings that would make an
 * index unusable are refused, an index with a stored model that no longer validates is recoverable, and bad input
 * gives a clear error naming file, line and column without any value.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'

const bin = path.resolve(import.meta.dirname, '..', 'bin', 'justid.js')
const sample = path.resolve(import.meta.dirname, 'fixtures', 'synth-sample')
const court = path.join(sample, 'court.csv')
const prison = path.join(sample, 'prison.csv')
const justid = (...argv: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const dir = mkdtempSync(path.join(tmpdir(), 'justid-hardening-'))
const write = (name: string, text: string | Buffer): string => {
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return file
}

describe('thresholds (#19 item 1)', () => {
  test('a review threshold above the match threshold is refused when the settings are read, naming both keys', () => {
    const settings = write('inverted.json', JSON.stringify({ matchThreshold: 0.6, reviewThreshold: 0.8 }))
    const r = justid('link', '--settings', settings, '--out', path.join(dir, 'inverted'), court)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /reviewThreshold/)
    assert.match(r.stderr, /matchThreshold/)
  })

  test('a review threshold alone above the default match threshold is refused too', () => {
    const settings = write('review-only.json', JSON.stringify({ reviewThreshold: 0.9 }))
    const r = justid('link', '--settings', settings, '--out', path.join(dir, 'review-only'), court)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /reviewThreshold \(0\.9.*matchThreshold \(0\.7, the default\)/)
  })

  test('an index whose stored model no longer validates is recovered by --retrain', async () => {
    const index = path.join(dir, 'broken.duckdb')
    const first = justid('link', '--index', index, '--out', path.join(dir, 'broken-1'), court, prison)
    assert.equal(first.code, 0, first.stderr)
    // What an older version stored from inverted thresholds: a model the current schema refuses.
    const db = await DuckDBInstance.create(index)
    const connection = await db.connect()
    const [row] = (await connection.runAndReadAll('SELECT model_json FROM index_meta')).getRowObjectsJS()
    const model = JSON.parse(String(row!.model_json))
    model.thresholds = { match: 0.6, reviewLow: 0.8 }
    const prepared = await connection.prepare('UPDATE index_meta SET model_json = $1')
    prepared.bindVarchar(1, JSON.stringify(model))
    await prepared.run()
    connection.closeSync()
    db.closeSync()

    const add = justid('add', '--index', index, prison)
    assert.notEqual(add.code, 0)
    assert.match(add.stderr, /--retrain/, 'the error says how to recover')
    const retrained = justid(
      'link',
      '--index',
      index,
      '--retrain',
      '--out',
      path.join(dir, 'broken-2'),
      court,
      prison,
    )
    assert.equal(retrained.code, 0, retrained.stderr)
    const after = justid('add', '--index', index, prison)
    assert.equal(after.code, 0, after.stderr)
  })
})
