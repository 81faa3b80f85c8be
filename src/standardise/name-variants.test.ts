import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { isJustIdError } from '../core/errors.ts'
import { loadNameVariants, nameVariantsOf, parseNameVariants } from './name-variants.ts'

describe('parseNameVariants', () => {
  test('maps every spelling to the canonical name, skipping comments and blank lines', () => {
    const groups = parseNameVariants('# a comment\n\nrobert,bob,rob\r\nwilliam,bill\n', 'test.csv')
    assert.deepEqual(groups.get('bob'), ['robert'])
    assert.deepEqual(groups.get('robert'), ['robert'])
    assert.deepEqual(groups.get('bill'), ['william'])
    assert.equal(groups.has('# a comment'), false)
    assert.equal(groups.size, 5)
  })

  test('folds the names it reads', () => {
    const groups = parseNameVariants("Seán, Shaun ,O'Shea", 'test.csv')
    assert.deepEqual(groups.get('shaun'), ['sean'])
    assert.deepEqual(groups.get('oshea'), ['sean'])
  })

  test('a spelling listed twice belongs to both groups, its first first; a known canonical name extends its group', () => {
    const groups = parseNameVariants('robert,bob,rob\nrobin,rob\nbob,bobby\nrobin,rob', 'test.csv')
    assert.deepEqual(groups.get('rob'), ['robert', 'robin'])
    assert.deepEqual(groups.get('robin'), ['robin'])
    assert.deepEqual(groups.get('bobby'), ['robert'])
  })

  test('malformed lines are errors naming the file and line', () => {
    for (const [text, line] of [
      ['robert,bob\nwilliam', 2],
      ['robert,,bob', 1],
      ['# c\nrobert,bob\n,bill', 3],
      ['robert,-', 1],
    ] as const) {
      assert.throws(
        () => parseNameVariants(text, 'my-variants.csv'),
        (e) =>
          isJustIdError(e) &&
          e.code === 'invalid_settings' &&
          e.message.includes(`my-variants.csv, line ${line}:`),
        text,
      )
    }
  })
})

