import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { Command } from 'commander'
import { registerTransparency } from '../cli/commands/transparency.ts'
import { JustIdError } from '../core/errors.ts'
import type { LinkageModel } from '../model/index.ts'
import type { TransparencyEvaluation, TransparencyRun } from './index.ts'
import { buildTransparencyRecord, fieldsToComplete, renderTransparencyHtml } from './index.ts'

/** A small hand-made model: two comparisons, one guard, two blocking rules. Synthetic, no real data. */
const model: LinkageModel = {
  version: 1,
  prior: 0.000123,
  comparisons: [
    {
      name: 'surname',
      description: 'Surname',
      levels: [
        { label: 'surname missing', condition: { kind: 'null', columns: ['surname'] }, isNull: true },
        { label: 'exact surname', condition: { kind: 'exact', column: 'surname' }, m: 0.9, u: 0.01 },
        { label: 'other surname', condition: { kind: 'else' }, m: 0.1, u: 0.99 },
      ],
    },
    {
      name: 'date_of_birth',
      description: 'Date of birth',
      levels: [
        {
          label: 'birth date missing',
          condition: { kind: 'null', columns: ['date_of_birth'] },
          isNull: true,
        },
        {
          label: 'exact birth date',
          condition: { kind: 'exact', column: 'date_of_birth' },
          m: 0.95,
          u: 0.001,
        },
        { label: 'other birth date', condition: { kind: 'else' }, m: 0.05, u: 0.999 },
      ],
    },
  ],
  guards: [
    {
      name: 'likely_relatives',
      description: 'Same surname and birth date, different forename',
      when: { kind: 'not', condition: { kind: 'exact', column: 'forename' } },
      capWeight: -2,
      constraint: 'likely_relatives',
    },
  ],
  blockingRules: [
    { name: 'pnc', keys: ['pnc'] },
    { name: 'surname + date_of_birth', keys: ['surname', 'date_of_birth'] },
  ],
  thresholds: { match: 0.85, reviewLow: 0.45 },
  training: {
    seed: 7,
    uSamplePairs: 5000,
    priorFrom: 'pnc',
    sessions: [
      {
        rule: 'surname + date_of_birth',
        pairs: 321,
        converged: false,
        iterations: [{ iteration: 1, maxMChange: 0.2, prior: 0.001 }],
      },
    ],
    neverTrained: [],
  },
}

const run: TransparencyRun = {
  summary: {
    sources: [
      { name: 'court', records: 1234, unknownColumns: ['hearing_room'] },
      { name: 'prison', records: 567, unknownColumns: [] },
    ],
    records: 1801,
    candidatePairs: 9876,
    blocking: [
      { rule: 'pnc', pairs: 4321 },
      { rule: 'surname + date_of_birth', pairs: 5555 },
    ],
    training: {
      trained: true,
      sessions: [{ rule: 'surname + date_of_birth', iterations: 1, converged: false }],
      neverTrained: [],
    },
    matchThreshold: 0.85,
    matches: 777,
    reviewPairs: 88,
    persons: 1400,
    flagged: [{ reason: 'likely_relatives', clusters: 13 }],
  },
}

const evaluation: TransparencyEvaluation = {
  matchThreshold: 0.85,
  records: 1801,
  truePairs: 800,
  pairwise: { precision: 0.9871, recall: 0.9432, f1: 0.9646 },
  bCubed: { precision: 0.9911, recall: 0.9622, f1: 0.9764 },
  falseMatchRate: 0.0129,
  groups: [
    {
      attribute: 'name_origin',
      overall: {
        group: 'overall',
        records: 1801,
        truePairs: 800,
        recall: 0.9432,
        recallInterval: { low: 0.92, high: 0.96 },
        falseMatchRate: 0.0129,
      },
      groups: [
        {
          group: 'synthetic_group_a',
          records: 300,
          truePairs: 120,
          recall: 0.8765,
          recallInterval: { low: 0.81, high: 0.92 },
          falseMatchRate: 0.0345,
        },
      ],
      gaps: ['synthetic_group_a: recall 6.7 points below overall'],
    },
  ],
}

const base = { model, run, generatedAt: '2025-01-02T03:04:05Z', version: '9.9.9' }

const fieldOf = (record: ReturnType<typeof buildTransparencyRecord>, section: string, field: string) => {
  const f = record.sections.find((s) => s.id === section)?.fields[field]
  assert.ok(f, `${section}.${field} exists`)
  return f
}

