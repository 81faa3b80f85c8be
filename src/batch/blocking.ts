import type { ColumnStats } from '../blocking/plan.ts'
import {
  ALL_PAIRS,
  ALL_PAIRS_LIMIT,
  BLOCK_LIMIT,
  type BlockSizes,
  capsCrowds,
  crowdBudget,
  crowdLimit,
  dataBlockingRules,
  defaultBlockingRules,
  forUndated,
  isContextKey,
  lastResortKeys,
  limitsBlocks,
  namesAloneForUndated,
  ONE_EDIT_KEYS,
  ONE_EDIT_PAIRS_PER_RECORD,
  pairsBudget,
  plannedColumns,
  sharedCrowdBudget,
  sharedCrowdLimit,
  withoutDatePart,
} from '../blocking/plan.ts'
import type { BlockingRule } from '../blocking/rule.ts'
import { JustIdError } from '../core/errors.ts'
import type { Database } from './database.ts'
import { type LinkType, pairScopeSql, scopedPairsSql } from './pair-scope.ts'
import { fillOneEditKeys, LIST_COLUMNS } from './record-table.ts'

export interface BlockingRuleCount {
  rule: string
  /** Pairs the rule proposes on its own, before pairs of earlier rules are taken out. */
  estimated: number
  /** Pairs it adds to the union. */
  pairs: number
  /** Pairs at or above the match threshold that no other rule proposes (counted after scoring). */
  matchesAlone?: number
}

// A list column as a key: each of its values is a key of its own.
const listKeyOf = (r: BlockingRule): string | undefined => r.keys.find((k) => LIST_COLUMNS.has(k))

/** The condition under which records l and r agree on a rule's keys (always, for a rule with none). */
const keysMatch = (r: BlockingRule): string =>
  r.keys.length === 0
    ? 'true'
    : [
        ...r.keys.map((k) => (LIST_COLUMNS.has(k) ? `list_has_any(l.${k}, r.${k})` : `l.${k} = r.${k}`)),
        ...(r.undatedOnly === true ? [UNDATED_PAIR_SQL] : []),
      ].join(' AND ')

/** A pair in which a record lacks a whole birth date (a rule's undatedOnly). */
const UNDATED_PAIR_SQL = '(l.date_of_birth IS NULL OR r.date_of_birth IS NULL)'

/**
 * blockLimit of the records table's size, in SQL: rules held to it are counted on every record, never on a sample.
 */
const BLOCK_LIMIT_SQL = `greatest(${BLOCK_LIMIT}, ${ALL_PAIRS_LIMIT} // greatest((SELECT count(*) FROM records), 1))`

/** The most records a rule's block may hold and propose pairs, in SQL: its crowd limit, or blockLimit; else none. */
const blockLimitSql = (r: BlockingRule): string | null =>
  r.maxBlock !== undefined ? String(r.maxBlock) : limitsBlocks(r) ? BLOCK_LIMIT_SQL : null

/**
 * The rows a rule joins: a record per key, or a record per value of its list key (none for an empty list). A rule
 * with a block limit (a one-typo key's) keeps only the values held by at most that many records: a record's
 * values, once each, counted over the whole table, as the real-time index counts them.
 */
const keyRowsSql = (
  r: BlockingRule,
  list: string | undefined,
  linkType?: LinkType,
  table = 'records',
  limit = blockLimitSql(r),
): string => {
  if (list === undefined && limit === null) return table
  const rows = `(SELECT rid, ${pairScopeSql(linkType) === '' ? '' : 'source, '}${r.undatedOnly === true ? 'date_of_birth, ' : ''}${r.keys.map((k) => (k === list ? `unnest(${k}) AS ${k}` : k)).join(', ')} FROM ${table})`
  if (limit === null) return rows
  const present = r.keys.map((k) => `${k} IS NOT NULL`).join(' AND ')
  return `(SELECT * EXCLUDE (block) FROM (SELECT *, count(*) OVER (PARTITION BY ${r.keys.join(', ')}) AS block
    FROM ${rows} WHERE ${present}) WHERE block <= ${limit})`
}

/**
 * SQL for the pairs a rule proposes (the union gives each pair to the first rule proposing it): l.rid < r.rid
 * covers linking and de-duplicating, and the link type may keep only pairs across sources or within them. With
 * `newFromRid`, only pairs with a record numbered at or above it: an incremental add scores its new records against
 * everything, never the old pairs again.
 */
