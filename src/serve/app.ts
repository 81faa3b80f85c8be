import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import type { PersonIndexStore } from '../index/types.ts'
import type { RealtimeIndex } from '../realtime/types.ts'
import { registerAccessLog } from './access-log.ts'
import { registerAudit } from './audit-hook.ts'
import { openAuditWriter } from './audit-writer.ts'
import './context.ts'
import { registerWebApp } from '../web/app.ts'
import { type EligibilityOptions, registerEligibilityRoutes } from './eligibility-routes.ts'
import { handleError, handleNotFound } from './errors.ts'
import { registerAccessControl } from './guard.ts'
import { registerOpenApi } from './openapi.ts'
import { zodValidatorCompiler } from './route-schema.ts'
import { registerRoutes } from './routes.ts'
import { registerSecurity } from './security.ts'

export interface AppOptions {
  index: RealtimeIndex
  store: PersonIndexStore
  /** How long audit entries wait to be written together (group commit), in ms. */
  auditFlushMs?: number
  /** Folder of the audit checkpoint key and signed checkpoints (audit-checkpoint.ts); none when omitted. */
  auditCheckpoints?: string
  now?: () => Date
  /** Receives one redacted access-log line per request; no access log when omitted. */
  accessLog?: (line: string) => void
  /** Service rules, issuer keys and issuer URL for eligibility checks (docs/eligibility.md). */
  eligibility?: EligibilityOptions
  /** The staff review app (docs/review.md): Secure cookies behind HTTPS, and a session secret shared across restarts. */
  web?: { secureCookies?: boolean; sessionSecret?: string }
}

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version

/** The HTTP API over a person index. Fastify's own logger stays off: it would log URLs holding Justice IDs. */
export const buildApp = async (options: AppOptions): Promise<FastifyInstance> => {
  const now = options.now ?? (() => new Date())
  const app = Fastify({
    logger: false,
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024,
    // Start-up work (the review queue of a large index) runs in onReady and may take longer than fastify's 10 s.
    pluginTimeout: 0,
  })
  app.setValidatorCompiler(zodValidatorCompiler)
  // Response schemas document the API; serialising with them would silently drop fields they do not list.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  app.setErrorHandler(handleError)
  app.setNotFoundHandler(handleNotFound)
  await registerSecurity(app, { tls: options.web?.secureCookies === true })
  if (options.accessLog) registerAccessLog(app, options.accessLog)
  const writer = await openAuditWriter(options.store, {
    flushMs: options.auditFlushMs,
    checkpointFolder: options.auditCheckpoints,
  })
  registerAccessControl(app, options.store)
  registerAudit(app, writer, now)
  app.addHook('onClose', async () => {
    await writer.flush()
  })
  await registerOpenApi(app, packageVersion())
  registerRoutes(app, options.index, options.store)
  await registerEligibilityRoutes(app, options)
  await registerWebApp(app, {
    index: options.index,
    store: options.store,
    audit: writer,
    now,
    ...options.web,
  })
  await app.ready()
  return app
}
