import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, onSendHookHandler } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'
import { govukDist } from '../web/render.ts'

/**
 * Security headers on every response of the API and the review app (helmet's), and the rate-limit plugin whose
 * limiters the access-control and sign-in hooks call (`app.createRateLimit`): no route is limited by the plugin
 * itself, so each refusal keeps the API's or the app's own error shape.
 */

export interface SecurityOptions {
  /** Served over HTTPS (behind a TLS proxy): adds Strict-Transport-Security. */
  tls?: boolean
}

/**
 * The one inline script of the GOV.UK page template (it marks the body `js-enabled`), allowed by its hash: read from
 * the installed template, so an upgrade of govuk-frontend that changes it keeps working.
 */
const govukInlineScriptHash = (): string => {
  const template = readFileSync(join(govukDist, 'govuk', 'template.njk'), 'utf8')
  const script = /<script[^>]*>([^<]+)<\/script>/.exec(template)?.[1]
  if (!script) throw new Error('the GOV.UK page template has no inline script to allow')
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`
}

const HSTS = 'max-age=31536000; includeSubDomains'

const helmetOptions = (): Readonly<HelmetOptions> => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", govukInlineScriptHash()],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  // Only where the service is reached over HTTPS: on plain HTTP the header is ignored, and sent by a local
  // server it would pin localhost to HTTPS in the browser.
  strictTransportSecurity: false,
})

/**
 * The headers helmet sets, taken once. Every option above is a constant, so every response gets the same ones;
 * @fastify/helmet built the middleware again, CSP parsing included, for each request (measured: 8% of a person
 * read's CPU).
 */
const securityHeaders = (options: Readonly<HelmetOptions> = helmetOptions()): [string, string][] => {
  const headers: [string, string][] = []
  const collector = {
    setHeader: (name: string, value: string) => {
      headers.push([name, value])
    },
    removeHeader: () => undefined,
  }
  helmet(options)(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    collector as unknown as Parameters<ReturnType<typeof helmet>>[1],
    () => undefined,
  )
  return headers
}

export const registerSecurity = async (
  app: FastifyInstance,
  options: SecurityOptions = {},
): Promise<void> => {
  const headers = securityHeaders()
  // On the raw response, as helmet sets them: errors and 404s carry them, and a later reply.header overrides one.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value)
    done()
  })
  app.addHook('onSend', async (request, reply, payload) => {
    if (options.tls === true || request.protocol === 'https') reply.header('strict-transport-security', HSTS)
    return payload
  })
  // Swagger UI (/docs) sets a CSP of its own, framable by the same site, in its own hook; a route-level hook runs
  // after it, so every page, its too, refuses framing.
  const refuseFraming: onSendHookHandler = async (_request, reply, payload) => {
    const csp = reply.getHeader('content-security-policy')
    if (typeof csp === 'string' && !csp.includes("frame-ancestors 'none'"))
      reply.header(
        'content-security-policy',
        `${csp.replace(/\s*frame-ancestors[^;]*;?/, '').replace(/;?\s*$/, '')}; frame-ancestors 'none'`,
      )
    return payload
  }
  app.addHook('onRoute', (route) => {
    route.onSend = [...(route.onSend ? [route.onSend].flat() : []), refuseFraming]
  })
  await app.register(rateLimit, { global: false })
}