export const blockingRuleSql = (
  r: BlockingRule,
  index: number,
  newFromRid?: number,
  linkType?: LinkType,
): string => {
  const onlyNew = `${newFromRid === undefined ? '' : `AND r.rid >= ${newFromRid}`} ${pairScopeSql(linkType)}`
  const list = listKeyOf(r)
  if (list === undefined && blockLimitSql(r) === null && r.undatedOnly !== true)
    return `SELECT l.rid AS rid_l, r.rid AS rid_r, ${index}::INTEGER AS rule
    FROM records l JOIN records r ON ${keysMatch(r)} AND l.rid < r.rid ${onlyNew}`
  // Records sharing two values of the list meet twice in the join: pairs are made distinct.
  // A rule with a block limit joins its key rows too, of the values within the limit.
  const rows = keyRowsSql(r, list, linkType)
  const shared = r.keys.map((k) => `l.${k} = r.${k}`).join(' AND ')
  // A rule for undated records joins the undated records' rows (l) to every row: on dated extracts a few, where
  // joining every row to every row and keeping the pairs with an undated record would build them all first.
  const pairs =
    r.undatedOnly === true
      ? `SELECT DISTINCT least(l.rid, r.rid) AS rid_l, greatest(l.rid, r.rid) AS rid_r FROM ${rows} l JOIN ${rows} r
      ON ${shared} AND l.rid <> r.rid AND l.date_of_birth IS NULL
        AND (r.date_of_birth IS NOT NULL OR l.rid < r.rid) ${pairScopeSql(linkType)}
        ${newFromRid === undefined ? '' : `AND greatest(l.rid, r.rid) >= ${newFromRid}`}`
      : `SELECT DISTINCT l.rid AS rid_l, r.rid AS rid_r FROM ${rows} l JOIN ${rows} r
      ON ${shared} AND l.rid < r.rid ${onlyNew}`
  return `SELECT p.rid_l, p.rid_r, ${index}::INTEGER AS rule FROM (${pairs}) p`
}

/**
 * Pairs a rule proposes on its own, of the link type's pairs; for a list key, pairs sharing several values count
 * once per value. `table`: another table of records to count in (a sample).
 */
export const estimateRulePairs = async (
  db: Database,
  r: BlockingRule,
  linkType: LinkType = 'link_and_dedupe',
  table = 'records',
): Promise<number> => (await countRule(db, r, linkType, table, false)).pairs

/** The key values the most records share under a rule (its largest blocks), and how many records share each. */
export interface LargestBlock {
  key: string
  records: number
}

/** Blocks shown per rule in the report. */
export const LARGEST_BLOCKS = 5

/** The largest blocks of the rules blocking counted on every record, each rule's found by its name and keys. */
export interface RuleBlocks {
  rule: BlockingRule
  blocks: LargestBlock[]
}

/**
 * A rule's pairs and, with `withBlocks`, its largest blocks from the same grouping of the records: the report
 * would otherwise group every record again for each rule. Blocks are keyed as the report shows them (the key values
 * joined by " | ") and left out for a list key, whose report blocks are of whole lists, not of each value. `sizes`:
 * the pairs of its blocks by their size, for crowdLimit.
 */
