import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { plainQuotedFields } from './csv-rows.ts'

const byCsvParse = (line: string, delimiter: string): string[] =>
  (parse(line, { delimiter, trim: true, relax_quotes: true, relax_column_count: true }) as string[][])[0] ??
  []

/** Pieces of fields: plain text, the delimiter, quotes, doubled quotes, blanks of several kinds, letters beyond ASCII. */
const PIECES = [
  'SMITH',
  'John',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '"',
  '""',
  ',',
  ';',
  "O'Brien",
  'Zoë',
  '张',
  '',
  'x y',
]

/** A small deterministic generator, so a failure names a line that can be run again. */
const lines = function* (count: number): Generator<string> {
  let seed = 20
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return Math.floor((seed / 2 ** 31) * n)
  }
  for (let i = 0; i < count; i++) {
    const fields: string[] = []
    for (let f = 0; f <= next(5); f++) {
      let text = ''
      for (let p = 0; p < next(4); p++) text += PIECES[next(PIECES.length)]
      fields.push(next(2) === 0 ? `"${text.replaceAll('"', '""')}"` : text)
    }
    yield fields.join(next(3) === 0 ? ';' : ',')
  }
}

test('a line with plain quotes is read as csv-parse reads it; any other gives null, for csv-parse to read (#20)', () => {
  let fast = 0
  for (const line of lines(20_000)) {
    for (const delimiter of [',', ';']) {
      const fields = plainQuotedFields(line, delimiter)
      if (fields === null) continue
      fast++
      assert.deepEqual(fields, byCsvParse(line, delimiter), JSON.stringify({ line, delimiter }))
    }
  }
  assert.ok(fast > 5_000, `only ${fast} lines took the plain path`)
})

test('the common quoted rows take the plain path', () => {
  assert.deepEqual(plainQuotedFields('CD1,"WALSH, Michael",28/12/2001,,"say ""hi"""', ','), [
    'CD1',
    'WALSH, Michael',
    '28/12/2001',
    '',
    'say "hi"',
  ])
  assert.equal(plainQuotedFields('CD1, "WALSH, Michael"', ','), null)
  assert.equal(plainQuotedFields('CD1,"WALSH, Michael" ,x', ','), null)
  assert.equal(plainQuotedFields('CD1,WAL"SH', ','), null)
  assert.equal(plainQuotedFields('CD1,"open', ','), null)
})
