import type { StandardisedRecord } from '../core/standardised.ts'
import type { Condition } from './conditions.ts'
import { evaluateCondition } from './conditions.ts'
import {
  aliasForename,
  onlyMuhammad,
  sameForenameGroup,
  sameNameJoined,
  similarForename,
} from './default-comparisons.ts'
import type { Guard, GuardConstraint } from './model.ts'

/** Whether a guard holds on a pair: its `when` condition is true and its `unless` condition (if any) is not. */
export const guardApplies = (guard: Guard, l: StandardisedRecord, r: StandardisedRecord): boolean =>
  evaluateCondition(guard.when, l, r) && !(guard.unless && evaluateCondition(guard.unless, l, r))

/**
 * A pair's weight after the guards: the first guard that holds and is below the weight caps it. A guard never
 * raises a weight, so a pair already scoring below the cap keeps its score and is not reported as guarded.
 */
export const applyGuards = (
  guards: readonly Guard[],
  l: StandardisedRecord,
  r: StandardisedRecord,
  weight: number,
): { weight: number; guard?: string } => {
  for (const guard of guards) {
    if (weight > guard.capWeight && guardApplies(guard, l, r))
      return { weight: guard.capWeight, guard: guard.name }
  }
  return { weight }
}

const exact = (column: string): Condition => ({ kind: 'exact', column })

/**
 * Likely relatives: twins and same-name family members share a home, a birth date or a name, and differ in forename,
 * generation or generational suffix. Such a pair can score high on everything else, so its weight is capped unless a
 * person-level identifier agrees.
 *
 * Likely twins or siblings are capped at 0 bits (probability 0.5): never linked automatically, but at the review
 * threshold, so a person decides. Measured on synthetic data, the rule also catches the same person under an
 * anglicised forename (more than half of the pairs it caps), which a cap far below review would silently split.
 */
export const LIKELY_RELATIVES_CAP = 0

/** The guard's name, which the review app puts in words (src/web/words.ts). */
export const LIKELY_RELATIVES = 'likely_relatives'

/** The guard that caps a pair whose birth dates are a generation apart. */
export const GENERATIONS_APART = 'generations_apart'

/** Each guard's constraint on clustering, by the name the scored pairs carry. */
export const guardConstraints = (guards: readonly Guard[]): ReadonlyMap<string, GuardConstraint> =>
  new Map(guards.map((g) => [g.name, g.constraint]))

/** No person's birth date is recorded this many years wrong except by a digit typo, which the guard exempts. */
export const GENERATION_YEARS = 15

/** Birth dates the same, or a typo apart: a twin's record with a mistyped birth date is still a twin's. */
export const SAME_BIRTH: Condition = {
  kind: 'or',
  any: [
    exact('date_of_birth'),
    { kind: 'dayMonthSwapped', column: 'date_of_birth' },
    { kind: 'damerauLevenshtein', column: 'date_of_birth', atMost: 1 },
  ],
}

/** The person-level identifiers among the columns: relatives' numbers are issued apart and differ throughout. */
export const personIdentifiersOf = (available: ReadonlySet<string>): string[] =>
  ['pnc', 'cro', 'nino', ...[...available].filter((c) => c.startsWith('other_'))].filter((c) =>
    available.has(c),
  )

