import type { FastifyContextConfig, FastifySchema, FastifySchemaCompiler } from 'fastify'
import { z } from 'zod'
import type { ApiScope, AuditAction } from '../person-index/types.ts'
import { PROBLEM_TYPE, RequestValidationError } from './errors.ts'
import { problemSchema, purposeHeadersSchema } from './schemas.ts'

/**
 * Route schemas are written once in zod. Fastify gets their JSON Schema (which @fastify/swagger turns into the
 * OpenAPI document) and validates with the zod schema behind it, found through this map.
 */
const zodOf = new WeakMap<object, z.ZodType>()

type JsonSchema = Record<string, unknown>

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-07', io, unrepresentable: 'any' })
  zodOf.set(rest, schema)
  return rest
}

export interface RouteSchemaParts {
  summary: string
  description?: string
  tags?: string[]
  /** The scope a client needs; also shown in the OpenAPI document as `x-scope`. */
  scope?: string
  body?: z.ZodType
  params?: z.ZodType
  querystring?: z.ZodType
  /** Documented only: headers are checked by the hooks, which give clearer messages. */
  headers?: z.ZodType
  /** Success responses. Error responses are added from what the route can refuse (see `errorStatuses`). */
  response: Record<number, z.ZodType>
  /** Refusals particular to the route, with what they mean here, e.g. `{ 404: 'no such person' }`. */
  errors?: Record<number, string>
}

const ERROR_MEANINGS: Record<number, string> = {
  400: 'invalid input: `errors` names each field and the rule it broke',
  401: 'no token, or one that is not valid',
  403: 'the client lacks the scope',
  404: 'no such route',
  405: 'the path takes other methods: `Allow` lists them',
  413: 'the body is larger than 64 KiB',
  414: 'a path segment is longer than 100 characters',
  415: 'the body is not application/json',
  429: "over the client's rate: `Retry-After` says when to try again",
  500: 'internal error: the detail gives only the request id',
}

/** Every refusal a route can give, by status: what its inputs and scope allow, then its own. */
const errorStatuses = (parts: RouteSchemaParts): Record<number, string> => {
  const statuses: Record<number, string> = {}
  const add = (status: number, meaning = ERROR_MEANINGS[status]!) => {
    statuses[status] = meaning
  }
  if (parts.body || parts.params || parts.querystring || parts.headers) add(400)
  if (parts.scope) {
    add(401)
    add(403)
    add(429)
  }
  add(404)
  add(405)
  if (parts.body) {
    add(413)
    add(415)
  }
  if (parts.params) add(414)
  add(500)
  for (const [status, meaning] of Object.entries(parts.errors ?? {})) add(Number(status), meaning)
  return Object.fromEntries(Object.entries(statuses).sort(([a], [b]) => Number(a) - Number(b)))
}

const problemJson = jsonSchema(problemSchema, 'output')

export const routeSchema = (parts: RouteSchemaParts): FastifySchema => {
  const schema: FastifySchema & Record<string, unknown> = {
    summary: parts.summary,
    description: parts.scope
      ? `${parts.description ?? ''}\n\nScope: \`${parts.scope}\``.trim()
      : parts.description,
    tags: parts.tags,
    response: {
      ...Object.fromEntries(
        Object.entries(parts.response).map(([status, s]) => [status, jsonSchema(s, 'output')]),
      ),
      ...Object.fromEntries(
        Object.entries(errorStatuses(parts)).map(([status, meaning]) => [
          status,
          { description: meaning, content: { [PROBLEM_TYPE]: { schema: problemJson } } },
        ]),
      ),
    },
  }
  if (parts.scope) {
    schema['x-scope'] = parts.scope
    schema.security = [{ bearer: [] }]
  }
  if (parts.body) schema.body = jsonSchema(parts.body, 'input')
  if (parts.params) schema.params = jsonSchema(parts.params, 'input')
  if (parts.querystring) schema.querystring = jsonSchema(parts.querystring, 'input')
  if (parts.headers) schema.headers = jsonSchema(parts.headers, 'input')
  return schema
}

/** What a route clients need a scope for declares: the scope, and an audit action if it touches a person. */
export interface ScopedRouteParts extends RouteSchemaParts {
  scope: ApiScope
  /** The action its audit entries name: the route then needs a purpose (`X-Purpose`) and may refuse with 503. */
  auditAction?: AuditAction
}

/** The refusal of every route that touches a person, beyond those its inputs and scope imply. */
const AUDITED = { 503: 'the audit entry could not be written, so the answer is withheld' }

/**
 * A scoped route's options from one declaration: the hooks read the scope and audit action from `config`, the
 * OpenAPI document and the validator read `schema`, so what a route enforces and what it documents cannot differ.
 */
export const scopedRoute = ({
  auditAction,
  ...parts
}: ScopedRouteParts): { config: FastifyContextConfig; schema: FastifySchema } => ({
  config: auditAction ? { scope: parts.scope, auditAction } : { scope: parts.scope },
  schema: routeSchema(
    auditAction
      ? { ...parts, headers: purposeHeadersSchema, errors: { ...AUDITED, ...parts.errors } }
      : parts,
  ),
})

const partName = (httpPart: string | undefined): string =>
  httpPart === 'querystring' ? 'query' : (httpPart ?? 'request')

/** Validates with the zod schema behind a route's JSON Schema; headers pass (the hooks check them). */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (httpPart === 'headers') return () => true
  const zodSchema = zodOf.get(schema as object)
  // Refuse to start rather than serve a route whose input would go unchecked.
  if (!zodSchema) throw new Error(`the ${partName(httpPart)} schema was not built with routeSchema`)
  return (data: unknown) => {
    // The input is reported only so a missing field reads "is required"; messages never include it.
    const result = zodSchema.safeParse(data ?? undefined, { reportInput: true })
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(partName(httpPart), result.error.issues) }
  }
}
