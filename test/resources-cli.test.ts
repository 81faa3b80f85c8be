/**
 * `justid link` with limits it cannot work within: it stops before building its candidate pairs, exits non-zero with
 * a message naming what it would need and the option that changes it, and leaves no output that looks complete.
 */

import assert from 'node:assert/strict'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { justid, tempFolder } from './support/cli.ts'

const dir = tempFolder('justid-resources-')

// 1,400 records of invented names: few enough that every pair (979,300) is compared, about 390 MB in DuckDB.
const letters = (i: number, length: number) =>
  Array.from({ length }, (_, k) => String.fromCharCode(97 + ((i * (k + 7) + k * 11) % 26))).join('')
const file = path.join(dir, 'register.csv')
writeFileSync(
  file,
  [
    'id,forename,surname,date_of_birth',
    ...Array.from(
      { length: 1400 },
      (_, i) => `r${i},${letters(i, 6)},${letters(i + 3, 8)},19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    ),
  ].join('\n'),
)

test('a run whose pairs would spill past --max-temp-size stops before scoring them, naming the setting', () => {
  const out = path.join(dir, 'out')
  const r = justid('link', '--memory-limit', '64MB', '--max-temp-size', '1MB', '--out', out, file)
  assert.equal(r.code, 2, r.stderr)
  assert.match(
    r.stderr,
    /stopped before scoring: 979,300 candidate pairs \(the largest rule, "all pairs", 979,300\)/,
  )
  assert.match(r.stderr, /over their limit of 1 MB \(set by --max-temp-size\)/)
  assert.match(r.stderr, /64 MB \(set by --memory-limit\)/)
  // Building the candidates (about 40 MB) fitted the memory limit: the check before it let the run go on.
  assert.doesNotMatch(r.stderr, /stopped before building/)
  // Nothing that looks complete, and no staging folder or temporary files left behind.
  assert.deepEqual(existsSync(out) ? readdirSync(out) : [], [])
})

test('the same run with the limits it needs links, and shows them in its summary', () => {
  const out = path.join(dir, 'out-ok')
  const r = justid('link', '--memory-limit', '1GB', '--max-temp-size', '1MB', '--out', out, file)
  assert.equal(r.code, 0, r.stderr)
  assert.match(
    r.stdout,
    /Resources: DuckDB memory limit 1 GB \(set by --memory-limit\), \d+ threads, temporary files up to 1 MB \(set by --max-temp-size\)/,
  )
  assert.match(
    r.stdout,
    /before blocking: at most [\d,]+ candidate pairs, about \d+(\.\d)? MB needed, within the memory limit\n {2}before scoring: 979,300 candidate pairs, about \d+(\.\d)? MB needed, within the memory limit/,
  )
  assert.ok(existsSync(path.join(out, 'clusters.csv')))
})