const countRule = async (
  db: Database,
  r: BlockingRule,
  linkType: LinkType = 'link_and_dedupe',
  table: string,
  withBlocks: boolean,
): Promise<{ pairs: number; blocks?: LargestBlock[]; sizes: BlockSizes[] }> => {
  // A rule held to the block limit counts only the key groups within it: the same as counting its limited rows.
  const rows = keyRowsSql(r, listKeyOf(r), linkType, table, null)
  const where = r.keys.length === 0 ? '' : `WHERE ${r.keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}`
  const groupBy = (extra: string[]) => {
    const by = [...r.keys, ...extra]
    return by.length === 0 ? '' : `GROUP BY ${by.join(', ')}`
  }
  // n: the records of each key group; nn, across sources, the sum of each source's count squared.
  const grouped =
    linkType === 'link_and_dedupe'
      ? `SELECT ${[...r.keys, 'count(*)::DOUBLE AS n', ...(r.undatedOnly === true ? ['count(date_of_birth)::DOUBLE AS nd'] : [])].join(', ')} FROM ${rows} ${where} ${groupBy([])}`
      : `SELECT ${[...r.keys, 'sum(m) AS n', 'sum(m * m) AS nn'].join(', ')} FROM (
        SELECT ${[...r.keys, 'count(*)::DOUBLE AS m'].join(', ')} FROM ${rows} ${where} ${groupBy(['source'])})
      ${groupBy([])}`
  const limit = blockLimitSql(r)
  const groups = limit === null ? grouped : `SELECT * FROM (${grouped}) WHERE n <= ${limit}`
  // Of a rule for undated records, the pairs of two dated records are taken out (across or within sources, the
  // estimate keeps them: it is then an upper bound).
  const pairs =
    linkType !== 'link_and_dedupe'
      ? scopedPairsSql(linkType)
      : r.undatedOnly === true
        ? 'n * (n - 1) / 2 - nd * (nd - 1) / 2'
        : 'n * (n - 1) / 2'
  // The pairs by block size (a few hundred rows at most), and with them the largest blocks, from one grouping.
  const bySize = `SELECT NULL AS key, n, count(*) AS blocks, coalesce(sum(${pairs}), 0) AS pairs FROM g GROUP BY n`
  const blocks = withBlocks && r.keys.length > 0 && listKeyOf(r) === undefined
  const found = await db.rows(
    `WITH g AS MATERIALIZED (${groups}) SELECT * FROM (${bySize}${
      blocks
        ? `
      UNION ALL (SELECT concat_ws(' | ', ${r.keys.map((k) => `${k}::VARCHAR`).join(', ')}) AS key, n, 1, 0 FROM g
        ORDER BY n DESC, key LIMIT ${LARGEST_BLOCKS})`
        : ''
    }) ORDER BY key IS NULL DESC, n DESC, key`,
  )
  const sizes = found
    .filter((f) => f.key === null)
    .map((f) => ({ size: Number(f.n), blocks: Number(f.blocks), pairs: Number(f.pairs) }))
  return {
    pairs: sizes.reduce((sum, s) => sum + s.pairs, 0),
    sizes,
    ...(blocks
      ? {
          blocks: found
            .filter((f) => f.key !== null)
            .map((f) => ({ key: String(f.key), records: Number(f.n) })),
        }
      : {}),
  }
}

/**
 * Default rules counted, with their crowds cut (the blocks past the limit propose none): each rule's when its pairs
 * pass crowdBudget (crowdLimit), then all of them together when their pairs pass sharedCrowdBudget
 * (sharedCrowdLimit). The rules as they run and the pairs each proposes. Their largest blocks are those counted,
 * crowds included.
 */
const withCrowdsCut = (
  counted: readonly { rule: BlockingRule; pairs: number; sizes: BlockSizes[] }[],
  records: number,
): { rule: BlockingRule; pairs: number }[] => {
  const pairsUpTo = (sizes: readonly BlockSizes[], limit: number) =>
    sizes.filter((s) => s.size <= limit).reduce((sum, s) => sum + s.pairs, 0)
  const own = counted.map(({ rule: r, pairs, sizes }) => {
    if (!capsCrowds(r)) return { rule: r, pairs, sizes }
    const limit = crowdLimit(sizes, crowdBudget(records))
    if (limit === null) return { rule: r, pairs, sizes }
    return { rule: { ...r, maxBlock: limit }, pairs: pairsUpTo(sizes, limit), sizes }
  })
  const capped = own.filter((c) => capsCrowds(c.rule))
  const shared = sharedCrowdLimit(
    capped.map((c) => c.sizes.filter((s) => s.size <= (c.rule.maxBlock ?? Number.POSITIVE_INFINITY))),
    sharedCrowdBudget(records),
  )
  return own.map(({ rule: r, pairs, sizes }) => {
    if (shared === null || !capsCrowds(r) || (r.maxBlock !== undefined && r.maxBlock <= shared))
      return { rule: r, pairs }
    return { rule: { ...r, maxBlock: shared }, pairs: pairsUpTo(sizes, shared) }
  })
}

