import type { Guard } from './model.ts'

/**
 * How often a pair of different people at one address, under one surname but with clearly different forenames, have
 * birth dates the same or a typo apart: twins, whose pattern the likely-relatives guard exists for. Twins are about 3
 * in 100 children (1.5 in 100 maternities), and such pairs are as often a parent and a child or a couple; one in twenty
 * is a generous bound, so the data must show many more such pairs than relatives explain before the guard yields.
 */
export const RELATIVES_SAME_BIRTH_SHARE = 0.05

/**
 * The same share where the records give a birth year alone (an age, a year of birth): a couple is born in one year
 * about one time in six, and siblings a year apart are read as one year by an age taken months apart. A household's
 * pairs are as often a parent and a child, who never are: three in twenty is a generous bound.
 */
export const RELATIVES_SAME_BIRTH_YEAR_SHARE = 0.15

/** How births are compared in the counts: by whole dates, or by birth years where the records give no more. */
export type BirthMeasure = 'date' | 'year'

/**
 * Twins are of different sexes one time in three: a third of twins are identical, and half of the rest a boy and a
 * girl. One person's records differ in sex only where one was recorded wrong.
 */
export const TWINS_SEX_DIFFER_SHARE = 1 / 3

/** Fewer same-name pairs with both sexes or both identifiers recorded than this, and one person's share is not known. */
export const MIN_EVIDENCE_PAIRS = 10

/** Fewer pairs of one name at one address than this, and their share with one birth date says too little to learn. */
export const MIN_SAME_NAME_PAIRS = 20

/**
 * Pairs at one postcode under one surname, both records dated, counted on the data (src/batch/relatives.ts). The
 * likely-relatives guard's pattern (forenames clearly different) split by whether the birth dates are the same or a
 * typo apart, and beside it the pairs whose forenames agree too: mostly one person's records, whose share with one
 * birth date says how often one person's dates agree in these sources.
 */
export interface HouseholdPairCounts {
  /** Births compared by whole date, or by year where the records give no date (absent: by date). */
  birth?: BirthMeasure
  /** The guard's pattern, birth dates the same or a typo apart: twins, or one person with a forename recorded wrong. */
  patternSameBirth: number
  /** The guard's pattern, birth dates further apart: a household, or one person with forename and date wrong. */
  patternOtherBirth: number
  /** The same forename too. */
  sameName: number
  /** The same forename, birth dates the same or a typo apart. */
  sameNameSameBirth: number
  /** The same forename, birth dates a generation apart as the generations-apart guard reads them. */
  sameNameGenerationsApart: number
  /** The same forename, birth dates apart as a replaced date is, but less than a generation (8 to 14 years): one person's. */
  sameNameReplacedNear: number
  /** Pairs of records at random whose dates are a generation apart, and apart as `sameNameReplacedNear` counts. */
  randomGenerationsApart: number
  randomReplacedNear: number
  /** Among the pattern's pairs with one birth date and the same-name pairs with one birth date, both sexes recorded: how many differ. */
  bySex: { pattern: number; patternDiffers: number; sameName: number; sameNameDiffers: number }
  /**
   * Among the same pairs (the pattern counted before the identifier exemption), and the same-name pairs a generation
   * apart, both with an identifier of one kind: how many agree on one, or all but a character.
   */
  byIdentifier: {
    pattern: number
    patternAgrees: number
    sameName: number
    sameNameAgrees: number
    generations: number
    generationsAgree: number
  }
}

/** What the data says about the pairs the likely-relatives guard caps, and the cap it leads to. */
export interface RelativesEstimate {
  counts: HouseholdPairCounts
  /** Share of one person's pairs with birth dates the same or a typo apart (from the same-name pairs). */
  sameBirthOfOnePerson: number
  /** Estimated pairs of the pattern that are one person, and that are relatives. */
  onePerson: number
  relatives: number
  /** Odds that a pattern pair with one birth date is one person rather than twins. */
  odds: number
  /** Odds that a pair of one name at one address with birth dates a generation apart is one person, not a parent and child. */
  generationsOdds: number
}

