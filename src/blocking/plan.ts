import type { BlockingRule } from './rule.ts'

/**
 * The choice of blocking rules from the records in front of us, as pure functions of column statistics (how many
 * records fill each column, how many distinct values it holds). The database counts; this module decides.
 */

export interface ColumnStats {
  filled: number
  distinct: number
  /** Of a context column (`isContextKey`), the records holding its most common value. */
  top?: number
}

/**
 * A column is a key for the rules built from the data when at least half the records fill it. A rule proposes a
 * pair only when both records have its keys, so a column filled in a share f of records can find at most f² of the
 * true pairs (under a quarter below one half), and it looks selective only because it is empty: ranked by pairs, a
 * sparse column would win the budget ahead of a full one that finds far more.
 */
export const WELL_FILLED = 0.5

/**
 * Every pair is compared when there are at most this many: scoring, clustering and writing cost about 6 µs a pair
 * on a 2-core machine (FEBRL 1, 499,500 pairs: scoring 1.9 s, clustering 0.7 s, writing 0.5 s), so a million pairs
 * cost about 6 s, the fixed cost of a small run. That covers a de-duplication of 1,400 records or a link of 1,000 to
 * 1,000, where blocking would risk recall to save almost nothing.
 */
export const ALL_PAIRS_LIMIT = 1_000_000

/**
 * Undated records' rules of the data may grow the candidate pairs to this many per record beyond a million pairs.
 * Scoring, clustering and writing cost about 6 µs a pair, reading and standardising about 34 µs a record at a
 * million records: 1.5 pairs a record keep the pairs under a third of the reading time, and a budget linear in the
 * records keeps the run linear in them.
 */
export const PAIRS_PER_RECORD = 1.5

/**
 * What the rules built from the data may spend on a file of any size, dated or not: about a second of scoring on
 * top of the run's fixed cost (worker start-up and the u sample take about 3 s).
 */
export const BUDGET_FLOOR = 100_000

/**
 * The most pairs a record may cost under the rules of the data: a file with no birth date at all has a million pairs
 * for them up to 14,300 records, as before, and 70 a record beyond, so a large run stays linear in its records.
 */
export const MAX_PAIRS_PER_RECORD = 70

/**
 * Pairs a record may cost under the rules of the data, per unit of the share of pairs they must find (1 - d²): their
 * blocks are limited (blockLimit), so their pairs grow with the records, and the pairs they must find grow with
 * the undated records, each of which costs the more pairs, the more of the others lack a date as well. On heavily
 * corrupted justice extracts (d = 0.90: 70 a record, 13 after the share) the rules of the data found 96% of the true
 * pairs at 120,000 records; on justice extracts (d = 0.99) this gives 7.4 a record, 0.15 after the share, under the
 * million-pair part of the budget up to 135,000 records: their rules are as before.
 */
export const PAIRS_PER_RECORD_PER_UNDATED_SHARE = 370

/**
 * The pairs the rules built from the data may bring the candidates up to. Every default rule but the identifiers
 * needs a whole birth date or a postcode, and they grow with the data themselves; the pairs of records that both
 * hold a birth date (a share dated² of all pairs) are theirs. The rest must be found by the rules of the data, so
 * beyond a small floor (typos in the dates of dated records) the budget is that share of what a small file may
 * spend on every pair, or of a number of pairs a record beyond it that grows with the same share (up to
 * MAX_PAIRS_PER_RECORD): historical records missing a quarter of their dates get 44% of a million pairs, a file
 * with no birth date a million (70 pairs a record beyond 14,300 records), and justice extracts, dated 99% of the
 * time, 2% (7.4 pairs a record beyond 135,000 records).
 */
export const pairsBudget = (records: number, dated = 1): number => {
  const undatedShare = 1 - dated * dated
  const perRecord = Math.min(
    MAX_PAIRS_PER_RECORD,
    Math.max(PAIRS_PER_RECORD, PAIRS_PER_RECORD_PER_UNDATED_SHARE * undatedShare),
  )
  return Math.round(BUDGET_FLOOR + undatedShare * Math.max(ALL_PAIRS_LIMIT, perRecord * records))
}

