import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { slavicMasculine } from './surnames.ts'

describe('slavicMasculine', () => {
  test('Polish feminine endings become masculine', () => {
    assert.equal(slavicMasculine('nowicka', 'Nowicka'), 'nowicki')
    assert.equal(slavicMasculine('kowalska', 'KOWALSKA'), 'kowalski')
    assert.equal(slavicMasculine('zawadzka', 'Zawadzka'), 'zawadzki')
  })

  test('Czech -ová is dropped only when written with its accent', () => {
    assert.equal(slavicMasculine('novakova', 'Nováková'), 'novak')
    assert.equal(slavicMasculine('ivanova', 'Ivanova'), null)
  })

  test('other names have no rule-based group', () => {
    assert.equal(slavicMasculine('smith', 'Smith'), null)
    assert.equal(slavicMasculine('ska', 'Ska'), null)
    assert.equal(slavicMasculine('kowalski', 'Kowalski'), null)
  })
})
