/**
 * The rules clustering asks, in order, before a pair joins two groups of records (two persons so far) into one. The
 * first rule that holds decides: a `refuse` rule keeps the two apart and flags both with its reason, a `join` rule
 * lets the pair join without asking the rules after it. When none holds, the pair joins. The order carries meaning
 * (a reviewer's "not the same person" outweighs everything; a shared PNC outweighs what the other fields say; a
 * strong pair outweighs the checks that only hold weak pairs back), so it is one table, read top to bottom.
 */

/**
 * Why clustering flagged a person for review: one reason per refusing rule, and the flags raised after clustering. A
 * person flagged for several is listed under each, in this order; the person index keeps the first.
 */
export const FLAG_REASONS = [
  'conflicting_identifier',
  'conflicting_birth_date',
  'decided_apart',
  'kept_apart',
  'likely_relatives',
  'conflicting_forename',
  'contradicted_link',
  'conflicting_surname',
  'weak_bridge',
  'conflicting_decisions',
] as const
export type FlagReason = (typeof FLAG_REASONS)[number]

/** What a rule may ask about the merge on the table: the two groups of records and the pair joining them now. */
export interface ProposedMerge {
  /** The pair is a reviewer's "same person". */
  decidedSame(): boolean
  /** The pair scored at or above the strong weight. */
  strong(): boolean
  /** The two groups hold different values of one kind of person identifier (two PNC numbers). */
  identifiersConflict(): boolean
  /** The two groups share a value of a person identifier. */
  identifiersShared(): boolean
  /** A reviewer's "not the same person" lies between the two groups. */
  decidedApart(): boolean
  /** A pair a `cannot_link` guard capped lies between the two groups. */
  keptApartByGuard(): boolean
  /** A pair the likely-relatives guard capped lies between them, and the person is not known under both forenames. */
  keptApartAsRelatives(): boolean
  /** One record of the pair gives no birth date, and the groups hold birth dates a generation apart. */
  generationsApartThroughUndated(): boolean
  /** Each group confirms a birth date (two records giving it), and they confirm different ones. */
  confirmDifferentBirthDates(): boolean
  /** Each group confirms a forename the other does not know among its names and aliases. */
  confirmDifferentForenames(): boolean
  /**
   * Pairs scored strongly against one person lie between the two groups, and outweigh the pairs at or above the
   * threshold there (their match weights summed).
   */
  contradicted(): boolean
  /** Each group confirms a surname the other does not know among its name words and aliases. */
  confirmDifferentSurnames(): boolean
}

export interface RefusalRule {
  name: string
  /** Why, in a sentence: the documentation and the tests read it. */
  description: string
  holds: (merge: ProposedMerge) => boolean
  /** `refuse`: the two stay apart and are flagged with `reason`; `join`: the rules below are not asked. */
  verdict: 'refuse' | 'join'
  reason?: FlagReason
  /** A reviewer's "same person" overrules the rule: the two are flagged but joined, so the conflict stays visible. */
  overruledByReviewer?: boolean
}

export const REFUSAL_RULES: readonly RefusalRule[] = [
  {
    name: 'different identifiers',
    description:
      'they hold two different numbers of one kind of person identifier (PNC, CRO, NI number); an NI number, which has no check character, one character mistyped or two transposed is the same number',
    holds: (m) => m.identifiersConflict(),
    verdict: 'refuse',
    reason: 'conflicting_identifier',
    // A reviewer who saw both records may know one number is mistyped.
    overruledByReviewer: true,
  },
  {
    name: 'decided apart',
    description: 'a reviewer decided that two of the records are not the same person',
    holds: (m) => m.decidedApart(),
    verdict: 'refuse',
    reason: 'decided_apart',
  },
  {
    name: 'kept apart by a guard',
    description: 'a guard that keeps its pairs apart (a junior and a senior) capped a pair between them',
    holds: (m) => m.keptApartByGuard(),
    verdict: 'refuse',
    reason: 'kept_apart',
  },
  {
    name: 'decided same',
    description: 'a reviewer decided that the pair is the same person',
    holds: (m) => m.decidedSame(),
    verdict: 'join',
  },
  {
    name: 'shared identifier',
    description: 'they share a PNC, CRO or NI number, which outweighs what the other fields say',
    holds: (m) => m.identifiersShared(),
    verdict: 'join',
  },
  {
    name: 'likely relatives',
    description:
      'the likely-relatives guard capped a pair between them, and the person is not known under both forenames',
    holds: (m) => m.keptApartAsRelatives(),
    verdict: 'refuse',
    reason: 'likely_relatives',
  },
  {
    name: 'generations apart',
    description:
      'a record without a birth date would join birth dates a generation apart (a parent and a child)',
    holds: (m) => m.generationsApartThroughUndated(),
    verdict: 'refuse',
    reason: 'conflicting_birth_date',
  },
  {
    name: 'different birth dates',
    description: 'each confirms a different birth date',
    holds: (m) => m.confirmDifferentBirthDates(),
    verdict: 'refuse',
    reason: 'conflicting_birth_date',
  },
  {
    name: 'strong pair',
    description: 'the pair is strong evidence of one person; the checks below hold back weak pairs only',
    holds: (m) => m.strong(),
    verdict: 'join',
  },
  {
    name: 'different forenames',
    description:
      'each confirms a forename the other does not know (twins with no address for the guard to see)',
    holds: (m) => m.confirmDifferentForenames(),
    verdict: 'refuse',
    reason: 'conflicting_forename',
  },
  {
    name: 'contradicted',
    description:
      'pairs between them scored strongly against one person, outweighing the pairs between them scored for',
    holds: (m) => m.contradicted(),
    verdict: 'refuse',
    reason: 'contradicted_link',
  },
  {
    name: 'different surnames',
    description: 'each confirms a surname the other does not know (namesakes born the same day)',
    holds: (m) => m.confirmDifferentSurnames(),
    verdict: 'refuse',
    reason: 'conflicting_surname',
  },
]

/**
 * The rule that refuses the merge, or null when it may go ahead; `flag` is told of every refusing rule that held,
 * including one a reviewer overruled.
 */
export const refusingRule = (
  merge: ProposedMerge,
  flag: (reason: FlagReason) => void,
  rules: readonly RefusalRule[] = REFUSAL_RULES,
): RefusalRule | null => {
  for (const rule of rules) {
    if (!rule.holds(merge)) continue
    if (rule.verdict === 'join') return null
    if (rule.reason) flag(rule.reason)
    if (rule.overruledByReviewer && merge.decidedSame()) continue
    return rule
  }
  return null
}
