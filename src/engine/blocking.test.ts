import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { isJustIdError } from '../core/errors.ts'
import { buildCandidatePairs, checkRuleColumns, estimateRulePairs } from './blocking.ts'
import { type Database, openDatabase } from './database.ts'

// Invented keys only: blocking sees columns, never people.
const ROWS = [
  [0, 'aa', '2000-01-01', 'x1'],
  [1, 'aa', '2000-01-01', 'x1'],
  [2, 'aa', '2000-01-02', 'x1'],
  [3, 'bb', '2000-01-01', null],
  [4, 'bb', '2000-01-01', null],
  [5, null, '2000-01-01', null],
]

describe('blocking', () => {
  let db: Database
  before(async () => {
    db = await openDatabase()
    await db.run('CREATE TABLE records (rid INTEGER, surname VARCHAR, date_of_birth VARCHAR, pnc VARCHAR)')
    const values = ROWS.map(
      (r) => `(${r.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? v : `'${v}'`)).join(', ')})`,
    )
    await db.run(`INSERT INTO records VALUES ${values.join(', ')}`)
  })
  after(() => db.close())

  test('estimates pairs per rule as the sum of n(n-1)/2 over key groups, ignoring nulls', async () => {
    assert.equal(await estimateRulePairs(db, { name: 'surname', keys: ['surname'] }), 3 + 1)
    assert.equal(await estimateRulePairs(db, { name: 'pnc', keys: ['pnc'] }), 3)
  })

  test('unions rules without proposing a pair twice, and credits each pair to the first rule', async () => {
    const { counts } = await buildCandidatePairs(
      db,
      [
        { name: 'pnc', keys: ['pnc'] },
        { name: 'surname + date_of_birth', keys: ['surname', 'date_of_birth'] },
        { name: 'date_of_birth', keys: ['date_of_birth'] },
      ],
      { maxPairsPerRule: 1000, userRules: true },
    )
    const pairs = await db.rows('SELECT rid_l, rid_r, count(*) AS n FROM candidates GROUP BY ALL')
    assert.ok(
      pairs.every((p) => Number(p.n) === 1),
      'a pair was proposed twice',
    )
    assert.ok(pairs.every((p) => Number(p.rid_l) < Number(p.rid_r)))
    // pnc: (0,1) (0,2) (1,2); surname+dob adds (3,4) only; dob adds the rest of the 5 records born 2000-01-01.
    assert.deepEqual(
      counts.map((c) => c.pairs),
      [3, 1, 10 - 1 - 1],
    )
    assert.equal(pairs.length, 3 + 1 + 8)
  })

  test('refuses a rule of the user that would explode, naming it', async () => {
    await assert.rejects(
      buildCandidatePairs(db, [{ name: 'date_of_birth', keys: ['date_of_birth'] }], {
        maxPairsPerRule: 5,
        userRules: true,
      }),
      (e) => isJustIdError(e) && e.code === 'blocking_too_large' && /date_of_birth/.test(e.message),
    )
  })

  test('skips a default rule that would explode, with a warning', async () => {
    const warnings: string[] = []
    const { rules } = await buildCandidatePairs(
      db,
      [
        { name: 'pnc', keys: ['pnc'] },
        { name: 'date_of_birth', keys: ['date_of_birth'] },
      ],
      { maxPairsPerRule: 5, userRules: false, onWarning: (m) => warnings.push(m) },
    )
    assert.deepEqual(
      rules.map((r) => r.name),
      ['pnc'],
    )
    assert.equal(warnings.length, 1)
  })

  test('a rule on a column the records lack is refused with the usable columns', () => {
    assert.throws(
      () => checkRuleColumns([{ name: 'shoe', keys: ['shoe_size'] }], new Set(['surname', 'pnc'])),
      (e) =>
        isJustIdError(e) &&
        e.code === 'unknown_column' &&
        /shoe_size/.test(e.message) &&
        /pnc/.test(e.message),
    )
  })

  test('a list key proposes records sharing any one value, each pair once, after the earlier rules', async () => {
    const lists = await openDatabase()
    try {
      await lists.run(
        'CREATE TABLE records (rid INTEGER, pnc VARCHAR, name_tokens VARCHAR[], date_of_birth VARCHAR)',
      )
      // 0 and 1 share two words (one pair, not two); 2 shares a word with 0 but another birth date; 3 and 4 share
      // a word and a PNC, so the earlier PNC rule has them; 5 has no words.
      await lists.run(`INSERT INTO records VALUES
        (0, NULL, ['aa', 'bb'], '2000-01-01'), (1, NULL, ['bb', 'aa', 'cc'], '2000-01-01'),
        (2, NULL, ['aa'], '2000-01-02'), (3, 'x1', ['dd'], '2000-01-01'), (4, 'x1', ['dd', 'ee'], '2000-01-01'),
        (5, NULL, [], '2000-01-01')`)
      const rule = { name: 'name_tokens + date_of_birth', keys: ['name_tokens', 'date_of_birth'] }
      const { counts } = await buildCandidatePairs(lists, [{ name: 'pnc', keys: ['pnc'] }, rule], {
        maxPairsPerRule: 1000,
        userRules: true,
      })
      const pairs = await lists.rows('SELECT rid_l, rid_r FROM candidates ORDER BY rid_l, rid_r')
      assert.deepEqual(
        pairs.map((p) => [Number(p.rid_l), Number(p.rid_r)]),
        [
          [0, 1],
          [3, 4],
        ],
      )
      assert.deepEqual(
        counts.map((c) => c.pairs),
        [1, 1],
      )
      // The estimate counts a pair once per shared value: (0,1) twice, (3,4) once.
      assert.equal(await estimateRulePairs(lists, rule), 3)
    } finally {
      lists.close()
    }
  })

  test('a rule with two list keys is refused', () => {
    assert.throws(
      () =>
        checkRuleColumns(
          [{ name: 'two lists', keys: ['name_tokens', 'address_tokens'] }],
          new Set(['name_tokens', 'address_tokens']),
        ),
      (e) => isJustIdError(e) && /more than one list column/.test(e.message),
    )
  })
})
