import type { FastifySchema, FastifySchemaCompiler } from 'fastify'
import { z } from 'zod'
import { RequestValidationError } from './errors.ts'

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
  response: Record<number, z.ZodType>
}

export const routeSchema = (parts: RouteSchemaParts): FastifySchema => {
  const schema: FastifySchema & Record<string, unknown> = {
    summary: parts.summary,
    description: parts.scope
      ? `${parts.description ?? ''}\n\nScope: \`${parts.scope}\``.trim()
      : parts.description,
    tags: parts.tags,
    response: Object.fromEntries(
      Object.entries(parts.response).map(([status, s]) => [status, jsonSchema(s, 'output')]),
    ),
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