/** Odds from the share of pairs that are one person. */
const oddsOfShare = (share: number): number => (share >= 1 ? Number.POSITIVE_INFINITY : share / (1 - share))

const clampShare = (share: number): number => Math.min(1, Math.max(0, share))

/**
 * The share of the pattern's pairs that are one person, as their sexes say: one person's pairs differ as often as
 * the same-name pairs do, twins a third of the time. Undefined without enough pairs with both sexes recorded.
 */
const onePersonBySex = ({ bySex }: HouseholdPairCounts): number | undefined => {
  if (bySex.sameName < MIN_EVIDENCE_PAIRS) return undefined
  const onePersonDiffer = bySex.sameNameDiffers / bySex.sameName
  if (onePersonDiffer >= TWINS_SEX_DIFFER_SHARE) return undefined
  // Counted as if one more pair agreed: a few pairs lean to one person, and none say nothing.
  const differ = bySex.patternDiffers / (bySex.pattern + 1)
  return clampShare((TWINS_SEX_DIFFER_SHARE - differ) / (TWINS_SEX_DIFFER_SHARE - onePersonDiffer))
}

/**
 * The share of some pairs that are one person, as their identifiers say: one person's pairs agree as often as the
 * same-name pairs with one birth date do, relatives never. Undefined without enough pairs with identifiers.
 */
const onePersonByIdentifier = (
  { byIdentifier: ids }: HouseholdPairCounts,
  withIds: number,
  agree: number,
): number | undefined => {
  if (ids.sameName < MIN_EVIDENCE_PAIRS || ids.sameNameAgrees === 0) return undefined
  // Counted as if one more pair agreed, as for sexes: eight pairs of which none agree still say relatives.
  return clampShare((agree + 1) / (withIds + 1) / (ids.sameNameAgrees / ids.sameName))
}

/** The lowest of the odds each kind of evidence gives: any of them showing relatives keeps the guard. */
const lowest = (odds: number, shares: (number | undefined)[]): number =>
  Math.min(odds, ...shares.flatMap((s) => (s === undefined ? [] : [oddsOfShare(s)])))

/**
 * The pattern's pairs are a mixture of one person's records (birth dates alike with the share `m` the same-name pairs
 * show) and relatives' (alike at most RELATIVES_SAME_BIRTH_SHARE): the two counts give both sizes. Relatives are never
 * estimated below one pair, so a small file without households still leaves twins possible. Null when too few
 * same-name pairs to know `m`, or `m` is no higher than the relatives' share (nothing to tell the two apart by).
 */
export const estimateRelatives = (counts: HouseholdPairCounts): RelativesEstimate | null => {
  if (counts.sameName < MIN_SAME_NAME_PAIRS) return null
  const m = counts.sameNameSameBirth / counts.sameName
  const r = counts.birth === 'year' ? RELATIVES_SAME_BIRTH_YEAR_SHARE : RELATIVES_SAME_BIRTH_SHARE
  if (m <= r) return null
  const t = counts.patternSameBirth
  const h = counts.patternOtherBirth
  const onePerson = Math.max(0, (t * (1 - r) - h * r) / (m - r))
  const relatives = Math.max(1, (h * m - t * (1 - m)) / (m - r))
  // A birth date replaced by another lands a generation away as often as two people's dates do, against landing near:
  // the near ones, which no parent and child can be, say how many of those a generation apart are one person's.
  const replacedFar =
    counts.randomReplacedNear > 0
      ? (counts.sameNameReplacedNear * counts.randomGenerationsApart) / counts.randomReplacedNear
      : 0
  // A parent and a child of one name live with others (the other parent, a sibling), who give pairs of different
  // forenames at that address: a file with few such pairs holds few namesake parents either, however few replaced
  // dates a small file happens to show near.
  const far = counts.sameNameGenerationsApart
  const namesakeParents = Math.max(1, Math.min(far - replacedFar, relatives))
  return {
    counts,
    sameBirthOfOnePerson: m,
    onePerson,
    relatives,
    odds: lowest((onePerson * m) / (relatives * r), [
      onePersonBySex(counts),
      onePersonByIdentifier(counts, counts.byIdentifier.pattern, counts.byIdentifier.patternAgrees),
    ]),
    generationsOdds: lowest(Math.max(0, far - namesakeParents) / namesakeParents, [
      onePersonByIdentifier(counts, counts.byIdentifier.generations, counts.byIdentifier.generationsAgree),
    ]),
  }
}

