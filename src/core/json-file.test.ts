import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { z } from 'zod'
import { JustIdError } from './errors.ts'
import { jsonAs, readJsonFile } from './json-file.ts'

const schema = z
  .object({
    sources: z.record(
      z.string(),
      z.object({ columns: z.record(z.string(), z.enum(['forename', 'dateOfBirth'])) }),
    ),
    seed: z.number().int().optional(),
  })
  .strict()

let dir = ''
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'justid-json-'))
})
after(() => rm(dir, { recursive: true, force: true }))

const settingsFile = async (text: string): Promise<string> => {
  const f = path.join(dir, 'settings.json')
  await writeFile(f, text)
  return f
}

const rejectsWith = (run: () => Promise<unknown>, message: RegExp) =>
  assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof JustIdError)
    assert.equal(e.code, 'invalid_settings')
    assert.match(e.message, message)
    return true
  })

test('reads and validates a JSON file', async () => {
  const f = await settingsFile('\uFEFF{"sources": {"court": {"columns": {"dob": "dateOfBirth"}}}, "seed": 3}')
  assert.deepEqual(await readJsonFile(f, schema, 'settings'), {
    sources: { court: { columns: { dob: 'dateOfBirth' } } },
    seed: 3,
  })
})

test('a missing file', async () => {
  await rejectsWith(
    () => readJsonFile(path.join(dir, 'nope.json'), schema, 'settings'),
    /nope\.json: no such file/,
  )
})

test('bad JSON names the line and column', async () => {
  const f = await settingsFile('{\n  "seed": 3\n  "sources": {}\n}')
  await rejectsWith(
    () => readJsonFile(f, schema, 'settings'),
    /settings\.json: not valid JSON, at line 3, column 3/,
  )
})

test('schema failures name the path of each bad field and what was wrong', async () => {
  const f = await settingsFile(
    '{"sources": {"court": {"columns": {"dob": "birthday"}}}, "seed": "x", "sed": 1}',
  )
  const message = await readJsonFile(f, schema, 'settings').then(
    () => '',
    (e: Error) => e.message,
  )
  assert.match(
    message,
    /settings\.json: sources\.court\.columns\.dob: expected one of forename, dateOfBirth \(got "birthday"\)/,
  )
  assert.match(message, /settings\.json: seed: expected number \(got "x"\)/)
  assert.match(message, /settings\.json: \(top level\): unknown setting sed/)
})

test('a key given twice in one object is refused with its path and place, not silently the last', async () => {
  const file = await settingsFile(
    '{\n  "seed": 1,\n  "sources": {"court": {"columns": {"a": "forename", "a": "dateOfBirth"}}},\n  "seed": 2\n}',
  )
  await rejectsWith(
    () => readJsonFile(file, schema, 'settings'),
    /sources\.court\.columns\.a is given twice \(the second at line 3, column \d+\)/,
  )
  // The same key in two different objects is fine.
  const ok = await settingsFile(
    '{"sources": {"a": {"columns": {"x": "forename"}}, "b": {"columns": {"x": "forename"}}}}',
  )
  assert.equal((await readJsonFile(ok, schema, 'settings')).sources.b?.columns.x, 'forename')
})

test('text read back is its data only when it is JSON of the schema', () => {
  const key = z.object({ kty: z.string() })
  assert.deepEqual(jsonAs('{"kty": "EC"}', key), { kty: 'EC' })
  assert.equal(jsonAs('{"kty": "EC"', key), null)
  assert.equal(jsonAs('{"kty": 3}', key), null)
})
