/**
 * Issue #19 item 2: outputs are all or nothing. A process killed while it moves a finished set of outputs into
 * `--out` (after each of the seven moves in turn) leaves a folder that the next reader completes to the new set; a
 * folder holding files of two runs is refused by `justid evaluate`; and `justid link` killed at times spread over
 * its run leaves `--out` with one whole set, its staging folder readable by the owner only and removed by the next
 * run.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { recoverOutputs } from '../src/core/staging.ts'
import { HASHED_OUTPUTS, LINK_OUTPUTS } from '../src/link/run-link.ts'
import { openIndexStore } from '../src/person-index/store/open-store.ts'
import { cliRunner, JUSTID_BIN, tempFolder } from './support/cli.ts'

const CHILD = fileURLToPath(new URL('./support/outputs-kill-child.ts', import.meta.url))
const sample = path.resolve(import.meta.dirname, 'fixtures', 'synth-sample')
const court = path.join(sample, 'court.csv')
const prison = path.join(sample, 'prison.csv')
const truth = path.join(sample, 'truth.csv')
const justid = cliRunner({ timeout: 120_000 })
const dir = tempFolder('justid-outputs-')

/**
 * Runs the command and asks `watch` every 10 ms whether to kill it, hard, as a power cut would: `watch` calls `kill`
 * (or sets it to be called) and returns true when the moment has come. Resolves when the process has ended.
 */
const runUntilKilled = (argv: string[], watch: (kill: () => void) => boolean, env?: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [JUSTID_BIN, ...argv], { stdio: 'ignore', env })
    const look = setInterval(() => {
      if (watch(() => child.kill('SIGKILL'))) clearInterval(look)
    }, 10)
    child.on('error', reject)
    child.on('exit', () => {
      clearInterval(look)
      resolve()
    })
  })

/** The data outputs of a folder, by name, for comparing whole sets. */
const contents = (out: string) =>
  Object.fromEntries(HASHED_OUTPUTS.map((name) => [name, readFileSync(path.join(out, name), 'utf8')]))
const leftovers = (out: string) => readdirSync(out).filter((f) => f.startsWith('.justid'))