describe('buildTransparencyRecord', () => {
  test('measured figures from evaluation.json appear in the record, marked as measured', () => {
    const record = buildTransparencyRecord({ ...base, evaluation })
    const overall = fieldOf(record, 'performance', 'overall')
    assert.ok('source' in overall)
    assert.equal(overall.source, 'measured')
    const json = JSON.stringify(record)
    for (const figure of [0.9871, 0.9432, 0.9646, 0.9911, 0.9622, 0.9764, 0.0129, 0.8765, 0.0345]) {
      assert.ok(json.includes(String(figure)), `${figure} in the JSON`)
    }
    const byGroup = fieldOf(record, 'performance', 'byGroup')
    assert.ok('source' in byGroup)
    assert.ok(json.includes('synthetic_group_a: recall 6.7 points below overall'))
  })

  test('model and run facts are filled in from model.json and run.json', () => {
    const record = buildTransparencyRecord({ ...base, evaluation })
    const training = fieldOf(record, 'specification', 'training')
    assert.ok('source' in training)
    assert.equal(training.source, 'model')
    assert.equal((training.value as { converged: string }).converged, 'no')
    const thresholds = fieldOf(record, 'specification', 'thresholds')
    assert.deepEqual(thresholds.value, { match: 0.85, review: 0.45 })
    assert.deepEqual(fieldOf(record, 'data', 'sources').value, [
      { source: 'court', records: 1234 },
      { source: 'prison', records: 567 },
    ])
    assert.equal(fieldOf(record, 'data', 'fieldsUsed').value, 'date_of_birth, forename, surname')
    const oversight = fieldOf(record, 'decision-making', 'humanOversight')
    assert.match(String(oversight.value), /between 0\.45 and 0\.85/)
  })

  test('without an evaluation, owner or contact those fields are left to complete', () => {
    const record = buildTransparencyRecord(base)
    for (const [section, field] of [
      ['performance', 'overall'],
      ['performance', 'byGroup'],
      ['owner', 'owner'],
      ['overview', 'contact'],
      ['risks', 'dpia'],
      ['risks', 'equalityImpact'],
    ] as const) {
      const f = fieldOf(record, section, field)
      assert.equal(f.value, null, `${section}.${field} is empty`)
      assert.ok('toComplete' in f && f.toComplete.length > 0, `${section}.${field} says what to write`)
    }
  })

  test('an evaluation without groups leaves only the group breakdown to complete', () => {
    const { groups: _, ...withoutGroups } = evaluation
    const record = buildTransparencyRecord({ ...base, evaluation: withoutGroups })
    assert.ok('source' in fieldOf(record, 'performance', 'overall'))
    assert.ok('toComplete' in fieldOf(record, 'performance', 'byGroup'))
  })

  test('owner and contact given fill their fields and drop out of the list to complete', () => {
    const without = fieldsToComplete(buildTransparencyRecord(base)).length
    const record = buildTransparencyRecord({ ...base, owner: 'Example Team', contact: 'linkage@example.org' })
    assert.equal(fieldOf(record, 'owner', 'owner').value, 'Example Team')
    assert.equal(fieldOf(record, 'overview', 'contact').value, 'linkage@example.org')
    assert.equal(fieldsToComplete(record).length, without - 2)
  })
})