/** A rule with no keys: every pair (of the link type) is a candidate. */
export const ALL_PAIRS: BlockingRule = { name: 'all pairs', keys: [] }

/** The rules of a model, and whether they were chosen from the data (then a run with few pairs compares every one). */
export interface ModelBlocking {
  blockingRules: readonly BlockingRule[]
  allPairsWhenFew?: boolean
}

/**
 * The rules a trained model keeps: those with keys. Comparing every pair is a choice for the size of the data in
 * front of a run (rulesForRun), so a model trained on a small file blocks a larger one, a grown index and real-time
 * probes with its keyed rules. A model with no keyed rule keeps "all pairs" (the only rule it knows).
 */
export const modelBlocking = (
  rules: readonly BlockingRule[],
  chosenFromData: boolean,
): { blockingRules: BlockingRule[]; allPairsWhenFew?: boolean } => {
  // The last resort's exemption from the block limit and the rules of the data held to undated records are this
  // run's: a model keeps names and keys, and the condition of a default rule that has one.
  const keyed = rules
    .filter((r) => r.keys.length > 0)
    .map((r) => ({
      name: r.name,
      keys: r.keys,
      ...(r.undatedOnly === true && isDefaultRule(r) ? { undatedOnly: true, maxBlock: r.maxBlock } : {}),
    }))
  return {
    blockingRules: keyed.length > 0 ? keyed : [ALL_PAIRS],
    ...(chosenFromData ? { allPairsWhenFew: true } : {}),
  }
}

/**
 * The rules a run with a stored model uses, decided from the pairs in front of it as a first run decides: every
 * pair first when they are few and the model's rules were chosen from the data (a model written before this choice
 * was made at run time says so with an "all pairs" rule), else the keyed rules. Null when the model has no keyed
 * rule and the pairs are too many to compare all: the rules are then chosen from the data.
 */
export const rulesForRun = (model: ModelBlocking, comparablePairs: number): BlockingRule[] | null => {
  const keyed = model.blockingRules.filter((r) => r.keys.length > 0)
  const whenFew = model.allPairsWhenFew === true || keyed.length < model.blockingRules.length
  if (whenFew && comparablePairs <= ALL_PAIRS_LIMIT) return [ALL_PAIRS, ...keyed]
  return keyed.length > 0 ? keyed : null
}

/** The one-typo name keys (src/batch/record-table.ts): each name as written and with any one letter dropped. */
export const ONE_EDIT_KEYS: ReadonlySet<string> = new Set(['name_one_edit', 'name_word_one_edit'])

/**
 * Pairs a record the budget must have left for the one-typo keys to be computed and their rules planned. Computing
 * them costs 20 to 120 µs a record (one thread, idle and busy machine), scoring a pair about 6 µs: under 3 pairs a
 * record left, their rules could not repay their keys. Justice extracts of 100,000 records have 0.4 left (their
 * default rules propose 82,000 of the 120,000 pairs of the budget), and computing the keys took 12 s there.
 */
export const ONE_EDIT_PAIRS_PER_RECORD = 3

/**
 * The fewest records a key value of a rule of the data may hold and still propose pairs, in a large file. Those rules
 * hold a name, a place or a part of a date, without the whole birth date or identifier of the default rules, so a
 * common value is shared by a crowd that grows with the file: n records propose n(n-1)/2 pairs for about n true
 * ones, and a rule's pairs grew with the square of the records (name_one_edit: 217,000 pairs at 25,000 heavily
 * corrupted records, 4.8 million projected at 120,000). The pairs these rules exist for, typos with nothing else in
 * common, mostly share a rare value (a mistyped name's own: "jhn s" of "jhon smith"): capped at 10 records a value,
 * name_one_edit found 1,026 of the 1,229 true pairs it alone adds at 25,000 records with 34,000 pairs instead of
 * 116,000, and all the rules of the data together 96% of the true pairs at 120,000 records with 1.7 million pairs,
 * where uncapped they reached it only at 3.5 million.
 */
export const BLOCK_LIMIT = 10

