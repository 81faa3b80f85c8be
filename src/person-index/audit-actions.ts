import { JustIdError } from '../core/errors.ts'

/**
 * Every action an audit entry may name, with what it records, as data: writers (the API's routes, the staff app)
 * name one of these, so a misspelt action does not compile, and the store refuses an unlisted one at run time.
 * `{service}` stands for an eligibility service's name (src/eligibility/rules.ts). docs/person-index.md lists the
 * same table (a test keeps the two in step).
 */
export const AUDIT_ACTIONS = [
  { action: 'match', by: 'api', description: 'a record matched against the index (`POST /v1/match`)' },
  { action: 'person.read', by: 'api', description: 'a person read by Justice ID (`GET /v1/persons/{id}`)' },
  { action: 'person.search', by: 'api', description: 'persons searched (`GET /v1/persons`)' },
  {
    action: 'record.upsert',
    by: 'api',
    description: 'a source record added or changed (`PUT /v1/records/…`)',
  },
  { action: 'record.delete', by: 'api', description: 'a source record removed (`DELETE /v1/records/…`)' },
  { action: 'custody.estimate.read', by: 'api', description: "a person's custody violence estimate read" },
  {
    action: 'eligibility.check.{service}',
    by: 'api',
    description: "an eligibility check against one service's rules",
  },
  { action: 'credential.revoke', by: 'api', description: "a check's credential revoked" },
  { action: 'web.sign-in', by: 'web', description: 'a staff sign-in attempt, refused or not' },
  { action: 'web.sign-in.lockout', by: 'web', description: 'a staff account locked after wrong passwords' },
  { action: 'web.person.search', by: 'web', description: 'a staff search for a person' },
  { action: 'web.person.view', by: 'web', description: "a person's page viewed" },
  { action: 'web.cluster.view', by: 'web', description: "a person's cluster viewed, or its links confirmed" },
  { action: 'web.pair.view', by: 'web', description: 'a pair of records viewed for review' },
  {
    action: 'web.review.decide',
    by: 'web',
    description: "a reviewer's decision on a pair, not changing one in force",
  },
  { action: 'web.review.change', by: 'web', description: "a reviewer's decision on a pair changed" },
  { action: 'web.review.confirm', by: 'web', description: "a person's weak links confirmed as one person" },
  { action: 'web.custody.view', by: 'web', description: "a person's custody estimate viewed" },
  { action: 'web.custody.decision', by: 'web', description: 'a custody decision recorded, as codes' },
  { action: 'web.admin.user-disable', by: 'web', description: 'a staff user disabled by an admin' },
  { action: 'web.admin.user-enable', by: 'web', description: 'a staff user enabled by an admin' },
  { action: 'web.admin.user-unlock', by: 'web', description: "a staff user's lock lifted by an admin" },
] as const

type Listed = (typeof AUDIT_ACTIONS)[number]['action']
type Expanded<A extends string> = A extends `${infer Head}{service}` ? `${Head}${string}` : A

/** An action an audit entry may name. */
export type AuditAction = Expanded<Listed>

/** An eligibility service's name as its rules file must give it (src/eligibility/rules.ts). */
const SERVICE = '[a-z][a-z0-9-]{0,63}'
const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const LISTED = new RegExp(
  `^(?:${AUDIT_ACTIONS.map(({ action }) => literal(action).replace(literal('{service}'), SERVICE)).join('|')})$`,
)

export const isAuditAction = (value: string): value is AuditAction => LISTED.test(value)

/**
 * The action of an entry about to be written, refused when unlisted: a misspelling the types could not see (an
 * action built at run time) fails loudly instead of writing an entry no one will find under the right name.
 */
export const writableAuditAction = (value: string): AuditAction => {
  if (isAuditAction(value)) return value
  throw new JustIdError(
    'internal',
    `audit entry refused: "${value.slice(0, 80)}" is not a listed audit action (src/person-index/audit-actions.ts)`,
  )
}
