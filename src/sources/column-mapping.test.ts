import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formatMapping, mappingOf, settingsSnippet } from './column-mapping.ts'
import { detectLayout } from './layout.ts'

const mapping = (headers: string[], settings = {}) =>
  mappingOf({ name: 'court', file: 'court.csv' }, detectLayout(headers, 'court.csv', settings))

describe('the column mapping shown to the user', () => {
  test('names each column, its role, the reason and what is done with it', () => {
    const lines = formatMapping([mapping(['id', 'GIV_NM', 'by', 'bm', 'bd', 'hair colour'])])
    assert.equal(lines[0], 'Columns of court (court.csv): record ids: id (header)')
    assert.match(lines[2]!, /^ {2}GIV_NM +forename +\(header\) +compared as a forename$/)
    assert.match(lines[3]!, /by +birthYear .*birth year: assembled with bm, bd into a birth date$/)
    assert.match(lines[6]!, /hair colour +extra .*not used/)
  })

  test('says when the record ids are row numbers', () => {
    assert.match(formatMapping([mapping(['surname', 'forename'])])[0]!, /record ids: the row number/)
  })

  test('a settings snippet is offered when a column is unused or there is no id column, and not otherwise', () => {
    const snippet = settingsSnippet([mapping(['id', 'surname', 'hair colour'])])
    assert.deepEqual(JSON.parse(snippet ?? '{}'), {
      sources: { court: { recordId: 'id', columns: { surname: 'surname', 'hair colour': 'extra' } } },
    })
    assert.ok(settingsSnippet([mapping(['surname'])]))
    assert.equal(
      settingsSnippet([mapping(['id', 'surname', 'hair colour'], { columns: { 'hair colour': 'ignore' } })]),
      undefined,
    )
    assert.equal(settingsSnippet([mapping(['id', 'surname', 'dob'])]), undefined)
  })
})
