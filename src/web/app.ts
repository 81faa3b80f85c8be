import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CustodyModel } from '../custody/model.ts'
import type { AuditWriter } from '../person-index/store/audit-writer.ts'
import type { PersonIndexStore } from '../person-index/types.ts'
import type { RealtimeIndex } from '../realtime/types.ts'
import './context.ts'
import { WebError } from './context.ts'
import { page, type WebDeps } from './deps.ts'
import type { ScryptCost } from './passwords.ts'
import { createRenderer, govukDist, mojRoot, webRoot } from './render.ts'
import { registerAuthRoutes } from './routes-auth.ts'
import { registerCustodyRoutes } from './routes-custody.ts'
import { registerPersonRoutes } from './routes-persons.ts'
import { registerReviewRoutes } from './routes-review.ts'
import { createWebServices } from './services/index.ts'
import { csrfMatches, DEFAULT_IDLE_MS, SESSION_COOKIE, SessionStore } from './sessions.ts'

export interface WebAppOptions {
  index: RealtimeIndex
  store: PersonIndexStore
  audit: AuditWriter
  /** Mark the session cookie Secure (serve behind HTTPS). */
  secureCookies?: boolean
  /** Signs session cookies; a random secret per process when omitted (a restart signs everyone out). */
  sessionSecret?: string
  idleMs?: number
  now?: () => Date
  /** The custody violence estimate's model; its page answers 404 without one. */
  custodyModel?: CustodyModel | null
  /**
   * The scrypt cost of new password hashes and of the decoy an unknown or locked user is checked against; OWASP's
   * when omitted. A deployment may raise it; tests of sign-in rules lower it, as the rules do not depend on it.
   */
  passwordCost?: ScryptCost
}

export interface WebApp {
  /** The GOV.UK "Page not found" page, for the server's not-found handler to use on the app's paths. */
  notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply
}

/**
 * The staff review app: server-rendered GOV.UK pages over the same index and audit log as the API. Its own
 * error pages, cookies and form parsing stay inside this plugin, so the JSON API is unchanged.
 */
export const registerWebApp = async (app: FastifyInstance, options: WebAppOptions): Promise<WebApp> => {
  const now = options.now ?? (() => new Date())
  const sessions = new SessionStore(() => now().getTime(), options.idleMs ?? DEFAULT_IDLE_MS)
  const services = createWebServices({
    index: options.index,
    store: options.store,
    audit: options.audit,
    now,
    custodyModel: options.custodyModel ?? null,
    passwordCost: options.passwordCost,
  })
  const deps: WebDeps = { services, render: createRenderer() }
  // Built before the server listens: built in the background it would hold the store (one connection on an
  // embedded index) and make the first API requests wait seconds. A failure surfaces on the review pages instead.
  app.addHook('onReady', () => services.review.warm())

  await app.register(async (web) => {
    // The app's pages are not part of the public API: the OpenAPI document leaves them out.
    web.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true }
    })
    await web.register(fastifyCookie, {
      secret: options.sessionSecret ?? randomBytes(32).toString('base64url'),
    })
    await web.register(fastifyFormbody, { bodyLimit: 16 * 1024 })
    await web.register(fastifyStatic, {
      root: [
        join(webRoot, 'static'),
        join(govukDist, 'govuk', 'assets'),
        join(govukDist, 'govuk'),
        join(mojRoot, 'moj', 'assets'),
        join(mojRoot, 'moj'),
      ],
      prefix: '/assets/',
      allowedPath: (path) => /\.(css|js|mjs|woff2?|png|svg|ico|json)$/.test(path) && !path.endsWith('.map'),
      index: false,
      list: false,
      maxAge: 3600 * 1000,
    })
    web.decorateRequest('webSession', null)

    const setSession = (reply: FastifyReply, id: string): void => {
      reply.setCookie(SESSION_COOKIE, id, {
        signed: true,
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies === true,
        path: '/',
      })
    }

    web.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/assets/')) return
      const raw = request.cookies[SESSION_COOKIE]
      const unsigned = raw ? request.unsignCookie(raw) : null
      request.webSession = unsigned?.valid && unsigned.value ? sessions.touch(unsigned.value) : null
      if (!request.webSession && request.method === 'GET') {
        request.webSession = sessions.create(null)
        setSession(reply, request.webSession.id)
      }
    })

    // CSRF first: a forged POST is refused whoever is signed in.
    web.addHook('preHandler', async (request) => {
      if (request.method !== 'POST') return
      const sent = (request.body as Record<string, unknown> | undefined)?._csrf
      if (!request.webSession || !csrfMatches(request.webSession, sent))
        throw new WebError(
          403,
          'Form expired',
          'This form could not be accepted. Go back, reload the page and try again.',
        )
    })

    web.addHook('preHandler', async (request, reply) => {
      const roles = request.routeOptions.config.staffRoles
      if (!roles) return
      const user = request.webSession?.user
      if (!user) {
        const next = request.method === 'GET' ? request.url : '/search'
        return reply.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303)
      }
      if (!roles.includes(user.role))
        throw new WebError(403, 'You do not have access to this page', 'Ask an administrator if you need it.')
    })

    web.setErrorHandler((error: FastifyError | WebError, request, reply) => {
      const known = error instanceof WebError
      const status = known
        ? error.statusCode
        : (error.statusCode ?? 500) < 500
          ? (error.statusCode ?? 500)
          : 500
      const title = known
        ? error.title
        : status === 500
          ? 'Sorry, there is a problem with the service'
          : 'Bad request'
      const message = known
        ? error.message
        : status === 500
          ? 'Try again later.'
          : 'The request could not be read.'
      return page(deps, request, reply, 'error.njk', { title, message }, status)
    })

    registerAuthRoutes(web, deps, sessions, setSession)
    registerPersonRoutes(web, deps)
    registerReviewRoutes(web, deps)
    registerCustodyRoutes(web, deps)
  })
  return {
    notFound: (request, reply) =>
      page(deps, request, reply, 'not-found.njk', { title: 'Page not found' }, 404),
  }
}