/** Rejects rules that name columns the records table does not have, with the columns it does have. */
export const checkRuleColumns = (rules: readonly BlockingRule[], columns: ReadonlySet<string>): void => {
  for (const r of rules) {
    const missing = r.keys.filter((k) => !columns.has(k))
    if (missing.length > 0) {
      throw new JustIdError(
        'unknown_column',
        `blocking rule "${r.name}" uses ${missing.map((m) => `"${m}"`).join(', ')}, which the records do not have; ` +
          `columns that can be used: ${[...columns].sort().join(', ')}`,
      )
    }
    const lists = r.keys.filter((k) => LIST_COLUMNS.has(k))
    if (lists.length > 1)
      throw new JustIdError(
        'invalid_settings',
        `blocking rule "${r.name}" uses more than one list column (${lists.join(', ')}); use at most one`,
      )
  }
}

export interface CandidatePairsOptions {
  maxPairsPerRule: number
  /** Default rules that would explode are skipped with a warning; rules the user wrote are refused. */
  userRules: boolean
  onWarning?: (message: string) => void
  /** Only pairs that involve a record numbered at or above this (see blockingRuleSql). */
  newFromRid?: number
  /** Pairs across sources and within them (the default), or only one of the two. */
  linkType?: LinkType
  /** Told the pairs about to be built before they are, to stop a run they would not fit (link/resources.ts). */
  beforeBuilding?: BeforeBuilding
}

/** At most `pairs` candidate pairs are about to be built, `largest` the rule proposing most of them. */
export type BeforeBuilding = (estimate: {
  pairs: number
  largest?: { name: string; pairs: number }
}) => Promise<void>

const largestOf = (rules: readonly BlockingRule[], estimates: readonly number[]) => {
  const i = estimates.indexOf(Math.max(...estimates))
  return i === -1 ? undefined : { name: rules[i]!.name, pairs: estimates[i]! }
}

export interface CandidatePairs {
  rules: BlockingRule[]
  counts: BlockingRuleCount[]
  /** The largest blocks of the rules counted on every record (not of a list key, nor of rules counted on a sample). */
  largestBlocks: RuleBlocks[]
}

const count = (n: number): string => Math.round(n).toLocaleString('en-GB')

const tooLarge = (r: BlockingRule, estimated: number, limit: number): string =>
  `blocking rule "${r.name}" would make ${count(estimated)} candidate pairs ` +
  `(limit ${count(limit)}): add a key to narrow it, or raise maxPairsPerRule`

/**
 * Makes `candidates` the union of the rules' pairs, each pair numbered by the first rule proposing it. A rule after
 * one with no keys adds nothing (every pair is already there), so it is not run. The rules after one with a block
 * limit are added against the table (appendRule), one by one.
 */
const createCandidates = async (
  db: Database,
  rules: readonly BlockingRule[],
  options: Pick<CandidatePairsOptions, 'newFromRid' | 'linkType'>,
): Promise<void> => {
  const allPairsAt = rules.findIndex((r) => r.keys.length === 0)
  const end = allPairsAt === -1 ? rules.length : allPairsAt + 1
  const limited = rules.findIndex((r) => blockLimitSql(r) !== null)
  const joined = limited === -1 ? end : Math.min(end, limited + 1)
  const union: string[] = []
  for (let i = 0; i < joined; i++)
    union.push(blockingRuleSql(rules[i]!, i, options.newFromRid, options.linkType))
  const empty = 'SELECT NULL::INTEGER AS rid_l, NULL::INTEGER AS rid_r, NULL::INTEGER AS rule WHERE false'
  // Each pair goes to the first rule proposing it: every rule's pairs, then one grouping. Taking earlier rules' pairs
  // out by their keys instead made each join carry every earlier rule's columns, 2.5 times the CPU at 300,000 records.
  // Sorted by pair rather than left in the grouping's order: the scored table, read by clustering and sorted again for
  // pairs.parquet, follows it.
  const pairs =
    union.length === 0
      ? empty
      : union.length === 1
        ? union[0]!
        : `SELECT rid_l, rid_r, min(rule) AS rule FROM (${union.join('\nUNION ALL\n')}) GROUP BY rid_l, rid_r
          ORDER BY rid_l, rid_r`
  await db.run(`CREATE OR REPLACE TABLE candidates AS ${pairs}`)
  for (let i = joined; i < end; i++) await appendRule(db, rules[i]!, i, options.linkType, options.newFromRid)
}