/**
 * A relatives guard as the data bears it out. Where a pair it caps is more often one person than relatives, the guard
 * caps at those odds (a pair can be no surer than its pattern allows) and no longer keeps its pairs apart in
 * clustering: the weight decides, as for any pair. Otherwise it stays as written.
 */
export const guardAsLearned = (guard: Guard, odds: number | undefined): Guard => {
  if (odds === undefined || odds <= 1) return guard
  const capWeight = Math.round(Math.log2(odds) * 100) / 100
  if (capWeight <= guard.capWeight) return guard
  return { ...guard, capWeight, constraint: 'none' }
}

const oddsInWords = (odds: number): string =>
  odds >= 100 ? Math.round(odds).toLocaleString('en-GB') : odds.toFixed(2)

const capInWords = (change: { before: Guard; after: Guard } | undefined): string =>
  change && change.after !== change.before
    ? `${change.after.name} caps at ${change.after.capWeight} bits, not ${change.before.capWeight}` +
      (change.after.constraint !== change.before.constraint ? ', and no longer keeps its pairs apart' : '')
    : ''

/** The estimate in words, for the report and the model's training summary. */
export const describeRelatives = (
  estimate: RelativesEstimate | null,
  learned: { twins?: { before: Guard; after: Guard }; generations?: { before: Guard; after: Guard } },
): string => {
  if (!estimate) return 'not learned: too few pairs of one name at one address with birth dates to learn from'
  const { counts } = estimate
  const birth = counts.birth === 'year' ? 'birth year' : 'birth date'
  return [
    `at one address under one surname: ${counts.patternSameBirth} pairs with different forenames and one ${birth}, ` +
      `${counts.patternOtherBirth} with other ${birth}s, ${counts.sameName} of one forename ` +
      `(${(estimate.sameBirthOfOnePerson * 100).toFixed(0)}% of them with one ${birth}` +
      (learned.generations
        ? `, ${counts.sameNameGenerationsApart} a generation apart, ${counts.sameNameReplacedNear} less far but as a ` +
          `replaced date would be, as ${counts.randomReplacedNear} to ${counts.randomGenerationsApart} pairs at random are)`
        : ')'),
    `of the pattern's pairs with one ${birth}, ${counts.bySex.patternDiffers} of ${counts.bySex.pattern} differ in ` +
      `sex (of one name, ${counts.bySex.sameNameDiffers} of ${counts.bySex.sameName}) and ` +
      `${counts.byIdentifier.patternAgrees} of ${counts.byIdentifier.pattern} agree on an identifier (of one name, ` +
      `${counts.byIdentifier.sameNameAgrees} of ${counts.byIdentifier.sameName}; a generation apart, ` +
      `${counts.byIdentifier.generationsAgree} of ${counts.byIdentifier.generations})`,
    `odds ${oddsInWords(estimate.odds)} to 1 that a pair of different forenames and one ${birth} is one person, not twins`,
    learned.generations
      ? `odds ${oddsInWords(estimate.generationsOdds)} to 1 that a pair of one name a generation apart is one person, not a parent and child`
      : '',
    capInWords(learned.twins),
    capInWords(learned.generations),
  ]
    .filter((s) => s !== '')
    .join('; ')
}
