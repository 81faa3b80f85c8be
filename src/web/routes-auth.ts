import type { FastifyInstance } from 'fastify'
import { ADMIN_ONLY } from './context.ts'
import { audited, page, queryString, type WebDeps } from './deps.ts'
import { decoyHash, verifyPassword } from './passwords.ts'
import type { SessionStore } from './sessions.ts'

/** Where to go after sign-in: a path on this site only, so the parameter cannot send anyone elsewhere. */
export const safeNext = (next: unknown): string => {
  const path = queryString(next)
  return /^\/(?![/\\])[^\s]*$/.test(path) && !path.startsWith('/sign-') ? path : '/search'
}

const SIGN_IN_ERROR = 'Enter a correct username and password'

export const registerAuthRoutes = (
  web: FastifyInstance,
  deps: WebDeps,
  sessions: SessionStore,
  setSession: (reply: import('fastify').FastifyReply, id: string) => void,
): void => {
  const decoy = decoyHash()

  web.get('/', async (_request, reply) => reply.redirect('/search', 303))

  web.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
    if (request.webSession?.user) return reply.redirect(safeNext(request.query.next), 303)
    return page(deps, request, reply, 'sign-in.njk', { title: 'Sign in', next: safeNext(request.query.next) })
  })

  web.post<{ Body: Record<string, unknown> }>('/sign-in', async (request, reply) => {
    const username = queryString(request.body?.username)
    const password = typeof request.body?.password === 'string' ? request.body.password : ''
    const next = safeNext(request.body?.next)
    const found = username ? await deps.store.staffUser(username) : null
    // An unknown user costs one hash like a known one, so timing does not tell which usernames exist.
    const ok = await verifyPassword(password, found?.passwordHash ?? (await decoy))
    if (!found || !ok || found.user.disabled) {
      return page(
        deps,
        request,
        reply,
        'sign-in.njk',
        { title: 'Sign in', next, username, error: SIGN_IN_ERROR },
        401,
      )
    }
    if (request.webSession) sessions.destroy(request.webSession.id)
    request.webSession = sessions.create(found.user)
    setSession(reply, request.webSession.id)
    await audited(deps, request, 'web.sign-in', [])
    return reply.redirect(next, 303)
  })

  web.post('/sign-out', async (request, reply) => {
    if (request.webSession) sessions.destroy(request.webSession.id)
    const fresh = sessions.create(null)
    setSession(reply, fresh.id)
    return reply.redirect('/sign-in', 303)
  })

  web.get('/admin', { config: { staffRoles: ADMIN_ONLY } }, async (request, reply) =>
    page(deps, request, reply, 'admin.njk', {
      title: 'Staff users',
      nav: 'admin',
      users: await deps.store.staffUsers(),
    }),
  )
}
