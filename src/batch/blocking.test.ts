import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  ALL_PAIRS,
  ALL_PAIRS_LIMIT,
  BLOCK_LIMIT,
  blockLimit,
  capsCrowds,
  crowdBudget,
  crowdLimit,
  limitsBlocks,
  modelBlocking,
  pairsBudget,
  rulesForRun,
  sharedCrowdBudget,
  sharedCrowdLimit,
  UNDATED_NAME_BLOCK,
} from '../blocking/plan.ts'
import { isJustIdError } from '../core/errors.ts'
import {
  buildCandidatePairs,
  checkRuleColumns,
  estimateRulePairs,
  matchesAloneByRule,
  planCandidatePairs,
} from './blocking.ts'
import { type Database, openDatabase } from './database.ts'
import { comparablePairs, type LinkType } from './pair-scope.ts'
import { DERIVED_COLUMNS, populatedColumns, recordColumns } from './record-table.ts'

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
    // Every block of the key, as the last resort counts them (a rule of the data counts only blocks within the limit).
    assert.equal(await estimateRulePairs(db, { name: 'surname', keys: ['surname'], allBlocks: true }), 3 + 1)
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

  test('counting the rules gives the largest blocks of each, as the report shows them, commonest first', async () => {
    const rules = [
      { name: 'pnc', keys: ['pnc'] },
      { name: 'surname + date_of_birth', keys: ['surname', 'date_of_birth'] },
    ]
    const { largestBlocks } = await buildCandidatePairs(db, rules, { maxPairsPerRule: 1000, userRules: true })
    assert.deepEqual(largestBlocks, [
      { rule: rules[0], blocks: [{ key: 'x1', records: 3 }] },
      {
        rule: rules[1],
        blocks: [
          { key: 'aa | 2000-01-01', records: 2 },
          { key: 'bb | 2000-01-01', records: 2 },
          { key: 'aa | 2000-01-02', records: 1 },
        ],
      },
    ])
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

/**
 * A records table of `n` rows made by SQL from the row number i: each column an expression of i (invented keys),
 * every other column of the plan absent.
 */
const tableOf = async (n: number, columns: Record<string, string>): Promise<Database> => {
  const db = await openDatabase()
  // A records table always has the birth date column, filled or not.
  const select = Object.entries({ date_of_birth: 'NULL', ...columns }).map(
    ([c, expr]) => `(${expr})::VARCHAR AS ${c}`,
  )
  await db.run(`CREATE TABLE records AS SELECT i::INTEGER AS rid, ${select.join(', ')} FROM range(${n}) t(i)`)
  return db
}

const plan = async (
  db: Database,
  records: number,
  linkType: LinkType = 'link_and_dedupe',
  maxPairsPerRule = 50_000_000,
) => {
  const columns = await recordColumns(db)
  const available = await populatedColumns(db, columns)
  const warnings: string[] = []
  const sizes = (await db.rows('SELECT count(*) AS n FROM records GROUP BY source')).map((r) => Number(r.n))
  const result = await planCandidatePairs(db, {
    records,
    comparablePairs: comparablePairs(sizes, linkType),
    columns,
    available,
    otherIdColumns: [],
    maxPairsPerRule,
    linkType,
    onWarning: (m) => warnings.push(m),
  })
  const pairs = await db.scalar('SELECT count(*) FROM candidates')
  // Whichever way the rules were added, no pair is proposed twice.
  assert.equal(await db.scalar('SELECT count(DISTINCT (rid_l, rid_r)) FROM candidates'), pairs)
  return { ...result, warnings, pairs, names: result.rules.map((r) => r.name) }
}

describe('blocking chosen from the data', () => {
  test('a small file compares every pair, once', async () => {
    const db = await tableOf(300, { source: "'a'", surname: 'i % 7', date_of_birth: 'i % 11' })
    try {
      const { names, pairs, counts } = await plan(db, 300)
      assert.equal(names[0], ALL_PAIRS.name)
      assert.equal(pairs, (300 * 299) / 2)
      assert.equal(counts[0]?.pairs, pairs)
      // The default rules are kept for matching single records later, but add nothing here.
      assert.ok(names.includes('surname + date_of_birth'))
      assert.ok(counts.slice(1).every((c) => c.pairs === 0))
    } finally {
      db.close()
    }
  })

  test('a file with only names, one of them shared by all, still links: the most selective rule, with a warning', async () => {
    // 2,000 records all called "aa bb", no date, no postcode: every name rule passes the budget.
    const db = await tableOf(2000, {
      source: "'a'",
      forename: "'bb'",
      surname: "'aa'",
      name_pair_key: "'aa bb'",
      forename_initial: "'b'",
      surname_initial: "'a'",
      forename_metaphone: "'P'",
      surname_metaphone: "'A'",
    })
    try {
      const { rules, warnings, pairs } = await plan(db, 2000)
      assert.equal(rules.length, 1)
      assert.ok(rules[0]!.keys.length > 0)
      assert.equal(pairs, (2000 * 1999) / 2)
      assert.equal(warnings.length, 1)
      assert.match(warnings[0]!, /no blocking rule fits/)
    } finally {
      db.close()
    }
  })

  test('with every rule over the per-rule limit, all well-filled columns together; refused only when that is too', async () => {
    // One name for all; a town of 50 values and an occupation of 40: each rule on one of them makes 40,000 pairs
    // or more, all of them together about 9,000.
    const db = await tableOf(2000, {
      source: "'a'",
      forename: "'bb'",
      surname: "'aa'",
      town: "'t' || (i % 50)",
      attr_occupation: "'o' || (i % 40)",
    })
    try {
      const { names, warnings, pairs } = await plan(db, 2000, 'link_and_dedupe', 30_000)
      // The names hold one value: no key at all.
      assert.deepEqual(names, ['town + attr_occupation'])
      assert.equal(pairs, 200 * ((10 * 9) / 2))
      assert.match(warnings.at(-1) ?? '', /every well-filled column together/)
      await assert.rejects(
        plan(db, 2000, 'link_and_dedupe', 5000),
        (e) => isJustIdError(e) && e.code === 'blocking_too_large' && /attr_occupation/.test(e.message),
      )
    } finally {
      db.close()
    }
  })

  test('email and town rules are chosen when those columns are well filled', async () => {
    // 3,000 records of 1,500 people (two records each share an email); 60 surnames, 40 towns.
    const db = await tableOf(3000, {
      source: "'a'",
      surname: "'s' || (i // 2 % 60)",
      forename: "'f' || (i // 2 % 23)",
      town: "'t' || (i // 2 % 40)",
      email: "'e' || (i // 2)",
    })
    try {
      const { names, pairs } = await plan(db, 3000)
      assert.ok(names.includes('email'), names.join(', '))
      assert.ok(names.includes('surname + town'), names.join(', '))
      assert.ok(pairs <= 1_000_000)
    } finally {
      db.close()
    }
  })

  test('the pairs budget keeps a huge key out', async () => {
    // A town of two values: over a million pairs alone, far over the budget of these 3,000 records.
    const db = await tableOf(3000, {
      source: "'a'",
      surname: "'s' || (i // 2 % 60)",
      town: 'i % 2',
      email: "'e' || (i // 2)",
    })
    try {
      const { names, pairs } = await plan(db, 3000)
      assert.ok(names.includes('email'))
      assert.ok(!names.includes('town'), names.join(', '))
      assert.ok(pairs <= 1_000_000)
    } finally {
      db.close()
    }
  })

  test('beyond a hundred thousand records, rules counted on a sample are chosen and kept out as on the whole', async () => {
    // 150,000 records of 75,000 people sharing an email two by two; a town of two values.
    const db = await tableOf(150_000, {
      source: "'a'",
      surname: "'s' || (i // 2 % 5000)",
      town: 'i % 2',
      email: "'e' || (i // 2)",
    })
    try {
      const { names, counts } = await plan(db, 150_000)
      assert.ok(names.includes('email'), names.join(', '))
      assert.ok(!names.includes('town'), names.join(', '))
      // The kept rule's estimate is the exact count, not the sample's.
      assert.equal(counts.find((c) => c.rule === 'email')?.estimated, 75_000)
    } finally {
      db.close()
    }
  })

  test('records without birth dates get a larger budget, as the default rules cannot find their matches', async () => {
    // Ten surnames over 3,000 records: 450,000 pairs, over the budget of dated records, within that of undated ones.
    const columns = (dob: string) => ({ source: "'a'", surname: "'s' || (i % 10)", date_of_birth: dob })
    const undated = await tableOf(3000, columns('NULL'))
    const dated = await tableOf(3000, columns("'d' || (i % 5000)"))
    try {
      assert.ok((await plan(undated, 3000)).names.includes('surname'))
      assert.ok(!(await plan(dated, 3000)).names.includes('surname'))
    } finally {
      undated.close()
      dated.close()
    }
  })

  test('a town or an attribute is never a rule alone, and one most records share (a nationality) narrows none', async () => {
    // No birth date: a budget of 1.1 million pairs; an occupation of 40 values makes about 112,000; four in five
    // records of one nationality.
    const db = await tableOf(3000, {
      source: "'a'",
      surname: "'s' || (i // 2 % 600)",
      town: "'t' || (i % 40)",
      attr_occupation: "'o' || (i % 40)",
      attr_nationality: "CASE WHEN i % 5 = 0 THEN 'n' || (i % 7) ELSE 'british' END",
    })
    try {
      const { names } = await plan(db, 3000)
      assert.ok(names.includes('surname + attr_occupation'), names.join(', '))
      assert.ok(!names.includes('attr_occupation') && !names.includes('town'), names.join(', '))
      assert.ok(!names.some((n) => n.includes('attr_nationality')), names.join(', '))
    } finally {
      db.close()
    }
  })

  test('both names meet with a typo in each, in either order: by their first letters or their last letters', async () => {
    const db = await openDatabase()
    try {
      // Invented names: a typo late in both names, a typo early in both, and the names swapped with a typo.
      const names: [string, string, string, string][] = [
        ['annabel', 'kowalski', 'annabell', 'kowalsky'],
        ['xbrigid', 'qmorrow', 'brigid', 'morrow'],
        ['tanaka', 'hiroshi', 'hiroshy', 'tanaka'],
      ]
      const rows = names.flatMap(([f1, s1, f2, s2], i) => [
        `(${2 * i}, '${f1}', '${s1}')`,
        `(${2 * i + 1}, '${f2}', '${s2}')`,
      ])
      const derived = ['name_pair_prefix', 'name_pair_suffix'].map((c) => `${DERIVED_COLUMNS[c]} AS ${c}`)
      await db.run(`CREATE TABLE records AS SELECT rid, forename, surname, ${derived.join(', ')}
        FROM (VALUES ${rows.join(', ')}) t(rid, forename, surname)`)
      const pairsOf = async (key: string) =>
        (
          await db.rows(
            `SELECT l.rid AS l FROM records l JOIN records r ON l.${key} = r.${key} AND l.rid < r.rid`,
          )
        )
          .map((r) => Number(r.l))
          .sort()
      assert.deepEqual(await pairsOf('name_pair_prefix'), [0, 4])
      assert.deepEqual(await pairsOf('name_pair_suffix'), [2])
    } finally {
      db.close()
    }
  })

  /**
   * Plans blocking on 3,000 records made of `columns`, two a person (rows 2k and 2k+1), with the derived list
   * columns `derived` added as the records table makes them; asserts `rule` is chosen and finds all 1,500 pairs.
   */
  const findsEveryPair = async (columns: Record<string, string>, derived: string[], rule: string) => {
    const db = await tableOf(3000, columns)
    try {
      for (const column of derived) {
        await db.run(`ALTER TABLE records ADD COLUMN ${column} VARCHAR[]`)
        await db.run(`UPDATE records SET ${column} = ${DERIVED_COLUMNS[column]}`)
      }
      const { names } = await plan(db, 3000)
      assert.ok(names.includes(rule), names.join(', '))
      assert.equal(await db.scalar('SELECT count(*) FROM candidates WHERE rid_l // 2 = rid_r // 2'), 1500)
    } finally {
      db.close()
    }
  }

  test('undated records with a typo in each name meet on the names one typo apart, in either order', async () => {
    // Invented names, two records a person: the second with a letter added to the forename and one changed in the
    // surname, every third of them with the names swapped. No other column: no other rule finds them.
    await findsEveryPair(
      {
        source: "'a'",
        forename:
          "CASE WHEN i % 2 = 0 THEN 'fa' || (i // 2) WHEN i % 3 = 0 THEN 'sc' || (i // 2) ELSE 'fa' || (i // 2) || 'x' END",
        surname:
          "CASE WHEN i % 2 = 0 THEN 'sb' || (i // 2) WHEN i % 3 = 0 THEN 'fa' || (i // 2) || 'x' ELSE 'sc' || (i // 2) END",
      },
      ['name_one_edit'],
      'name_one_edit',
    )
  })

  test('a record holding one name meets its mistyped twin by that name one typo away and a birth place', async () => {
    // Invented names, two records a person: one holds the surname alone, the other a forename and the surname with a
    // letter added; a birth place of fifty shared by many people.
    await findsEveryPair(
      {
        source: "'a'",
        forename: "CASE WHEN i % 2 = 1 THEN 'fa' || (i // 2) END",
        surname: "CASE WHEN i % 2 = 0 THEN 'sb' || (i // 2) ELSE 'sb' || (i // 2) || 'q' END",
        attr_birth_place: "'town' || (i // 2 % 50)",
      },
      ['name_word_one_edit'],
      'name_word_one_edit + attr_birth_place',
    )
  })

  test('a nickname beside a surname mistyped beyond one letter meets by the forename group and surname initial', async () => {
    // Invented names, two records a person: forenames of one group (as Bob and Robert), surnames two letters apart.
    await findsEveryPair(
      {
        source: "'a'",
        forename: "CASE WHEN i % 2 = 0 THEN 'fa' || (i // 2) ELSE 'fb' || (i // 2) END",
        forename_group: "'g' || (i // 2)",
        surname: "chr((97 + i // 2 % 26)::INTEGER) || (i // 2) || CASE WHEN i % 2 = 0 THEN 'x' ELSE 'yz' END",
        surname_initial: 'chr((97 + i // 2 % 26)::INTEGER)',
      },
      [],
      'forename_group + surname_initial',
    )
  })

  test('a record holding one name, sharing nothing else but the sex, meets its mistyped twin by that name one typo away', async () => {
    // Invented names, two records a person: one holds the surname alone, the other a forename and the surname with a
    // letter added; no date, place or attribute, only the sex.
    await findsEveryPair(
      {
        source: "'a'",
        forename: "CASE WHEN i % 2 = 1 THEN 'fa' || (i // 2) END",
        surname: "CASE WHEN i % 2 = 0 THEN 'sb' || (i // 2) ELSE 'sb' || (i // 2) || 'q' END",
        sex: "CASE WHEN i // 2 % 2 = 0 THEN 'f' ELSE 'm' END",
      },
      ['name_word_one_edit'],
      'name_word_one_edit + sex',
    )
  })

  test('a mistyped year beside names mistyped beyond one letter meets by both initials and the day and month', async () => {
    // Invented names, two records a person: forenames and surnames sharing only their first letters, birth years a
    // decade apart on the same day and month.
    await findsEveryPair(
      {
        source: "'a'",
        forename: "chr((97 + i // 2 % 7)::INTEGER) || (i // 2) || CASE WHEN i % 2 = 0 THEN 'x' ELSE 'yz' END",
        surname: "chr((97 + i // 2 % 26)::INTEGER) || (i // 2) || CASE WHEN i % 2 = 0 THEN 'x' ELSE 'yz' END",
        forename_initial: 'chr((97 + i // 2 % 7)::INTEGER)',
        surname_initial: 'chr((97 + i // 2 % 26)::INTEGER)',
        dob_year: '(1950 + i // 2 % 40 + 10 * (i % 2))',
        dob_month_day:
          "lpad((1 + i // 2 % 12)::VARCHAR, 2, '0') || '-' || lpad((1 + i // 2 % 28)::VARCHAR, 2, '0')",
      },
      [],
      'forename_initial + surname_initial + dob_month_day',
    )
  })

  test('a list rule counted over the budget once per value is counted again by its distinct pairs', async () => {
    // Dated records (a budget of 100,000 pairs), two a person: 3,000 pairs of identical surnames of 49 letters, and
    // 1,500 pairs one letter apart. One typo apart, the identical surnames share 50 values: counted once per value,
    // the rule makes about 150,000 pairs, over the budget, for 4,500 distinct ones. Beside the birth year (one more
    // record, of its own surname, born another year), as rules on the names alone are for undated records.
    const db = await tableOf(9001, {
      source: "'a'",
      forename: 'NULL',
      surname:
        "CASE WHEN i < 6000 THEN 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn' ELSE 'zyxwvutsrq' END || lpad((i // 2)::VARCHAR, 4, '0') || '-' || lpad((i // 2)::VARCHAR, 4, '0') || CASE WHEN i >= 6000 AND i % 2 = 1 THEN 'q' ELSE '' END",
      date_of_birth: "'1900-01-01'::DATE + i::INTEGER",
      dob_year: "CASE WHEN i = 9000 THEN '1901' ELSE '1900' END",
    })
    try {
      await db.run('ALTER TABLE records ADD COLUMN name_word_one_edit VARCHAR[]')
      await db.run(`UPDATE records SET name_word_one_edit = ${DERIVED_COLUMNS.name_word_one_edit}`)
      const values = (s: string) => `(SELECT rid, unnest(name_word_one_edit) AS k FROM records) ${s}`
      const distinct = await db.scalar(
        `SELECT count(*) FROM (SELECT DISTINCT l.rid, r.rid FROM ${values('l')} JOIN ${values('r')} ON l.k = r.k AND l.rid < r.rid)`,
      )
      const { counts } = await plan(db, 9001)
      assert.equal(counts.find((c) => c.rule === 'name_word_one_edit + dob_year')?.estimated, distinct)
      assert.equal(distinct, 4500)
      assert.equal(
        await db.scalar('SELECT count(*) FROM candidates WHERE rid_l >= 6000 AND rid_l // 2 = rid_r // 2'),
        1500,
      )
    } finally {
      db.close()
    }
  })

  test('a list rule whose own pairs pass what the budget has left is kept when the pairs it adds fit', async () => {
    // Dated records (a budget of 100,000 pairs) in twenty surnames of 80 records each, of two letters no other surname
    // holds, and ten records of the first surname with a letter added. The surname rule takes 63,245 pairs; one typo
    // apart, the surnames propose those again and 800 more: 64,045 pairs of their own, more than the 36,755 left.
    // Beside the birth year (one more record, of its own surname, born another year), as for the rule above.
    const db = await tableOf(1611, {
      source: "'a'",
      forename: 'NULL',
      surname:
        "CASE WHEN i = 1610 THEN 'zz' WHEN i < 1600 THEN chr((97 + i % 20)::INTEGER) || chr((945 + i % 20)::INTEGER) ELSE 'a' || chr(945) || 'x' END",
      date_of_birth: "'1900-01-01'::DATE + i::INTEGER",
      dob_year: "CASE WHEN i = 1610 THEN '1901' ELSE '1900' END",
    })
    try {
      await db.run('ALTER TABLE records ADD COLUMN name_word_one_edit VARCHAR[]')
      await db.run(`UPDATE records SET name_word_one_edit = ${DERIVED_COLUMNS.name_word_one_edit}`)
      const { counts, pairs } = await plan(db, 1611)
      const of = (rule: string) => counts.find((c) => c.rule === rule)
      assert.deepEqual(of('surname + dob_year'), {
        rule: 'surname + dob_year',
        estimated: 63_245,
        pairs: 63_245,
      })
      assert.deepEqual(of('name_word_one_edit + dob_year'), {
        rule: 'name_word_one_edit + dob_year',
        estimated: 64_045,
        pairs: 800,
      })
      assert.equal(pairs, 64_045)
    } finally {
      db.close()
    }
  })

  test('a column filled in less than half the records gives no rule of its own', async () => {
    const db = await tableOf(3000, {
      source: "'a'",
      surname: "'s' || (i // 2 % 60)",
      email: "CASE WHEN i % 10 < 4 THEN 'e' || (i // 2) END",
    })
    try {
      const { names } = await plan(db, 3000)
      assert.ok(!names.some((n) => n.includes('email')), names.join(', '))
    } finally {
      db.close()
    }
  })
})

describe('blocks of the rules of the data, held to a limit that adapts to the size of the file', () => {
  // Undated records: 500 share one surname, the others come two by two.
  const withCrowd = (records: number) =>
    tableOf(records, { source: "'a'", surname: "CASE WHEN i < 500 THEN 'crowd' ELSE 's' || (i // 2) END" })
  const surname = { name: 'surname', keys: ['surname'] }
  const pairsOf = async (db: Database) => {
    await buildCandidatePairs(db, [surname], { maxPairsPerRule: 50_000_000, userRules: true })
    return {
      crowd: await db.scalar('SELECT count(*) FROM candidates WHERE rid_r < 500'),
      pairs: await db.scalar('SELECT count(*) FROM candidates'),
    }
  }

  test('a small file keeps every block: a block of 500 records proposes its pairs', async () => {
    const db = await withCrowd(1000)
    try {
      assert.equal(blockLimit(1000), 1000)
      assert.deepEqual(await pairsOf(db), { crowd: (500 * 499) / 2, pairs: (500 * 499) / 2 + 250 })
    } finally {
      db.close()
    }
  })

  test('in a large file, the block of one key value shared by a crowd proposes nothing, the others stay', async () => {
    const db = await withCrowd(120_000)
    try {
      assert.equal(blockLimit(120_000), BLOCK_LIMIT)
      // Estimated as it is run: the pairs of the blocks within the limit.
      assert.equal(await estimateRulePairs(db, surname), (120_000 - 500) / 2)
      assert.deepEqual(await pairsOf(db), { crowd: 0, pairs: (120_000 - 500) / 2 })
    } finally {
      db.close()
    }
  })

  test('names alone pair only records lacking a date in a dated file whose budget cannot pay for more, and all in a small file', async () => {
    // Two records a surname, the first 100 undated and each with a dated partner; the others dated, two by two.
    const pairsOf = async (records: number) => {
      const db = await tableOf(records, {
        source: "'a'",
        surname: `'s' || (i % ${records / 2})`,
        date_of_birth: "CASE WHEN i >= 100 THEN '1990-01-01' END",
      })
      try {
        const rules = [{ name: 'surname', keys: ['surname'] }]
        const { counts } = await buildCandidatePairs(db, rules, { maxPairsPerRule: 100_000, userRules: true })
        return { estimated: counts[0]?.estimated, pairs: counts[0]?.pairs }
      } finally {
        db.close()
      }
    }
    // 25,000 records, 99.6% dated: the rules of the data have 0.3 pairs a record.
    assert.deepEqual(await pairsOf(25_000), { estimated: 100, pairs: 100 })
    // 1,000 records: a million pairs at 1 − 0.8² of them, enough for dated pairs too.
    assert.deepEqual(await pairsOf(1000), { estimated: 500, pairs: 500 })
  })

  test('the budget of the rules of the data grows with the records where few are dated, and not for dated extracts', () => {
    // Heavily corrupted extracts, 90% dated: 70 pairs a record for the rules of the data beyond 14,300 records.
    assert.equal(pairsBudget(120_000, 0.9), Math.round(100_000 + 0.19 * 70 * 120_000))
    assert.ok(pairsBudget(120_000, 0.9) / 120_000 <= 1.5 * (pairsBudget(25_000, 0.9) / 25_000))
    // Justice extracts, 99% dated, as before up to 135,000 records.
    assert.equal(pairsBudget(100_000, 0.99), Math.round(100_000 + (1 - 0.99 * 0.99) * 1_000_000))
  })
})

describe('pairs with an undated record, by both names whole', () => {
  const undated = {
    name: 'name_pair_key, a record undated',
    keys: ['name_pair_key'],
    undatedOnly: true,
    maxBlock: UNDATED_NAME_BLOCK,
  }

  test('are proposed where the default rules fill the budget, of names held by few records, never two dated ones', async () => {
    // 1,000 records share a surname and birth date (499,500 pairs, past the budget of 2,000 records); then 400 names
    // held by a dated and an undated record, a name held by four records (one undated), and a name held by two dated
    // records born on different days.
    const db = await tableOf(2000, {
      source: "'a'",
      surname: "CASE WHEN i < 1000 THEN 'crowd' ELSE 's' || i END",
      date_of_birth: `CASE WHEN i < 1000 THEN '1980-01-01' WHEN i < 1800 AND i % 2 = 1 THEN NULL
        WHEN i = 1803 THEN NULL ELSE '19' || (10 + i % 80) || '-02-03' END`,
      name_pair_key: `CASE WHEN i < 1000 THEN 'c' || i WHEN i < 1800 THEN 'n' || (i // 2) WHEN i < 1804 THEN 'four'
        WHEN i < 1806 THEN 'dated' ELSE 'u' || i END`,
    })
    try {
      const { names, rules } = await plan(db, 2000)
      assert.deepEqual(names, ['surname + date_of_birth', undated.name])
      assert.equal(rules[1]?.maxBlock, UNDATED_NAME_BLOCK)
      assert.equal(await db.scalar('SELECT count(*) FROM candidates WHERE rule = 1'), 400)
      assert.equal(await db.scalar('SELECT count(*) FROM candidates WHERE rid_l >= 1800'), 0)
    } finally {
      db.close()
    }
  })

  test('a model keeps the condition and the block limit of the default rule, not of a rule of the data', () => {
    const ofData = { name: 'name_pair_key', keys: ['name_pair_key'], undatedOnly: true }
    assert.deepEqual(modelBlocking([ofData, undated], true).blockingRules, [
      { name: 'name_pair_key', keys: ['name_pair_key'] },
      undated,
    ])
    // The rule of the data on the same keys, held to undated records by a run, keeps the block limit of the data.
    assert.equal(limitsBlocks(ofData), true)
    assert.equal(limitsBlocks(undated), false)
    assert.equal(capsCrowds(undated), false)
  })
})

describe('the blocking rules of a stored model', () => {
  const keyed = [
    { name: 'surname + date_of_birth', keys: ['surname', 'date_of_birth'] },
    { name: 'pnc', keys: ['pnc'] },
  ]
  test('a model keeps the keyed rules; comparing every pair is decided by each run from its own pairs', () => {
    const stored = modelBlocking([ALL_PAIRS, ...keyed], true)
    assert.deepEqual(stored, { blockingRules: keyed, allPairsWhenFew: true })
    // The run on the file it was trained on, a re-run and an add to a small index: every pair, as the first run.
    assert.deepEqual(rulesForRun(stored, ALL_PAIRS_LIMIT), [ALL_PAIRS, ...keyed])
    // A larger file or a grown index: the keyed rules alone.
    assert.deepEqual(rulesForRun(stored, ALL_PAIRS_LIMIT + 1), keyed)
  })

  test('rules the user wrote are kept as they are, on few pairs as on many', () => {
    const stored = modelBlocking(keyed, false)
    assert.deepEqual(stored, { blockingRules: keyed })
    assert.deepEqual(rulesForRun(stored, 10), keyed)
  })

  test('a model written with an "all pairs" rule reads as chosen from the data; with no keyed rule, many pairs are planned again', () => {
    assert.deepEqual(rulesForRun({ blockingRules: [ALL_PAIRS, ...keyed] }, ALL_PAIRS_LIMIT + 1), keyed)
    assert.deepEqual(rulesForRun({ blockingRules: [ALL_PAIRS, ...keyed] }, 10), [ALL_PAIRS, ...keyed])
    const none = modelBlocking([ALL_PAIRS], true)
    assert.deepEqual(none.blockingRules, [ALL_PAIRS])
    assert.deepEqual(rulesForRun(none, 10), [ALL_PAIRS])
    assert.equal(rulesForRun(none, ALL_PAIRS_LIMIT + 1), null)
  })
})

describe('link type', () => {
  const twoSources = () =>
    tableOf(40, {
      source: "CASE WHEN i < 20 THEN 'a' ELSE 'b' END",
      surname: 'i % 5',
      date_of_birth: 'i % 3',
    })
  // Every block, of dated records alike: the link type is tested here, not the block limit or undated records.
  const rule = { name: 'surname', keys: ['surname'], allBlocks: true }
  const sourcesOfPairs = (db: Database) =>
    db.rows(`SELECT l.source = r.source AS same, count(*) AS n FROM candidates c
      JOIN records l ON l.rid = c.rid_l JOIN records r ON r.rid = c.rid_r GROUP BY ALL`)

  test('link only proposes no pair within a source, and counts only pairs across sources', async () => {
    const db = await twoSources()
    try {
      await buildCandidatePairs(db, [rule], { maxPairsPerRule: 1000, userRules: true, linkType: 'link_only' })
      const rows = await sourcesOfPairs(db)
      assert.deepEqual(
        rows.map((r) => r.same),
        [false],
      )
      // Each surname: 4 records in each source, 16 pairs across.
      assert.equal(Number(rows[0]?.n), 5 * 16)
      assert.equal(await estimateRulePairs(db, rule, 'link_only'), 5 * 16)
    } finally {
      db.close()
    }
  })

  test('dedupe only proposes no pair across sources, and every pair within them for a small file', async () => {
    const db = await twoSources()
    try {
      assert.equal(await estimateRulePairs(db, rule, 'dedupe_only'), 5 * 2 * 6)
      const { pairs } = await plan(db, 40, 'dedupe_only')
      assert.equal(pairs, (2 * (20 * 19)) / 2)
      const rows = await sourcesOfPairs(db)
      assert.deepEqual(
        rows.map((r) => r.same),
        [true],
      )
    } finally {
      db.close()
    }
  })

  test('comparable pairs: all, across sources, within them', () => {
    assert.equal(comparablePairs([3, 4]), 21)
    assert.equal(comparablePairs([3, 4], 'link_only'), 12)
    assert.equal(comparablePairs([3, 4], 'dedupe_only'), 3 + 6)
  })
})

test('matches a rule alone contributes: matched pairs no other rule proposes', async () => {
  const db = await tableOf(6, {
    source: "'a'",
    surname: "CASE WHEN i < 4 THEN 'x' END",
    email: "CASE WHEN i IN (0, 1, 4, 5) THEN 'e' || (i // 2) END",
  })
  try {
    // (0,1) both rules; (2,3) surname alone; (4,5) email alone; (0,2) surname alone but not a match.
    await db.run(`CREATE TABLE scored AS SELECT * FROM (VALUES (0, 1, 0.99), (2, 3, 0.9), (4, 5, 0.95), (0, 2, 0.1))
      t(rid_l, rid_r, match_probability)`)
    const alone = await matchesAloneByRule(
      db,
      [
        { name: 'surname', keys: ['surname'] },
        { name: 'email', keys: ['email'] },
      ],
      0.7,
    )
    assert.deepEqual(alone, [1, 1])
  } finally {
    db.close()
  }
})

describe('crowds of the default rules, cut at scale', () => {
  test('a rule within its budget keeps every block; past it, the largest blocks go first until it fits', () => {
    const sizes = [
      { size: 2, blocks: 1000, pairs: 1000 },
      { size: 5, blocks: 100, pairs: 1000 },
      { size: 48, blocks: 1, pairs: 1128 },
    ]
    assert.equal(crowdLimit(sizes, 3128), null)
    assert.equal(crowdLimit(sizes, 3127), 5)
    assert.equal(crowdLimit(sizes, 1500), 2)
    // A pair of records is never a crowd.
    assert.equal(crowdLimit(sizes, 10), 2)
  })

  test('the budget is two pairs a record, never under two million: no file up to a million records is cut', () => {
    assert.equal(crowdBudget(1000), 2_000_000)
    assert.equal(crowdBudget(1_000_000), 2_000_000)
    assert.equal(crowdBudget(10_000_000), 20_000_000)
  })

  test('only default rules on names, dates and places are cut: not identifiers, nor rules the block limit holds', () => {
    assert.equal(capsCrowds({ keys: ['surname', 'date_of_birth'] }), true)
    assert.equal(capsCrowds({ keys: ['name_pair_key', 'dob_year'] }), true)
    assert.equal(capsCrowds({ keys: ['pnc'] }), false)
    assert.equal(capsCrowds({ keys: ['other_case_ref'] }), false)
    assert.equal(capsCrowds({ keys: ['surname', 'town'] }), false)
    assert.equal(capsCrowds({ keys: [] }), false)
  })

  test("a crowd sharing a default rule's keys, whose pairs pass the budget, proposes none; the other blocks stay", async () => {
    // 2,100 records share a surname and a birth date (2,203,950 pairs, over the 2,000,000 of the budget); the other
    // 4,000 come two by two.
    const db = await tableOf(6100, {
      surname: "CASE WHEN i < 2100 THEN 'crowd' ELSE 's' || (i // 2) END",
      date_of_birth: "'1980-01-01'",
    })
    try {
      const rule = { name: 'surname + date_of_birth', keys: ['surname', 'date_of_birth'] }
      const { counts, rules } = await buildCandidatePairs(db, [rule], {
        maxPairsPerRule: 50_000_000,
        userRules: true,
      })
      assert.equal(rules[0]!.maxBlock, 2)
      assert.deepEqual(
        counts.map((c) => [c.estimated, c.pairs]),
        [[2000, 2000]],
      )
      assert.equal(await db.scalar('SELECT count(*) FROM candidates WHERE rid_l < 2100'), 0)
      // Under the budget, the same crowd keeps its pairs: a smaller crowd of 1,500 (1,124,250 pairs).
      await db.run("UPDATE records SET surname = 'other' || rid WHERE rid >= 1500 AND rid < 2100")
      const kept = await buildCandidatePairs(db, [rule], { maxPairsPerRule: 50_000_000, userRules: true })
      assert.equal(kept.rules[0]!.maxBlock, undefined)
      assert.equal(kept.counts[0]!.pairs, 1_124_250 + 2000)
    } finally {
      db.close()
    }
  })

  test('the default rules share a budget of 10.5 pairs a record, never under 10.5 million: a million records are not cut', () => {
    assert.equal(sharedCrowdBudget(1000), 10_500_000)
    assert.equal(sharedCrowdBudget(1_000_000), 10_500_000)
    assert.equal(sharedCrowdBudget(3_000_000), 31_500_000)
  })

  test('past the shared budget, the largest blocks of any rule go first, blocks of one size counted across rules', () => {
    const a = [
      { size: 2, blocks: 1000, pairs: 1000 },
      { size: 48, blocks: 1, pairs: 1128 },
    ]
    const b = [
      { size: 2, blocks: 500, pairs: 500 },
      { size: 5, blocks: 100, pairs: 1000 },
    ]
    assert.equal(sharedCrowdLimit([a, b], 3628), null)
    // Both rules' blocks of 48 and under would pass it: the one of 48 goes, those of 5 stay.
    assert.equal(sharedCrowdLimit([a, b], 3627), 5)
    // The blocks of 5 do not fit beside the pairs: both rules keep their pairs only.
    assert.equal(sharedCrowdLimit([a, b], 2499), 2)
  })

  test("default rules each within their own budget but together past the shared one lose their crowds, the identifiers' pairs kept", async () => {
    // 1,950 records share every key (1,900,275 pairs a rule, under each rule's 2,000,000; 11.4 million for six rules,
    // over the 10.5 million they share); the other 100 come two by two, and share a pnc about four by four (146 pairs, the names' among them).
    const keys = ['surname', 'forename', 'forename_group', 'forename_metaphone', 'surname_metaphone']
    const db = await tableOf(2050, {
      ...Object.fromEntries(keys.map((k) => [k, "CASE WHEN i < 1950 THEN 'crowd' ELSE 's' || (i // 2) END"])),
      date_of_birth: "'1980-01-01'",
      name_pair_key: "CASE WHEN i < 1950 THEN 'crowd' ELSE 's' || (i // 2) END",
      dob_year: "'1980'",
      pnc: "CASE WHEN i >= 1950 THEN 'p' || (i // 4) END",
    })
    try {
      const rules = [
        { name: 'pnc', keys: ['pnc'] },
        ...keys.map((k) => ({ name: `${k} + date_of_birth`, keys: [k, 'date_of_birth'] })),
        { name: 'name_pair_key + dob_year', keys: ['name_pair_key', 'dob_year'] },
      ]
      const built = await buildCandidatePairs(db, rules, { maxPairsPerRule: 50_000_000, userRules: true })
      assert.deepEqual(
        built.rules.map((r) => r.maxBlock),
        [undefined, 2, 2, 2, 2, 2, 2],
      )
      assert.deepEqual(
        built.counts.map((c) => c.estimated),
        [146, 50, 50, 50, 50, 50, 50],
      )
      assert.equal(await db.scalar('SELECT count(*) FROM candidates WHERE rid_l < 1950'), 0)
      assert.equal(await db.scalar('SELECT count(*) FROM candidates'), 146)
    } finally {
      db.close()
    }
  })

  test('the check before building is told the pairs and the largest rule, and stops the run by throwing', async () => {
    const db = await tableOf(100, { surname: "'s' || (i // 2)", pnc: "'p' || (i // 4)" })
    try {
      const seen: unknown[] = []
      await assert.rejects(
        buildCandidatePairs(
          db,
          [
            { name: 'pnc', keys: ['pnc'] },
            { name: 'surname', keys: ['surname'] },
          ],
          {
            maxPairsPerRule: 1000,
            userRules: true,
            beforeBuilding: async (estimate) => {
              seen.push(estimate)
              throw new Error('stop')
            },
          },
        ),
        /stop/,
      )
      assert.deepEqual(seen, [{ pairs: 150 + 50, largest: { name: 'pnc', pairs: 150 } }])
      assert.equal(await db.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'candidates'"), 0)
    } finally {
      db.close()
    }
  })
})
