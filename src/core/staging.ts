import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { JustIdError } from './errors.ts'
import { jsonAs } from './json-file.ts'

/**
 * Outputs are written into a staging folder inside the output folder and moved into place only when the whole run
 * has succeeded, so a failed or killed run never leaves a file that looks complete. Renames within one folder tree
 * are atomic on POSIX file systems, but a set of files is moved by several renames: before the first, a commit
 * journal naming the staging folder and the files is written (itself by a rename), and whatever reads or writes the
 * folder next finishes an interrupted move from it (`recoverOutputs`; readers go through `settleOutputs`). The last
 * file of a set is its marker (run.json): the old one is removed before any file moves and the new one moves last,
 * so the marker is in the folder only while the set beside it is whole. The staging folder holds personal data, so
 * it is readable by its owner only, and one left by a killed process is removed by the next run.
 */
export interface Staging {
  dir: string
  /** Path of a file in the staging folder. */
  file(name: string): string
  /**
   * Moves the named files into the output folder, replacing older ones, then removes the staging folder. The last
   * name is the set's marker: the old one goes first, the new one moves last. `stale` names files of the folder
   * that describe the set being replaced (an evaluation of the previous run): they are removed with the old marker.
   * `onMoved` is called after each file is moved (the kill test stops the process there).
   */
  commit(names: readonly string[], onMoved?: (name: string) => void, stale?: readonly string[]): Promise<void>
  discard(): Promise<void>
}

const STAGING_PREFIX = '.justid-staging-'
const JOURNAL = '.justid-commit.json'

/** The reason an output folder cannot be used, in words, for the errno codes a user can fix. */
const outDirProblem = (code: string | undefined): string => {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'you cannot write there (permission denied or a read-only file system)'
    case 'ENOTDIR':
    case 'EEXIST':
      return 'it or a folder above it is a file, not a folder'
    case 'ENOSPC':
      return 'the disk is full'
    default:
      return `it cannot be created there (${code ?? 'unknown error'})`
  }
}

/**
 * Creates the output folder, one level at a time from the nearest folder that exists: Node's recursive mkdir loops
 * for ever on a path below /proc, and its errors name no folder. Every failure says what is wrong with the path.
 */
export const prepareOutDir = async (outDir: string): Promise<void> => {
  const fail = (code: string | undefined): never => {
    throw new JustIdError('usage', `--out ${outDir}: ${outDirProblem(code)}; name a folder you can write to`)
  }
  const missing: string[] = []
  let at = path.resolve(outDir)
  for (;;) {
    const found = await stat(at).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') fail(e.code)
      return null
    })
    if (found) {
      if (!found.isDirectory()) fail('ENOTDIR')
      break
    }
    missing.unshift(at)
    const parent = path.dirname(at)
    if (parent === at) break
    at = parent
  }
  for (const folder of missing) {
    await mkdir(folder).catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? undefined : fail(e.code)))
  }
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The journal of a move of outputs, as `moveOutputs` writes it; checked when read back after a kill. */
const journalSchema = z.object({
  staging: z.string(),
  files: z.array(z.string()),
  stale: z.array(z.string()).optional(),
})
type Journal = z.infer<typeof journalSchema>

/** What `settleOutputs` reads of run.json: each output's hash (the readers check the rest with their own schemas). */
const runOutputsSchema = z.object({ outputs: z.record(z.string(), z.string()).optional() })

/**
 * Before any file of a set moves: the files describing the set it replaces go, and so does the old marker (the
 * last file), while the new one is still staged. Run again by recovery, which must not remove a marker already moved.
 */
const clearForSet = async (outDir: string, staged: string, journal: Journal): Promise<void> => {
  for (const name of journal.stale ?? []) await rm(path.join(outDir, path.basename(name)), { force: true })
  const marker = journal.files.at(-1)
  if (marker && existsSync(path.join(staged, path.basename(marker))))
    await rm(path.join(outDir, path.basename(marker)), { force: true })
}

/** A journal left by a killed move; one that is not JSON of a journal is refused, naming the file, not guessed at. */
const readJournal = async (file: string): Promise<Journal> => {
  const journal = jsonAs(await readFile(file, 'utf8'), journalSchema)
  if (!journal)
    throw new JustIdError(
      'file_unreadable',
      `${file}: the journal of an interrupted move of outputs is damaged; move the folder's files aside and run again`,
    )
  return journal
}

/**
 * Finishes a move of outputs that a killed process began (from its journal), then removes staging folders that
 * processes no longer running left behind. Called before a run writes into a folder and before one is read.
 */
