import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { holderKeyProblem } from '../credentials/holder-key.ts'
import { issueCredential, statusListUri } from '../credentials/issue.ts'
import { IssuerKeys } from '../credentials/keys.ts'
import { StatusLists } from '../credentials/status-list.ts'
import { verifyCredential } from '../credentials/verify.ts'
import { runCheck, type Subject } from '../eligibility/check.ts'
import { defaultRulesFolder, loadServiceRules, type ServiceRule } from '../eligibility/rules.ts'
import { parseJusticeId } from '../person-index/justice-id.ts'
import type { JusticeEvent, JusticeEventStore, RecordKey } from '../person-index/types.ts'
import type { RealtimeIndex } from '../realtime/types.ts'
import { hasScope } from './auth.ts'
import { ApiError } from './errors.ts'
import { routeSchema, scopedRoute } from './route-schema.ts'
import { tooLittleToSearch } from './routes.ts'
import { recordInputSchema } from './schemas.ts'

/**
 * Eligibility checks (one route per service rule, each behind its own scope), their credentials, the issuer's
 * JWKS and status lists, revocation and verification. See docs/eligibility.md.
 */

export interface EligibilityOptions {
  /** Folder of service rule files; the shipped examples (data/eligibility) when omitted. */
  rulesFolder?: string
  /** Folder of issuer keys and status lists; in memory when omitted (credentials die with the process). */
  keysFolder?: string
  /** The issuer's public base URL: `iss`, vct and status list URIs are under it. */
  issuer?: string
}

export interface EligibilityDeps {
  index: RealtimeIndex
  store: Pick<JusticeEventStore, 'allJusticeEvents'>
  now?: () => Date
  eligibility?: EligibilityOptions
}

export const DEFAULT_ISSUER = 'https://justid.example'
/** The scope for verifying credentials: it reads no person data, so it is separate from any service's scope. */
export const VERIFY_SCOPE = 'eligibility:verify' as const
const CANDIDATES = 5

/** A public key only: the strict object refuses the private members (d, p, q, …). */
const holderKeySchema = z.strictObject({
  kty: z.enum(['EC', 'OKP', 'RSA']),
  crv: z.string().max(20).optional(),
  x: z.string().max(1000).optional(),
  y: z.string().max(1000).optional(),
  n: z.string().max(1000).optional(),
  e: z.string().max(20).optional(),
  kid: z.string().max(200).optional(),
  alg: z.string().max(20).optional(),
  use: z.literal('sig').optional(),
})

/** Node refuses to import an EC point off its curve or short coordinates; holder-key.ts also bounds RSA (#19). */
const validHolderKey = holderKeySchema.refine((jwk) => holderKeyProblem(jwk) === null, {
  message: 'must be a valid public key: an EC point on its curve, or an RSA key of at least 2048 bits',
})

export const checkBodySchema = z.strictObject({
  subject: z.union([
    z.strictObject({
      justiceId: z.string().min(1).max(64).describe('needs the person:read scope as well'),
    }),
    z.strictObject({ record: recordInputSchema }),
  ]),
  credential: z
    .strictObject({
      holderKey: validHolderKey.optional().describe('a public JWK to bind the credential to'),
    })
    .optional()
    .describe('ask for the answer as an SD-JWT VC as well'),
})

export const checkResultSchema = z.strictObject({
  checkId: z.string(),
  service: z.string(),
  ruleVersion: z.string(),
  outcome: z.enum(['eligible', 'not_eligible', 'cannot_determine']),
  reason: z.string(),
  checkedAt: z.string(),
  credential: z.string().optional().describe('SD-JWT VC; only for eligible and not_eligible'),
})

export const verifyBodySchema = z.strictObject({ credential: z.string().min(1).max(16_000) })

export const verifyResultSchema = z.union([
  z.strictObject({
    valid: z.literal(true),
    service: z.string(),
    ruleVersion: z.string(),
    outcome: z.string().optional().describe('only when the presentation discloses it'),
    issuedAt: z.string(),
    expiresAt: z.string(),
    holderBound: z.boolean(),
  }),
  z.strictObject({
    valid: z.literal(false),
    reason: z.enum(['malformed', 'unknown_key', 'bad_signature', 'expired', 'status_unavailable', 'revoked']),
  }),
])

const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) })
const checkIdParams = z.strictObject({ checkId: z.string().min(1).max(64) })
const listParams = z.strictObject({ id: z.string().regex(/^[0-9]{1,9}$/) })

const isoSeconds = (seconds: number): string => new Date(seconds * 1000).toISOString()

