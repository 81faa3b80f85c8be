import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { blockingRuleSql } from '../batch/blocking.ts'
import { type Database, openDatabase } from '../batch/database.ts'
import { DERIVED_COLUMNS } from '../batch/record-table.ts'
import { UNDATED_NAME_BLOCK } from '../blocking/plan.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { columnValue } from '../model/conditions.ts'
import { record } from '../model/testing/records.ts'
import { blockingKey, blockingKeys, keyValue } from './blocking-keys.ts'
import { IndexMemory } from './memory-state.ts'

// Invented names and dates only.
const RECORDS: StandardisedRecord[] = [
  record({
    forename: 'anna',
    surname: 'khan',
    dateOfBirth: '1980-01-02',
    nameTokens: ['anna', 'khan'],
    aliasNames: ['annie', 'khan'],
    forenameMetaphone: 'AN',
    surnameMetaphone: 'KN',
  }),
  // Names swapped, and their sounds: the same name pair keys as the first record.
  record({
    forename: 'khan',
    surname: 'anna',
    dateOfBirth: '1980-02-01',
    forenameMetaphone: 'KN',
    surnameMetaphone: 'AN',
  }),
  record({ forename: 'anna', surname: 'anna', dateOfBirth: null }),
  record({ forename: null, surname: 'smyth', dateOfBirth: '1979-12-25' }),
  record({ forename: 'jo', surname: null, dateOfBirth: '2001-10-31' }),
  record({
    forename: 'tariq',
    surname: 'al hassan',
    dateOfBirth: '1984-02-29',
    nameTokens: ['al', 'hassan', 'tariq'],
  }),
  // A day and month of birth given without a year.
  record({ forename: 'ann', surname: 'lee', birthMonthDay: '03-19' }),
  // A year of birth given without a whole date; an email and a phone number.
  record({
    forename: 'jo',
    surname: 'ng',
    birthYear: '1872',
    email: 'jo.ng@example.com',
    phone: '0061412345678',
  }),
  // Letters beyond ASCII: a name's letters are dropped one code point at a time, in SQL as here.
  record({ forename: 'łukasz', surname: 'żak', dateOfBirth: null }),
]

const sqlText = (v: string | null): string => (v === null ? 'NULL' : `'${v}'`)
const sqlList = (v: readonly string[]): string => `[${v.map((x) => `'${x}'`).join(', ')}]::VARCHAR[]`