/**
 * The most records one value of a rule of the data may hold and still propose pairs, in a file (or person index) of
 * `records`: blocks of at most 1,000,000 / records records cost at most half a million pairs a key, what a small file
 * may spend on every pair, whatever their number; beyond 100,000 records, BLOCK_LIMIT, at most 4.5 pairs a record a
 * key. A small file's blocks are left as they were (3,000 records: 333). The same limit holds in real time, on the
 * records of the index.
 */
export const blockLimit = (records: number): number =>
  Math.max(BLOCK_LIMIT, Math.floor(ALL_PAIRS_LIMIT / Math.max(records, 1)))

const sameKeySet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((k) => b.includes(k))

/**
 * A default rule: its keys, and for the rule of pairs with an undated record its condition and its own block limit
 * too (a rule of the data on the same keys, held to undated records in a dated file, keeps blockLimit).
 */
const isDefaultRule = (r: Pick<BlockingRule, 'keys' | 'undatedOnly' | 'maxBlock'>): boolean =>
  DEFAULT_RULES.some(
    (d) =>
      sameKeySet(d.keys, r.keys) &&
      (d.undatedOnly === true) === (r.undatedOnly === true) &&
      (d.undatedOnly !== true || d.maxBlock === r.maxBlock),
  )

/**
 * Whether a rule's key values are held to blockLimit: a rule of the data, or any rule a user writes that is not a
 * default one; not the default rules (a whole birth date or an identifier: selective at any size), every pair, nor
 * the last resort's rule (`allBlocks`), for a file with nothing more selective.
 */
export const limitsBlocks = (
  r: Pick<BlockingRule, 'keys' | 'allBlocks' | 'undatedOnly' | 'maxBlock'>,
): boolean =>
  !(
    r.allBlocks === true ||
    r.keys.length === 0 ||
    r.keys.every((k) => k.startsWith('other_')) ||
    isDefaultRule(r)
  )

/** The default rules on identifiers alone: a block is a person's records, never a crowd. */
const identifierRule = (r: Pick<BlockingRule, 'keys'>): boolean =>
  r.keys.every((k) => k.startsWith('other_')) ||
  DEFAULT_RULES.slice(0, 4).some((d) => sameKeySet(d.keys, r.keys))

/**
 * Whether a rule's crowds may be cut (crowdLimit): a default rule on names, dates or places, which blockLimit does
 * not hold; not a rule on identifiers, every pair, the last resort, nor the rule of pairs with an undated record
 * (held to a block size of its own).
 */
export const capsCrowds = (
  r: Pick<BlockingRule, 'keys' | 'allBlocks' | 'undatedOnly' | 'maxBlock'>,
): boolean =>
  r.keys.length > 0 &&
  r.allBlocks !== true &&
  !limitsBlocks(r) &&
  !identifierRule(r) &&
  r.undatedOnly !== true

/**
 * Pairs a default rule may propose per record in a large file. Its keys hold a whole birth date, or a name with a part
 * of the date or a postcode, and at a million records they propose up to 1.74 pairs a record (known_names +
 * date_of_birth on justice extracts; 0.2 to 1.0 for the others): crowds are rare. But a key value's records grow
 * with the file while the people it holds stay few, and its pairs with the square of its records: a name with a
 * birth year held 48 records at a million (michael jones, 2001), about 480 at ten million, 115,000 pairs for a
 * handful of true ones. Two pairs a record per rule leaves every rule as it was up to a million records (and any file
 * below), and keeps each rule linear in the records beyond.
 */
export const CROWD_PAIRS_PER_RECORD = 2

/** The pairs a default rule may propose before its crowds are cut: two a record, and never under two million. */
export const crowdBudget = (records: number): number =>
  CROWD_PAIRS_PER_RECORD * Math.max(ALL_PAIRS_LIMIT, records)

/**
 * Pairs a record the crowd-capped default rules may propose together (each rule's own count, summed), beyond a
 * million records. Each rule alone stays linear under crowdBudget, but their union did not: at three million justice
 * records each grew 3 to 5 times and their union 6.4 times (1.95 pairs a record at a million, 4.18 at three), the
 * common keys' crowds proposing pairs no other rule proposes. Their own counts summed to 10.27 million at 994,791
 * records (10.3 a record): 10.5 a record leaves a million records as they were and keeps the sum linear beyond. At
 * 2,983,666 records it cut blocks over 7 records: 7.4 million pairs instead of 12.5 (3.8 times a million's, not
 * 6.5), blocking recall 0.9878 instead of 0.9895 (docs/linkage.md, "Pairs at three million records").
 */
