/**
 * A source with no record id column, end to end through the CLI: the record ids are the data row numbers, the run
 * says so and records it in run.json, and `justid evaluate --truth <column>` reads the truth by the same numbers.
 */

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { justid, tempFolder, writeLines } from './support/cli.ts'

const dir = tempFolder('justid-rownumber-')
// Invented people, two of them recorded twice with small differences; a blank line is not a row.
const extract = writeLines(dir, 'register.csv', [
  'first_name,surname,dob,city,cluster',
  'Robert,Quillby,1884-03-12,Exeter,1',
  'Aoife,Zanthorpe,1890-11-02,Leeds,2',
  '',
  'Tobias,Merriweather,1875-07-30,Hull,3',
  'Bob,Quillby,1884-03-12,Exeter,1',
  'Danuta,Penhallow,1869-01-15,Truro,4',
  'Marco,Ortelli,1901-05-05,Bath,5',
  'Aoife,Zanthorp,1890-11-02,Leeds,2',
  'Ciara,Brackwater,1899-02-21,York,6',
])

describe('record ids from row numbers', () => {
  const out = path.join(dir, 'out')
  const linked = justid('link', '--out', out, extract)

  test('the run says the ids are row numbers and records it', () => {
    assert.equal(linked.code, 0, linked.stderr)
    assert.match(linked.stdout, /record ids: the row number/)
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'))
    assert.equal(run.sources[0].recordIdColumn, null)
    const ids = readFileSync(path.join(out, 'clusters.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1])
    assert.deepEqual(ids.sort(), ['1', '2', '3', '4', '5', '6', '7', '8'])
  })

  test('evaluate reads the truth column by the same row numbers', () => {
    const r = justid('evaluate', '--out', out, '--truth', 'cluster')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Records: 8 \(0 without truth, left out\)/)
    assert.match(r.stdout, /True matching pairs: 2\b/)
    // Truth read on the wrong rows (the blank line counted, say) would not line up with the two clear pairs.
    assert.match(r.stdout, /Pairwise: +precision 1\.0000 +recall 1\.0000/)
  })
})
