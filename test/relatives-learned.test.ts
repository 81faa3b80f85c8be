/**
 * The relatives guards learned from the data, end to end through `justid link`, on files without an identifier
 * (invented names). Where the file holds no households, a person's second record with a forename recorded quite
 * differently links, although it shares surname, birth date and address as twins would. Where it holds households,
 * twins stay apart as before.
 */

import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { justid, tempFolder } from './support/cli.ts'

const dir = tempFolder('justid-relatives-')

// Invented syllables: no variant or nickname table knows these names, so only the guard decides.
const SYLLABLES = ['bra', 'cel', 'dor', 'fen', 'gal', 'hur', 'jin', 'kes', 'lom', 'mar', 'nev', 'pol', 'quin']
const nameOf = (i: number, salt: number): string => {
  const s = (k: number) => SYLLABLES[(i * (k + 2) + salt * (k + 5) + k) % SYLLABLES.length]!
  return `${s(0)}${s(1)}${s(2)}`.replace(/^./, (x) => x.toUpperCase())
}
const dateOf = (i: number): string =>
  `${1940 + (i % 55)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`
const postcodeOf = (i: number): string =>
  `ZZ${1 + (i % 90)} ${1 + (i % 9)}${'ABDEFGHJ'[i % 8]}${'LNPQRSTU'[(i >> 3) % 8]}`

/** Links one file and returns each record's person. */
const link = (name: string, lines: string[]): Map<string, string> => {
  const file = path.join(dir, `${name}.csv`)
  writeFileSync(file, `${lines.join('\n')}\n`)
  const out = path.join(dir, `out-${name}`)
  const run = justid('link', '--out', out, file)
  assert.equal(run.code, 0, run.stderr)
  const rows = readFileSync(path.join(out, 'clusters.csv'), 'utf8').trim().split('\n').slice(1)
  return new Map(rows.map((row) => row.split(',')).map(([, id, person]) => [id!, person!]))
}

const HEADER = 'person_ref,first_name,last_name,birth_date,zip'
/** The same files with a street address in place of the postcode (a file without one): households by address. */
const STREET_HEADER = 'person_ref,first_name,last_name,birth_date,street'
const streetOf = (i: number): string => `${1 + (i % 90)} ${nameOf(i, 4)} Road`
/** A voter register gives an age, not a birth date: households by postcode, births by year. */
const AGE_HEADER = 'person_ref,first_name,last_name,age,zip'

for (const [kind, name, header, addressOf] of [
  ['a postcode', 'no-households', HEADER, postcodeOf],
  ['a street address and no postcode', 'no-households-street', STREET_HEADER, streetOf],
  ['a postcode, with an age for the birth date', 'no-households-age', AGE_HEADER, postcodeOf],
] as const) {
  test(`without households, at ${kind}, a second record whose forename was recorded quite differently joins its person`, () => {
    const lines: string[] = [header]
    for (let i = 0; i < 300; i++) {
      const born = header === AGE_HEADER ? String(2020 - Number(dateOf(i).slice(0, 4))) : dateOf(i)
      const rest = `${nameOf(i, 2).toUpperCase()},${born},${addressOf(i)}`
      lines.push(`A${i},${nameOf(i, 1)},${rest}`)
      // One in six recorded a second time under a forename unlike the first (a clerk's error, a name misheard).
      lines.push(`B${i},${i % 6 === 0 ? nameOf(i, 7) : nameOf(i, 1)},${rest}`)
    }
    const persons = link(name, lines)
    const wrongForename = Array.from({ length: 50 }, (_, k) => k * 6)
    const joined = wrongForename.filter((i) => persons.get(`A${i}`) === persons.get(`B${i}`))
    assert.ok(joined.length >= 45, `${joined.length} of 50 joined`)
    const model = JSON.parse(readFileSync(path.join(dir, `out-${name}`, 'model.json'), 'utf8'))
    assert.match(model.training.relatives, /likely_relatives caps at [\d.]+ bits, not 0/)
  })
}

test('with households at one address, twins (one surname, one birth date, two forenames) stay apart', () => {
  const lines = [HEADER]
  for (let i = 0; i < 300; i++) {
    const surname = nameOf(i, 2).toUpperCase()
    lines.push(`A${i},${nameOf(i, 1)},${surname},${dateOf(i)},${postcodeOf(i)}`)
    lines.push(`B${i},${nameOf(i, 1)},${surname},${dateOf(i)},${postcodeOf(i)}`)
    // A parent or sibling at the same address, born years apart.
    lines.push(`S${i},${nameOf(i, 3)},${surname},${dateOf(i + 7 + (i % 20))},${postcodeOf(i)}`)
    // One household in ten has twins.
    if (i % 10 === 0) lines.push(`T${i},${nameOf(i, 7)},${surname},${dateOf(i)},${postcodeOf(i)}`)
  }
  const persons = link('households', lines)
  for (let i = 0; i < 300; i += 10) assert.notEqual(persons.get(`A${i}`), persons.get(`T${i}`), `twins ${i}`)
  assert.equal(persons.get('A1'), persons.get('B1'))
})

test('without households, one source giving birth dates and the other birth years alone, the guard is learned by year', () => {
  // A register with whole dates beside a list that gives a year of birth: no person's two records both carry a date,
  // so only their birth years show how often a pair of one name at one address is one person.
  const dated = ['person_ref,first_name,last_name,birth_date,zip']
  const yearly = ['person_ref,first_name,last_name,birth_year,zip']
  for (let i = 0; i < 300; i++) {
    const surname = nameOf(i, 2).toUpperCase()
    dated.push(`A${i},${nameOf(i, 1)},${surname},${dateOf(i)},${postcodeOf(i)}`)
    yearly.push(
      `B${i},${i % 6 === 0 ? nameOf(i, 7) : nameOf(i, 1)},${surname},${dateOf(i).slice(0, 4)},${postcodeOf(i)}`,
    )
  }
  const files = [
    ['register', dated],
    ['list', yearly],
  ].map(([name, lines]) => {
    const file = path.join(dir, `${name}.csv`)
    writeFileSync(file, `${(lines as string[]).join('\n')}\n`)
    return file
  })
  const out = path.join(dir, 'out-dates-and-years')
  const run = justid('link', '--out', out, ...files)
  assert.equal(run.code, 0, run.stderr)
  const rows = readFileSync(path.join(out, 'clusters.csv'), 'utf8').trim().split('\n').slice(1)
  const persons = new Map(rows.map((row) => row.split(',')).map(([, id, person]) => [id!, person!]))
  const wrongForename = Array.from({ length: 50 }, (_, k) => k * 6)
  const joined = wrongForename.filter((i) => persons.get(`A${i}`) === persons.get(`B${i}`))
  assert.ok(joined.length >= 45, `${joined.length} of 50 joined`)
  const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'))
  assert.match(model.training.relatives, /one birth year.*likely_relatives caps at [\d.]+ bits, not 0/)
})
