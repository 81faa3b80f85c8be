import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'

/**
 * Outputs are written into a staging folder inside the output folder and moved into place only when the whole run
 * has succeeded, so a failed or killed run never leaves a file that looks complete. Renames within one folder tree
 * are atomic on POSIX file systems.
 */
export interface Staging {
  dir: string
  /** Path of a file in the staging folder. */
  file(name: string): string
  /** Moves the named files into the output folder, replacing older ones, then removes the staging folder. */
  commit(names: readonly string[]): Promise<void>
  discard(): Promise<void>
}

export const openStaging = async (outDir: string): Promise<Staging> => {
  await mkdir(outDir, { recursive: true })
  const dir = path.join(outDir, `.justid-staging-${process.pid}-${Date.now().toString(36)}`)
  await mkdir(dir, { recursive: true })
  return {
    dir,
    file: (name) => path.join(dir, name),
    async commit(names) {
      for (const name of names) await rename(path.join(dir, name), path.join(outDir, name))
      await rm(dir, { recursive: true, force: true })
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  }
}
