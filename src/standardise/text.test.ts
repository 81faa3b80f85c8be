import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { foldText, tokensOf } from './text.ts'

describe('foldText', () => {
  test('lower-cases and strips diacritics', () => {
    assert.equal(foldText('ZOË Brontë'), 'zoe bronte')
    assert.equal(foldText('Nguyễn Thị'), 'nguyen thi')
    assert.equal(foldText('Müller Çelik Dvořáková'), 'muller celik dvorakova')
  })

  test('maps letters that do not decompose', () => {
    assert.equal(foldText('Straße'), 'strasse')
    assert.equal(foldText('Æsir Øster Łukasz Đorđe Yıldız'), 'aesir oster lukasz dorde yildiz')
  })

  test('transliterates other scripts to Latin letters, so a name in them is compared and meets its Latin spelling', () => {
    assert.equal(foldText('Иван Петров'), 'ivan petrov')
    assert.equal(foldText('Γιώργος'), 'giorgos')
    assert.equal(foldText('王小明'), 'wangxiaoming')
    assert.notEqual(foldText('محمد'), '')
  })

  test('drops apostrophes, turns other punctuation and hyphens into single spaces', () => {
    assert.equal(foldText("O'Brien"), 'obrien')
    assert.equal(foldText('D’Souza'), 'dsouza')
    assert.equal(foldText('Smith-Jones'), 'smith jones')
    assert.equal(foldText('  al-Hassan,  (Jnr.) '), 'al hassan jnr')
    assert.equal(foldText('\tA\n\nB  '), 'a b')
  })

  test('empty and punctuation-only input folds to the empty string', () => {
    assert.equal(foldText(''), '')
    assert.equal(foldText(' -.,- '), '')
    assert.deepEqual(tokensOf(' - '), [])
    assert.deepEqual(tokensOf(null), [])
  })

  test('tokensOf splits folded text into words', () => {
    assert.deepEqual(tokensOf("Mary-Jane O'Neill"), ['mary', 'jane', 'oneill'])
  })

  test('never throws, yields only [a-z0-9 ] without edge or double spaces, and is idempotent', () => {
    for (const arb of [fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })]) {
      fc.assert(
        fc.property(arb, (s) => {
          const f = foldText(s)
          assert.match(f, /^(?:[a-z0-9]+(?: [a-z0-9]+)*)?$/)
          assert.equal(foldText(f), f)
        }),
      )
    }
  })
})
