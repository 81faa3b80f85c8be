import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AuditAction } from '../person-index/types.ts'
import { ADMIN_ONLY, WebError } from './context.ts'
import { audited, page, queryString, type WebDeps } from './deps.ts'
import type { UserAction } from './services/staff.ts'
import type { SessionStore } from './sessions.ts'
import { createAddressLimit } from './sign-in-guard.ts'

/** Where to go after sign-in: a path on this site only, so the parameter cannot send anyone elsewhere. */
export const safeNext = (next: unknown): string => {
  const path = queryString(next)
  return /^\/(?![/\\])[^\s]*$/.test(path) && !path.startsWith('/sign-') ? path : '/search'
}

/** One message for a wrong password, an unknown user, a disabled or a locked account: none is told apart. */
const SIGN_IN_ERROR = 'Enter a correct username and password'

const ADMIN_AUDIT = {
  disable: 'web.admin.user-disable',
  enable: 'web.admin.user-enable',
  unlock: 'web.admin.user-unlock',
} as const satisfies Record<UserAction, AuditAction>

export const registerAuthRoutes = (
  web: FastifyInstance,
  deps: WebDeps,
  sessions: SessionStore,
  setSession: (reply: FastifyReply, id: string) => void,
): void => {
  const { staff, audit } = deps.services
  const admit = createAddressLimit(web)

  // A signed-in user disabled, removed or given a new password since is signed out at their next request.
  web.addHook('onRequest', async (request: FastifyRequest) => {
    const session = request.webSession
    if (!session?.user || request.url.startsWith('/assets/')) return
    const user = await staff.stillSignedIn(session.user.username, session.credential)
    if (user) {
      session.user = user
      return
    }
    sessions.destroy(session.id)
    request.webSession = null
  })

  web.get('/', async (_request, reply) => reply.redirect('/search', 303))

  web.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
    if (request.webSession?.user) return reply.redirect(safeNext(request.query.next), 303)
    return page(deps, request, reply, 'sign-in.njk', { title: 'Sign in', next: safeNext(request.query.next) })
  })

  web.post<{ Body: Record<string, unknown> }>('/sign-in', async (request, reply) => {
    const username = queryString(request.body?.username)
    const password = typeof request.body?.password === 'string' ? request.body.password : ''
    const next = safeNext(request.body?.next)
    const refuse = (status: number, error = SIGN_IN_ERROR) =>
      page(deps, request, reply, 'sign-in.njk', { title: 'Sign in', next, username, error }, status)

    const admitted = await admit(request)
    if (!admitted.allowed) {
      await audit.throttledSignIn()
      const minutes = Math.ceil(admitted.retryAfterSeconds / 60)
      reply.header('retry-after', String(admitted.retryAfterSeconds))
      return refuse(
        429,
        `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      )
    }
    const result = await staff.signIn(username, password)
    if (result.kind === 'refused') {
      if (result.lockedNow) await audit.signInAttempt(username, 'web.sign-in.lockout', 'locked')
      await audit.signInAttempt(username, 'web.sign-in', result.outcome)
      return refuse(401)
    }
    if (request.webSession) sessions.destroy(request.webSession.id)
    request.webSession = sessions.create(result.user, result.passwordHash)
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

  /** Each user with their status (a lock in force shows) and what an admin may do to them from this page. */
  const adminPage = async (request: FastifyRequest, reply: FastifyReply, done?: string) => {
    const users = await staff.users(request.webSession?.user?.username)
    return page(deps, request, reply, 'admin.njk', { title: 'Staff users', nav: 'admin', users, done })
  }

  web.get('/admin', { config: { staffRoles: ADMIN_ONLY } }, adminPage)

  // What `justid users disable|enable|unlock` do, for a server on an embedded index, which the CLI cannot open while
  // it runs. Effective at the user's next request, like the CLI's changes.
  web.post<{ Params: { username: string; action: string } }>(
    '/admin/users/:username/:action',
    { config: { staffRoles: ADMIN_ONLY } },
    async (request, reply) => {
      const { username, action } = request.params
      const done = await staff.change(username, action, request.webSession?.user?.username)
      if (done === 'not_found')
        throw new WebError(404, 'Page not found', 'There is no such staff user or action.')
      if (done === 'self')
        throw new WebError(400, 'You cannot disable yourself', 'Ask another administrator.')
      await audited(deps, request, ADMIN_AUDIT[done], [], `200 user:${username}`)
      return adminPage(request, reply, `${username}: ${action === 'unlock' ? 'unlocked' : `${action}d`}`)
    },
  )
}
