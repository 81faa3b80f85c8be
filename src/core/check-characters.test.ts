import assert from 'node:assert/strict'
import { test } from 'node:test'
import { croCheckCharacter, pncCheckCharacter } from './check-characters.ts'

const ALPHABET = 'ZABCDEFGHJKLMNPQRTUVWXY'
/** The rule as written: the two-digit year and the padded serial read as one number, modulo 23. */
const byRule = (year: number, serial: number, digits: number): string =>
  ALPHABET[Number(BigInt(String(year % 100).padStart(2, '0') + String(serial).padStart(digits, '0')) % 23n)]!

test('check characters follow the rule for every year and serials across their range (#20)', () => {
  for (let year = 1900; year <= 2099; year++) {
    for (const serial of [0, 1, 22, 23, 999, 52834, 123456, 999999, 1000000, 5555555, 9999999]) {
      assert.equal(pncCheckCharacter(year, serial), byRule(year, serial, 7), `PNC ${year}/${serial}`)
      assert.equal(
        croCheckCharacter(year % 100, serial),
        byRule(year % 100, serial, 6),
        `CRO ${serial}/${year}`,
      )
    }
  }
})