export const DEFAULT_RULES_PAIRS_PER_RECORD = 10.5

/** The pairs the crowd-capped default rules may propose together before their largest blocks are cut. */
export const sharedCrowdBudget = (records: number): number =>
  DEFAULT_RULES_PAIRS_PER_RECORD * Math.max(ALL_PAIRS_LIMIT, records)

/** A rule's blocks of one size: how many there are, and the pairs they propose together. */
export interface BlockSizes {
  size: number
  blocks: number
  pairs: number
}

/**
 * The largest block a default rule keeps: null when all its pairs fit `budget`, else the largest size whose blocks,
 * with every smaller one, propose at most `budget` pairs (at least 2: a pair of records is never a crowd). The
 * largest blocks go first, as they hold the most pairs for the fewest true ones; a person's own records (a handful)
 * stay with the small blocks.
 */
export const crowdLimit = (sizes: readonly BlockSizes[], budget: number): number | null => {
  const bySize = [...sizes].sort((a, b) => a.size - b.size)
  const total = bySize.reduce((sum, s) => sum + s.pairs, 0)
  if (total <= budget) return null
  let kept = 0
  let limit = 2
  for (const s of bySize) {
    if (kept + s.pairs > budget) break
    kept += s.pairs
    limit = Math.max(limit, s.size)
  }
  return limit
}

/**
 * The largest block every crowd-capped default rule keeps so that, together, they propose at most `budget` pairs: null
 * when they fit, else crowdLimit over their blocks merged by size (the largest blocks of any rule go first: a crowd
 * of one rule is no less a crowd for another's being smaller). `rules`: each rule's pairs by block size.
 */
export const sharedCrowdLimit = (
  rules: readonly (readonly BlockSizes[])[],
  budget: number,
): number | null => {
  const bySize = new Map<number, BlockSizes>()
  for (const sizes of rules)
    for (const s of sizes) {
      const merged = bySize.get(s.size)
      if (merged) {
        merged.blocks += s.blocks
        merged.pairs += s.pairs
      } else bySize.set(s.size, { ...s })
    }
  return crowdLimit([...bySize.values()], budget)
}

/** Keys holding a birth date or a part of one. */
const DATE_KEYS = new Set(['date_of_birth', 'dob_year', 'dob_month_day'])

/**
 * Whether a rule may be held to pairs in which a record lacks a whole birth date (undatedFor): a rule held to the
 * block limit with no part of the date among its keys, on names, places or contact details alone.
 */
export const withoutDatePart = (r: Pick<BlockingRule, 'keys' | 'allBlocks'>): boolean =>
  limitsBlocks(r) && !r.keys.some((k) => DATE_KEYS.has(k))

/**
 * Pairs a record the rules of the data must have in the budget to spend them on dated records too. Below, rules
 * without a part of the date propose only pairs with an undated record: the default rules and the rules with a part
 * of the date find the dated pairs, and on justice extracts of 100,000 records (d = 0.99: 0.2 pairs a record) names
 * alone otherwise spent 14,000 pairs on dated records (forename alone, surname alone, each within the block limit)
 * for 2 matches. Above (heavily corrupted or historical records, 13 to 55 pairs a record; small files), they also
 * find dated pairs whose dates are mistyped beyond a part: on heavy corruption at 120,000 records, 5,600 of the true
 * pairs missed when they did not.
 */
export const DATED_PAIRS_PER_RECORD = 1

/** Whether names alone pair only undated records, for `records` of which a share `dated` hold a whole birth date. */
export const namesAloneForUndated = (records: number, dated: number): boolean =>
  pairsBudget(records, dated) - BUDGET_FLOOR < DATED_PAIRS_PER_RECORD * records

/** The rules, those without a part of the date marked for undated records when namesAloneForUndated says so. */
export const forUndated = (rules: readonly BlockingRule[], restrict: boolean): BlockingRule[] =>
  rules.map((r) => (restrict && withoutDatePart(r) ? { ...r, undatedOnly: true } : r))

