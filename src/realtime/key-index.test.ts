import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KeyIndex } from './key-index.ts'

const indexOf = (keys: readonly string[]) => {
  const index = new KeyIndex(2)
  keys.forEach((k, slot) => {
    index.add(slot, k)
  })
  return { index, holding: (key: string) => (slot: number) => keys[slot] === key }
}

test('finds every slot holding a key, and only those, across growth and rehashing', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `key${i % 1200}`)
  const { index, holding } = indexOf(keys)
  assert.equal(index.entries, 5000)
  const found = index.lookup('key7', holding('key7'), 100)!
  assert.deepEqual(
    found.sort((a, b) => a - b),
    [7, 1207, 2407, 3607, 4807],
  )
  assert.deepEqual(index.lookup('absent', holding('absent'), 100), [])
})

test('a bucket larger than the limit is refused, one at the limit is not', () => {
  const { index, holding } = indexOf(['a', 'a', 'a', 'b'])
  assert.equal(index.lookup('a', holding('a'), 2), null)
  assert.equal(index.lookup('a', holding('a'), 3)!.length, 3)
})

test('a removed slot is no longer found; the others with its key still are', () => {
  const { index, holding } = indexOf(['a', 'b', 'a', 'a'])
  index.remove(2, 'a')
  index.remove(0, 'a')
  assert.deepEqual(index.lookup('a', holding('a'), 10), [3])
  assert.deepEqual(index.lookup('b', holding('b'), 10), [1])
  assert.equal(index.entries, 2)
})
