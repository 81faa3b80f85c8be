import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ADMIN_ONLY, WebError } from './context.ts'
import { AUDIT_PURPOSE, audited, page, queryString, type WebDeps } from './deps.ts'
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts'
import { credentialOf, type SessionStore } from './sessions.ts'
import { createSignInGuard } from './sign-in-guard.ts'

/** Where to go after sign-in: a path on this site only, so the parameter cannot send anyone elsewhere. */
export const safeNext = (next: unknown): string => {
  const path = queryString(next)
  return /^\/(?![/\\])[^\s]*$/.test(path) && !path.startsWith('/sign-') ? path : '/search'
}

/** One message for a wrong password, an unknown user, a disabled or a locked account: none is told apart. */
const SIGN_IN_ERROR = 'Enter a correct username and password'
/** The form `justid users add` accepts; anything else typed is audited as invalid, never verbatim. */
const USERNAME = /^[a-z0-9._-]{2,64}$/

export const registerAuthRoutes = (
  web: FastifyInstance,
  deps: WebDeps,
  sessions: SessionStore,
  setSession: (reply: FastifyReply, id: string) => void,
): void => {
  const decoy = decoyHash()
  const guard = createSignInGuard(web, deps.store, deps.now)

  /** A sign-in attempt's audit entry: failures are logged too, under the username tried when it is well-formed. */
  const auditAttempt = (username: string, action: string, outcome: string): Promise<void> =>
    deps.audit.append({
      at: deps.now().toISOString(),
      actor: `staff:${USERNAME.test(username) ? username : '(invalid username)'}`,
      action,
      justiceIds: [],
      purpose: AUDIT_PURPOSE,
      outcome,
    })

  // A signed-in user disabled, removed or given a new password since is signed out at their next request.
  web.addHook('onRequest', async (request: FastifyRequest) => {
    const session = request.webSession
    if (!session?.user || request.url.startsWith('/assets/')) return
    const stored = await deps.store.staffUser(session.user.username)
    if (stored && !stored.user.disabled && credentialOf(stored.passwordHash) === session.credential) {
      session.user = stored.user
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

    const admitted = await guard.admit(request)
    if (!admitted.allowed) {
      // Over the limit: counted, not logged one by one, so a flood of attempts cannot flood the log.
      await deps.audit.appendOrCount({
        at: deps.now().toISOString(),
        actor: 'staff:(throttled)',
        action: 'web.sign-in',
        justiceIds: [],
        purpose: AUDIT_PURPOSE,
        outcome: '429',
      })
      const minutes = Math.ceil(admitted.retryAfterSeconds / 60)
      reply.header('retry-after', String(admitted.retryAfterSeconds))
      return refuse(
        429,
        `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      )
    }
    const found = USERNAME.test(username) ? await deps.store.staffUser(username) : null
    if (found && (await guard.lockedUntil(username))) {
      await verifyPassword(password, await decoy)
      await auditAttempt(username, 'web.sign-in', 'locked')
      return refuse(401)
    }
    // An unknown user costs one hash like a known one, so timing does not tell which usernames exist.
    const ok = await verifyPassword(password, found?.passwordHash ?? (await decoy))
    if (!found || !ok || found.user.disabled) {
      if (found && !ok && (await guard.failed(username)))
        await auditAttempt(username, 'web.sign-in.lockout', 'locked')
      await auditAttempt(username, 'web.sign-in', found?.user.disabled && ok ? 'disabled' : '401')
      return refuse(401)
    }
    await guard.succeeded(username)
    let passwordHash = found.passwordHash
    if (needsRehash(passwordHash)) {
      // The password is known only now: its hash made at an older cost is replaced by one at today's.
      passwordHash = await hashPassword(password)
      await deps.store.updateStaffUser(username, { passwordHash })
    }
    if (request.webSession) sessions.destroy(request.webSession.id)
    request.webSession = sessions.create(found.user, passwordHash)
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
    const users = await Promise.all(
      (await deps.store.staffUsers()).map(async (u) => {
        const locked = await guard.lockedUntil(u.username)
        const self = u.username === request.webSession?.user?.username
        const actions = [
          ...(locked ? ['unlock'] : []),
          ...(u.disabled ? ['enable'] : self ? [] : ['disable']),
        ]
        const status = u.disabled
          ? 'disabled'
          : locked
            ? `locked until ${locked.toISOString().slice(11, 16)} UTC`
            : 'active'
        return { ...u, status, actions }
      }),
    )
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
      const found = USERNAME.test(username) ? await deps.store.staffUser(username) : null
      if (!found || !['disable', 'enable', 'unlock'].includes(action))
        throw new WebError(404, 'Page not found', 'There is no such staff user or action.')
      if (action === 'disable' && username === request.webSession?.user?.username)
        throw new WebError(400, 'You cannot disable yourself', 'Ask another administrator.')
      if (action === 'unlock') await deps.store.setSignInState(username, null)
      else await deps.store.updateStaffUser(username, { disabled: action === 'disable' })
      await audited(deps, request, `web.admin.user-${action}`, [], `200 user:${username}`)
      return adminPage(request, reply, `${username}: ${action === 'unlock' ? 'unlocked' : `${action}d`}`)
    },
  )
}