/**
 * Adds a rule's pairs that `candidates` does not hold yet, numbered `index`. Against the table rather than the
 * earlier rules' keys: after forty rules, one anti-join costs less than forty conditions on every pair.
 */
const appendRule = async (
  db: Database,
  r: BlockingRule,
  index: number,
  linkType?: LinkType,
  newFromRid?: number,
): Promise<void> =>
  db.run(`INSERT INTO candidates SELECT p.rid_l, p.rid_r, p.rule FROM (
    ${blockingRuleSql(r, index, newFromRid, linkType)}) p
    ANTI JOIN candidates c ON c.rid_l = p.rid_l AND c.rid_r = p.rid_r`)

const countsOf = async (
  db: Database,
  rules: readonly BlockingRule[],
  estimates: readonly number[],
): Promise<BlockingRuleCount[]> => {
  const perRule = await db.rows('SELECT rule, count(*) AS n FROM candidates GROUP BY rule')
  const added = new Map(perRule.map((row) => [Number(row.rule), Number(row.n)]))
  return rules.map((r, i) => ({
    rule: r.name,
    estimated: Math.round(estimates[i] ?? 0),
    pairs: added.get(i) ?? 0,
  }))
}

/** Counts each rule's pairs before running it, refuses rules that would explode, then builds `candidates`. */
export const buildCandidatePairs = async (
  db: Database,
  rules: readonly BlockingRule[],
  options: CandidatePairsOptions,
): Promise<CandidatePairs> => {
  await fillOneEditKeys(
    db,
    rules.flatMap((r) => r.keys),
  )
  const kept: BlockingRule[] = []
  const estimates: number[] = []
  const largestBlocks: RuleBlocks[] = []
  const records = await db.scalar('SELECT count(*) FROM records')
  const counted: { rule: BlockingRule; pairs: number; sizes: BlockSizes[]; blocks?: LargestBlock[] }[] = []
  for (const given of await forUndatedOf(db, rules))
    counted.push({ rule: given, ...(await countRule(db, given, options.linkType, 'records', true)) })
  for (const [i, { rule: r, pairs: estimated }] of withCrowdsCut(counted, records).entries()) {
    const { blocks } = counted[i]!
    if (estimated > options.maxPairsPerRule) {
      const message = tooLarge(r, estimated, options.maxPairsPerRule)
      if (options.userRules) throw new JustIdError('blocking_too_large', message)
      options.onWarning?.(`${message}; skipped`)
      continue
    }
    kept.push(r)
    estimates.push(estimated)
    if (blocks) largestBlocks.push({ rule: r, blocks })
  }
  if (kept.length === 0)
    throw new JustIdError('invalid_settings', 'no blocking rule can be used on these records')
  await options.beforeBuilding?.({
    pairs: estimates.reduce((a, b) => a + b, 0),
    largest: largestOf(kept, estimates),
  })
  await createCandidates(db, kept, options)
  return { rules: kept, counts: await countsOf(db, kept, estimates), largestBlocks }
}

/** The rules marked for undated records as the records table's size and dated share say (namesAloneForUndated). */
const forUndatedOf = async (db: Database, rules: readonly BlockingRule[]): Promise<BlockingRule[]> => {
  if (!rules.some(withoutDatePart)) return [...rules]
  const [row] = await db.rows('SELECT count(*) AS n, count(date_of_birth) AS d FROM records')
  const records = Number(row?.n ?? 0)
  return forUndated(rules, records > 0 && namesAloneForUndated(records, Number(row?.d ?? 0) / records))
}

/** Filled records and distinct values of each column, in one scan of the records. */
export const columnStats = async (
  db: Database,
  columns: readonly string[],
): Promise<Map<string, ColumnStats>> => {
  if (columns.length === 0) return new Map()
  // A list column (known_names) is filled when it holds a word: every record has a list, often an empty one.
  const filled = (c: string) => (LIST_COLUMNS.has(c) ? `count_if(len(${c}) > 0)` : `count(${c})`)
  const exprs = columns.map((c, i) => `${filled(c)} AS f${i}, approx_count_distinct(${c}) AS d${i}`)
  const row = (await db.rows(`SELECT ${exprs.join(', ')} FROM records`))[0] ?? {}
  const stats = new Map<string, ColumnStats>(
    columns.map((c, i) => [c, { filled: Number(row[`f${i}`] ?? 0), distinct: Number(row[`d${i}`] ?? 0) }]),
  )
  for (const c of columns.filter(isContextKey)) {
    const top = await db.scalar(`SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM records
      WHERE ${c} IS NOT NULL GROUP BY ${c})`)
    stats.set(c, { ...stats.get(c)!, top })
  }
  return stats
}

