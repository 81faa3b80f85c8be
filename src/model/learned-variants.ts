import type { Condition } from './conditions.ts'
import type { Comparison, ComparisonLevel } from './model.ts'

/**
 * Name variants learned from the data: records that share a validated person identifier (PNC, CRO, NI number) are
 * one person, so the different names they give show how these sources really record one person's name (Mohammed and
 * Mohd, an English name beside a Yoruba one, a patronymic for a surname). A pair of names seen so for several persons,
 * far more often than chance would pair them, becomes a comparison level of its own, trained like every other, and
 * applies to pairs that have no identifier.
 */

/** A pair of different values of one name column, given by records one identifier links. */
export interface NamePairObservation {
  /** The two values, a < b. */
  a: string
  b: string
  /** Distinct persons (identifier values) whose records gave the two names. */
  persons: number
}

export interface LearnedVariant {
  a: string
  b: string
  persons: number
  /** Persons expected to give this pair by chance, from how common each name is. */
  expected: number
}

export interface LearnedVariants {
  column: string
  variants: LearnedVariant[]
}

/** Seen for one person, a pair may be one record's typo or wrong entry; for two or more, it is how the name is written. */
export const MIN_PERSONS = 2
/** How many times more often than chance a pair must be seen: common names paired by a mistake stay out. */
export const MIN_LIFT = 10

/**
 * The observed pairs that are variants: seen for at least MIN_PERSONS persons and MIN_LIFT times more often than two
 * names as common would be paired by chance among `differing` identifier-linked pairs whose names differ. `share`
 * gives a name's share of the column's values.
 */
export const chooseVariants = (
  observations: readonly NamePairObservation[],
  share: (name: string) => number,
  differing: number,
): LearnedVariant[] =>
  observations
    .map((o) => ({ ...o, expected: 2 * differing * share(o.a) * share(o.b) }))
    .filter((v) => v.persons >= MIN_PERSONS && v.persons >= MIN_LIFT * v.expected)
    .sort((x, y) => y.persons - x.persons || x.a.localeCompare(y.a) || x.b.localeCompare(y.b))

/** The level learned variants of a column add to its comparison. */
export const learnedLevelLabel = 'a variant learned from identifier-linked records'

const learnedCondition = (learned: LearnedVariants): Condition => ({
  kind: 'pairIn',
  column: learned.column,
  pairs: learned.variants.map((v) => `${v.a}|${v.b}`),
})

/** Levels a learned level goes after when the comparison has them: the hand-written variants come first. */
const ANCHORS = ['same nickname/variant group', 'same variant group', 'exact']

const withLearnedLevel = (comparison: Comparison, learned: LearnedVariants): Comparison => {
  const anchor = ANCHORS.map((label) => comparison.levels.findIndex((l) => l.label === label)).find(
    (i) => i >= 0,
  )
  const at = anchor === undefined ? 1 : anchor + 1
  const level: ComparisonLevel = {
    label: learnedLevelLabel,
    condition: learnedCondition(learned),
    m: 0.02,
    u: 0.0005,
  }
  return { ...comparison, levels: [...comparison.levels.slice(0, at), level, ...comparison.levels.slice(at)] }
}

/**
 * The comparisons with what was learned: a level in the comparison of each column that learned variants. The guards
 * are left as they are: EM weighs a learned level by what it is worth, but a guard's exemption is not weighed, and a
 * large data set learns some pairs that twins' names also make ("Mohammed" beside the name one twin goes by).
 */
export const withLearnedVariants = (
  comparisons: readonly Comparison[],
  learned: readonly LearnedVariants[],
): Comparison[] => {
  const byColumn = new Map(learned.filter((l) => l.variants.length > 0).map((l) => [l.column, l]))
  return comparisons.map((c) => {
    const l = byColumn.get(c.name)
    return l ? withLearnedLevel(c, l) : c
  })
}

/** The learned variants a model's comparisons hold, by comparison: what the report lists. */
export const learnedVariantsOf = (
  comparisons: readonly Comparison[],
): { comparison: string; pairs: string[] }[] =>
  comparisons.flatMap((c) =>
    c.levels.flatMap(({ label, condition }) =>
      label === learnedLevelLabel && condition.kind === 'pairIn'
        ? [{ comparison: c.name, pairs: condition.pairs }]
        : [],
    ),
  )

/**
 * The level a surname that is a given name in these records adds to the surname comparison, just above "different".
 * A patronymic (the father's given name) is recorded as the surname in one source and the family name in another:
 * "Omar HAMDAN" beside "Omar EL ATTAR". Such surnames disagree as a family name and a given name, weaker evidence
 * against than two family names that differ. Two people's records give such names too, so training weighs the level
 * from the data: u from random pairs, among which many give a given name for a surname where such names are common.
 */
export const givenNameSurnameLabel = 'one is a given name in these records'

export const withGivenNameSurnames = (
  comparisons: readonly Comparison[],
  givenNames: readonly string[],
): Comparison[] =>
  givenNames.length === 0
    ? [...comparisons]
    : comparisons.map((c) => {
        const different = c.levels.findIndex((l) => l.label === 'different')
        if (c.name !== 'surname' || different < 0) return c
        const level: ComparisonLevel = {
          label: givenNameSurnameLabel,
          condition: { kind: 'eitherIn', column: 'surname', values: [...givenNames] },
          m: 0.01,
          u: 0.05,
        }
        return {
          ...c,
          description: `${c.description}; one a given name in these records (a patronymic for a surname), learned from them`,
          levels: [...c.levels.slice(0, different), level, ...c.levels.slice(different)],
        }
      })
