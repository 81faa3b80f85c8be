/**
 * Errors are values with a code and a message a user can act on. The CLI maps them to an exit code once,
 * the HTTP layer to a status. Messages name the file, row and field, never the personal data in them.
 */
export type ErrorCode =
  | 'usage'
  | 'file_not_found'
  | 'file_unreadable'
  | 'empty_file'
  | 'no_header'
  | 'no_record_id'
  | 'duplicate_record_id'
  | 'wrong_field_count'
  | 'value_too_long'
  | 'invalid_encoding'
  | 'invalid_settings'
  | 'unknown_column'
  | 'invalid_model'
  | 'blocking_too_large'
  /** A run's candidate pairs would not fit the memory and disk it may use (src/link/resources.ts). */
  | 'resources_exceeded'
  | 'nothing_to_compare'
  | 'index_in_use'
  | 'internal'

export class JustIdError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'JustIdError'
    this.code = code
  }
}

export const isJustIdError = (e: unknown): e is JustIdError => e instanceof JustIdError

/**
 * Exit codes: 2 for a mistake in how the command was called or configured, 3 for bad input data, 4 when the person
 * index is in use by another process (nothing is wrong: try again when it is free), 1 otherwise.
 */
export const exitCodeFor = (e: unknown): number => {
  if (!isJustIdError(e)) return 1
  switch (e.code) {
    case 'usage':
    case 'invalid_settings':
    case 'unknown_column':
    case 'invalid_model':
    case 'blocking_too_large':
    case 'resources_exceeded':
      return 2
    case 'index_in_use':
      return 4
    case 'internal':
      return 1
    default:
      return 3
  }
}
