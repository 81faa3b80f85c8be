import { randomBytes } from 'node:crypto'
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { JWK } from 'jose'
import { JustIdError } from './errors.ts'

/** Writes then renames, so a reader never sees half a file; the mode is set again in case the file existed. */
export const writeFileAtomic = (path: string, text: string, mode: number): void => {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(temp, text, { mode })
  renameSync(temp, path)
  chmodSync(path, mode)
}

/** A JSON Web Key from a file; `what` names it in the error, which gives the file name only. */
export const readJwkFile = (path: string, what: string): JWK => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JWK
  } catch {
    // The file name only: a private key must never reach a message.
    throw new JustIdError('file_unreadable', `${what} ${path} is not readable JSON`)
  }
}
