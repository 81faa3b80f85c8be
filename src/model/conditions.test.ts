import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { type Condition, evaluateCondition } from './conditions.ts'
import { arbitraryPair, arbitraryRecord, record } from './testing/records.ts'

const holds = (c: Condition, l: object, r: object) => evaluateCondition(c, record(l), record(r))

describe('conditions, by example', () => {
  test('null: any named column missing on either side; empty lists are missing', () => {
    const c: Condition = { kind: 'null', columns: ['forename', 'name_tokens'] }
    assert.equal(
      holds(c, { forename: 'ann', nameTokens: ['ann'] }, { forename: 'ann', nameTokens: ['ann'] }),
      false,
    )
    assert.equal(
      holds(c, { forename: 'ann', nameTokens: ['ann'] }, { forename: null, nameTokens: ['ann'] }),
      true,
    )
    assert.equal(
      holds(c, { forename: 'ann', nameTokens: [] }, { forename: 'ann', nameTokens: ['ann'] }),
      true,
    )
  })

  test('exact, fuzzy and edit distances are false when a side is missing', () => {
    assert.equal(holds({ kind: 'exact', column: 'surname' }, { surname: 'khan' }, { surname: 'khan' }), true)
    assert.equal(holds({ kind: 'exact', column: 'surname' }, { surname: null }, { surname: null }), false)
    assert.equal(
      holds(
        { kind: 'jaroWinkler', column: 'surname', atLeast: 0.9 },
        { surname: 'smith' },
        { surname: 'smyth' },
      ),
      false,
    )
    assert.equal(
      holds(
        { kind: 'jaroWinkler', column: 'surname', atLeast: 0.85 },
        { surname: 'smith' },
        { surname: 'smyth' },
      ),
      true,
    )
    assert.equal(
      holds({ kind: 'levenshtein', column: 'pnc', atMost: 1 }, { pnc: '2001/1a' }, { pnc: '2001/1b' }),
      true,
    )
    assert.equal(
      holds({ kind: 'levenshtein', column: 'pnc', atMost: 1 }, { pnc: '2001/1a' }, { pnc: null }),
      false,
    )
    assert.equal(
      holds(
        { kind: 'damerauLevenshtein', column: 'surname', atMost: 1 },
        { surname: 'kahn' },
        { surname: 'khan' },
      ),
      true,
    )
    assert.equal(
      holds({ kind: 'levenshtein', column: 'surname', atMost: 1 }, { surname: 'kahn' }, { surname: 'khan' }),
      false,
    )
  })

  test('other identifiers are columns other_<name>', () => {
    const c: Condition = { kind: 'exact', column: 'other_soc_sec_id' }
    assert.equal(holds(c, { otherIds: { 'Soc Sec ID': 'A1' } }, { otherIds: { 'Soc Sec ID': 'A1' } }), true)
    assert.equal(holds(c, { otherIds: { 'Soc Sec ID': 'A1' } }, { otherIds: { 'Soc Sec ID': 'A2' } }), false)
  })

  test('list conditions: jaccard bands and overlap; two empty lists are not similar', () => {
    const j = (atLeast: number): Condition => ({ kind: 'tokenJaccard', column: 'address_tokens', atLeast })
    const a = { addressTokens: ['1', 'high', 'street'] }
    const b = { addressTokens: ['1', 'high', 'road'] }
    assert.equal(holds(j(0.5), a, b), true)
    assert.equal(holds(j(0.6), a, b), false)
    assert.equal(holds(j(0), { addressTokens: [] }, { addressTokens: [] }), false)
    assert.equal(
      holds(
        { kind: 'listOverlap', column: 'surname_parts' },
        { surnameParts: ['smith', 'jones'] },
        { surnameParts: ['jones'] },
      ),
      true,
    )
    assert.equal(
      holds(
        { kind: 'listOverlap', column: 'surname_parts' },
        { surnameParts: ['smith'] },
        { surnameParts: ['jones'] },
      ),
      false,
    )
  })

  test('swapped forename and surname', () => {
    const c: Condition = { kind: 'swapped', columns: ['forename', 'surname'] }
    assert.equal(
      holds(c, { forename: 'tariq', surname: 'khan' }, { forename: 'khan', surname: 'tariq' }),
      true,
    )
    assert.equal(
      holds(c, { forename: 'tariq', surname: 'khan' }, { forename: 'tariq', surname: 'khan' }),
      false,
    )
    assert.equal(holds(c, { forename: 'tariq', surname: null }, { forename: null, surname: 'tariq' }), false)
  })

  test('swapped with a typo: one name equal, the other within the distance', () => {
    const c: Condition = { kind: 'swapped', columns: ['forename', 'surname'], atMost: 1 }
    const zheng = { forename: 'toyn', surname: 'zheng' }
    assert.equal(holds(c, zheng, { forename: 'zheng', surname: 'tony' }), true)
    assert.equal(holds(c, zheng, { forename: 'zheng', surname: 'toby' }), false, 'two letters apart')
    assert.equal(holds(c, zheng, { forename: 'zhang', surname: 'tony' }), false, 'a typo in both names')
    assert.equal(holds(c, zheng, { forename: 'zheng', surname: null }), false)
    // In a name of three letters a letter changed is another name: Tang Lei and Tang Wei are twins.
    assert.equal(holds(c, { forename: 'lei', surname: 'tang' }, { forename: 'tang', surname: 'wei' }), false)
  })

  test('inTokens: a middle name used as the forename, either way round', () => {
    const c: Condition = { kind: 'inTokens', column: 'forename', list: 'name_tokens' }
    const full = { forename: 'mohammed', nameTokens: ['khan', 'mohammed', 'tariq'] }
    const known = { forename: 'tariq', nameTokens: ['khan', 'tariq'] }
    assert.equal(holds(c, full, known), true)
    assert.equal(holds(c, known, full), true)
    assert.equal(holds(c, known, { forename: 'ali', nameTokens: ['ali', 'khan'] }), false)
  })

  test('inTokens with atMost: a word one letter away counts, in words of four letters or more', () => {
    const c: Condition = { kind: 'inTokens', column: 'surname', list: 'name_tokens', atMost: 1 }
    // "EL-SAYED, Omar Mrwan" beside "Omar Marwan": the patronymic mistyped in one source.
    const court = { surname: 'el sayed', nameTokens: ['el', 'mrwan', 'omar', 'sayed'] }
    const prison = { surname: 'marwan', nameTokens: ['marwan', 'omar'] }
    assert.equal(holds(c, court, prison), true)
    assert.equal(holds(c, prison, court), true)
    assert.equal(holds({ ...c, atMost: undefined }, prison, court), false, 'not without atMost')
    assert.equal(
      holds(c, { surname: 'amr', nameTokens: ['amr'] }, { surname: 'x', nameTokens: ['amir'] }),
      false,
    )
  })

  test("inTokens with except: a word that is the other's `except` value does not count", () => {
    const c: Condition = { kind: 'inTokens', column: 'surname', list: 'name_tokens', except: 'forename' }
    // "KAMINSKI, Michal" written the wrong way round beside Andrzej Kaminski: one shared word, already the
    // forename comparison's evidence.
    const swapped = { forename: 'kaminski', surname: 'michal', nameTokens: ['kaminski', 'michal'] }
    const other = { forename: 'andrzej', surname: 'kaminski', nameTokens: ['andrzej', 'kaminski'] }
    assert.equal(holds(c, swapped, other), false)
    assert.equal(holds(c, other, swapped), false)
    // A patronymic recorded as the surname and as a middle name still counts.
    const patronymic = { forename: 'nasser', surname: 'bassam', nameTokens: ['bassam', 'nasser'] }
    const full = { forename: 'nasser', surname: 'nassar', nameTokens: ['bassam', 'nassar', 'nasser'] }
    assert.equal(holds(c, patronymic, full), true)
  })

  test("inTokens with except and atMost: a word near the other's `except` value does not count either", () => {
    const c: Condition = {
      kind: 'inTokens',
      column: 'surname',
      list: 'name_tokens',
      except: 'forename',
      atMost: 1,
    }
    // "SAMIR, Sami" beside "Sami Hussein": the surname is one letter from the other's forename, which the forename
    // comparison weighs.
    const twice = { forename: 'sami', surname: 'samir', nameTokens: ['sami', 'samir'] }
    const other = { forename: 'sami', surname: 'hussein', nameTokens: ['hussein', 'sami'] }
    assert.equal(holds(c, twice, other), false)
    assert.equal(holds(c, other, twice), false)
    // Near a middle name that is not the forename, it counts; so does any word beside a missing forename.
    const middle = { forename: 'omar', surname: 'hussein', nameTokens: ['hussein', 'omar', 'samer'] }
    assert.equal(holds(c, twice, middle), true)
    assert.equal(holds(c, twice, { surname: 'x', nameTokens: ['sami'] }), true)
  })

  test('initial: one side a single letter, the first letter of the other', () => {
    const c: Condition = { kind: 'initial', column: 'forename' }
    assert.equal(holds(c, { forename: 'j' }, { forename: 'john' }), true)
    assert.equal(holds(c, { forename: 'john' }, { forename: 'j' }), true)
    assert.equal(holds(c, { forename: 'j' }, { forename: 'mary' }), false)
    assert.equal(holds(c, { forename: 'jo' }, { forename: 'john' }), false)
  })

  test('eitherIn: either side one of the values; a missing side is not', () => {
    const c: Condition = { kind: 'eitherIn', column: 'forename', values: ['mohammed', 'md'] }
    assert.equal(holds(c, { forename: 'mohammed' }, { forename: 'asif' }), true)
    assert.equal(holds(c, { forename: 'asif' }, { forename: 'md' }), true)
    assert.equal(holds(c, { forename: 'asif' }, { forename: 'imran' }), false)
    assert.equal(holds(c, { forename: null }, { forename: 'asif' }), false)
  })

  test('dates: day and month swapped, within days, within years (29 February + 1 year = 28 February)', () => {
    const swapped: Condition = { kind: 'dayMonthSwapped', column: 'date_of_birth' }
    assert.equal(holds(swapped, { dateOfBirth: '1990-03-07' }, { dateOfBirth: '1990-07-03' }), true)
    assert.equal(holds(swapped, { dateOfBirth: '1990-03-03' }, { dateOfBirth: '1990-03-03' }), false)
    assert.equal(holds(swapped, { dateOfBirth: '1990-03-07' }, { dateOfBirth: '1991-07-03' }), false)
    const days: Condition = { kind: 'dateWithinDays', column: 'date_of_birth', days: 31 }
    assert.equal(holds(days, { dateOfBirth: '1990-01-31' }, { dateOfBirth: '1990-03-03' }), true)
    assert.equal(holds(days, { dateOfBirth: '1990-01-31' }, { dateOfBirth: '1990-03-04' }), false)
    assert.equal(holds(days, { dateOfBirth: '1990-02-30' }, { dateOfBirth: '1990-03-01' }), false)
    const years: Condition = { kind: 'dateWithinYears', column: 'date_of_birth', years: 1 }
    assert.equal(holds(years, { dateOfBirth: '1990-05-01' }, { dateOfBirth: '1991-05-01' }), true)
    assert.equal(holds(years, { dateOfBirth: '1991-05-02' }, { dateOfBirth: '1990-05-01' }), false)
    assert.equal(holds(years, { dateOfBirth: '1980-02-29' }, { dateOfBirth: '1981-02-28' }), true)
    assert.equal(holds(years, { dateOfBirth: '1980-02-29' }, { dateOfBirth: '1981-03-01' }), false)
  })

  test('and, or, not, else', () => {
    const t: Condition = { kind: 'else' }
    const f: Condition = { kind: 'not', condition: t }
    assert.equal(holds({ kind: 'and', all: [t, f] }, {}, {}), false)
    assert.equal(holds({ kind: 'or', any: [f, t] }, {}, {}), true)
    assert.equal(holds(f, {}, {}), false)
  })
})