const rule = (...keys: string[]): BlockingRule => ({ name: keys.join(' + '), keys })

/**
 * The most records a whole name may be held by for the default rule of pairs with an undated record: a person's two
 * or three records. With no date, the two names are a pair's only evidence, weighed as if forename and surname were
 * chosen apart, and a namesake in a larger block scored over the threshold as often as the person did: on justice
 * extracts of 995,174 records (1% undated), blocks of up to 3 records gave 414 true matches and 90 false ones, and
 * blocks of 4 to 85 gave 1,396 true and 2,924 false (the false-match rate of the run doubled, 0.23% to 0.46%).
 */
export const UNDATED_NAME_BLOCK = 3

/** The out-of-the-box rules, in order. Identifiers first: they are cheapest. */
const DEFAULT_RULES: readonly BlockingRule[] = [
  rule('pnc'),
  rule('cro'),
  rule('nino'),
  rule('prison_number'),
  rule('surname', 'date_of_birth'),
  rule('forename', 'date_of_birth'),
  // Birth dates are selective enough to pair with looser name keys: variant spellings (Mohammed, Muhammad),
  // names that sound alike, and surnames recorded differently (patronymics, dropped al- prefixes).
  rule('forename_group', 'date_of_birth'),
  rule('forename_metaphone', 'date_of_birth'),
  // Name-only keys grow with the square of a common name's count (a million records hold thousands of
  // "john smith"), so the fuzzy-name rules also need a part of the birth date.
  rule('name_pair_key', 'dob_year'),
  rule('date_of_birth', 'postcode'),
  rule('surname', 'postcode'),
  rule('forename', 'postcode'),
  // Names in either order at one address: the only key left for a record without a birth date whose name is
  // recorded family name first ("MEI, Yang" and "Mei Yang").
  rule('name_pair_key', 'postcode'),
  rule('surname_metaphone', 'date_of_birth'),
  rule('forename_group', 'surname_metaphone', 'dob_year'),
  rule('forename_metaphone', 'surname_metaphone', 'dob_year'),
  rule('forename_initial', 'surname_metaphone', 'dob_month_day'),
  // A swapped order with a typo in the birth year ("KANG, Hao" and "Hao Kang", 1991 and 1996).
  rule('name_pair_key', 'dob_month_day'),
  // Any one shared word of the names or listed aliases with the birth date: names recorded in another order or
  // field (family name first, a patronymic as surname, "Singh" as surname), or under a listed alias, beside a
  // variant the other keys do not know.
  rule('known_names', 'date_of_birth'),
  // Both names whole, in either order, where one record lacks the birth date and few records hold the name: extracts
  // in which one source often leaves the date out (a court list, a warrant) hold such pairs, which no other default
  // rule proposes but by a shared postcode or identifier, while the rules of the data, which could, find the budget
  // spent beyond a hundred thousand records ("Ming Suzuki" with and without a date). Its blocks are held to
  // UNDATED_NAME_BLOCK, whatever the budget: so it runs at any size, and its pairs grow with the undated records.
  {
    name: 'name_pair_key, a record undated',
    keys: ['name_pair_key'],
    undatedOnly: true,
    maxBlock: UNDATED_NAME_BLOCK,
  },
]

/**
 * The out-of-the-box rules, kept only where every key column has data (and, for a rule of pairs with an undated
 * record, the birth date: with none, names alone are the rules of the data's); other identifiers after the named ones.
 */
export const defaultBlockingRules = (
  available: ReadonlySet<string>,
  otherIdColumns: readonly string[],
): BlockingRule[] =>
  [...DEFAULT_RULES.slice(0, 4), ...otherIdColumns.map((c) => rule(c)), ...DEFAULT_RULES.slice(4)].filter(
    (r) =>
      r.keys.every((k) => available.has(k)) && (r.undatedOnly !== true || available.has('date_of_birth')),
  )

/** Contact details: shared by few people, so each is a key alone. */
const CONTACT_KEYS = ['email', 'phone']
/** Places: a town or a postcode narrows a name or a birth year to a few people. */
const PLACE_KEYS = ['postcode', 'town']

