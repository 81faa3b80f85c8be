import type { FastifyInstance, HTTPMethods } from 'fastify'
import { ApiError } from './errors.ts'

/** Paths of the API (not the review app): their errors are problem details, and a wrong method is 405. */
export const isApiPath = (url: string): boolean =>
  /^\/(?:v\d+(?:\/|$)|health$|openapi\.json$|\.well-known\/)/.test(url.split('?')[0]!)

const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

/**
 * Fastify answers a known path asked with another method as an unknown route (404). This collects the methods of
 * each API path as routes are added; the returned function, called once they all are, adds a route per path for
 * every other method that answers 405 with `Allow`.
 */
export const collectMethods = (app: FastifyInstance): (() => void) => {
  const byUrl = new Map<string, Set<string>>()
  let closed = false
  app.addHook('onRoute', (route) => {
    if (closed || !isApiPath(route.url)) return
    const methods = byUrl.get(route.url) ?? new Set<string>()
    for (const m of [route.method].flat()) methods.add(m)
    // Fastify answers HEAD for every GET route.
    if (methods.has('GET')) methods.add('HEAD')
    byUrl.set(route.url, methods)
  })
  return () => {
    closed = true
    for (const [url, allowed] of byUrl) {
      const allow = METHODS.filter((m) => allowed.has(m)).join(', ')
      const others = METHODS.filter((m) => !allowed.has(m))
      app.route({
        method: others,
        url,
        schema: { hide: true },
        handler: async () => {
          throw new ApiError(405, 'method_not_allowed', `this path takes ${allow}`, { allow })
        },
      })
    }
  }
}