const symmetric: Condition[] = [
  { kind: 'exact', column: 'surname' },
  { kind: 'jaroWinkler', column: 'forename', atLeast: 0.8 },
  { kind: 'levenshtein', column: 'date_of_birth', atMost: 1 },
  { kind: 'tokenJaccard', column: 'address_tokens', atLeast: 0.4 },
  { kind: 'listOverlap', column: 'surname_parts' },
  { kind: 'swapped', columns: ['forename', 'surname'] },
  { kind: 'swapped', columns: ['forename', 'surname'], atMost: 1 },
  { kind: 'inTokens', column: 'forename', list: 'name_tokens' },
  { kind: 'inTokens', column: 'surname', list: 'name_tokens', except: 'forename' },
  { kind: 'inTokens', column: 'surname', list: 'name_tokens', except: 'forename', atMost: 1 },
  { kind: 'inTokens', column: 'forename', list: 'alias_names' },
  { kind: 'initial', column: 'forename' },
  { kind: 'dayMonthSwapped', column: 'date_of_birth' },
  { kind: 'dateWithinDays', column: 'date_of_birth', days: 31 },
  { kind: 'dateWithinYears', column: 'date_of_birth', years: 1 },
  { kind: 'null', columns: ['forename', 'pnc'] },
]

describe('conditions, as properties', () => {
  test('every condition gives the same answer with the records exchanged', () => {
    fc.assert(
      fc.property(arbitraryPair, ([l, r]) => {
        for (const c of symmetric)
          assert.equal(evaluateCondition(c, l, r), evaluateCondition(c, r, l), c.kind)
      }),
    )
  })

  test('a value compared with a missing value never agrees', () => {
    const agreements = symmetric.filter((c) => c.kind !== 'null')
    fc.assert(
      fc.property(arbitraryRecord, (l) => {
        const empty = record()
        for (const c of agreements) assert.equal(evaluateCondition(c, l, empty), false, c.kind)
      }),
    )
  })

  test('a record agrees exactly with itself on every field it holds', () => {
    fc.assert(
      fc.property(arbitraryRecord, (l) => {
        for (const column of ['forename', 'surname', 'date_of_birth', 'postcode']) {
          const c: Condition = { kind: 'exact', column }
          const isNull = evaluateCondition({ kind: 'null', columns: [column] }, l, l)
          assert.equal(evaluateCondition(c, l, l), !isNull)
        }
      }),
    )
  })
})
