import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { JustIdError } from '../core/errors.ts'

/**
 * Service rules are data: one JSON file per service, validated here. A rule says which of a person's justice events
 * count, in which state and time window, and which events exclude the person whatever else holds.
 */

const reasonCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a reason code is lower-case letters, digits and underscores')

/** Which events a clause looks at: their types, whether ongoing or ended at the check date, and a window. */
export const eventMatcherSchema = z.strictObject({
  eventTypes: z.array(z.enum(['court_case', 'custody', 'probation_supervision'])).min(1),
  state: z
    .enum(['ongoing', 'ended', 'any'])
    .describe('ongoing: started and not ended at the check date; ended: ended on or before it'),
  window: z
    .strictObject({
      field: z.enum(['startDate', 'endDate']),
      withinWeeks: z
        .int()
        .min(1)
        .max(52 * 50),
    })
    .optional()
    .describe('the date must fall within this many weeks before the check date, the check date included'),
})

export const exclusionSchema = eventMatcherSchema.extend({ reason: reasonCode })

export const serviceRuleSchema = z.strictObject({
  service: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'a service name is lower-case letters, digits and hyphens')
    .refine((s) => s !== 'verify', 'the service name "verify" is reserved for credential verification'),
  version: z.string().min(1).max(40),
  description: z.string().min(1).max(1000),
  identity: z
    .strictObject({
      minMatchProbability: z.number().gt(0).max(1),
      maxAmbiguityProbability: z.number().gt(0).max(1),
    })
    .refine((i) => i.maxAmbiguityProbability <= i.minMatchProbability, {
      message: 'maxAmbiguityProbability must not exceed minMatchProbability',
    }),
  credential: z.strictObject({ validityDays: z.int().min(1).max(366) }),
  rule: z.strictObject({
    /** `any`: eligible when some event matches; `none`: eligible when no event matches. */
    eligibleWhen: z.enum(['any', 'none']),
    events: eventMatcherSchema,
    exclusions: z.array(exclusionSchema).max(20).default([]),
    reasons: z.strictObject({ eligible: reasonCode, notEligible: reasonCode }),
  }),
})

export type EventMatcher = z.infer<typeof eventMatcherSchema>
export type ServiceRule = z.infer<typeof serviceRuleSchema>

const describeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')

/** Validates a parsed rule file; `where` names the file in messages. */
export const parseServiceRule = (json: unknown, where: string): ServiceRule => {
  const result = serviceRuleSchema.safeParse(json)
  if (!result.success)
    throw new JustIdError(
      'invalid_settings',
      `${where} is not a valid service rule: ${describeIssues(result.error.issues)}`,
    )
  return result.data
}

/** Every `*.json` rule in a folder, by service name; two files for one service are refused. */
export const loadServiceRules = (folder: string): Map<string, ServiceRule> => {
  let names: string[]
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.json'))
  } catch {
    throw new JustIdError('file_not_found', `the folder of service rules does not exist: ${folder}`)
  }
  const rules = new Map<string, ServiceRule>()
  for (const name of names.sort()) {
    const path = join(folder, name)
    let json: unknown
    try {
      json = JSON.parse(readFileSync(path, 'utf8'))
    } catch {
      throw new JustIdError('file_unreadable', `${path} is not readable JSON`)
    }
    const rule = parseServiceRule(json, path)
    if (rules.has(rule.service))
      throw new JustIdError('invalid_settings', `${path}: service ${rule.service} is defined twice`)
    rules.set(rule.service, rule)
  }
  return rules
}

/** The example rules shipped with JustID. */
export const defaultRulesFolder = (): string => new URL('../../data/eligibility/', import.meta.url).pathname