export const registerEligibilityRoutes = async (
  app: FastifyInstance,
  deps: EligibilityDeps,
): Promise<void> => {
  const { index, store } = deps
  const now = deps.now ?? (() => new Date())
  const options = deps.eligibility ?? {}
  const issuer = (options.issuer ?? DEFAULT_ISSUER).replace(/\/+$/, '')
  const rules = loadServiceRules(options.rulesFolder ?? defaultRulesFolder())
  const keys = await IssuerKeys.open(options.keysFolder ?? null)
  const statusLists = StatusLists.open(options.keysFolder ?? null)
  // Held in memory like the index itself: on an embedded store a query per check would scan every event.
  const eventsByRecord = new Map<RecordKey, JusticeEvent[]>()
  for (const event of await store.allJusticeEvents()) {
    const list = eventsByRecord.get(event.recordKey)
    if (list) list.push(event)
    else eventsByRecord.set(event.recordKey, [event])
  }
  // Rules look for any event that qualifies, so the order events come in does not matter.
  const justiceEvents = async (recordKeys: readonly RecordKey[]): Promise<JusticeEvent[]> =>
    recordKeys.flatMap((k) => eventsByRecord.get(k) ?? [])

  const registerCheck = (rule: ServiceRule): void => {
    app.post<{ Body: z.infer<typeof checkBodySchema> }>(
      `/v1/eligibility/${rule.service}/checks`,
      scopedRoute({
        summary: `Eligibility check: ${rule.service}`,
        description: rule.description,
        tags: ['eligibility'],
        scope: `eligibility:${rule.service}`,
        auditAction: `eligibility.check.${rule.service}`,
        body: checkBodySchema,
        response: { 200: checkResultSchema },
      }),
      async (request) => {
        const { subject, credential } = request.body
        let resolved: Subject
        if ('justiceId' in subject) {
          // Naming a person by Justice ID is itself person data: only clients entitled to read persons may.
          if (!request.client || !hasScope(request.client, 'person:read'))
            throw new ApiError(403, 'forbidden', 'a subject named by Justice ID needs the person:read scope')
          const id = parseJusticeId(subject.justiceId)
          if (!id)
            throw new ApiError(400, 'invalid_justice_id', 'body.subject.justiceId fails its check character')
          resolved = { justiceId: id }
        } else {
          resolved = { record: subject.record }
        }
        const at = now()
        const result = await runCheck(rule, resolved, at.toISOString().slice(0, 10), {
          // Only the subject's record is matched; one without a blocking key is refused, from the probe it scores.
          match: (record) =>
            index.match(record, {
              limit: CANDIDATES,
              refuseUnsearchable: () => tooLittleToSearch('body.subject.record'),
            }),
          person: (id) => index.person(id),
          recordKeysOf: (id) => index.recordKeysOf(id),
          justiceEvents,
        })
        request.auditIds = result.involved
        const checkId = randomUUID()
        const answer: z.infer<typeof checkResultSchema> = {
          checkId,
          service: rule.service,
          ruleVersion: rule.version,
          outcome: result.outcome,
          reason: result.reason,
          checkedAt: at.toISOString(),
        }
        if (credential && result.outcome !== 'cannot_determine')
          answer.credential = await issueCredential(keys, {
            issuer,
            service: rule.service,
            ruleVersion: rule.version,
            outcome: result.outcome,
            validityDays: rule.credential.validityDays,
            status: await statusLists.allocate(checkId),
            holderKey: credential.holderKey,
            now: at,
          })
        return answer
      },
    )
  }
  for (const rule of rules.values()) registerCheck(rule)

  app.get(
    '/.well-known/jwks.json',
    {
      schema: routeSchema({
        summary: "The issuer's public keys, current and rotated-out",
        tags: ['credentials'],
        response: { 200: jwksSchema },
      }),
    },
    async () => keys.jwks(),
  )

  app.get<{ Params: z.infer<typeof listParams> }>(
    '/v1/status-lists/:id',
    {
      schema: routeSchema({
        summary:
          'A status list token (application/statuslist+jwt): bit 1 at a credential index means revoked',
        description: 'Public, so verifiers can check revocation without an account; it holds no person data.',
        tags: ['credentials'],
        params: listParams,
        response: { 200: z.string() },
        errors: { 404: 'no such route, or no such status list' },
      }),
    },
    async (request, reply) => {
      const token = await statusLists.token(
        request.params.id,
        statusListUri(issuer, request.params.id),
        keys,
        now(),
      )
      if (!token) throw new ApiError(404, 'not_found', 'there is no such status list')
      return reply.type('application/statuslist+jwt').send(token)
    },
  )

  app.post<{ Params: z.infer<typeof checkIdParams> }>(
    '/v1/credentials/:checkId/revoke',
    scopedRoute({
      summary: "Revoke the credential issued with a check's answer",
      tags: ['credentials'],
      scope: 'admin',
      auditAction: 'credential.revoke',
      params: checkIdParams,
      response: { 200: z.strictObject({ checkId: z.string(), revoked: z.literal(true) }) },
      errors: { 404: 'no such route, or no credential was issued for this check' },
    }),
    async (request) => {
      if (!(await statusLists.revoke(request.params.checkId)))
        throw new ApiError(404, 'not_found', 'no credential was issued for this check')
      return { checkId: request.params.checkId, revoked: true as const }
    },
  )

  const ownListPrefix = statusListUri(issuer, '')
  app.post<{ Body: z.infer<typeof verifyBodySchema> }>(
    '/v1/credentials/verify',
    scopedRoute({
      summary: 'Verify an eligibility credential: signature, disclosures, expiry and status',
      description:
        'Reads no person data. Only credentials of this issuer are checked against its status lists.',
      tags: ['credentials'],
      scope: VERIFY_SCOPE,
      body: verifyBodySchema,
      response: { 200: verifyResultSchema },
    }),
    async (request): Promise<z.infer<typeof verifyResultSchema>> => {
      const at = now()
      const result = await verifyCredential(request.body.credential, {
        jwks: keys.jwks(),
        // Never fetch a URI a caller chose: a foreign status list is simply unavailable here.
        statusList: async (uri) => {
          const token = uri.startsWith(ownListPrefix)
            ? await statusLists.token(uri.slice(ownListPrefix.length), uri, keys, at)
            : null
          if (!token) throw new Error('not a status list of this issuer')
          return token
        },
        now: at,
      })
      if (!result.valid) return { valid: false, reason: result.reason }
      const { service, ruleVersion, outcome, iat, exp, holderBound } = result.claims
      return {
        valid: true,
        service,
        ruleVersion,
        ...(outcome === undefined ? {} : { outcome }),
        issuedAt: isoSeconds(iat),
        expiresAt: isoSeconds(exp),
        holderBound,
      }
    },
  )
}
