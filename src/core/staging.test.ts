import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { JustIdError } from './errors.ts'
import { recoverOutputs, settleOutputs } from './staging.ts'

let dir = ''
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'justid-staging-'))
})
after(() => rm(dir, { recursive: true, force: true }))

const folderWith = async (name: string, file: string, text: string): Promise<string> => {
  const out = path.join(dir, name)
  await mkdir(out)
  await writeFile(path.join(out, file), text)
  return out
}

test('a damaged journal of an interrupted move is refused, naming the file, not guessed at', async () => {
  const damaged = {
    cut: '{"staging": ".justid-staging-1-x", "files": [',
    shape: '{"staging": ".justid-staging-1-x", "files": "clusters.csv"}',
  }
  for (const [name, text] of Object.entries(damaged)) {
    const out = await folderWith(name, '.justid-commit.json', text)
    await assert.rejects(
      recoverOutputs(out),
      (e: unknown) =>
        e instanceof JustIdError && e.code === 'file_unreadable' && e.message.includes('.justid-commit.json'),
    )
  }
})

test('a run.json whose outputs are not hashes is left for the reader of the run to report, not read as two runs', async () => {
  // Read as it stood, the number would be compared with a missing file's hash and the folder refused as two runs.
  const out = await folderWith('no-hashes', 'run.json', '{"outputs": {"clusters.csv": 5}}')
  await settleOutputs(out)
})