export const defaultGuards = (available: ReadonlySet<string>): Guard[] => {
  const identifiers = personIdentifiersOf(available)
  // A person-level identifier agreeing, or agreeing but for one character mistyped or two transposed, says one
  // person: relatives' numbers are issued apart and differ throughout.
  const unless: Condition | undefined =
    identifiers.length > 0
      ? {
          kind: 'or',
          any: identifiers.map((c): Condition => ({ kind: 'damerauLevenshtein', column: c, atMost: 1 })),
        }
      : undefined
  const sharedAddress: Condition[] = []
  if (available.has('postcode')) sharedAddress.push(exact('postcode'))
  if (available.has('address_tokens'))
    sharedAddress.push({ kind: 'tokenJaccard', column: 'address_tokens', atLeast: 0.5 })
  const guards: Guard[] = []
  // At one address, clearly different forenames are two of a household, whatever the rest: twins with one birth
  // date, siblings born a year or two apart (their dates then differ but not as far as a generation), members with
  // no birth date to compare. The surname is not asked: a family's is mistyped or double-barrelled as often as a
  // person's, and spouses and flatmates differ in it; the postcode, street and town they share would otherwise count
  // three times as one person's. One person's forename and birth date both recorded wrong is the rarer case.
  // Names that a man and a woman may both be recorded under say one person only where the sexes do not differ: a
  // nickname group spanning both (Sam, Alex, Jo), a middle name used as the forename, Muhammad before the name gone by.
  const unlessSexDiffers = (c: Condition): Condition =>
    available.has('sex')
      ? { kind: 'and', all: [c, { kind: 'or', any: [exact('sex'), { kind: 'null', columns: ['sex'] }] }] }
      : c
  if (available.has('forename') && sharedAddress.length > 0) {
    guards.push({
      name: LIKELY_RELATIVES,
      description: 'Same address but clearly different forenames: likely twins, siblings or a household',
      when: {
        kind: 'and',
        all: [
          { kind: 'not', condition: { kind: 'null', columns: ['forename'] } },
          {
            kind: 'not',
            condition: {
              kind: 'or',
              any: [
                unlessSexDiffers(sameForenameGroup),
                similarForename,
                { kind: 'initial', column: 'forename' },
                // A middle name used as the forename. Without birth dates to compare, not the other's surname:
                // that is a household member's record with its names in the wrong order ("Yan Zhao" beside
                // "Zhao, Li"); with the same birth date it is as often one person's names in another order.
                unlessSexDiffers({
                  kind: 'inTokens',
                  column: 'forename',
                  list: 'name_tokens',
                  except: 'surname',
                  atMost: 1,
                }),
                ...(available.has('date_of_birth')
                  ? [
                      {
                        kind: 'and' as const,
                        all: [
                          { kind: 'inTokens' as const, column: 'forename', list: 'name_tokens', atMost: 1 },
                          SAME_BIRTH,
                        ],
                      },
                    ]
                  : []),
                // One person's forename and surname recorded the other way round.
                { kind: 'swapped', columns: ['surname', 'forename'], atMost: 1 },
                // "KHAN, Mohammed" beside "Asif Khan": registered Mohammed Asif, known as Asif.
                ...(available.has('given_names') ? [unlessSexDiffers(onlyMuhammad)] : []),
                // The same name words split or ordered another way ("XIAOMING, Wang" beside "Xiao Ming Wang"): twins
                // do not share every name.
                ...(available.has('name_joined') ? [sameNameJoined] : []),
                // One letter mistyped or two transposed ("Lee", "Lie"; "Lei", "Lie"): twins' names differ by more.
                { kind: 'damerauLevenshtein', column: 'forename', atMost: 1 },
                // The same middle names: twins are given different ones.
                ...(available.has('middle_names') ? [exact('middle_names')] : []),
                // The same person under a listed alias, which twins are not; or recorded family name first
                // ("GANG, Hu" beside "Jason Hu", alias "Gang Hu"), the surname given being a listed alias.
                ...(available.has('alias_names')
                  ? [aliasForename, { kind: 'inTokens' as const, column: 'surname', list: 'alias_names' }]
                  : []),
              ],
            },
          },
          { kind: 'or', any: sharedAddress },
        ],
      },
      ...(unless ? { unless } : {}),
      capWeight: LIKELY_RELATIVES_CAP,
      // Twins are two people; a person known under two forenames is one (src/cluster tells them apart).
      constraint: 'likely_relatives',
      relatives: 'twins',
    })
  }
  if (available.has('date_of_birth')) {
    guards.push({
      name: GENERATIONS_APART,
      description:
        'Birth dates 15 or more years apart (not one mistyped or two transposed digits, nor the same day and month): likely a parent and child sharing a name and home',
      // A household shares its address words, postcode and town, and a child may share a parent's name: summed as
      // independent evidence they outweigh a birth date a generation away.
      when: {
        kind: 'and',
        all: [
          { kind: 'not', condition: { kind: 'null', columns: ['date_of_birth'] } },
          {
            kind: 'not',
            condition: { kind: 'dateWithinYears', column: 'date_of_birth', years: GENERATION_YEARS },
          },
          // One mistyped or two transposed digits ("1982", "1928") is a typo, not a generation.
          { kind: 'not', condition: { kind: 'damerauLevenshtein', column: 'date_of_birth', atMost: 1 } },
          // Nor is a year alone misread or mistyped: a parent and child share a birthday one time in 365.
          { kind: 'not', condition: exact('dob_month_day') },
        ],
      },
      ...(unless ? { unless } : {}),
      // At the review threshold, as likely relatives: a person tells a parent from a mistyped birth date.
      capWeight: LIKELY_RELATIVES_CAP,
      // Not kept apart through other pairs: a birth date can be wrong in the data. Clustering keeps a parent and
      // child apart by their dates (src/cluster): where each confirms their own, and through a record that gives none.
      constraint: 'none',
      relatives: 'parent_and_child',
    })
  }
  if (available.has('suffix') && available.has('surname') && available.has('forename')) {
    guards.push({
      name: 'different_generation',
      description:
        'Same name but a different generational suffix (junior and senior): likely parent and child',
      when: {
        kind: 'and',
        all: [
          exact('surname'),
          exact('forename'),
          { kind: 'not', condition: { kind: 'null', columns: ['suffix'] } },
          { kind: 'not', condition: exact('suffix') },
        ],
      },
      ...(unless ? { unless } : {}),
      capWeight: -5,
      // A junior and a senior are two people whatever else their records share.
      constraint: 'cannot_link',
    })
  }
  return guards
}
