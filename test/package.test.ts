/**
 * The package as a user receives it: only the files `npm pack` would publish (no src/, no tsx loader), copied to a
 * folder of their own with the project's dependencies beside them. The bin starts from the compiled dist/ and
 * prints the package's version; a plain JavaScript program imports the library by the package name (`justid`,
 * resolved through `exports`) and links, evaluates, matches and scores synthetic records with it.
 *
 * Needs a build: `npm test` runs `npm run build` first (pretest); run alone, `npm run build` before.
 */

import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'

const root = path.resolve(import.meta.dirname, '..')
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version
const dir = mkdtempSync(path.join(tmpdir(), 'justid-package-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const pkg = path.join(dir, 'justid')

const node = (args: string[], cwd = pkg) => {
  // Without the test runner's --import tsx: the published code must run on Node alone.
  const r = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

before(() => {
  assert.ok(existsSync(path.join(root, 'dist', 'index.js')), 'dist/ is not built: run npm run build first')
  // --ignore-scripts: list the files without running prepare, which would build again.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
  ) as { files: { path: string }[] }[]
  for (const { path: file } of packed[0]!.files) {
    mkdirSync(path.dirname(path.join(pkg, file)), { recursive: true })
    cpSync(path.join(root, file), path.join(pkg, file))
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'), 'dir')
})

describe('the published package', () => {
  test('holds the compiled code, its declarations and the shipped data, and no TypeScript sources or tests', () => {
    assert.ok(existsSync(path.join(pkg, 'dist', 'cli', 'main.js')))
    assert.ok(existsSync(path.join(pkg, 'dist', 'index.d.ts')))
    assert.ok(existsSync(path.join(pkg, 'dist', 'web', 'views', 'layout.njk')))
    assert.ok(existsSync(path.join(pkg, 'data', 'name-variants.csv')))
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md'])
      assert.ok(existsSync(path.join(pkg, file)), file)
    assert.ok(!existsSync(path.join(pkg, 'src')))
    assert.ok(!existsSync(path.join(pkg, 'test')))
    assert.ok(!existsSync(path.join(pkg, 'dist', 'model', 'testing')))
    assert.ok(!existsSync(path.join(pkg, 'dist', 'model', 'score.test.js')))
  })

  test('the justid bin starts from dist/ and --version prints the package version', () => {
    const r = node([path.join(pkg, 'bin', 'justid.js'), '--version'])
    assert.equal(r.stderr, '')
    assert.equal(r.stdout.trim(), version)
    assert.equal(r.code, 0)
    const help = node([path.join(pkg, 'bin', 'justid.js'), '--help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /^ {2}link <source\.\.\.> +Link person records/m)
  })

  test('a program imports the library by the package name and links, evaluates, matches and scores with it', () => {
    const data = path.join(dir, 'data')
    const synth = node([
      path.join(pkg, 'bin', 'justid.js'),
      'synth',
      '--people',
      '150',
      '--seed',
      '3',
      '--out',
      data,
    ])
    assert.equal(synth.code, 0, synth.stderr)
    // The first prison record, to find again through the real-time matcher.
    const [header, first] = readFileSync(path.join(data, 'prison.csv'), 'utf8').split('\n')
    const row = Object.fromEntries(header!.split(',').map((c, i) => [c, first!.split(',')[i]]))
    const probe = { forename: row.first_name, surname: row.last_name, dateOfBirth: row.date_of_birth }
    writeFileSync(
      path.join(pkg, 'use.mjs'),
      `import { readFileSync } from 'node:fs'
import { evaluate, isJustIdError, link, openMatcher, parseModel, scorePair, standardiseInput } from 'justid'

const [data, out, index] = process.argv.slice(2)
const summary = await link({
  sources: ['court', 'prison', 'probation'].map((name) => data + '/' + name + '.csv'),
  outDir: out,
  index,
  onWarning: () => {},
})
const evaluation = await evaluate({ outDir: out, truth: data + '/truth.csv' })
const matcher = await openMatcher(index)
const match = matcher.match(${JSON.stringify(probe)})
const stats = matcher.stats()
await matcher.close()
const model = parseModel(JSON.parse(readFileSync(out + '/model.json', 'utf8')), out + '/model.json')
const same = scorePair(
  model,
  standardiseInput('a', '1', { forename: 'Robert', surname: 'Quillby', dateOfBirth: '1984-03-12', postcode: 'EX4 6PL' }),
  standardiseInput('b', '2', { forename: 'Robert', surname: 'Quilby', dateOfBirth: '1984-03-12', postcode: 'EX4 6PL' }),
)
const different = scorePair(
  model,
  standardiseInput('a', '1', { forename: 'Robert', surname: 'Quillby', dateOfBirth: '1984-03-12' }),
  standardiseInput('c', '3', { forename: 'Aoife', surname: 'Zanthorpe', dateOfBirth: '1990-11-02' }),
)
let error = null
try {
  await link({ sources: [], outDir: out + '-none' })
} catch (e) {
  error = isJustIdError(e) ? e.code : String(e)
}
console.log(JSON.stringify({
  records: summary.records,
  persons: summary.persons,
  f1: evaluation.pairwise.f1,
  status: match.status,
  indexed: stats.records,
  same: same.matchProbability,
  different: different.matchProbability,
  error,
}))
`,
    )
    const r = node(['use.mjs', data, path.join(dir, 'out'), path.join(dir, 'index.duckdb')])
    assert.equal(r.code, 0, r.stderr)
    const result = JSON.parse(r.stdout) as Record<string, number | string>
    assert.equal(result.records, 307)
    assert.equal(result.indexed, 307)
    assert.ok(Number(result.persons) > 100 && Number(result.persons) < 307, `persons ${result.persons}`)
    assert.ok(Number(result.f1) > 0.8, `F1 ${result.f1}`)
    assert.equal(result.status, 'MATCH')
    assert.ok(Number(result.same) > 0.9, `same person ${result.same}`)
    assert.ok(Number(result.different) < 0.01, `different people ${result.different}`)
    assert.equal(result.error, 'usage')
  })
})
