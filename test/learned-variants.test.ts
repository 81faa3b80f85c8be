/**
 * Name variants learned from the data, end to end through `justid link`: a pair of forenames that only records
 * sharing a PNC show to be one person's (invented names, so no hand-written table knows them) is learned, and then
 * links two records of another person that have no identifier, whose forenames would otherwise read as different.
 */

import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { pncCheckCharacter } from '../src/core/check-characters.ts'
import { justid, tempFolder } from './support/cli.ts'

const dir = tempFolder('justid-learned-')

const pnc = (serial: number): string =>
  `2010/${String(serial).padStart(7, '0')}${pncCheckCharacter(2010, serial)}`

// Invented syllables make names no variant table lists.
const SYLLABLES = [
  'bra',
  'cel',
  'dor',
  'fen',
  'gal',
  'hur',
  'jin',
  'kes',
  'lom',
  'mar',
  'nev',
  'pol',
  'quin',
  'ros',
]
const nameOf = (i: number, salt: number): string => {
  const a = SYLLABLES[(i * 7 + salt) % SYLLABLES.length]!
  const b = SYLLABLES[(i * 3 + salt * 5 + 1) % SYLLABLES.length]!
  const c = SYLLABLES[(i + salt * 11 + 2) % SYLLABLES.length]!
  return `${a}${b}${c}`.replace(/^./, (x) => x.toUpperCase())
}
const dateOf = (i: number): string =>
  `${1950 + (i % 40)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`
const postcodeOf = (i: number): string =>
  `LS${1 + (i % 20)} ${1 + (i % 9)}${'ABDEFG'[i % 6]}${'HJLNPQ'[i % 6]}`

test('a forename pair seen only in PNC-linked records is learned and links a pair without an identifier', () => {
  const court = ['case_id,defendant_name,date_of_birth,address_line_1,postcode,pnc']
  const prison = ['booking_id,first_name,last_name,date_of_birth,pnc']
  // Sixty people in both sources, most with a PNC, so training has matches and non-matches to learn from.
  for (let i = 0; i < 60; i++) {
    const forename = nameOf(i, 1)
    const surname = nameOf(i, 2).toUpperCase()
    const id = i % 4 === 0 ? '' : pnc(1000 + i)
    court.push(`C${i},"${surname}, ${forename}",${dateOf(i)},${i + 1} Alder Road,${postcodeOf(i)},${id}`)
    prison.push(`B${i},${forename},${surname},${dateOf(i)},${id}`)
  }
  // Three people known as Zorvath in court and Zed in prison, their records linked only by a PNC.
  for (let i = 0; i < 3; i++) {
    const surname = nameOf(100 + i, 3).toUpperCase()
    court.push(
      `CZ${i},"${surname}, Zorvath",${dateOf(100 + i)},5 Elm Close,${postcodeOf(100 + i)},${pnc(2000 + i)}`,
    )
    prison.push(`BZ${i},Zed,${surname},${dateOf(200 + i)},${pnc(2000 + i)}`)
  }
  // Another person, with no PNC, recorded under both names with one birth date, once in each source.
  court.push('CQ1,"QUARROWBY, Zorvath",1977-06-14,9 Fir Way,HU5 3RB,')
  prison.push('BQ1,Zed,QUARROWBY,1977-06-14,')
  const courtFile = path.join(dir, 'court.csv')
  const prisonFile = path.join(dir, 'prison.csv')
  writeFileSync(courtFile, court.join('\n'))
  writeFileSync(prisonFile, prison.join('\n'))

  const out = path.join(dir, 'out')
  const run = justid('link', '--out', out, courtFile, prisonFile)
  assert.equal(run.code, 0, run.stderr)

  const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as {
    comparisons: { name: string; levels: { label: string; condition: { pairs?: string[] } }[] }[]
  }
  const forename = model.comparisons.find((c) => c.name === 'forename')!
  const learned = forename.levels.find((l) => l.label === 'a variant learned from identifier-linked records')
  assert.deepEqual(learned?.condition.pairs, ['zed|zorvath'])

  const person = new Map(
    readFileSync(path.join(out, 'clusters.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .map(([source, recordId, personId]) => [`${source}:${recordId}`, personId]),
  )
  assert.equal(person.get('court:CQ1'), person.get('prison:BQ1'))
})