/** A column that narrows a name or a birth date in the rules of the data: a place, or an attribute of the person. */
export const isContextKey = (column: string): boolean =>
  PLACE_KEYS.includes(column) || column.startsWith(ATTRIBUTE_PREFIX)

/**
 * A context narrows only where its values are spread: one that most records share (a nationality, the county of a
 * one-county register) halves a name's block at best, so its rules repeat the name's pairs and spend the budget a
 * rule that narrows would have.
 */
export const MOST_SHARE_ONE_VALUE = 0.5
const narrows = (stats: ReadonlyMap<string, ColumnStats>) => (column: string) => {
  const s = stats.get(column)
  return s === undefined || s.top === undefined || s.top <= MOST_SHARE_ONE_VALUE * s.filled
}
/** Parts of a birth date that survive a typo in the other part, or a date given as a year alone. */
const PARTIAL_DATE_KEYS = ['dob_year', 'dob_month_day']
/**
 * Names as written and by sound: a typo or a variant spelling often keeps the sound. And any one word of a
 * record's names: a record that holds one name only (a register's forename without its surname) still meets
 * the other records of its person by the name it has. And the forename or surname one typo away: heavily
 * corrupted or historical records where the other name is missing, changed or mistyped beyond one letter, and the
 * typo changed the sound.
 */
const NAME_KEYS = [
  'surname',
  'forename',
  'surname_metaphone',
  'forename_metaphone',
  'known_names',
  'name_word_one_edit',
]
/**
 * A name one typo away beside the sex, where one record lacks a birth date, a place and an attribute in common with
 * the other (heavily corrupted or historical records, a third of their values missing: a record holding one name
 * beside a full one, with no date). Sex narrows a name only by half, so the budget decides: its pairs grow with the
 * square of a common name's count, and it is left out of all but small files. (A name with the postcode area, for a
 * person who moved within a region, found the same pairs on the panel and inflated the prior: the area is taken as
 * agreement on the whole address, src/model/facts.ts.)
 */
const NAME_WITH_LITTLE_ELSE = [['name_word_one_edit', 'sex']]
/** Both names, tolerating a typo in one of them or their order. */
const BOTH_NAMES = [
  ['name_pair_key'],
  ['name_pair_prefix'],
  ['name_pair_suffix'],
  ['name_pair_sound'],
  // Heavily corrupted records with no birth date, postcode or identifier in common (one of them missing): a typo
  // anywhere in each name, as long as one name's first letter is right, in either order.
  ['name_one_edit'],
  ['forename_metaphone', 'surname_metaphone'],
  ['forename_initial', 'surname'],
  ['forename', 'surname_initial'],
  // A nickname or variant of the forename (Bob for Robert, Trish for Patricia) beside a mistyped surname whose first
  // letter is right: no key on the names as written or one typo apart holds both.
  ['forename_group', 'surname_initial'],
  // One name one typo away beside the other by its sound or its variant group ("rebecca walcliffe" and "bevca
  // walclifphe"; "faisal aziz" and "fajisal aziz"): the other name mistyped beyond one letter, or its first letter
  // wrong, where name_one_edit needs it right.
  ['name_word_one_edit', 'forename_metaphone'],
  ['name_word_one_edit', 'surname_metaphone'],
  ['name_word_one_edit', 'forename_group'],
  // Any word of the names or aliases beside the forename's first letter: a surname recorded in the forename field
  // or among middle names and aliases, beside a forename mistyped beyond one letter.
  ['known_names', 'forename_initial'],
]
/**
 * Columns that narrow little alone but hold whole values: a rule of their own when budget allows. A town or an
 * attribute (a birth place, an occupation) is shared by crowds rather than by a person's records, so it is a key
 * only beside a name or a date: alone, an occupation of forty values spent most of a historical register's budget
 * on pairs that agree on nothing else. A name one typo away alone is the forename and surname rules tolerating a
 * typo, the largest of them: chosen last, by small files whose budget has room.
 */
const SINGLE_KEYS = ['surname', 'forename', 'date_of_birth', 'postcode', 'name_word_one_edit']

const ATTRIBUTE_PREFIX = 'attr_'