export interface BlockingPlanOptions {
  records: number
  /** Pairs the link type allows among all records (pair-scope.ts comparablePairs). */
  comparablePairs: number
  /** The records table's columns, and those with data. */
  columns: ReadonlySet<string>
  available: ReadonlySet<string>
  otherIdColumns: readonly string[]
  maxPairsPerRule: number
  linkType?: LinkType
  onWarning?: (message: string) => void
  beforeBuilding?: BeforeBuilding
}

/**
 * Blocking chosen from the data, never failing on a usable file. Few records: every pair. Otherwise the default
 * rules (tuned for justice extracts; each skipped with a warning over the per-rule limit, as before), then rules
 * built from the well-filled columns (src/blocking/plan.ts), most selective first, each while the candidates stay
 * within a budget that grows with the records. With no rule left, the most selective rule of the data (or all its
 * well-filled columns together), with a warning saying what was chosen and why.
 */
export const planCandidatePairs = async (
  db: Database,
  options: BlockingPlanOptions,
): Promise<CandidatePairs> => {
  const { linkType, maxPairsPerRule } = options
  const defaults = defaultBlockingRules(options.available, options.otherIdColumns)
  const build = {
    linkType,
    maxPairsPerRule,
    userRules: false,
    onWarning: options.onWarning,
    beforeBuilding: options.beforeBuilding,
  }
  // Every pair first: the default rules are kept in the model for matching single records later.
  if (options.comparablePairs <= ALL_PAIRS_LIMIT)
    return buildCandidatePairs(db, [ALL_PAIRS, ...defaults], build)

  const kept: BlockingRule[] = []
  const estimates: number[] = []
  const largestBlocks: RuleBlocks[] = []
  const skipped: { rule: BlockingRule; estimated: number }[] = []
  const counted: { rule: BlockingRule; pairs: number; sizes: BlockSizes[]; blocks?: LargestBlock[] }[] = []
  for (const given of defaults)
    counted.push({ rule: given, ...(await countRule(db, given, linkType, 'records', true)) })
  for (const [i, { rule: r, pairs: estimated }] of withCrowdsCut(counted, options.records).entries()) {
    const { blocks } = counted[i]!
    if (estimated > maxPairsPerRule) {
      options.onWarning?.(`${tooLarge(r, estimated, maxPairsPerRule)}; skipped`)
      skipped.push({ rule: r, estimated })
    } else {
      kept.push(r)
      estimates.push(estimated)
      if (blocks) largestBlocks.push({ rule: r, blocks })
    }
  }
  const dated = options.columns.has('date_of_birth')
    ? await db.scalar('SELECT count(date_of_birth) FROM records')
    : 0
  const budget = pairsBudget(options.records, dated / options.records)
  // The rules of the data add pairs only up to the budget, so the candidates stay under the larger of the two.
  await options.beforeBuilding?.({
    pairs: Math.max(
      budget,
      estimates.reduce((a, b) => a + b, 0),
    ),
    largest: largestOf(kept, estimates),
  })
  await createCandidates(db, kept, { linkType })
  let union = await db.scalar('SELECT count(*) FROM candidates')
  // The default rules already fill the budget (justice extracts at scale): the rules of the data are not counted.
  if (union >= budget) return { rules: kept, counts: await countsOf(db, kept, estimates), largestBlocks }

  // The one-typo keys cost more to compute than their rules can repay where the budget has few pairs a record left
  // (dated extracts): they are then neither computed nor planned.
  const planned = plannedColumns(options.columns).filter(
    (c) => budget - union >= ONE_EDIT_PAIRS_PER_RECORD * options.records || !ONE_EDIT_KEYS.has(c),
  )
  await fillOneEditKeys(db, planned)
  const stats = await columnStats(db, planned)
  const extras = await sampledEstimates(
    db,
    forUndated(
      dataBlockingRules(stats, options.records, defaults),
      namesAloneForUndated(options.records, dated / options.records),
    ),
    planned,
    options,
  )
  extras.sort((a, b) => a.estimated - b.estimated)
  for (const e of extras) {
    // Counted on a sample, a rule far over what the budget has left ends the list without an exact count.
    if (e.sampled && e.estimated > 2 * (budget - union)) break
    const exact = e.sampled ? await countRule(db, e.rule, linkType, 'records', true) : undefined
    if (exact) e.estimated = exact.pairs
    // A rule of the data that proposes nothing is left out; one that would pass the budget ends the list.
    if (e.estimated === 0) continue
    // A list key (the name words, or each name's spellings one typo apart) holds the names as written, so earlier
    // rules on the names hold many of its pairs: its own pairs may pass what the budget has left while the pairs it
    // adds do not. It is added, and taken back if they do. Other rules are judged by their own pairs, as before.
    const list = listKeyOf(e.rule)
    // Counted once per value shared, a list rule over the budget may still fit: its distinct pairs are counted then
    // (only then, as the join costs seconds at 100,000 records).
    if (list !== undefined && !e.sampled && e.estimated > budget && e.estimated <= DISTINCT_COUNT_LIMIT)
      e.estimated = await distinctListPairs(db, e.rule, list, linkType)
    const fits = list !== undefined ? e.estimated <= budget : union + e.estimated <= budget
    if (!fits || e.estimated > maxPairsPerRule) break
    await appendRule(db, e.rule, kept.length, linkType)
    const added = await db.scalar('SELECT count(*) FROM candidates')
    if (added > budget) {
      await db.run(`DELETE FROM candidates WHERE rule = ${kept.length}`)
      break
    }
    union = added
    kept.push(e.rule)
    estimates.push(e.estimated)
    if (exact?.blocks) largestBlocks.push({ rule: e.rule, blocks: exact.blocks })
  }
  if (kept.length === 0) {
    const last = await lastResort(db, [...skipped, ...extras], stats, budget, options)
    options.onWarning?.(last.why)
    await options.beforeBuilding?.({
      pairs: last.estimated,
      largest: { name: last.rule.name, pairs: last.estimated },
    })
    kept.push(last.rule)
    estimates.push(last.estimated)
    await createCandidates(db, kept, { linkType })
  }
  return { rules: kept, counts: await countsOf(db, kept, estimates), largestBlocks }
}

