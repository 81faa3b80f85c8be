/**
 * `npm run demo` (scripts/demo.ts), on fewer people: a short account a newcomer can read (under 40 lines: what it
 * did, one line of accuracy, per-group figures with their intervals, where the outputs are, what to try next), and
 * everything the commands printed in demo.log, without the secrets it shows once.
 */

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'

const root = path.resolve(import.meta.dirname, '..')

test('the demo prints a short account and logs the details', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'justid-demo-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const out = path.join(dir, 'demo-out')
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'demo.ts'), '--people', '300', '--out', out],
    { cwd: root, encoding: 'utf8' },
  )
  assert.equal(r.status, 0, r.stderr + r.stdout)
  assert.equal(r.stderr, '')
  const lines = r.stdout.trimEnd().split('\n')
  assert.ok(lines.length < 40, `${lines.length} lines:\n${r.stdout}`)
  assert.match(
    r.stdout,
    /^3\. Accuracy against the truth: precision \d+\.\d\d%, recall \d+\.\d\d%, F1 \d+\.\d\d%/m,
  )
  assert.match(r.stdout, /^ {3}by name origin: recall [\d.]+% \(\w+, 95% CI [\d.]+–[\d.]+%\)/m)
  assert.doesNotMatch(r.stdout, /fairness targets|Not within/)
  for (const file of ['report.html', 'clusters.csv', 'evaluation.json', 'demo.log'])
    assert.match(r.stdout, new RegExp(`^ {2}\\S*${file.replace('.', '\\.')} `, 'm'))
  assert.match(r.stdout, /^ {2}npx justid serve --index \S*index\.duckdb/m)
  const log = readFileSync(path.join(out, 'demo.log'), 'utf8')
  for (const detail of ['$ justid link', 'Candidate pairs', 'Training', 'B-cubed', 'By name_origin', 'Wrote'])
    assert.ok(log.includes(detail), detail)
  assert.ok(existsSync(path.join(out, 'link', 'report.html')))
  const token = /Bearer (\S+)'/.exec(r.stdout)?.[1]
  const password = /password (\S+)$/m.exec(r.stdout)?.[1]
  assert.ok(token && password)
  assert.ok(!log.includes(token) && !log.includes(password), 'the demo logged a secret')
})
