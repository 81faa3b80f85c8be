import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'

/**
 * Every error is an RFC 9457 problem details object (`application/problem+json`): `type`, `title`, `status`,
 * `detail`, our `code`, and for invalid input `errors[]`, each naming a field and the rule it broke. Details name
 * fields and rules, never the value sent (nor an unknown field's name, which is the caller's text too); a 500 says
 * only "internal error" and the request id: no stack, no cause.
 */

export const PROBLEM_TYPE = 'application/problem+json'

/** One field that broke a rule: `field` is the dotted path (`body.record.dateOfBirth`), `pointer` the JSON Pointer into a body. */
export interface FieldProblem {
  field: string
  pointer?: string
  detail: string
}

export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string
  /** Response headers that go with the error, such as Retry-After or Allow. */
  readonly headers: Record<string, string>
  readonly errors: FieldProblem[]

  constructor(
    statusCode: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
    errors: FieldProblem[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.headers = headers
    this.errors = errors
  }
}

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  errors?: FieldProblem[]
}

/** Short titles by code; a problem type's title does not change from one occurrence to the next. */
const TITLES: Record<string, string> = {
  invalid_request: 'Invalid request',
  purpose_required: 'Purpose required',
  invalid_justice_id: 'Invalid Justice ID',
  unknown_source: 'Unknown source',
  unauthorised: 'Unauthorised',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  body_too_large: 'Request body too large',
  uri_too_long: 'Request path too long',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  audit_unavailable: 'Audit log unavailable',
  internal: 'Internal error',
  bad_request: 'Bad request',
}

/** The problem type URI of a code: a tag URI (RFC 4151), as RFC 9457 suggests for types that are not web pages. */
export const problemType = (code: string): string => `tag:justid.example,2026:problem:${code}`

export const problem = (
  status: number,
  code: string,
  detail: string,
  errors: FieldProblem[] = [],
): Problem => ({
  type: problemType(code),
  title: TITLES[code] ?? 'Error',
  status,
  detail,
  code,
  ...(errors.length > 0 ? { errors } : {}),
})

/** A request part failed its schema; carries the issues so the detail can name each field and rule. */
export class RequestValidationError extends ApiError {
  constructor(part: string, issues: readonly z.core.$ZodIssue[]) {
    const errors = issues.map((issue) => fieldProblem(part, issue))
    super(400, 'invalid_request', errors.map((e) => `${e.field} ${e.detail}`).join('; '), {}, errors)
    this.name = 'RequestValidationError'
  }
}

const fieldPath = (part: string, path: readonly PropertyKey[]): string =>
  [part, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].join('.').replace(/\.\[/g, '[')

const jsonPointer = (path: readonly PropertyKey[]): string =>
  `#${path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`

const sizeUnit = (origin: string): string =>
  origin === 'string' ? ' characters' : origin === 'array' ? ' items' : origin === 'set' ? ' items' : ''

/** Words for the rule an issue broke; built from the issue's code and limits so no input value can leak in. */
const rule = (issue: z.core.$ZodIssue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${issue.expected}`
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${sizeUnit(issue.origin)}`
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${sizeUnit(issue.origin)}`
    case 'invalid_format':
      return issue.format === 'regex'
        ? 'has characters that are not allowed'
        : `must be a valid ${issue.format}`
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
    case 'unrecognized_keys':
      // The names are the caller's text (a misplaced value, a person's name as a key): count them, never quote them.
      return issue.keys.length === 1
        ? 'has a field that is not in the schema'
        : `has ${issue.keys.length} fields that are not in the schema`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'custom':
      // Our own refinements (src/serve/record-checks.ts) write messages that name the rule, never the value.
      return issue.message
    default:
      return 'is not valid'
  }
}

const fieldProblem = (part: string, issue: z.core.$ZodIssue): FieldProblem => ({
  field: fieldPath(part, issue.path),
  ...(part === 'body' ? { pointer: jsonPointer(issue.path) } : {}),
  detail: rule(issue),
})

/** Fastify's own client errors, with our words: its messages can quote the body (JSON parse errors do) or the path. */
const fastifyClientError = (error: FastifyError): ApiError => {
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid_request', 'body is empty: send a JSON object')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(415, 'unsupported_media_type', 'send the body as application/json')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'body_too_large', 'body is too large: at most 64 KiB')
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError(414, 'uri_too_long', 'a path segment is longer than 100 characters')
    case 'FST_ERR_BAD_URL':
      return new ApiError(400, 'bad_request', 'the request path could not be read')
    default:
      if (error.statusCode === 400 || error instanceof SyntaxError)
        return new ApiError(400, 'invalid_request', 'body is not valid JSON')
      return new ApiError(error.statusCode ?? 400, 'bad_request', 'the request could not be read')
  }
}

/** The status and body for any error a route or hook threw. */
export const toApiError = (error: unknown): ApiError | null => {
  if (error instanceof ApiError) return error
  const e = error as Partial<FastifyError>
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return fastifyClientError(error as FastifyError)
  return null
}

export const sendProblem = (reply: FastifyReply, error: ApiError): FastifyReply =>
  reply
    .code(error.statusCode)
    .headers(error.headers)
    .type(PROBLEM_TYPE)
    .send(problem(error.statusCode, error.code, error.message, error.errors))

export const handleError = (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
  const known = toApiError(error)
  if (known) {
    sendProblem(reply, known)
    return
  }
  sendProblem(reply, new ApiError(500, 'internal', `internal error (request ${request.id})`))
}

/** Errors fastify meets before routing (a path segment over the length limit, a path it cannot decode). */
export const handleFrameworkError = (
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void => {
  sendProblem(reply, toApiError(error) ?? new ApiError(400, 'bad_request', 'the request could not be read'))
}

export const handleNotFound = (_request: FastifyRequest, reply: FastifyReply): void => {
  sendProblem(reply, new ApiError(404, 'not_found', 'no such route'))
}
