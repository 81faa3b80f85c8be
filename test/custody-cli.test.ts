/** `justid risk` and `justid synth --custody` refuse what they cannot use with one clear line and exit code 2. */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { runCli } from '../src/cli/testing/run-cli.ts'
import { seedStore } from '../src/realtime/testing/seed.ts'

let index: string
let dir: string

before(async () => {
  const { store } = await seedStore()
  index = store.location
  await store.close()
  dir = mkdtempSync(path.join(tmpdir(), 'justid-risk-'))
})

after(() => {
  rmSync(path.dirname(index), { recursive: true, force: true })
  rmSync(dir, { recursive: true, force: true })
})

describe('justid risk', () => {
  test('train on an index without custody events says to load them', async () => {
    const r = await runCli('risk', 'train', '--index', index, '--model', path.join(dir, 'm.json'))
    assert.equal(r.code, 2)
    assert.match(r.err, /holds no custody events: load them with justid events load/)
  })

  test('evaluate with a file that is not a custody model names the file and the field', async () => {
    const bad = path.join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ format: 'justid-custody-estimate', version: 2 }))
    const r = await runCli('risk', 'evaluate', '--index', index, '--model', bad)
    assert.equal(r.code, 2)
    assert.match(r.err, /bad\.json/)
    assert.match(r.err, /version/)
  })
})

describe('justid synth --custody', () => {
  test('refuses a profile without custody periods, and a bias that names no group', async () => {
    const other = await runCli('synth', '--people', '10', '--profile', 'contact', '--custody', '--out', dir)
    assert.equal(other.code, 2)
    assert.match(other.err, /--custody works with the profiles justice, heavy/)
    const bias = await runCli('synth', '--people', '10', '--custody-recording-bias', 'nobody:2', '--out', dir)
    assert.equal(bias.code, 2)
    assert.match(bias.err, /GROUP:FACTOR/)
  })
})
