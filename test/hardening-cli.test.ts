/**
 * Issue #19, inputs and recovery, through the real CLI process on the synthetic sample: settings that would make an
 * index unusable are refused, an index with a stored model that no longer validates is recoverable, and bad input
 * gives a clear error naming file, line and column without any value.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { cliRunner, JUSTID_BIN, tempFolder } from './support/cli.ts'

const sample = path.resolve(import.meta.dirname, 'fixtures', 'synth-sample')
const court = path.join(sample, 'court.csv')
const prison = path.join(sample, 'prison.csv')
const justid = cliRunner({ timeout: 120_000 })
const dir = tempFolder('justid-hardening-')
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

  test('an index whose stored model and thresholds no longer validate is recovered by --retrain', async () => {
    const index = path.join(dir, 'broken.duckdb')
    const first = justid('link', '--index', index, '--out', path.join(dir, 'broken-1'), court, prison)
    assert.equal(first.code, 0, first.stderr)
    // What an older version stored from inverted thresholds: a model the current schema refuses.
    const db = await DuckDBInstance.create(index)
    const connection = await db.connect()
    const [row] = (await connection.runAndReadAll('SELECT model_json FROM index_meta')).getRowObjectsJS()
    const model = JSON.parse(String(row!.model_json))
    model.thresholds = { match: 0.6, reviewLow: 0.8 }
    const prepared = await connection.prepare('UPDATE index_meta SET model_json = $1, thresholds_json = $2')
    prepared.bindVarchar(1, JSON.stringify(model))
    // Weights out of order: records would leave a person at a weight above the one that joins them.
    prepared.bindVarchar(2, JSON.stringify({ join: 3, fracture: 9, strong: 8 }))
    await prepared.run()
    connection.closeSync()
    db.closeSync()

    const add = justid('add', '--index', index, prison)
    assert.notEqual(add.code, 0)
    assert.match(add.stderr, /thresholds stored in .*broken\.duckdb are not valid/)
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

/** The synthetic prison sample (no quotes in it) with the value of one column on one line replaced. */
const prisonWith = (name: string, line: number, column: string, value: string): string => {
  const lines = readFileSync(prison, 'utf8').trimEnd().split('\n')
  const cells = lines[line - 1]!.split(',')
  cells[lines[0]!.split(',').indexOf(column)] = value
  lines[line - 1] = cells.join(',')
  return write(name, `${lines.join('\n')}\n`)
}

/** Nothing a failed run could leave: no output and no staging folder with standardised records. */
const assertNothingLeft = (out: string) =>
  assert.deepEqual(existsSync(out) ? readdirSync(out) : [], [], 'a failed run leaves nothing in --out')

describe('long lines and fields (#19 items 9 and 10)', () => {
  test('a 64 MB line is refused naming file, line and column, within a small heap, leaving nothing', () => {
    const lines = readFileSync(court, 'utf8').trimEnd().split('\n')
    const file = path.join(dir, 'long-line.csv')
    const fd = openSync(file, 'w')
    writeSync(fd, `${lines.slice(0, 3).join('\n')}\nCD1,`)
    const block = Buffer.alloc(1 << 20, 'Q')
    for (let i = 0; i < 64; i++) writeSync(fd, block)
    writeSync(fd, `\n${lines.slice(3).join('\n')}\n`)
    closeSync(fd)
    const out = path.join(dir, 'long-line-out')
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=48', JUSTID_BIN, 'link', '--out', out, file],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    )
    assert.equal(r.status, 3, r.stderr.slice(0, 500))
    assert.match(r.stderr, /long-line\.csv line 4, column 2 \(defendant_name\): a line longer than 1 MB/)
    assert.doesNotMatch(r.stderr, /QQQ/)
    assertNothingLeft(out)
  })

  test('a field over 2 MB is a clear error with file, line and column, never a record on stderr', () => {
    const file = prisonWith('big-field.csv', 5, 'last_name', 'Wexcombe'.repeat(250_000))
    const out = path.join(dir, 'big-field-out')
    const r = justid('link', '--out', out, file)
    assert.equal(r.code, 3, r.stderr.slice(0, 500))
    assert.match(r.stderr, /big-field\.csv line 5, column 5 \(last_name\)/)
    assert.doesNotMatch(r.stderr, /internal error|wexcombe/i)
    assertNothingLeft(out)
  })

  test('a value over 64 KB on a shorter line is refused with its column', () => {
    const file = prisonWith('wide-field.csv', 7, 'establishment', 'Wexcombe'.repeat(10_000))
    const r = justid('link', '--out', path.join(dir, 'wide-field-out'), file)
    assert.equal(r.code, 3, r.stderr.slice(0, 500))
    assert.match(
      r.stderr,
      /wide-field\.csv line 7, column 12 \(establishment\): a value longer than 65,536 characters/,
    )
    assert.doesNotMatch(r.stderr, /wexcombe/i)
  })
})

