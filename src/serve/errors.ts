import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'

/**
 * One error shape for every response: `{ error: { code, message } }`. Messages name the field and the rule,
 * never the value sent, and a 500 says only "internal error" and the request id: no stack, no cause, nothing a
 * caller could use to learn about the data or the code.
 */
export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string
  /** Response headers that go with the error, such as Retry-After. */
  readonly headers: Record<string, string>

  constructor(statusCode: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.headers = headers
  }
}

export interface ErrorBody {
  error: { code: string; message: string }
}

export const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } })

/** A request part failed its schema; carries the issues so the message can name each field and rule. */
export class RequestValidationError extends ApiError {
  constructor(part: string, issues: readonly z.core.$ZodIssue[]) {
    super(400, 'invalid_request', issues.map((issue) => describeIssue(part, issue)).join('; '))
    this.name = 'RequestValidationError'
  }
}

const fieldPath = (part: string, issue: z.core.$ZodIssue): string =>
  [part, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
    .join('.')
    .replace(/\.\[/g, '[')

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
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return 'is not valid'
  }
}

const describeIssue = (part: string, issue: z.core.$ZodIssue): string =>
  `${fieldPath(part, issue)} ${rule(issue)}`

/** Fastify's own client errors, with our words: its messages can quote the body (JSON parse errors do). */
const fastifyClientError = (error: FastifyError): ApiError => {
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid_request', 'body is empty: send a JSON object')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported_media_type', 'send the body as application/json')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'body_too_large', 'body is too large')
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

export const handleError = (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
  const known = toApiError(error)
  if (known) {
    reply.code(known.statusCode).headers(known.headers).send(errorBody(known.code, known.message))
    return
  }
  reply.code(500).send(errorBody('internal', `internal error (request ${request.id})`))
}

export const handleNotFound = (_request: FastifyRequest, reply: FastifyReply): void => {
  reply.code(404).send(errorBody('not_found', 'no such route'))
}
