import path from 'node:path'
import { JustIdError } from '../core/errors.ts'

/** A source as named on the command line: its name in outputs and the file it is read from. */
export interface SourceSpec {
  name: string
  file: string
}

const SOURCE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/

/** Extensions of compressed files, which wrap another file's extension. */
export const COMPRESSED = new Set(['.gz', '.zip', '.bz2', '.xz', '.zst'])

/** `NAME=FILE`, or `FILE` whose name is then the file's stem (`data/court.csv` → `court`). */
export const parseSourceArg = (arg: string): SourceSpec => {
  const eq = arg.indexOf('=')
  const file = eq >= 0 ? arg.slice(eq + 1) : arg
  if (file.trim() === '')
    throw new JustIdError('usage', `source "${arg}" names no file: use NAME=FILE or FILE`)
  const stem = path.parse(file).name
  // "court.csv.gz" is named court too: the run then says what it can read, rather than that the name is bad.
  const name =
    eq >= 0
      ? arg.slice(0, eq)
      : COMPRESSED.has(path.extname(file).toLowerCase())
        ? path.parse(stem).name
        : stem
  if (!SOURCE_NAME.test(name)) {
    throw new JustIdError(
      'usage',
      `source "${arg}": the source name "${name}" must start with a letter and hold only letters, digits, _ and -; ` +
        'give one explicitly as NAME=FILE, e.g. court=court.csv',
    )
  }
  return { name, file }
}