describe('encoding (#19 item 11, #15)', () => {
  const lineStart = (text: Buffer, line: number): number => {
    let at = 0
    for (let i = 1; i < line; i++) at = text.indexOf('\n', at) + 1
    return at
  }
  test('a UTF-8 file with a damaged byte is refused with its line and column, not replaced', () => {
    const text = readFileSync(court)
    const second = lineStart(text, 2)
    const fourth = lineStart(text, 4)
    const bad = Buffer.concat([
      text.subarray(0, second),
      Buffer.from('\u00e9', 'utf8'), // a letter written as UTF-8 before the damage: the file is UTF-8
      text.subarray(second, fourth),
      Buffer.from([0x43, 0x44, 0xff, 0x39]),
      text.subarray(fourth),
    ])
    const file = write('damaged.csv', bad)
    const out = path.join(dir, 'damaged-out')
    const r = justid('link', '--out', out, file)
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /damaged\.csv line 4, column 1 \(case_defendant_id\): not valid UTF-8/)
    assertNothingLeft(out)
  })

  test('a file saved as Windows-1252 (as Excel saves CSV) is read so, every byte kept, and the mapping says so', () => {
    const text = readFileSync(court, 'utf8')
    const lines = text.split('\n')
    // Accented letters as a Western European system writes them: one byte each, never UTF-8.
    lines[3] = lines[3]!.replace(/^([^,]*),"?([A-Z]+)/, '$1,"$2\u00c9')
    // And in a record id, which comes out whole in clusters.csv: "é" and "ü" are one byte each there (0xE9, 0xFC).
    lines[4] = lines[4]!.replace(/^([^,]*),/, '$1-\u00e9\u00fc,')
    const id = lines[4]!.split(',')[0]!
    const file = write('ansi.csv', Buffer.from(lines.join('\n'), 'latin1'))
    const out = path.join(dir, 'ansi-out')
    const r = justid('link', '--out', out, file)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Columns of ansi .*read as Windows-1252, not UTF-8/)
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'))
    assert.equal(run.summary.mapping[0].encoding, 'windows-1252')
    assert.match(readFileSync(path.join(out, 'clusters.csv'), 'utf8'), new RegExp(`^ansi,${id},`, 'm'))
  })
})

describe('--out (#19 item 11)', () => {
  test('naming a file says so', () => {
    const r = justid('link', '--out', prison, prison)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--out .*prison\.csv: it or a folder above it is a file, not a folder/)
    assert.doesNotMatch(r.stderr, /internal error|EEXIST/)
  })

  test('a folder that cannot be written says so', () => {
    // Root may write anywhere else; /sys refuses everyone.
    const r = justid('link', '--out', '/sys/kernel/justid-out', prison)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /you cannot write there/)
  })

  test('a folder under /proc is refused at once instead of spinning', () => {
    const started = Date.now()
    const r = justid('link', '--out', '/proc/justid-out', prison)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--out \/proc\/justid-out: it cannot be created there/)
    assert.ok(Date.now() - started < 60_000)
  })
})

describe('an index in use (#19 item 11)', () => {
  test('audit verify says the index is in use, with its own exit code', async () => {
    const index = path.join(dir, 'in-use.duckdb')
    assert.equal(justid('link', '--index', index, '--out', path.join(dir, 'in-use'), prison).code, 0)
    const holder = await DuckDBInstance.create(index)
    const connection = await holder.connect()
    try {
      const r = justid('audit', 'verify', '--index', index)
      assert.equal(r.code, 4, r.stderr)
      assert.match(r.stderr, /in use by another process/)
    } finally {
      connection.closeSync()
      holder.closeSync()
    }
    assert.equal(justid('audit', 'verify', '--index', index).code, 0, 'free again, it verifies')
  })
})

describe('a source with no person columns (#19 item 11)', () => {
  test('is refused, naming the file and how its columns were read', () => {
    const out = path.join(dir, 'no-person-out')
    const r = justid('link', '--out', out, prison, path.join(sample, 'events.csv'))
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /no column of the events source, .*events\.csv holds anything JustID can compare/)
    assert.match(r.stderr, /event_type: extra/)
  })
})