export const recoverOutputs = async (outDir: string): Promise<void> => {
  const journalFile = path.join(outDir, JOURNAL)
  await rm(`${journalFile}.tmp`, { force: true })
  const journal = existsSync(journalFile) ? await readJournal(journalFile) : null
  const owner = Number(/^\.justid-staging-(\d+)-/.exec(journal?.staging ?? '')?.[1])
  // A journal of a process still moving its files is its own business.
  if (journal && !(owner && isRunning(owner))) {
    const staged = path.join(outDir, path.basename(journal.staging))
    await clearForSet(outDir, staged, journal)
    for (const name of journal.files) {
      const from = path.join(staged, path.basename(name))
      if (existsSync(from)) await rename(from, path.join(outDir, path.basename(name)))
    }
    await rm(staged, { recursive: true, force: true })
    await rm(journalFile, { force: true })
  }
  const entries = await readdir(outDir).catch(() => [] as string[])
  for (const entry of entries) {
    const pid = Number(/^\.justid-staging-(\d+)-/.exec(entry)?.[1])
    if (pid && !isRunning(pid)) await rm(path.join(outDir, entry), { recursive: true, force: true })
  }
}

/**
 * A private working folder under `parent` for a process that keeps records there (`justid add`): created readable
 * by its owner only, with the process id in its name, and those of processes no longer running removed first.
 */
export const openWorkFolder = async (parent: string, prefix: string): Promise<string> => {
  const entries = await readdir(parent).catch(() => [] as string[])
  for (const entry of entries) {
    const pid = Number(new RegExp(`^${prefix}(\\d+)-`).exec(entry)?.[1])
    if (pid && !isRunning(pid)) await rm(path.join(parent, entry), { recursive: true, force: true })
  }
  return mkdtemp(path.join(parent, `${prefix}${process.pid}-`))
}

export const openStaging = async (outDir: string): Promise<Staging> => {
  await prepareOutDir(outDir)
  await recoverOutputs(outDir)
  const name = `${STAGING_PREFIX}${process.pid}-${Date.now().toString(36)}`
  const dir = path.join(outDir, name)
  try {
    await mkdir(dir, { mode: 0o700 })
  } catch (e) {
    throw new JustIdError(
      'usage',
      `--out ${outDir}: ${outDirProblem((e as NodeJS.ErrnoException).code)}; name a folder you can write to`,
    )
  }
  return {
    dir,
    file: (file) => path.join(dir, file),
    async commit(names, onMoved, stale = []) {
      const journal: Journal = { staging: name, files: [...names], stale: [...stale] }
      const journalFile = path.join(outDir, JOURNAL)
      await writeFile(`${journalFile}.tmp`, JSON.stringify(journal))
      await rename(`${journalFile}.tmp`, journalFile)
      await clearForSet(outDir, dir, journal)
      for (const file of names) {
        await rename(path.join(dir, file), path.join(outDir, file))
        onMoved?.(file)
      }
      await rm(journalFile, { force: true })
      await rm(dir, { recursive: true, force: true })
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  }
}

/** SHA-256 of a file, hex: recorded in run.json so that a set of outputs from two runs is told apart. */
export const fileHash = async (file: string): Promise<string> => {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

/**
 * What every reader of an output folder calls first (`justid evaluate`, `justid transparency`): finishes a move a
 * killed process began, then checks that each output run.json records is the file that run wrote, so a folder
 * holding files of two runs (copied in, or moved by hand) is refused rather than read as one run. A folder without
 * run.json is left for the caller to report.
 */
export const settleOutputs = async (outDir: string): Promise<void> => {
  if (!existsSync(outDir)) return
  await recoverOutputs(outDir)
  const runFile = path.join(outDir, 'run.json')
  // A run.json that cannot be read, or not as one, is for the caller's own schema to report.
  const run = existsSync(runFile) ? jsonAs(await readFile(runFile, 'utf8'), runOutputsSchema) : null
  if (!run) return
  const { outputs } = run
  for (const [name, hash] of Object.entries(outputs ?? {})) {
    const file = path.join(outDir, path.basename(name))
    const found = existsSync(file) ? await fileHash(file) : null
    if (found !== hash)
      throw new JustIdError(
        'file_unreadable',
        `${file} ${found === null ? 'is missing' : 'is not the file'} the run in ${runFile} wrote: ` +
          'the folder holds outputs of two different runs; run justid link again',
      )
  }
}
