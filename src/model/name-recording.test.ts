import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { openDatabase, sqlString } from '../batch/database.ts'
import { DERIVED_COLUMNS } from '../batch/record-table.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { standardiseInput } from '../realtime/probe.ts'
import type { RecordInput } from '../realtime/types.ts'
import { columnValue } from './conditions.ts'
import type { LinkageModel } from './model.ts'
import { scorePair } from './score.ts'
import { untrainedModel } from './testing/model.ts'

// How one person's name is recorded by many hands: family name first, a given name of two syllables written as one
// word, two or hyphenated, Muhammad before the name gone by. Invented names; no real data.

const columns = new Set([
  'forename',
  'forename_group',
  'forename_other_groups',
  'surname',
  'surname_parts',
  'surname_group',
  'surname_metaphone',
  'name_tokens',
  'middle_names',
  'given_names',
  'name_joined',
  'name_joined_family_first',
  'date_of_birth',
  'postcode',
  'postcode_sector',
  'postcode_district',
  'postcode_area',
])
const model: LinkageModel = untrainedModel(columns)

const at = { dateOfBirth: '1991-05-17', postcode: 'LS1 4AB' }
const rec = (input: RecordInput, id = '1'): StandardisedRecord =>
  standardiseInput('court', id, { ...at, ...input })
const levels = (l: StandardisedRecord, r: StandardisedRecord) => {
  const score = scorePair(model, l, r)
  const label = (name: string) => score.comparisons.find((c) => c.name === name)?.label
  return { forename: label('forename'), surname: label('surname'), guard: score.guard }
}

