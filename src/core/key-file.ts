import { randomBytes } from 'node:crypto'
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { JWK } from 'jose'
import { z } from 'zod'
import { JustIdError } from './errors.ts'
import { jsonAs } from './json-file.ts'

/** Writes then renames, so a reader never sees half a file; the mode is set again in case the file existed. */
export const writeFileAtomic = (path: string, text: string, mode: number): void => {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(temp, text, { mode })
  renameSync(temp, path)
  chmodSync(path, mode)
}

/** A JSON Web Key: an object with a key type (RFC 7517 §4.1); the library that uses it checks the rest. */
export const jwkSchema = z.looseObject({ kty: z.string() })

/** A JSON Web Key from a file; `what` names it in the error, which gives the file name only. */
export const readJwkFile = (path: string, what: string): JWK => {
  const jwk = jsonAs(readFileSync(path, 'utf8'), jwkSchema)
  // The file name only: a private key must never reach a message.
  if (!jwk) throw new JustIdError('file_unreadable', `${what} ${path} is not a JSON Web Key`)
  return jwk as JWK
}