/**
 * A list key's count (Σ n(n-1)/2 over its values) counts a pair once per value its records share: up to a dozen
 * times for two identical names under name_one_edit, so a rule one typo apart looked several times its size and the
 * budget refused it. A list rule counted over the budget and at most this many has its distinct pairs counted, by a
 * join of at most this many rows (about a second).
 */
const DISTINCT_COUNT_LIMIT = 5_000_000

/** The distinct pairs a rule with a list key proposes, of the link type's pairs. */
const distinctListPairs = async (
  db: Database,
  r: BlockingRule,
  list: string,
  linkType?: LinkType,
): Promise<number> => {
  const rows = keyRowsSql(r, list, linkType)
  const shared = r.keys.map((k) => `l.${k} = r.${k}`).join(' AND ')
  return db.scalar(`SELECT count(*) FROM (SELECT DISTINCT l.rid, r.rid FROM ${rows} l JOIN ${rows} r
    ON ${shared} AND l.rid < r.rid ${pairScopeSql(linkType)})`)
}

/** Records above which rules of the data are first counted on a hashed sample of about this many. */
const ESTIMATE_SAMPLE = 100_000

/**
 * Each rule's pairs: counted exactly for up to ESTIMATE_SAMPLE records, else on a hashed sample of them scaled by
 * the inverse square of its share (each pair is in the sample with that squared share), so that forty rules cost
 * forty scans of a hundred thousand records, not of a million.
 */
