import type { FastifyInstance } from 'fastify'

/**
 * A redacted access log, one JSON line per request: method, route pattern, status, milliseconds and client id.
 * Never the path as requested (it can hold a Justice ID), the query, body or headers.
 */
export const registerAccessLog = (app: FastifyInstance, write: (line: string) => void): void => {
  app.addHook('onResponse', async (request, reply) => {
    write(
      `${JSON.stringify({
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        client: request.client?.id ?? null,
      })}\n`,
    )
  })
}
