import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { detectEncoding, utf8Evidence } from './encoding.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'justid-encoding-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, bytes: Buffer): string => {
  const f = path.join(dir, name)
  writeFileSync(f, bytes)
  return f
}
const header = Buffer.from('id,forename,surname\n')

describe('utf8Evidence', () => {
  test('counts well-formed UTF-8 letters and bytes that are not UTF-8', () => {
    assert.deepEqual(utf8Evidence(Buffer.from('Zoë Müller, 李', 'utf8')), { sequences: 3, invalid: 0 })
    assert.deepEqual(utf8Evidence(Buffer.from('Zoë Müller', 'latin1')), { sequences: 0, invalid: 2 })
  })

  test('a letter cut off by the end of what was read counts as neither', () => {
    const cut = Buffer.from('Zoë', 'utf8').subarray(0, 3)
    assert.deepEqual(utf8Evidence(cut), { sequences: 0, invalid: 0 })
  })
})

describe('detectEncoding', () => {
  test('ASCII and UTF-8 files are UTF-8', async () => {
    assert.equal(
      await detectEncoding(file('ascii.csv', Buffer.concat([header, Buffer.from('1,Ann,Lee\n')]))),
      'utf-8',
    )
    const utf8 = Buffer.concat([header, Buffer.from('1,Zoë,Müller\n', 'utf8')])
    assert.equal(await detectEncoding(file('utf8.csv', utf8)), 'utf-8')
  })

  test('a file whose accented letters are single bytes is Windows-1252, however far into the file they start', async () => {
    const ascii = Buffer.from('1,Ann,Lee\n'.repeat(200_000)) // 2 MB before the first accented letter
    const ansi = Buffer.concat([header, ascii, Buffer.from('2,Zoë,Müller\n', 'latin1')])
    assert.equal(await detectEncoding(file('ansi.csv', ansi)), 'windows-1252')
  })

  test('a UTF-8 file with a damaged byte stays UTF-8, so the damage is refused where it is', async () => {
    const damaged = Buffer.concat([
      header,
      Buffer.from('1,Zoë,Lee\n', 'utf8'),
      Buffer.from([0x32, 0x2c, 0xff, 0x0a]),
    ])
    assert.equal(await detectEncoding(file('damaged.csv', damaged)), 'utf-8')
  })
})