const sampledEstimates = async (
  db: Database,
  rules: readonly BlockingRule[],
  columns: readonly string[],
  options: BlockingPlanOptions,
): Promise<{ rule: BlockingRule; estimated: number; sampled: boolean }[]> => {
  const estimates: { rule: BlockingRule; estimated: number; sampled: boolean }[] = []
  if (options.records <= ESTIMATE_SAMPLE || rules.length === 0) {
    for (const rule of rules)
      estimates.push({ rule, estimated: await estimateRulePairs(db, rule, options.linkType), sampled: false })
    return estimates
  }
  const perMillion = Math.ceil((ESTIMATE_SAMPLE / options.records) * 1_000_000)
  await db.run(`CREATE OR REPLACE TEMP TABLE blocking_sample AS SELECT ${['rid', 'source', ...columns].join(', ')}
    FROM records WHERE hash(rid, 'blocking') % 1000000 < ${perMillion}`)
  const share = (await db.scalar('SELECT count(*) FROM blocking_sample')) / options.records
  for (const rule of rules) {
    // A rule with a block limit is counted on every record: a sample's blocks are smaller, so more of them pass the
    // limit, and its pairs grow with the records rather than their square.
    if (limitsBlocks(rule)) {
      estimates.push({ rule, estimated: await estimateRulePairs(db, rule, options.linkType), sampled: false })
      continue
    }
    const inSample = await estimateRulePairs(db, rule, options.linkType, 'blocking_sample')
    estimates.push({ rule, estimated: inSample / (share * share), sampled: true })
  }
  await db.run('DROP TABLE blocking_sample')
  return estimates
}

/**
 * No rule fits the budget: the rule proposing fewest pairs within the per-rule limit, or else every well-filled
 * column together. Refused only when even that would make more pairs than the limit.
 */
const lastResort = async (
  db: Database,
  estimated: readonly { rule: BlockingRule; estimated: number }[],
  stats: ReadonlyMap<string, ColumnStats>,
  budget: number,
  options: BlockingPlanOptions,
): Promise<{ rule: BlockingRule; estimated: number; why: string }> => {
  const fits = [...estimated]
    .filter((e) => e.estimated > 0 && e.estimated <= options.maxPairsPerRule)
    .sort((a, b) => a.estimated - b.estimated)[0]
  const because = `no blocking rule fits these records within ${count(budget)} candidate pairs`
  if (fits)
    return {
      ...fits,
      why: `${because}; blocking on ${fits.rule.name} (${count(fits.estimated)} pairs), the most selective rule their well-filled columns give`,
    }
  const keys = lastResortKeys(stats, options.records)
  const rule = keys.length === 0 ? ALL_PAIRS : { name: keys.join(' + '), keys, allBlocks: true }
  const pairs = await estimateRulePairs(db, rule, options.linkType)
  if (pairs > options.maxPairsPerRule)
    throw new JustIdError(
      'blocking_too_large',
      `${because}: even ${keys.length === 0 ? 'every pair' : `all of ${keys.join(', ')} together`} would make ` +
        `${count(pairs)} candidate pairs (limit ${count(options.maxPairsPerRule)}); give a column that tells people ` +
        'apart (a birth date, a postcode, an identifier), blocking rules in the settings, or a higher maxPairsPerRule',
    )
  return {
    rule,
    estimated: pairs,
    why: `${because}; blocking on ${rule.name} (${count(pairs)} pairs): ${keys.length === 0 ? 'no column has data' : 'every well-filled column together, the most selective key they have'}`,
  }
}

/**
 * For each rule, the pairs at or above the match probability that no other rule proposes: the matches a rule alone
 * contributes, from each rule's keys evaluated again on the matched pairs of `scored`.
 */
export const matchesAloneByRule = async (
  db: Database,
  rules: readonly BlockingRule[],
  minProbability: number,
): Promise<number[]> => {
  const alone = rules.map(() => 0)
  if (rules.length === 0) return alone
  const proposed = rules.map((r, i) => `coalesce(${keysMatch(r)}, false) AS m${i}`)
  const rows = await db.rows(`SELECT ${proposed.join(', ')}, count(*) AS n FROM scored s
    JOIN records l ON l.rid = s.rid_l JOIN records r ON r.rid = s.rid_r
    WHERE s.match_probability >= ${minProbability} GROUP BY ALL`)
  for (const row of rows) {
    const by = rules.map((_, i) => row[`m${i}`] === true)
    if (by.filter(Boolean).length === 1) alone[by.indexOf(true)]! += Number(row.n)
  }
  return alone
}