describe('names recorded by many hands', () => {
  test('a name family name first with its given name split is the same name words, weighed once', () => {
    const split = rec({ forename: 'Xiao Ming', surname: 'Wang' })
    for (const familyFirst of [
      rec({ fullName: 'XIAOMING, Wang' }, '2'),
      rec({ fullName: 'Wang Xiao Ming' }, '3'),
      rec({ forename: 'Wang', surname: 'Xiaoming' }, '4'),
    ]) {
      assert.deepEqual(levels(split, familyFirst), {
        forename: 'null',
        surname: 'the same name words, split or ordered another way',
        guard: undefined,
      })
    }
    // Whole names swapped keep their own level.
    assert.equal(
      levels(rec({ fullName: 'Wang Xiaoming' }), rec({ fullName: 'Xiaoming Wang' }, '2')).surname,
      'swapped with forename',
    )
  })

  test('a name family name first, one name a variant spelling and the other mistyped, is still swapped', () => {
    const l = rec({ fullName: 'HABBI, Abdallah' })
    assert.deepEqual(levels(l, rec({ forename: 'Habib', surname: 'Abdullah' }, '2')), {
      forename: 'null',
      surname: 'swapped, with a variant spelling',
      guard: undefined,
    })
    // Two typos are not one.
    assert.notEqual(
      levels(l, rec({ forename: 'Hbaib', surname: 'Abdullah' }, '2')).surname,
      'swapped, with a variant spelling',
    )
  })

  test('a given name written as one word, two or hyphenated is the same given name', () => {
    for (const [a, b] of [
      [
        { forename: 'Xiaoming', surname: 'Wang' },
        { forename: 'Xiao Ming', surname: 'Wang' },
      ],
      [
        { forename: 'Ji-ho', surname: 'Kim' },
        { forename: 'Jiho', surname: 'Kim' },
      ],
      [{ fullName: 'HASSAN, Abdul Rahman' }, { forename: 'Abdulrahman', surname: 'Hassan' }],
    ] as const) {
      assert.equal(levels(rec(a), rec(b, '2')).forename, 'the same given names, written as one word or two')
    }
  })

  test('twins at one address are still kept apart: their names do not share every word', () => {
    const l = rec({ forename: 'Xiao Ming', surname: 'Wang' })
    assert.equal(levels(l, rec({ forename: 'Jun', surname: 'Wang' }, '2')).guard, 'likely_relatives')
    // The same letters in another order are another name: twins Amir and Rami.
    const amir = rec({ forename: 'Amir', surname: 'Hassan' })
    assert.deepEqual(levels(amir, rec({ forename: 'Rami', surname: 'Hassan' }, '2')), {
      forename: 'different',
      surname: 'exact',
      guard: 'likely_relatives',
    })
    assert.equal(levels(l, rec({ forename: 'Ming', surname: 'Chen' }, '2')).surname, 'different')
  })

  test("a surname found only as the other's agreeing forename is not found again: one word is counted once", () => {
    // The forenames agree, so the word the surname matches was weighed by the forename comparison already.
    for (const [twice, other] of [
      [rec({ forename: 'Sami', surname: 'Samir' }), rec({ forename: 'Sami', surname: 'Hussein' }, '2')],
      [
        rec({ forename: 'Muhammed', surname: 'Mohammed' }),
        rec({ forename: 'Mohammed', surname: 'Shah' }, '2'),
      ],
      [
        rec({ forename: 'Mohamed', surname: 'Mohammed' }),
        rec({ forename: 'Mohammed', surname: 'Shah' }, '2'),
      ],
    ] as const) {
      assert.equal(levels(twice, other).surname, 'different')
      assert.equal(levels(other, twice).surname, 'different')
    }
    // A patronymic recorded as a middle name in one record and as the surname in another still counts, exact or
    // mistyped.
    const full = rec({ forename: 'Omar', middleNames: ['Khalid'], surname: 'Hassan' })
    assert.equal(
      levels(full, rec({ forename: 'Omar', surname: 'Khalid' }, '2')).surname,
      'found among the other name words',
    )
    assert.equal(
      levels(full, rec({ forename: 'Omar', surname: 'Khaled' }, '2')).surname,
      'near one of the other name words',
    )
    // Where the forenames differ, the word is the given name of a name written family name first, counted here.
    assert.equal(
      levels(rec({ forename: 'Park', surname: 'Min' }), rec({ forename: 'Lily', surname: 'Park' }, '2'))
        .surname,
      'found among the other name words',
    )
  })

  test('Muhammad, or Vietnamese Van or Thi, before the name the other record gives is a level of its own', () => {
    const label = 'Muhammad (or Van, Thi) before the name the other gives'
    const registered = rec({ forename: 'Mohammed Asif', surname: 'Khan' })
    assert.equal(levels(registered, rec({ forename: 'Asif', surname: 'Khan' }, '2')).forename, label)
    assert.equal(
      levels(rec({ fullName: 'NGUYEN, Van Minh' }), rec({ fullName: 'Minh NGUYEN' }, '2')).forename,
      label,
    )
    assert.equal(
      levels(rec({ fullName: 'TRAN, Thi Lan' }), rec({ fullName: 'Lan TRAN' }, '2')).forename,
      label,
    )
    // Written in Vietnamese order with no comma or capitals: Van is not the Dutch particle, and the name is swapped.
    assert.equal(
      levels(rec({ fullName: 'Nguyen Van Minh' }), rec({ fullName: 'Minh NGUYEN' }, '2')).surname,
      'swapped with forename',
    )
    // A middle name used as the forename, without Muhammad, stays what it was.
    assert.equal(
      levels(
        rec({ forename: 'Tariq Asif', surname: 'Khan' }),
        rec({ forename: 'Asif', surname: 'Khan' }, '2'),
      ).forename,
      'found among the other given names',
    )
  })

  test('the whole name written as one word, and family name first, is the same in SQL as in memory', async () => {
    const records = [
      rec({ fullName: 'XIAOMING, Wang' }),
      rec({ forename: 'Xiao-Ming', middleNames: ['Li'], surname: 'Wang' }),
      rec({ forename: 'Ana' }),
      rec({ surname: 'Ruiz' }),
    ]
    const db = await openDatabase()
    try {
      const text = (v: string | null) => (v === null ? 'NULL' : sqlString(v))
      const values = records.map((r) => `(${[r.forename, r.middleNames, r.surname].map(text).join(', ')})`)
      await db.run(`CREATE TABLE t (forename VARCHAR, middle_names VARCHAR, surname VARCHAR)`)
      await db.run(`INSERT INTO t VALUES ${values.join(', ')}`)
      const rows = await db.jsRows(
        `SELECT ${DERIVED_COLUMNS.name_joined} AS k, ${DERIVED_COLUMNS.name_joined_family_first} AS f FROM t`,
      )
      const inMemory = records.map((r) => ({
        k: columnValue(r, 'name_joined'),
        f: columnValue(r, 'name_joined_family_first'),
      }))
      assert.deepEqual(
        rows.map((row) => ({ k: row.k, f: row.f })),
        inMemory,
      )
      assert.deepEqual(inMemory, [
        { k: 'wangxiaoming', f: ['xiaomingwang'] },
        { k: 'xiaomingliwang', f: ['wangxiaomingli'] },
        { k: null, f: [] },
        { k: null, f: [] },
      ])
    } finally {
      db.close()
    }
  })
})
