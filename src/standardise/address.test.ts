import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseAddress, postcodeInAddress } from './address.ts'

describe('parseAddress', () => {
  test('folds, expands street types, de-duplicates and sorts the tokens', () => {
    const a = parseAddress(['12 High St.', 'Flat 3, High Street', 'Leeds'])
    assert.deepEqual(a.addressTokens, ['12', '3', 'flat', 'high', 'leeds', 'street'])
    assert.equal(a.town, 'leeds')
  })

  test('expands each common street type to one form', () => {
    const a = parseAddress([
      '1 A Rd',
      '2 B Ave',
      '3 C Av',
      '4 D Ln',
      '5 E Dr',
      '6 F Cres',
      '7 G Ct',
      '8 H Pl',
      '9 Gdns Sq',
    ])
    for (const t of ['road', 'avenue', 'lane', 'drive', 'crescent', 'court', 'place', 'gardens', 'square']) {
      assert.ok(a.addressTokens.includes(t), t)
    }
    for (const t of ['rd', 'ave', 'av', 'ln', 'dr', 'cres', 'ct', 'pl', 'gdns', 'sq']) {
      assert.ok(!a.addressTokens.includes(t), t)
    }
  })

  test('St at the start of a name, or after a house number, is Saint and stays as written', () => {
    assert.deepEqual(parseAddress(['St Marys Road']).addressTokens, ['marys', 'road', 'st'])
    assert.deepEqual(parseAddress(['12 St Albans Way']).addressTokens, ['12', 'albans', 'st', 'way'])
    assert.deepEqual(parseAddress(['12 High St']).addressTokens, ['12', 'high', 'street'])
  })

  test('the town is the folded last line, street types not expanded', () => {
    assert.equal(parseAddress(['1 Mill Ln', 'Church St']).town, 'church st')
  })

  test('the last of two or more lines is the town; one line gives no town', () => {
    assert.equal(parseAddress(['1 Mill Lane', 'Newport-on-Tay']).town, 'newport on tay')
    assert.equal(parseAddress(['1 Mill Lane']).town, null)
    assert.equal(parseAddress(['1 Mill Lane', '  ']).town, null)
    assert.deepEqual(parseAddress([]), { addressTokens: [], town: null })
  })

  test('an address written whole in one field: its postcode split off, its last part the town', () => {
    assert.deepEqual(postcodeInAddress(['185 Albert Street, Cedar Estate, Bradford BD18 7NL']), {
      postcode: 'BD18 7NL',
      lines: ['185 Albert Street, Cedar Estate, Bradford'],
    })
    assert.deepEqual(postcodeInAddress(['12 smith street, kingston 2600']), {
      postcode: '2600',
      lines: ['12 smith street, kingston'],
    })
    assert.deepEqual(postcodeInAddress(['1 Main St', 'Raleigh NC 27601-1234', '']), {
      postcode: '27601-1234',
      lines: ['1 Main St', 'Raleigh NC'],
    })
    // A house number, a box number or a number with no place before it is no postcode.
    for (const lines of [
      ['Hauptstrasse 12'],
      ['PO Box 2600'],
      ['Unit 4, 1200'],
      ['12 smith street kingston 2600'],
      [],
    ])
      assert.equal(postcodeInAddress(lines), null, lines.join())
    assert.equal(parseAddress(['12 smith street, kingston']).town, 'kingston')
    assert.equal(parseAddress(['5 milne cove, wellwod, beaconsfield upper']).town, 'beaconsfield upper')
    // A last part naming a street or holding a number is no town.
    assert.equal(parseAddress(['Flat 2, Rose Court']).town, null)
    assert.equal(parseAddress(['Rose Court, Flat 2']).town, null)
  })

  test('a line saying there is no address is left out, so the homeless do not share one', () => {
    assert.deepEqual(parseAddress(['No Fixed Abode']), { addressTokens: [], town: null })
    assert.deepEqual(parseAddress(['NFA', 'Leeds']), { addressTokens: ['leeds'], town: null })
    assert.deepEqual(parseAddress(['N/A']).addressTokens, [])
  })

  test('tokens that look like object properties are plain tokens', () => {
    assert.deepEqual(parseAddress(['constructor toString']).addressTokens, ['constructor', 'tostring'])
  })
})
