import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { parseJusticeId } from '../person-index/justice-id.ts'
import type { AuditWriter } from '../person-index/store/audit-writer.ts'
import type { JusticeId } from '../person-index/types.ts'
import { PROBLEM_TYPE, problem } from './errors.ts'

/**
 * Every response of a route that touches a person, refusals included, waits for its audit entry to be durable
 * before it is sent. When the entry cannot be written the caller gets 503 instead of the data: there is no
 * unaudited access to personal data. Requests without valid credentials are refused (401, or 429 past the
 * per-address limit) before anything is read; their entries are aggregated (AuditWriter.appendOrCount).
 */

/** IDs a refused request named in its path (only well-formed ones: junk is not worth a place in the log). */
const namedIds = (request: FastifyRequest): JusticeId[] => {
  const raw = (request.params as { justiceId?: unknown } | undefined)?.justiceId
  const id = typeof raw === 'string' ? parseJusticeId(raw) : null
  return id ? [id] : []
}

const involvedIds = (request: FastifyRequest, reply: FastifyReply): JusticeId[] => {
  const ids = request.auditIds?.length ? request.auditIds : reply.statusCode >= 400 ? namedIds(request) : []
  return [...new Set(ids)]
}

export const registerAudit = (app: FastifyInstance, writer: AuditWriter, now: () => Date): void => {
  app.addHook('onSend', async (request, reply, payload) => {
    const action = request.routeOptions.config.auditAction
    if (!action) return payload
    const entry = {
      at: now().toISOString(),
      actor: request.client?.id ?? 'unauthenticated',
      action,
      justiceIds: involvedIds(request, reply),
      // Only a purpose an authenticated client gave, checked in guard.ts (1 to 200 printable characters).
      purpose: request.client ? request.purpose : null,
      outcome: String(reply.statusCode),
    }
    try {
      // Without valid credentials nothing was released: repeats are counted, not written one by one.
      await (request.client ? writer.append(entry) : writer.appendOrCount(entry))
      return payload
    } catch {
      reply.code(503).header('content-type', PROBLEM_TYPE)
      return JSON.stringify(
        problem(503, 'audit_unavailable', 'the audit log could not be written; try again'),
      )
    }
  })
}