describe('outputs are all or nothing (#19 item 2)', () => {
  const previous = path.join(dir, 'previous')
  const next = path.join(dir, 'next')
  before(() => {
    // Two different complete sets: one source, then two.
    assert.equal(justid('link', '--out', previous, court).code, 0)
    assert.equal(justid('link', '--out', next, court, prison).code, 0)
  })

  for (let moves = 1; moves < LINK_OUTPUTS.length; moves++) {
    test(`killed after ${moves} of ${LINK_OUTPUTS.length} moves, the next reader finds the whole new set`, async () => {
      const out = path.join(dir, `killed-${moves}`)
      cpSync(previous, out, { recursive: true })
      const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', CHILD, out, next, String(moves), ...LINK_OUTPUTS],
          {
            stdio: 'ignore',
          },
        )
        child.on('error', reject)
        child.on('exit', (_code, s) => resolve(s))
      })
      assert.equal(signal, 'SIGKILL', 'the child was killed mid-move')
      // Until the move is finished the folder has no run.json: the marker is there only beside a whole set.
      assert.equal(existsSync(path.join(out, 'run.json')), false, 'no run.json beside a half-moved set')
      if (moves === 3) {
        // justid evaluate is such a reader.
        const evaluated = justid('evaluate', '--out', out, '--truth', truth)
        assert.equal(evaluated.code, 0, evaluated.stderr)
      } else if (moves === 4) {
        // And justid transparency, which reads model.json and run.json.
        const recorded = justid('transparency', '--out', out, '--owner', 'Synthetic team')
        assert.equal(recorded.code, 0, recorded.stderr)
        rmSync(path.join(out, 'transparency.json'))
        rmSync(path.join(out, 'transparency.html'))
      } else {
        await recoverOutputs(out)
      }
      assert.deepEqual(contents(out), contents(next))
      assert.deepEqual(leftovers(out), [], 'the journal and staging folder are gone')
    })
  }

  test('evaluate refuses a folder holding files of two runs', () => {
    const out = path.join(dir, 'mixed')
    cpSync(next, out, { recursive: true })
    cpSync(path.join(previous, 'clusters.csv'), path.join(out, 'clusters.csv'))
    const r = justid('evaluate', '--out', out, '--truth', truth)
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /clusters\.csv is not the file the run in .*run\.json wrote/)
  })

  test('transparency refuses a folder holding files of two runs', () => {
    const out = path.join(dir, 'mixed-model')
    cpSync(next, out, { recursive: true })
    cpSync(path.join(previous, 'model.json'), path.join(out, 'model.json'))
    const r = justid('transparency', '--out', out, '--owner', 'Synthetic team')
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /model\.json is not the file the run in .*run\.json wrote/)
    assert.equal(existsSync(path.join(out, 'transparency.json')), false)
  })

  test("a new run's outputs take away the previous run's evaluation and transparency record", () => {
    const out = path.join(dir, 'evaluated')
    cpSync(previous, out, { recursive: true })
    assert.equal(justid('evaluate', '--out', out, '--truth', truth).code, 0)
    assert.equal(justid('transparency', '--out', out, '--owner', 'Synthetic team').code, 0)
    assert.ok(existsSync(path.join(out, 'evaluation.json')))
    assert.equal(justid('link', '--out', out, court, prison).code, 0)
    for (const stale of ['evaluation.json', 'transparency.json', 'transparency.html'])
      assert.equal(existsSync(path.join(out, stale)), false, `${stale} of the previous run is gone`)
  })

  test('link killed at each stage leaves one whole set; its staging folder is private and removed next time', async () => {
    const out = path.join(dir, 'killed-link')
    cpSync(previous, out, { recursive: true })
    const sets = [contents(previous), contents(next)].map(withoutTimings)
    // Killed as soon as the staging folder appears (reading), then as each output appears in it.
    for (const when of ['', 'clusters.csv', 'pairs.parquet', 'report.html', 'run.json']) {
      let mode = -1
      await runUntilKilled(['link', '--out', out, court, prison], (kill) => {
        const staging = leftovers(out).find((f) => f.startsWith('.justid-staging-'))
        if (!staging) return false
        const folder = path.join(out, staging)
        if (when !== '' && !existsSync(path.join(folder, when))) return false
        mode = statSync(folder, { throwIfNoEntry: false })?.mode ?? -1
        kill()
        return true
      })
      if (mode !== -1) assert.equal(mode & 0o777, 0o700, 'the staging folder is readable by its owner only')
      await recoverOutputs(out)
      const now = withoutTimings(contents(out))
      assert.ok(
        sets.some((set) => JSON.stringify(set) === JSON.stringify(now)),
        `killed at ${when || 'reading'}, --out holds one whole set`,
      )
    }
    assert.equal(justid('link', '--out', out, court).code, 0)
    assert.deepEqual(leftovers(out), [], 'staging folders of killed runs are removed by the next run')
  })
})

describe("add's working folder (#19 item 2)", () => {
  test('is private, a kill leaves the index whole, and the next add removes what a killed one left', async () => {
    const index = path.join(dir, 'add.duckdb')
    const temp = mkdtempSync(path.join(dir, 'tmp-'))
    assert.equal(justid('link', '--index', index, '--out', path.join(dir, 'add-out'), court).code, 0)
    const countOf = async () => {
      const store = await openIndexStore(index, { create: false })
      try {
        return await store.recordCount()
      } finally {
        await store.close()
      }
    }
    const before = await countOf()
    const env = { ...process.env, TMPDIR: temp }
    for (const afterMs of [0, 1500]) {
      let mode = -1
      await runUntilKilled(
        ['add', '--index', index, prison],
        (kill) => {
          const work = readdirSync(temp).find((f) => f.startsWith('justid-add-'))
          if (!work) return false
          mode = statSync(path.join(temp, work), { throwIfNoEntry: false })?.mode ?? -1
          setTimeout(kill, afterMs)
          return true
        },
        env,
      )
      if (mode !== -1) assert.equal(mode & 0o777, 0o700, "add's working folder is readable by its owner only")
      assert.ok(
        [before, before + 96].includes(await countOf()),
        'the index holds the batch whole or not at all',
      )
    }
    const r = cliRunner({ env })('add', '--index', index, prison)
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(
      readdirSync(temp).filter((f) => f.startsWith('justid-add-')),
      [],
      'the folders of killed adds are removed by the next',
    )
  })
})

/** report-data.json holds the run's timings; the other outputs are the same from run to run. */
const withoutTimings = (set: Record<string, string>) => {
  const { 'report-data.json': _, ...rest } = set
  return rest
}
