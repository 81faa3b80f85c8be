import { JustIdError } from '../core/errors.ts'
import type { Database } from './database.ts'
import { LIST_COLUMNS } from './record-table.ts'

/**
 * A blocking rule proposes as candidate pairs the records that agree exactly on all of its keys (columns of the
 * records table, including derived ones such as dob_year). A list column as a key (name_tokens) agrees when the
 * two lists share a value. Rules are unioned: a pair proposed by an earlier rule is not proposed again by a later
 * one, so no pair is scored twice.
 */
export interface BlockingRule {
  name: string
  keys: string[]
}

export interface BlockingRuleCount {
  rule: string
  /** Pairs the rule proposes on its own, before pairs of earlier rules are taken out. */
  estimated: number
  /** Pairs it adds to the union. */
  pairs: number
}

const rule = (...keys: string[]): BlockingRule => ({ name: keys.join(' + '), keys })

/** The out-of-the-box rules, kept only where every key column has data. Identifiers first: they are cheapest. */
export const defaultBlockingRules = (
  available: ReadonlySet<string>,
  otherIdColumns: readonly string[],
): BlockingRule[] =>
  [
    rule('pnc'),
    rule('cro'),
    rule('nino'),
    rule('prison_number'),
    ...otherIdColumns.map((c) => rule(c)),
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
  ].filter((r) => r.keys.every((k) => available.has(k)))

// A list column as a key: each of its values is a key of its own.
const listKeyOf = (r: BlockingRule): string | undefined => r.keys.find((k) => LIST_COLUMNS.has(k))

const keysMatch = (r: BlockingRule): string =>
  r.keys.map((k) => (LIST_COLUMNS.has(k) ? `list_has_any(l.${k}, r.${k})` : `l.${k} = r.${k}`)).join(' AND ')

/** The rows a rule joins: a record per key, or a record per value of its list key (none for an empty list). */
const keyRowsSql = (r: BlockingRule, list: string | undefined): string =>
  list === undefined
    ? 'records'
    : `(SELECT rid, ${r.keys.map((k) => (k === list ? `unnest(${k}) AS ${k}` : k)).join(', ')} FROM records)`

/**
 * SQL for the pairs a rule adds to the union: l.rid < r.rid covers both linking and de-duplicating. With
 * `newFromRid`, only pairs with a record numbered at or above it: an incremental add scores its new records against
 * everything, never the old pairs again.
 */
export const blockingRuleSql = (
  r: BlockingRule,
  index: number,
  earlier: readonly BlockingRule[],
  newFromRid?: number,
): string => {
  const exclusions = earlier.map((e) => `AND NOT coalesce(${keysMatch(e)}, false)`).join(' ')
  const onlyNew = newFromRid === undefined ? '' : `AND r.rid >= ${newFromRid}`
  const list = listKeyOf(r)
  if (list === undefined)
    return `SELECT l.rid AS rid_l, r.rid AS rid_r, ${index}::INTEGER AS rule
    FROM records l JOIN records r ON ${keysMatch(r)} AND l.rid < r.rid ${onlyNew} ${exclusions}`
  // Records sharing two values of the list meet twice in the join: pairs are made distinct before the exclusions.
  const rows = keyRowsSql(r, list)
  const shared = r.keys.map((k) => `l.${k} = r.${k}`).join(' AND ')
  return `SELECT p.rid_l, p.rid_r, ${index}::INTEGER AS rule FROM (
      SELECT DISTINCT l.rid AS rid_l, r.rid AS rid_r FROM ${rows} l JOIN ${rows} r
      ON ${shared} AND l.rid < r.rid ${onlyNew}) p
    JOIN records l ON l.rid = p.rid_l JOIN records r ON r.rid = p.rid_r WHERE true ${exclusions}`
}

/** Pairs a rule proposes on its own; for a list key, pairs sharing several values count once per value. */
export const estimateRulePairs = (db: Database, r: BlockingRule): Promise<number> =>
  db.scalar(`SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (
    SELECT count(*)::DOUBLE AS n FROM ${keyRowsSql(r, listKeyOf(r))}
    WHERE ${r.keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}
    GROUP BY ${r.keys.join(', ')})`)

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
}

/** Counts each rule's pairs before running it, refuses rules that would explode, then builds `candidates`. */
export const buildCandidatePairs = async (
  db: Database,
  rules: readonly BlockingRule[],
  options: CandidatePairsOptions,
): Promise<{ rules: BlockingRule[]; counts: BlockingRuleCount[] }> => {
  const kept: BlockingRule[] = []
  const estimates: number[] = []
  for (const r of rules) {
    const estimated = await estimateRulePairs(db, r)
    if (estimated > options.maxPairsPerRule) {
      const message =
        `blocking rule "${r.name}" would make ${Math.round(estimated).toLocaleString('en-GB')} candidate pairs ` +
        `(limit ${options.maxPairsPerRule.toLocaleString('en-GB')}): add a key to narrow it, or raise maxPairsPerRule`
      if (options.userRules) throw new JustIdError('blocking_too_large', message)
      options.onWarning?.(`${message}; skipped`)
      continue
    }
    kept.push(r)
    estimates.push(estimated)
  }
  if (kept.length === 0)
    throw new JustIdError('invalid_settings', 'no blocking rule can be used on these records')
  const union = kept
    .map((r, i) => blockingRuleSql(r, i, kept.slice(0, i), options.newFromRid))
    .join('\nUNION ALL\n')
  await db.run(`CREATE OR REPLACE TABLE candidates AS ${union}`)
  const perRule = await db.rows('SELECT rule, count(*) AS n FROM candidates GROUP BY rule')
  const added = new Map(perRule.map((row) => [Number(row.rule), Number(row.n)]))
  return {
    rules: kept,
    counts: kept.map((r, i) => ({
      rule: r.name,
      estimated: Math.round(estimates[i] ?? 0),
      pairs: added.get(i) ?? 0,
    })),
  }
}