describe('loadNameVariants', () => {
  const variants = loadNameVariants()

  test('ships a table of several hundred groups', () => {
    assert.ok(variants.size > 2000, `only ${variants.size} spellings`)
  })

  test('knows English nicknames', () => {
    for (const [n, g] of [
      ['bob', 'robert'],
      ['bobby', 'robert'],
      ['rob', 'robert'],
      ['bert', 'robert'],
      ['bill', 'william'],
      ['liam', 'william'],
      ['liz', 'elizabeth'],
      ['betty', 'elizabeth'],
      ['peggy', 'margaret'],
      ['meg', 'margaret'],
      ['dick', 'richard'],
      ['jim', 'james'],
      ['kate', 'catherine'],
      ['sue', 'susan'],
    ]) {
      assert.equal(variants.groupOf(n!), g, n)
    }
  })

  test('a nickname shared by several names belongs to each of their groups', () => {
    for (const [n, groups] of [
      ['sammy', ['samuel', 'samantha']],
      ['bert', ['robert', 'albert', 'herbert']],
      ['nicky', ['nicholas', 'nicola']],
      ['jackie', ['john', 'jacqueline']],
      ['al', ['alan', 'albert', 'alexander', 'alfred']],
    ] as const) {
      assert.equal(variants.groupOf(n), groups[0], n)
      assert.deepEqual([...variants.groupsOf(n)].sort(), [...groups].sort(), n)
    }
    assert.deepEqual(variants.groupsOf('zxqv'), [])
  })

  test('knows the romanisations of Chinese surnames and the long vowels of Japanese ones', () => {
    // Pinyin, Wade-Giles, Cantonese and Hokkien spellings of one surname; Hepburn, word-processor and passport ones.
    for (const [spellings, group] of [
      [['hsiao', 'siu'], 'xiao'],
      [['sung'], 'song'],
      [['yeh', 'yip'], 'ye'],
      [['tsao'], 'cao'],
      [['teng'], 'deng'],
      [['shum', 'sim'], 'shen'],
      [['yuen'], 'yuan'],
      [['poon'], 'pan'],
      [['satoh', 'satou'], 'sato'],
      [['ohno', 'oono'], 'ono'],
    ] as const) {
      for (const n of spellings) assert.equal(variants.groupOf(n), group, n)
    }
    // A spelling another group already held keeps it: Dai is still David's.
    assert.equal(variants.groupOf('dai'), 'david')
  })

  test('knows transliterations of the name origins in the data', () => {
    for (const n of ['mohammed', 'mohamed', 'mohammad', 'muhammed', 'mohd'])
      assert.equal(variants.groupOf(n), 'muhammad')
    assert.equal(variants.groupOf('ahmad'), 'ahmed')
    assert.equal(variants.groupOf('hussain'), 'hussein')
    assert.equal(variants.groupOf('abdallah'), 'abdullah')
    assert.equal(variants.groupOf('youssef'), 'yusuf')
    assert.equal(variants.groupOf('umar'), 'omar')
    assert.equal(variants.groupOf('uthman'), 'osman')
    assert.equal(variants.groupOf('khaled'), 'khalid')
    assert.equal(variants.groupOf('mohindar'), 'mohinder')
    assert.equal(variants.groupOf('surjeet'), 'surjit')
    assert.equal(variants.groupOf('seun'), 'oluwaseun')
    assert.equal(variants.groupOf('segun'), 'olusegun')
    assert.equal(variants.groupOf('emeka'), 'chukwuemeka')
    assert.equal(variants.groupOf('oleksandr'), 'alexander')
    assert.equal(variants.groupOf('jozef'), 'joseph')
    assert.equal(variants.groupOf('kasia'), 'catherine')
    assert.equal(variants.groupOf('gosia'), 'margaret')
    assert.equal(variants.groupOf('shaun'), 'sean')
    assert.equal(variants.groupOf('shivaun'), 'siobhan')
    assert.equal(variants.groupOf('paddy'), 'patrick')
    assert.equal(variants.groupOf('padraig'), 'patrick')
  })

  test('knows surname groups', () => {
    assert.equal(variants.groupOf('chang'), 'zhang')
    assert.equal(variants.groupOf('hsu'), 'xu')
    assert.equal(variants.groupOf('huang'), 'wong')
    assert.equal(variants.groupOf('kowalska'), 'kowalski')
    assert.equal(variants.groupOf('novak'), 'nowak')
    assert.equal(variants.groupOf('choudhury'), 'chaudhry')
    assert.equal(variants.groupOf('mcdonald'), 'macdonald')
    assert.equal(variants.groupOf('ivanova'), 'ivanov')
  })

  test('unknown names have no group', () => {
    assert.equal(variants.groupOf('zxqv'), null)
  })

  test('user files extend the shipped table', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'justid-variants-'))
    try {
      const file = path.join(dir, 'extra.csv')
      writeFileSync(file, '# local spellings\nrobert,bobbo\nzxqv,zxqw\n')
      const extended = loadNameVariants([file])
      assert.equal(extended.groupOf('bobbo'), 'robert')
      assert.equal(extended.groupOf('zxqw'), 'zxqv')
      assert.equal(extended.groupOf('bob'), 'robert')
      assert.equal(extended.size, variants.size + 3)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a missing user file is an error naming it', () => {
    assert.throws(
      () => loadNameVariants(['/nonexistent/variants.csv']),
      (e) =>
        isJustIdError(e) && e.code === 'file_not_found' && e.message.includes('/nonexistent/variants.csv'),
    )
  })

  test('nameVariantsOf wraps a parsed table', () => {
    const v = nameVariantsOf(parseNameVariants('robert,bob', 't.csv'))
    assert.equal(v.groupOf('bob'), 'robert')
    assert.deepEqual(v.groupsOf('bob'), ['robert'])
    assert.equal(v.size, 2)
  })
})