describe('renderTransparencyHtml', () => {
  test('shows the measured figures and marks every field to complete', () => {
    const record = buildTransparencyRecord({ ...base, evaluation })
    const html = renderTransparencyHtml(record)
    for (const figure of ['0.9871', '0.9432', '0.9646', '0.8765', '0.0345', '1,234', '9,876', '1.23e-4']) {
      assert.ok(html.includes(figure), `${figure} in the page`)
    }
    const marks = html.match(/To be completed by the owner:<\/strong> /g) ?? []
    assert.equal(marks.length, fieldsToComplete(record).length)
    assert.ok(html.includes(`To be completed by the owner: ${fieldsToComplete(record).length} fields.`))
  })

  test('shows a rate of exactly 1 or 0 as a rate, not as a count', () => {
    const perfect = { ...evaluation, pairwise: { precision: 1, recall: 0, f1: 0 } }
    const html = renderTransparencyHtml(buildTransparencyRecord({ ...base, evaluation: perfect }))
    assert.match(html, /Precision<\/th><td class="num">1\.0000</)
    assert.match(html, /Recall<\/th><td class="num">0\.0000</)
  })

  test('is self-contained: no scripts, no external resources', () => {
    const html = renderTransparencyHtml(buildTransparencyRecord(base))
    assert.doesNotMatch(html, /<script|<link |src=|https?:\/\//i)
    assert.match(html, /<style>/)
  })

  test('escapes text given by the owner', () => {
    const html = renderTransparencyHtml(buildTransparencyRecord({ ...base, owner: '<b>Team</b>' }))
    assert.ok(!html.includes('<b>Team</b>'))
    assert.ok(html.includes('&lt;b&gt;Team'))
  })
})

const runCommand = async (args: string[]): Promise<void> => {
  const program = new Command('justid').exitOverride()
  registerTransparency(program)
  await program.parseAsync(['transparency', ...args], { from: 'user' })
}

/** Writes a link run folder from the hand-made model and run (run.json as `justid link` writes it, paths and all). */
const linkRunFolder = async (withEvaluation: boolean): Promise<string> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'justid-transparency-'))
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(model))
  await writeFile(
    path.join(dir, 'run.json'),
    JSON.stringify({
      sources: [{ name: 'court', file: '/data/secret-folder/court.csv' }],
      settingsFile: null,
      summary: {
        ...run.summary,
        outDir: dir,
        sources: run.summary.sources.map((s) => ({ ...s, file: 'x.csv' })),
      },
    }),
  )
  if (withEvaluation) await writeFile(path.join(dir, 'evaluation.json'), JSON.stringify(evaluation))
  return dir
}

const quietly = async <T>(f: () => Promise<T>): Promise<{ result: T; stdout: string }> => {
  const write = process.stdout.write
  let stdout = ''
  process.stdout.write = ((chunk: string) => {
    stdout += chunk
    return true
  }) as typeof process.stdout.write
  try {
    return { result: await f(), stdout }
  } finally {
    process.stdout.write = write
  }
}

describe('justid transparency', () => {
  test('writes transparency.json and transparency.html and says how many fields remain', async () => {
    const dir = await linkRunFolder(true)
    try {
      const { stdout } = await quietly(() => runCommand(['--out', dir, '--owner', 'Example Team']))
      const json = JSON.parse(await readFile(path.join(dir, 'transparency.json'), 'utf8'))
      assert.equal(json.tool, 'JustID')
      const text = JSON.stringify(json)
      assert.ok(text.includes('0.9871'))
      assert.ok(!text.includes('secret-folder'), 'file paths of the run stay out of the record')
      const html = await readFile(path.join(dir, 'transparency.html'), 'utf8')
      assert.ok(html.includes('0.9871'))
      assert.ok(html.includes('Example Team'))
      const remaining = (text.match(/"toComplete"/g) ?? []).length
      assert.match(stdout, new RegExp(`${remaining} fields still to be completed by the owner`))
      assert.match(stdout, /transparency\.json and .*transparency\.html/)
      assert.deepEqual(
        (await readdir(dir)).filter((f) => f.startsWith('.justid-staging')),
        [],
        'no staging folder left behind',
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('without evaluation.json the performance is left to complete', async () => {
    const dir = await linkRunFolder(false)
    try {
      await quietly(() => runCommand(['--out', dir]))
      const json = JSON.parse(await readFile(path.join(dir, 'transparency.json'), 'utf8'))
      const performance = json.sections.find((s: { id: string }) => s.id === 'performance')
      assert.equal(performance.fields.overall.value, null)
      assert.match(performance.fields.overall.toComplete, /justid evaluate/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('fails clearly, writing nothing, when model.json is missing', async () => {
    const dir = await linkRunFolder(false)
    try {
      await rm(path.join(dir, 'model.json'))
      await assert.rejects(
        () => runCommand(['--out', dir]),
        (e: unknown) =>
          e instanceof JustIdError && e.code === 'file_not_found' && e.message.includes('model.json'),
      )
      assert.ok(!existsSync(path.join(dir, 'transparency.json')))
      assert.ok(!existsSync(path.join(dir, 'transparency.html')))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('fails clearly when run.json does not hold a link run summary', async () => {
    const dir = await linkRunFolder(false)
    try {
      await writeFile(path.join(dir, 'run.json'), JSON.stringify({ summary: { records: 'many' } }))
      await assert.rejects(
        () => runCommand(['--out', dir]),
        (e: unknown) => e instanceof JustIdError && e.message.includes('run.json'),
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
