import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CustodyModel } from '../custody/model.ts'
import type { AuditWriter } from '../person-index/store/audit-writer.ts'
import type { JusticeId, PersonIndexStore } from '../person-index/types.ts'
import type { DecisionInput, RealtimeIndex, WriteOutcome } from '../realtime/types.ts'
import { WebError } from './context.ts'
import type { Render } from './render.ts'
import type { ReviewQueue } from './review-queue.ts'

/** What the web routes share: the index, the store, the audit log and the app's own state. */
export interface WebDeps {
  index: RealtimeIndex
  store: PersonIndexStore
  audit: AuditWriter
  render: Render
  now: () => Date
  /** The model, thresholds and term frequencies, read once when first needed. */
  queue: () => Promise<ReviewQueue>
  /** The custody violence estimate's model, when `justid serve --custody-model` gave one. */
  custodyModel: CustodyModel | null
}

/** Applies a decision through the real-time index (stored and re-linked in one batch). */
export const decide = async (deps: WebDeps, input: DecisionInput): Promise<WriteOutcome> => {
  const outcome = await deps.index.decide(input)
  if (!outcome) throw new WebError(404, 'Pair not found', 'One of these records is no longer in the index.')
  return outcome
}

export const AUDIT_PURPOSE = 'case review'

/** Writes the audit entry of a staff action and waits until it is durable: no unaudited view of personal data. */
export const audited = async (
  deps: WebDeps,
  request: FastifyRequest,
  action: string,
  justiceIds: readonly JusticeId[],
  outcome = '200',
): Promise<void> => {
  try {
    await deps.audit.append({
      at: deps.now().toISOString(),
      actor: `staff:${request.webSession?.user?.username ?? 'anonymous'}`,
      action,
      justiceIds: [...new Set(justiceIds)],
      purpose: AUDIT_PURPOSE,
      outcome,
    })
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
        // The GOV.UK template's one inline script carries the nonce a Content-Security-Policy may ask for
        // (@fastify/helmet with enableCSPNonces sets reply.cspNonce).
        cspNonce: (reply as FastifyReply & { cspNonce?: { script?: string } }).cspNonce?.script,
        ...context,
      }),
    )

export const queryString = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')
