import { type SpawnSyncOptions, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after } from 'node:test'

/** The built command as a user runs it (`npm test` builds it first). */
export const JUSTID_BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'justid.js')

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the command in a child process, as a user would; `timeout` (ms) ends a run that hangs. */
export const cliRunner =
  (options: Pick<SpawnSyncOptions, 'timeout' | 'env'> = {}) =>
  (...argv: string[]): CliRun => {
    const r = spawnSync(process.execPath, [JUSTID_BIN, ...argv], { encoding: 'utf8', ...options })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }

export const justid = cliRunner()

/** A new temporary folder, removed when the test file's tests are done. */
export const tempFolder = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Writes a hand-made extract, one line a row, into `dir`; returns its path. */
export const writeLines = (dir: string, name: string, lines: readonly string[]): string => {
  const file = path.join(dir, name)
  writeFileSync(file, lines.join('\n'))
  return file
}