/** The columns whose statistics the plan reads, of those the records table has. */
export const plannedColumns = (columns: ReadonlySet<string>): string[] => {
  const named = new Set([
    ...CONTACT_KEYS,
    ...PLACE_KEYS,
    ...PARTIAL_DATE_KEYS,
    ...NAME_KEYS,
    ...BOTH_NAMES.flat(),
    ...NAME_WITH_LITTLE_ELSE.flat(),
    ...SINGLE_KEYS,
  ])
  return [...columns].filter((c) => named.has(c) || c.startsWith(ATTRIBUTE_PREFIX))
}

const wellFilled = (stats: ReadonlyMap<string, ColumnStats>, records: number) => (column: string) =>
  (stats.get(column)?.filled ?? 0) >= WELL_FILLED * records && (stats.get(column)?.distinct ?? 0) > 1

const sameKeys = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((k) => b.includes(k))

/**
 * Rules built from the well-filled columns, beyond the default ones: contact details alone; a name with a place,
 * an attribute (place of birth, occupation) or a part of the birth date; a birth date or year with a place or an
 * attribute; both names with a typo allowed (in either order: their first letters, last letters or sounds); and
 * names, birth dates and postcodes alone. The budget decides which are used.
 */
export const dataBlockingRules = (
  stats: ReadonlyMap<string, ColumnStats>,
  records: number,
  defaults: readonly BlockingRule[],
): BlockingRule[] => {
  const ok = wellFilled(stats, records)
  const attributes = [...stats.keys()].filter((c) => c.startsWith(ATTRIBUTE_PREFIX))
  const contexts = [...PLACE_KEYS, ...attributes].filter(narrows(stats))
  const candidates: string[][] = [
    ...CONTACT_KEYS.map((k) => [k]),
    ...NAME_KEYS.flatMap((n) => [...contexts, ...PARTIAL_DATE_KEYS].map((c) => [n, c])),
    ...['date_of_birth', 'dob_year'].flatMap((d) => contexts.map((c) => [d, c])),
    ...NAME_WITH_LITTLE_ELSE,
    // A nickname or variant with the birth year, for a record holding no surname ("Drew", born 1878, and "Andrew
    // Hayward", born 1878).
    ['forename_group', 'dob_year'],
    ...BOTH_NAMES,
    // Both initials with a part of the birth date or a place: a typo early in each name, where a place or year still
    // narrows; the day and month where the year is mistyped as well ("dqvid morrkson", 1964-09-20, and "davdi
    // morrispon", 1963-09-20).
    ...[...PARTIAL_DATE_KEYS, ...contexts].map((c) => ['forename_initial', 'surname_initial', c]),
    ...SINGLE_KEYS.map((k) => [k]),
  ]
  const rules: BlockingRule[] = []
  for (const keys of candidates) {
    if (!keys.every(ok)) continue
    // A default rule held to undated records leaves the rule on every record to the data.
    if ([...defaults, ...rules].some((r) => sameKeys(r.keys, keys) && r.undatedOnly !== true)) continue
    rules.push(rule(...keys))
  }
  return rules
}

/** Whole values, for the last resort: derived keys (a sound, an initial, a year) are implied by them. */
const WHOLE_KEYS = ['surname', 'forename', 'date_of_birth', 'postcode', 'town', 'email', 'phone']

/**
 * The keys of the last resort, when no rule fits even the per-rule limit: every well-filled column holding whole
 * values together (the most selective key the records have), the birth year standing for a date given as a year
 * alone; or every filled one when none is well filled.
 */
export const lastResortKeys = (stats: ReadonlyMap<string, ColumnStats>, records: number): string[] => {
  const filled = (c: string) => (stats.get(c)?.filled ?? 0) > 0
  const whole = [...WHOLE_KEYS, ...[...stats.keys()].filter((c) => c.startsWith(ATTRIBUTE_PREFIX))].filter(
    (c) => stats.has(c),
  )
  const ok = wellFilled(stats, records)
  const full = whole.filter(ok)
  if (!full.includes('date_of_birth') && ok('dob_year')) full.push('dob_year')
  if (full.length > 0) return full
  return [...whole, 'dob_year'].filter(filled)
}
