import { InvalidArgumentError } from 'commander'

/** Option parsers that turn a bad value into a message naming the option. */
export const integer =
  (flag: string) =>
  (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`${flag} takes a whole number (got "${value}")`)
    return Number.parseInt(value, 10)
  }

export const positiveInteger =
  (flag: string) =>
  (value: string): number => {
    const n = integer(flag)(value)
    if (n < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1 (got "${value}")`)
    return n
  }

/** The `--index` option of every command that works on an existing person index, worded once. */
export const INDEX_OPTION = [
  '--index <path-or-url>',
  'the person index (a file or a postgres:// URL)',
] as const
