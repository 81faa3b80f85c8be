/**
 * `justid profile` through the real CLI process, on a small hand-made extract (invented names): each column's role
 * and reason, its completeness and top values, and what JustID will do with it, as text and as JSON.
 */

import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { justid, tempFolder, writeLines } from './support/cli.ts'

const dir = tempFolder('justid-profile-')
const extract = writeLines(dir, 'extract.csv', [
  'case_ref,pnc_id,GIV_NM,FAM_NM,by,bm,bd,notes,cluster',
  'CR-1,,Robert,Quillby,1884,3,12,,1',
  'CR-2,,Mary,Zanthorpe,1890,11,2,Seen at the market stall on Tuesday and again on Friday,2',
  'CR-3,,Mary,Zanthorpe,1890,11,2,,2',
  'CR-4,,Thomas,Penhallow,1969,1,15,,3',
])

describe('justid profile', () => {
  test('prints each column with its role, reason, figures and use', () => {
    const r = justid('profile', `court=${extract}`)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^court \(.*extract\.csv\): 4 rows, record ids: case_ref \(header\+content\)/)
    assert.match(
      r.stdout,
      /GIV_NM: forename \(header\+content, values look like single names\)\n {4}compared as a forename\n {4}complete 100\.0%, 3 distinct values\n {4}top: "Mary" 2, "Robert" 1, "Thomas" 1/,
    )
    assert.match(
      r.stdout,
      /by: birthYear \(header\+content, values look like years\)\n {4}birth year: assembled with bm, bd into a birth date/,
    )
    assert.match(
      r.stdout,
      /pnc_id: pnc \(header, values look like nothing \(empty\)\)\n {4}compared as a PNC number.*\n {4}complete 0\.0%, 0 distinct values/,
    )
    assert.match(
      r.stdout,
      /notes: extra \(content, values look like free text\)\n {4}not used: free text\n {4}complete 25\.0%/,
    )
    assert.match(r.stdout, /cluster: truth \(header, values look like .*\)\n {4}the true person/)
  })

  test('--json gives the same as data, and settings apply', () => {
    const settings = path.join(dir, 'settings.json')
    writeFileSync(settings, JSON.stringify({ sources: { court: { columns: { notes: 'ignore' } } } }))
    const r = justid('profile', '--json', '--settings', settings, `court=${extract}`)
    assert.equal(r.code, 0, r.stderr)
    const { sources } = JSON.parse(r.stdout)
    assert.equal(sources[0].recordId, 'case_ref')
    assert.equal(sources[0].wholeFile, true)
    const column = (header: string) => sources[0].columns.find((c: { header: string }) => c.header === header)
    assert.deepEqual(
      {
        role: column('FAM_NM').role,
        reason: column('FAM_NM').reason,
        completeness: column('FAM_NM').completeness,
      },
      { role: 'surname', reason: 'header+content', completeness: 1 },
    )
    assert.deepEqual(column('FAM_NM').top[0], { value: 'Zanthorpe', count: 2 })
    assert.deepEqual([column('notes').role, column('notes').reason], ['ignore', 'settings'])
  })

  test('a missing file is an error naming it, with a non-zero exit', () => {
    const r = justid('profile', path.join(dir, 'nope.csv'))
    assert.equal(r.code, 3)
    assert.match(r.stderr, /nope\.csv: no such file/)
  })
})
