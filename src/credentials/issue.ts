import { digest, ES256, generateSalt } from '@sd-jwt/crypto-nodejs'
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc'
import type { JWK } from 'jose'
import { holderKeyProblem } from './holder-key.ts'
import type { IssuerKeys } from './keys.ts'
import type { StatusEntry } from './status-list.ts'

/**
 * Eligibility answers as SD-JWT VCs. Claims: the service, the rule version, the validity period (iat, exp), the
 * status list entry and, when the holder gave a key, `cnf`. The outcome is selectively disclosable: the holder
 * chooses whether a presentation reveals it, and nothing about the person is in the credential at all.
 */

export interface CredentialClaims {
  service: string
  ruleVersion: string
  outcome: 'eligible' | 'not_eligible'
  /** Seconds since the epoch. */
  iat: number
  exp: number
}

export interface IssueOptions {
  /** The issuer's base URL: `iss`, the vct and the status list URIs are under it. */
  issuer: string
  service: string
  ruleVersion: string
  outcome: 'eligible' | 'not_eligible'
  validityDays: number
  status: StatusEntry
  holderKey?: JWK
  now: Date
}

export const vctOf = (issuer: string, service: string): string => `${issuer}/eligibility/${service}`

export const statusListUri = (issuer: string, listId: string): string => `${issuer}/v1/status-lists/${listId}`

export const hasher = (data: string | ArrayBuffer, alg: string): Uint8Array => digest(data, alg)

export const issueCredential = async (keys: IssuerKeys, options: IssueOptions): Promise<string> => {
  const problem = options.holderKey ? holderKeyProblem(options.holderKey) : null
  if (problem) throw new Error(problem)
  const key = keys.active()
  const sdjwt = new SDJwtVcInstance({
    signer: await ES256.getSigner(key.privateJwk),
    signAlg: 'ES256',
    hasher,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
  })
  const iat = Math.floor(options.now.getTime() / 1000)
  const payload = {
    iss: options.issuer,
    vct: vctOf(options.issuer, options.service),
    iat,
    exp: iat + options.validityDays * 86_400,
    service: options.service,
    rule_version: options.ruleVersion,
    outcome: options.outcome,
    status: {
      status_list: { idx: options.status.idx, uri: statusListUri(options.issuer, options.status.listId) },
    },
    ...(options.holderKey ? { cnf: { jwk: options.holderKey } } : {}),
  }
  return sdjwt.issue(payload, { _sd: ['outcome'] }, { header: { kid: key.kid } })
}
