import { defaultComparisons } from '../default-comparisons.ts'
import { defaultGuards } from '../guards.ts'
import type { LinkageModel } from '../model.ts'

/** The name columns every name comparison reads: the names, their parts and their variant groups. */
export const NAME_COLUMNS = [
  'forename',
  'forename_group',
  'surname',
  'surname_parts',
  'surname_group',
] as const

/** The columns of a UK address: the postcode and its parts, and the address words. */
export const ADDRESS_COLUMNS = [
  'postcode',
  'postcode_sector',
  'postcode_district',
  'postcode_area',
  'address_tokens',
] as const

/** The columns of a basic extract: names, a birth date and a short address (no sector or area). */
export const BASIC_COLUMNS = [
  'forename',
  'surname',
  'date_of_birth',
  'postcode',
  'postcode_district',
  'address_tokens',
  'town',
] as const

/**
 * The default comparisons and guards for `columns`, untrained (their starting m and u), with a small prior and a
 * surname rule: a model for tests that need one person told from another without a training run.
 */
export const untrainedModel = (
  columns: ReadonlySet<string>,
  more: Partial<Pick<LinkageModel, 'prior' | 'sexFromForename'>> = {},
): LinkageModel => ({
  version: 1,
  prior: 1e-4,
  comparisons: defaultComparisons(columns),
  guards: defaultGuards(columns),
  blockingRules: [{ name: 'surname', keys: ['surname'] }],
  thresholds: { match: 0.9, reviewLow: 0.5 },
  ...more,
})
