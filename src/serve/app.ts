import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import { verifyAuditLog } from '../person-index/store/audit-checkpoint.ts'
import { openAuditWriter } from '../person-index/store/audit-writer.ts'
import type { PersonIndexStore } from '../person-index/types.ts'
import type { RealtimeIndex } from '../realtime/types.ts'
import { registerAccessLog } from './access-log.ts'
import { registerAudit } from './audit-hook.ts'
import './context.ts'
import type { CustodyModel } from '../custody/model.ts'
import { registerWebApp, type WebAppOptions } from '../web/app.ts'
import { createCustodyService } from '../web/services/custody.ts'
import { registerCustodyRoutes } from './custody-routes.ts'
import { type EligibilityOptions, registerEligibilityRoutes } from './eligibility-routes.ts'
import { handleError, handleFrameworkError, handleNotFound } from './errors.ts'
import { registerAccessControl } from './guard.ts'
import { collectMethods, isApiPath } from './methods.ts'
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
  web?: Pick<WebAppOptions, 'secureCookies' | 'sessionSecret' | 'passwordCost'>
  /** The custody violence estimate's model (docs/custody-estimate.md); its API route and page answer 404 without. */
  custodyModel?: CustodyModel
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
    // Errors met before routing (a path segment over 100 characters) get the same problem details, not fastify's
    // own body, which quotes the path.
    frameworkErrors: handleFrameworkError,
  })
  app.setValidatorCompiler(zodValidatorCompiler)
  // Response schemas document the API; serialising with them would silently drop fields they do not list.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  app.setErrorHandler(handleError)
  const methodsCollected = collectMethods(app)
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
  // The audit check and the custody estimate are handed in, so these routes do not reach into the store themselves.
  registerRoutes(app, options.index, () => verifyAuditLog(options.store, options.auditCheckpoints ?? null))
  await registerEligibilityRoutes(app, options)
  registerCustodyRoutes(
    app,
    options.index,
    createCustodyService(options.custodyModel ?? null, options.store, now),
  )
  methodsCollected()
  const web = await registerWebApp(app, {
    index: options.index,
    store: options.store,
    audit: writer,
    now,
    custodyModel: options.custodyModel ?? null,
    ...options.web,
  })
  // An unknown path of the review app is a page; of the API, or for a caller that does not read HTML, a problem.
  app.setNotFoundHandler((request, reply) =>
    isApiPath(request.url) || !request.headers.accept?.includes('text/html')
      ? handleNotFound(request, reply)
      : web.notFound(request, reply),
  )
  await app.ready()
  return app
}
