import type { BlockingRule } from '../blocking/rule.ts'
import { estimateRulePairs } from './blocking.ts'
import type { Database } from './database.ts'
import type { LinkType } from './pair-scope.ts'

/**
 * Keys as a rule to count their pairs by: on every block, since a join on them for training is held to no block
 * limit (src/blocking/plan.ts); counted within it, a crowd sharing one birth date would look like a few pairs
 * and be joined whole, unsampled (33 million pairs instead of 500,000 at a million records).
 */
export const sessionRule = (keys: readonly string[]): BlockingRule => ({
  name: keys.join(' + '),
  keys: [...keys],
  allBlocks: true,
})

/**
 * The pairs of records agreeing on `keys`, and the records to join on them so that about `budget` of those pairs are
 * compared: sampling records with probability f samples their pairs with probability f², without building them all.
 * Deterministic for a seed: records are drawn by hashing their ids with it.
 */
export const recordsSampledForPairs = async (
  db: Database,
  keys: readonly string[],
  options: { budget: number; seed: number; linkType?: LinkType | undefined; table?: string },
): Promise<{ pairs: number; records: string }> => {
  const table = options.table ?? 'records'
  const pairs = await estimateRulePairs(db, sessionRule(keys), options.linkType, table)
  const f = pairs > 0 ? Math.sqrt(Math.min(1, options.budget / pairs)) : 1
  return {
    pairs,
    records:
      f < 1
        ? `(SELECT * FROM ${table} WHERE hash(rid, ${options.seed}) % 1000000 < ${Math.ceil(f * 1_000_000)})`
        : table,
  }
}
