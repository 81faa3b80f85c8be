import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isJustIdError } from '../core/errors.ts'
import {
  BYTES_PER_PAIR,
  DISK_RESERVE,
  type EngineLimits,
  engineLimits,
  HEAP_BASE_BYTES,
  judgeHeap,
  judgePairs,
  parseSize,
  tempExceededMessage,
} from './resources.ts'

const GB = 1024 ** 3
const machine = { memoryBytes: 24 * GB, freeDiskBytes: 70 * GB, cores: 2 }

describe('DuckDB limits from the machine', () => {
  test('half the memory and half the free disk, every core, unless an option says otherwise', () => {
    assert.deepEqual(engineLimits(machine, {}), {
      memoryLimitBytes: 12 * GB,
      memoryFrom: 'machine',
      threads: 2,
      maxTempBytes: 35 * GB,
      maxTempFrom: 'machine',
      freeDiskBytes: 70 * GB,
      machineMemoryBytes: 24 * GB,
    })
    const set = engineLimits(machine, { memoryLimit: '4GB', maxTempSize: '512MB', threads: 1 })
    assert.equal(set.memoryLimitBytes, 4 * GB)
    assert.equal(set.memoryFrom, 'option')
    assert.equal(set.maxTempBytes, 512 * 1024 ** 2)
    assert.equal(set.maxTempFrom, 'option')
    assert.equal(set.threads, 1)
  })

  test('a size that is not one is refused, naming the option and not guessing', () => {
    for (const bad of ['lots', '-1GB', '0'])
      assert.throws(
        () => parseSize(bad, '--max-temp-size'),
        (e: unknown) => isJustIdError(e) && e.code === 'usage' && e.message.includes('--max-temp-size'),
      )
    assert.equal(parseSize('1.5GB', '--memory-limit'), 1.5 * GB)
  })
})

describe('the checks before blocking builds its pairs and before they are scored', () => {
  const limits: EngineLimits = engineLimits(machine, {})
  const scoring = BYTES_PER_PAIR.scoring

  test('pairs that fit in memory go, with nothing to spill', () => {
    const verdict = judgePairs({ check: 'scoring', candidatePairs: 2_000_000, inUseBytes: 2 * GB }, limits)
    assert.deepEqual(verdict, {
      go: true,
      needBytes: 2 * GB + 2_000_000 * scoring,
      spillBytes: 0,
      outputBytes: 40_000_000,
    })
  })

  test('pairs beyond the memory limit go while what they spill fits the temporary-file limit', () => {
    // 12 GB in use and 10 GB of pairs: 10 GB to spill, under 35 GB.
    const pairs = (10 * GB) / scoring
    const verdict = judgePairs({ check: 'scoring', candidatePairs: pairs, inUseBytes: 12 * GB }, limits)
    assert.equal(verdict.go, true)
    assert.equal(verdict.spillBytes, 10 * GB)
  })

  test('pairs that would spill past the temporary-file limit stop the run, saying what it needs, what is free and what to change', () => {
    const verdict = judgePairs(
      {
        check: 'scoring',
        candidatePairs: 300_000_000,
        largestRule: { name: 'name_pair_key + dob_year', pairs: 90_000_000 },
        inUseBytes: 10 * GB,
      },
      limits,
    )
    assert.ok(!verdict.go)
    // 10 GB + 300M × 400 B ≈ 121.8 GB, 109.8 GB of it over the 12 GB limit.
    assert.equal(verdict.spillBytes, 10 * GB + 300_000_000 * scoring - 12 * GB)
    for (const said of [
      'stopped before scoring: 300,000,000 candidate pairs',
      '(the largest rule, "name_pair_key + dob_year", 90,000,000)',
      '12 GB',
      '35 GB',
      '--memory-limit',
      '--max-temp-size',
      'maxPairsPerRule',
    ])
      assert.ok(verdict.message.includes(said), `"${said}" not in: ${verdict.message}`)
  })

  test("before blocking, the rules' pairs cost only what building the candidates takes: the same count goes", () => {
    const before = judgePairs({ check: 'blocking', candidatePairs: 300_000_000, inUseBytes: 10 * GB }, limits)
    assert.deepEqual(before, {
      go: true,
      needBytes: 10 * GB + 300_000_000 * BYTES_PER_PAIR.blocking,
      spillBytes: 10 * GB + 12_000_000_000 - 12 * GB,
      outputBytes: 0,
    })
    const over = judgePairs({ check: 'blocking', candidatePairs: 2_000_000_000, inUseBytes: 10 * GB }, limits)
    assert.ok(
      !over.go &&
        over.message.startsWith('stopped before building the candidate pairs: at most 2,000,000,000 pairs'),
    )
  })

  test('a temporary-file limit set above the free disk still stops a run that would fill the disk', () => {
    const generous = engineLimits({ ...machine, freeDiskBytes: 20 * GB }, { maxTempSize: '100GB' })
    // 40 GB of pairs: 28 GB over the memory limit, under the 100 GB allowed but over the 20 GB free.
    const pairs = (40 * GB) / scoring
    const verdict = judgePairs({ check: 'scoring', candidatePairs: pairs, inUseBytes: 0 }, generous)
    assert.ok(
      !verdict.go && verdict.message.includes('20 GB of disk free'),
      verdict.go ? '' : verdict.message,
    )
    // Just under the free disk less the reserve, outputs included: it goes.
    const fits = (20 * GB - DISK_RESERVE) / (scoring + 20) - 1
    assert.equal(
      judgePairs({ check: 'scoring', candidatePairs: fits, inUseBytes: 12 * GB }, generous).go,
      true,
    )
  })

  test('the watchdog message names the limit, where it came from and the option that changes it', () => {
    const message = tempExceededMessage(engineLimits(machine, { maxTempSize: '1MB' }))
    assert.match(message, /1 MB \(set by --max-temp-size\)/)
    assert.match(tempExceededMessage(limits), /35 GB \(50% of the 70 GB free, --max-temp-size to change\)/)
  })
})

describe('JavaScript heap for the records read', () => {
  test('a run goes when its records fit the heap limit, with about 100 bytes a record over a base', () => {
    const verdict = judgeHeap(10_000_000, 4 * GB)
    assert.deepEqual(verdict, { go: true, needBytes: HEAP_BASE_BYTES + 1e9 })
    assert.equal(judgeHeap(0, HEAP_BASE_BYTES).go, true)
  })

  test('a run too large for the limit stops, saying what it needs and how to give it', () => {
    const verdict = judgeHeap(50_000_000, 4 * GB)
    assert.equal(verdict.go, false)
    assert.equal(verdict.needBytes, HEAP_BASE_BYTES + 5e9)
    const message = verdict.go ? '' : verdict.message
    assert.match(message, /50,000,000 records need about 4\.9 GB of JavaScript heap/)
    assert.match(message, /limit is 4 GB/)
    // The option in MB, rounded up so that it is enough.
    assert.match(message, /NODE_OPTIONS=--max-old-space-size=5025 /)
  })
})
