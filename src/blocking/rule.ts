/**
 * A blocking rule proposes as candidate pairs the records that agree exactly on all of its keys (columns of the
 * records table, including derived ones such as dob_year). A list column as a key (name_tokens) agrees when the
 * two lists share a value. Rules are unioned: a pair proposed by an earlier rule is not proposed again by a later
 * one, so no pair is scored twice. A rule with no keys proposes every pair.
 */
export interface BlockingRule {
  name: string
  keys: string[]
  /** Every block however large: the last resort of a file with nothing more selective, real-time search's rules. */
  allBlocks?: boolean
  /**
   * Only pairs in which a record lacks a whole birth date: a rule of the data in a run where namesAloneForUndated
   * says so, or a default rule's own condition, which a model keeps.
   */
  undatedOnly?: boolean
  /**
   * Blocks (key values) held by more records than this propose no pairs: a default rule's crowds (crowdLimit), or
   * the default rule of pairs with an undated record's own limit, which a model keeps.
   */
  maxBlock?: number
}