describe('blocking keys', () => {
  let db: Database
  before(async () => {
    db = await openDatabase()
    await db.run(
      `CREATE TABLE records (rid INTEGER, forename VARCHAR, surname VARCHAR, date_of_birth VARCHAR,
        birth_year VARCHAR, birth_month_day VARCHAR, middle_names VARCHAR, name_tokens VARCHAR[], alias_names VARCHAR[], email VARCHAR,
        phone VARCHAR, forename_metaphone VARCHAR, surname_metaphone VARCHAR)`,
    )
    const rows = RECORDS.map(
      (r, i) =>
        `(${i}, ${sqlText(r.forename)}, ${sqlText(r.surname)}, ${sqlText(r.dateOfBirth)}, ${sqlText(r.birthYear)}, ` +
        `${sqlText(r.birthMonthDay)}, ` +
        `${sqlText(r.middleNames)}, ` +
        `${sqlList(r.nameTokens)}, ${sqlList(r.aliasNames)}, ${sqlText(r.email)}, ${sqlText(r.phone)}, ` +
        `${sqlText(r.forenameMetaphone)}, ${sqlText(r.surnameMetaphone)})`,
    )
    await db.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
  })
  after(() => db.close())

  test('derived columns are computed as the records table computes them in SQL', async () => {
    const columns = Object.entries(DERIVED_COLUMNS).map(([name, sql]) => `${sql} AS ${name}`)
    const rows = await db.jsRows(`SELECT rid, ${columns.join(', ')} FROM records ORDER BY rid`)
    assert.equal(rows.length, RECORDS.length)
    for (const row of rows) {
      const r = RECORDS[Number(row.rid)]!
      for (const name of Object.keys(DERIVED_COLUMNS)) {
        const sql = row[name] ?? null
        // A list's order is not part of its value: the SQL makes the words distinct in its own order.
        if (Array.isArray(sql))
          assert.deepEqual(
            [...(columnValue(r, name) as string[])].sort(),
            [...sql].sort(),
            `${name} of record ${row.rid}`,
          )
        else assert.equal(keyValue(r, name), sql, `${name} of record ${row.rid}`)
      }
    }
  })

  test('a name pair key is the same whichever way round the names were recorded', () => {
    const rule = { keys: ['name_pair_key'] }
    assert.equal(blockingKey(RECORDS[0]!, rule), 'anna khan')
    assert.equal(blockingKey(RECORDS[1]!, rule), blockingKey(RECORDS[0]!, rule))
    assert.equal(blockingKey(RECORDS[3]!, rule), null, 'no forename, no name pair')
  })

  test('names one typo apart meet on name_one_edit, in either order, while one first letter is right', () => {
    const rule = { keys: ['name_one_edit'] }
    const meet = (a: [string, string], b: [string, string]): boolean => {
      const keys = new Set(blockingKeys(record({ forename: a[0], surname: a[1] }), rule))
      return blockingKeys(record({ forename: b[0], surname: b[1] }), rule).some((k) => keys.has(k))
    }
    // Invented names: a letter added in one and two letters swapped in the other; a letter missing; names swapped.
    assert.ok(meet(['emeka', 'tetteh'], ['emseka', 'teteth']))
    assert.ok(meet(['emeka', 'tetteh'], ['tetteh', 'emka']))
    // A typo in the forename's first letter: the surname's first letter is still right.
    assert.ok(meet(['emeka', 'tetteh'], ['omeka', 'tettah']))
    // Another surname, or a typo in both first letters, is not one typo in each name with a first letter right.
    assert.ok(!meet(['emeka', 'tetteh'], ['emeka', 'okafor']))
    assert.ok(!meet(['emeka', 'tetteh'], ['omeka', 'betteh']))
    assert.deepEqual(blockingKeys(record({ forename: 'emeka', surname: null }), rule), [])
  })

  test('one name one typo away meets on name_word_one_edit beside a birth place, whatever the other name holds', () => {
    const rule = { keys: ['name_word_one_edit', 'attr_birth_place'] }
    const keysOf = (forename: string | null, surname: string | null) =>
      blockingKeys(record({ forename, surname, attributes: { birth_place: 'leeds' } }), rule)
    // Invented names: a surname with a letter changed, held alone by one record; a forename with a letter dropped.
    const alone = new Set(keysOf(null, 'barstead'))
    assert.ok(keysOf('rachel', 'bqrstead').some((k) => alone.has(k)))
    assert.ok(!keysOf('rachel', 'okafor').some((k) => alone.has(k)))
    assert.ok(keysOf('jonathan', null).some((k) => new Set(keysOf('jonthan', 'smyth')).has(k)))
    assert.deepEqual(keysOf(null, null), [])
    // An attribute is a key as the records table's attr_<key> column is.
    const r = record({ surname: 'barstead', attributes: { birth_place: 'leeds' } })
    assert.deepEqual(blockingKeys(r, { keys: ['surname', 'attr_birth_place'] }), ['barstead\u001fleeds'])
  })

  test('the rules for records with little in common propose in real time the pairs the SQL proposes', async () => {
    // Invented names: one person's records one typo apart, holding one name, swapped, a nickname, a mistyped year.
    const people: StandardisedRecord[] = [
      record({
        forename: 'rachel',
        surname: 'barstead',
        sex: 'f',
        postcodeArea: 'lu',
        birthYear: '1806',
        nameTokens: ['rachel', 'barstead'],
      }),
      record({ forename: null, surname: 'barstead', sex: 'f', postcodeArea: 'lu', nameTokens: ['barstead'] }),
      record({ forename: null, surname: 'bqrstead', sex: 'f', postcodeArea: 'lu', nameTokens: ['bqrstead'] }),
      record({
        forename: 'rachdel',
        surname: 'wweybuy',
        sex: 'f',
        postcodeArea: 'cv',
        forenameMetaphone: 'RXL',
      }),
      record({
        forename: 'rachel',
        surname: 'ewybury',
        sex: null,
        postcodeArea: 'ls',
        forenameMetaphone: 'RXL',
      }),
      record({ forename: 'drew', surname: null, sex: 'm', forenameGroup: 'andrew', birthYear: '1878' }),
      record({
        forename: 'andrew',
        surname: 'hayward',
        sex: 'm',
        forenameGroup: 'andrew',
        birthYear: '1878',
      }),
      record({ forename: 'dqvid', surname: 'morrkson', dateOfBirth: '1964-09-20', birthYear: '1964' }),
      record({ forename: 'davdi', surname: 'morrispon', dateOfBirth: '1963-09-20', birthYear: '1963' }),
    ]
    const rules = [
      ['name_word_one_edit', 'sex'],
      ['name_word_one_edit', 'forename_metaphone'],
      ['forename_group', 'dob_year'],
      ['forename_initial', 'surname_initial', 'dob_month_day'],
    ]
    const table = await openDatabase()
    try {
      await table.run(`CREATE TABLE records (rid INTEGER, forename VARCHAR, surname VARCHAR, sex VARCHAR,
        postcode_area VARCHAR, forename_metaphone VARCHAR, forename_group VARCHAR, birth_year VARCHAR,
        date_of_birth VARCHAR, birth_month_day VARCHAR, name_tokens VARCHAR[], alias_names VARCHAR[])`)
      const rows = people.map(
        (r, i) =>
          `(${i}, ${[r.forename, r.surname, r.sex, r.postcodeArea, r.forenameMetaphone, r.forenameGroup, r.birthYear, r.dateOfBirth, r.birthMonthDay].map(sqlText).join(', ')}, ` +
          `${sqlList(r.nameTokens)}, ${sqlList(r.aliasNames)})`,
      )
      await table.run(`INSERT INTO records VALUES ${rows.join(', ')}`)
      const derived = Object.entries(DERIVED_COLUMNS).filter(([name]) => rules.flat().includes(name))
      for (const [name, sql] of derived) {
        await table.run(
          `ALTER TABLE records ADD COLUMN ${name} ${name.includes('names') || name.includes('edit') ? 'VARCHAR[]' : 'VARCHAR'}`,
        )
        await table.run(`UPDATE records SET ${name} = ${sql}`)
      }
      for (const keys of rules) {
        const rule = { name: keys.join(' + '), keys }
        const sql = (
          await table.rows(`SELECT rid_l, rid_r FROM (${blockingRuleSql(rule, 0)}) ORDER BY ALL`)
        ).map((p) => `${p.rid_l}-${p.rid_r}`)
        const inMemory: string[] = []
        for (let i = 0; i < people.length; i++)
          for (let j = i + 1; j < people.length; j++) {
            const mine = new Set(blockingKeys(people[i]!, rule))
            if (blockingKeys(people[j]!, rule).some((k) => mine.has(k))) inMemory.push(`${i}-${j}`)
          }
        assert.deepEqual(inMemory, sql, rule.name)
        assert.ok(sql.length > 0, `${rule.name} proposes a pair`)
      }
    } finally {
      table.close()
    }
  })

  test('a key is null when any of its columns is missing, and joins the values otherwise', () => {
    const rule = { keys: ['surname', 'dob_year'] }
    assert.equal(blockingKey(RECORDS[2]!, rule), null)
    assert.equal(blockingKey(RECORDS[4]!, rule), null)
    assert.equal(blockingKey(RECORDS[5]!, rule), 'al hassan\u001f1984')
    assert.notEqual(
      blockingKey(record({ forename: 'a b', surname: 'c' }), { keys: ['forename', 'surname'] }),
      blockingKey(record({ forename: 'a', surname: 'b c' }), { keys: ['forename', 'surname'] }),
    )
  })

  test('other identifiers are found by their column name', () => {
    const r = record({ otherIds: { 'Soc Sec ID': 'AB12' } })
    assert.equal(blockingKey(r, { keys: ['other_soc_sec_id'] }), 'AB12')
    assert.equal(blockingKey(r, { keys: ['other_passport'] }), null)
  })

  test('a rule on a list column gives a key per distinct word, as the SQL unnests the list', () => {
    const rule = { keys: ['name_tokens', 'date_of_birth'] }
    const r = record({ nameTokens: ['anna', 'khan', 'anna'], dateOfBirth: '1980-01-02' })
    assert.deepEqual(blockingKeys(r, rule), ['anna\u001f1980-01-02', 'khan\u001f1980-01-02'])
    assert.deepEqual(blockingKeys({ ...r, dateOfBirth: null }, rule), [])
    assert.deepEqual(blockingKeys({ ...r, nameTokens: [] }, rule), [])
    assert.deepEqual(blockingKeys(r, { keys: ['date_of_birth'] }), ['1980-01-02'])
  })

  test('in memory, a rule of the data holds its blocks to the limit of the index size, and pairs a dated probe with undated records only', () => {
    const rule = { name: 'surname', keys: ['surname'] }
    const records = 120_000
    const memory = new IndexMemory([rule], records)
    // Invented surnames: "crowd" held by 11 records (over the limit of 10 at this size), "few" by 9, the rest unique.
    // Dated but for five of "few": names alone then pair a dated probe with those only.
    for (let i = 0; i < records; i++) {
      const surname = i < 11 ? 'crowd' : i < 20 ? 'few' : `s${i}`
      memory.putRecord(
        `s:${i}`,
        record({ surname, dateOfBirth: surname === 'few' && i % 2 === 0 ? null : '1990-01-01' }),
        `JID-${i}`,
      )
    }
    assert.equal(memory.candidates(0, record({ surname: 'crowd' }), 1000), null)
    assert.equal(memory.candidates(0, record({ surname: 'crowd', dateOfBirth: '1990-01-01' }), 1000), null)
    const few = [11, 12, 13, 14, 15, 16, 17, 18, 19]
    assert.deepEqual(
      memory.candidates(0, record({ surname: 'few' }), 1000)?.sort((a, b) => a - b),
      few,
    )
    assert.deepEqual(
      memory
        .candidates(0, record({ surname: 'few', dateOfBirth: '1990-01-01' }), 1000)
        ?.sort((a, b) => a - b),
      few.filter((slot) => slot % 2 === 0),
    )
  })

  test('in memory, the default rule of pairs with an undated record keeps its own block limit and condition', () => {
    const rule = {
      name: 'name_pair_key, a record undated',
      keys: ['name_pair_key'],
      undatedOnly: true,
      maxBlock: UNDATED_NAME_BLOCK,
    }
    const memory = new IndexMemory([rule], 10)
    // Invented names: "ann few" held by two records (the first undated), "ann crowd" by three, the rest unique.
    for (let i = 0; i < 10; i++) {
      const surname = i < 2 ? 'few' : i < 5 ? 'crowd' : `s${i}`
      memory.putRecord(
        `s:${i}`,
        record({ forename: 'ann', surname, dateOfBirth: i === 0 || i === 2 ? null : '1990-01-01' }),
        `JID-${i}`,
      )
    }
    const probe = (surname: string, dateOfBirth: string | null) => {
      const slots = memory.candidates(0, record({ forename: 'ann', surname, dateOfBirth }), 1000)
      return slots === null ? null : slots.sort((a, b) => a - b)
    }
    // With the probe, three records hold "ann few": a dated probe meets the undated one, an undated probe both.
    assert.deepEqual(probe('few', '1990-01-01'), [0])
    assert.deepEqual(probe('few', null), [0, 1])
    // Four hold "ann crowd": past the limit, no pair, as in the batch.
    assert.equal(probe('crowd', null), null)
  })

  test('in memory, the undated records of a block are its own, whatever shares its key hash, within its limit', () => {
    const rule = { name: 'surname', keys: ['surname'] }
    const records = 120_000
    // Two invented surnames whose keys have one hash (FNV-1a): 6 records each, 12 under the hash, over the limit of
    // 10 at this size, though each surname's block is within it. The first four of each are undated, all else dated.
    const [own, other] = ['name23zx', 'namedpad']
    const memory = new IndexMemory([rule], records)
    for (let i = 0; i < records; i++) {
      const surname = i < 6 ? own : i < 12 ? other : `s${i}`
      memory.putRecord(
        `s:${i}`,
        record({ surname, dateOfBirth: i < 12 && i % 6 < 4 ? null : '1990-01-01' }),
        `JID-${i}`,
      )
    }
    const dated = (surname: string) => record({ surname, dateOfBirth: '1990-01-01' })
    const sorted = (slots: number[] | null) => slots?.sort((a, b) => a - b)
    assert.deepEqual(sorted(memory.candidates(0, dated(own!), 1000)), [0, 1, 2, 3])
    assert.deepEqual(sorted(memory.candidates(0, dated(other!), 1000)), [6, 7, 8, 9])
    // Under the limit by the hash alone: still only the key's own records.
    for (const key of ['s:4', 's:5', 's:10', 's:11']) memory.deleteRecord(key)
    assert.deepEqual(sorted(memory.candidates(0, dated(own!), 1000)), [0, 1, 2, 3])
    assert.deepEqual(sorted(memory.candidates(0, dated(other!), 1000)), [6, 7, 8, 9])
  })

  test('in memory, a list rule finds records sharing any one word, and forgets a replaced record', () => {
    const rule = { name: 'name_tokens + date_of_birth', keys: ['name_tokens', 'date_of_birth'] }
    const memory = new IndexMemory([rule], 4)
    const day = '1980-01-02'
    memory.putRecord('s:1', record({ nameTokens: ['anna', 'khan'], dateOfBirth: day }), 'JID-A')
    memory.putRecord('s:2', record({ nameTokens: ['khan', 'tariq'], dateOfBirth: day }), 'JID-B')
    memory.putRecord('s:3', record({ nameTokens: ['khan'], dateOfBirth: '1981-01-02' }), 'JID-C')
    const probe = record({ nameTokens: ['anna', 'khan'], dateOfBirth: day })
    assert.deepEqual(memory.candidates(0, probe, 10)?.sort(), [0, 1])
    memory.putRecord('s:2', record({ nameTokens: ['omar'], dateOfBirth: day }), 'JID-B')
    assert.deepEqual(memory.candidates(0, probe, 10), [0])
  })
})
