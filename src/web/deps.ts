import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AuditAction, JusticeId } from '../person-index/types.ts'
import { WebError } from './context.ts'
import type { Render } from './render.ts'
import type { WebServices } from './services/index.ts'

/** What the web routes share: the services (the only way to the index and the audit log) and the renderer. */
export interface WebDeps {
  services: WebServices
  render: Render
}

/** Writes the audit entry of a staff action and waits until it is durable: no unaudited view of personal data. */
export const audited = async (
  deps: WebDeps,
  request: FastifyRequest,
  action: AuditAction,
  justiceIds: readonly JusticeId[],
  outcome = '200',
): Promise<void> => {
  try {
    await deps.services.audit.staff(request.webSession?.user?.username ?? null, action, justiceIds, outcome)
  } catch {
    throw new WebError(
      503,
      'Service unavailable',
      'The audit log could not be written. Try again in a moment.',
    )
  }
}

/** Renders a page with what every page needs: the signed-in user, the CSRF token and the active navigation. */
export const page = (
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  context: Record<string, unknown>,
  status = 200,
): FastifyReply =>
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      deps.render(view, {
        user: request.webSession?.user ?? null,
        csrfToken: request.webSession?.csrfToken ?? '',
        ...context,
      }),
    )

export const queryString = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')
