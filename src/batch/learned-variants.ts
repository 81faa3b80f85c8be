import type { LearnedVariants } from '../model/learned-variants.ts'
import { chooseVariants } from '../model/learned-variants.ts'
import type { Database } from './database.ts'
import { sqlString } from './database.ts'

export interface ConfirmedRecord {
  source: string
  recordId: string
}

/** Validated person identifiers: two records sharing one are one person (the check characters make typos rare). */
const PERSON_IDENTIFIERS = ['pnc', 'cro', 'nino']
/** The name columns variants are learned for. */
const NAME_COLUMNS = ['forename', 'surname']
/** Names this alike are typos or spellings the fuzzy levels already weigh, not variants to learn. */
const ALREADY_ALIKE = 0.88

/**
 * Name variants learned from the records that share a validated identifier or that reviewers decided are one person
 * (see src/model/learned-variants.ts), for
 * each name column the records have. Pairs are found by a join per identifier, so the work grows with the records a
 * person has, not with the candidate pairs.
 */
export const learnNameVariants = async (
  db: Database,
  available: ReadonlySet<string>,
  /** Pairs of records reviewers decided are the same person, by source and record id. */
  confirmed: readonly (readonly [ConfirmedRecord, ConfirmedRecord])[] = [],
): Promise<LearnedVariants[]> => {
  const identifiers = PERSON_IDENTIFIERS.filter((c) => available.has(c))
  if (identifiers.length === 0 && confirmed.length === 0) return []
  await db.run(
    'CREATE OR REPLACE TEMP TABLE confirmed_pairs (n INTEGER, source_l VARCHAR, id_l VARCHAR, source_r VARCHAR, id_r VARCHAR)',
  )
  for (let start = 0; start < confirmed.length; start += 1000) {
    const values = confirmed
      .slice(start, start + 1000)
      .map(
        ([l, r], i) =>
          `(${start + i}, ${[l.source, l.recordId, r.source, r.recordId].map(sqlString).join(', ')})`,
      )
    await db.run(`INSERT INTO confirmed_pairs VALUES ${values.join(', ')}`)
  }
  const out: LearnedVariants[] = []
  for (const column of NAME_COLUMNS.filter((c) => available.has(c))) {
    const group = column === 'forename' ? 'forename_group' : 'surname_group'
    const other = column === 'forename' ? 'surname' : 'forename'
    // Names of one hand-written group, or one record's forename the other's surname (a swap, which the swap levels
    // weigh), are not variants to learn.
    const differ = [
      `l.${column} <> r.${column} AND length(l.${column}) > 1 AND length(r.${column}) > 1`,
      ...(available.has(group) ? [`l.${group} IS DISTINCT FROM r.${group}`] : []),
      ...(available.has(other)
        ? [`NOT coalesce(l.${column} = r.${other} OR r.${column} = l.${other}, false)`]
        : []),
    ].join(' AND ')
    const linked = identifiers
      .map(
        (id) => `SELECT '${id}:' || l.${id} AS person, l.${column} AS x, r.${column} AS y
          FROM records l JOIN records r ON l.${id} = r.${id} AND l.rid < r.rid
          WHERE ${differ}`,
      )
      .concat(
        // A reviewer's "same person" is a person of its own, as one identifier value is.
        `SELECT 'review:' || c.n AS person, l.${column} AS x, r.${column} AS y FROM confirmed_pairs c
          JOIN records l ON l.source = c.source_l AND l.record_id = c.id_l
          JOIN records r ON r.source = c.source_r AND r.record_id = c.id_r
          WHERE ${differ}`,
      )
      .join('\nUNION ALL\n')
    await db.run(`CREATE OR REPLACE TEMP TABLE linked_names AS
      SELECT DISTINCT person, least(x, y) AS a, greatest(x, y) AS b FROM (${linked})
      WHERE jaro_winkler_similarity(x, y) < ${ALREADY_ALIKE}`)
    const differing = await db.scalar('SELECT count(*) FROM linked_names')
    if (differing === 0) continue
    const observed = await db.rows(
      'SELECT a, b, count(DISTINCT person) AS persons FROM linked_names GROUP BY a, b HAVING count(DISTINCT person) > 1',
    )
    const names = [...new Set(observed.flatMap((o) => [String(o.a), String(o.b)]))]
    const shares = new Map<string, number>()
    if (names.length > 0) {
      const total = await db.scalar(`SELECT count(${column}) FROM records`)
      const rows = await db.rows(
        `SELECT ${column} AS name, count(*) AS n FROM records WHERE ${column} IN (${names
          .map(sqlString)
          .join(', ')}) GROUP BY ${column}`,
      )
      for (const row of rows) shares.set(String(row.name), Number(row.n) / total)
    }
    const variants = chooseVariants(
      observed.map((o) => ({ a: String(o.a), b: String(o.b), persons: Number(o.persons) })),
      (name) => shares.get(name) ?? 0,
      differing,
    )
    out.push({ column, variants })
  }
  await db.run('DROP TABLE IF EXISTS linked_names')
  await db.run('DROP TABLE IF EXISTS confirmed_pairs')
  return out
}

/**
 * A name's records that must give it as a forename before it counts as a given name: a typo repeated by chance in a
 * few records is not one.
 */
export const MIN_FORENAME_RECORDS = 5

/**
 * The given names of these records (src/model/learned-variants.ts, `withGivenNameSurnames`): words that at least
 * MIN_FORENAME_RECORDS records give as the forename and no more give as the surname. Learned from the records
 * themselves, so a patronymic is recognised in whatever names a population bears.
 */
export const learnGivenNames = async (db: Database, available: ReadonlySet<string>): Promise<string[]> => {
  if (!available.has('forename') || !available.has('surname')) return []
  const rows =
    await db.rows(`WITH f AS (SELECT forename AS w, count(*) AS n FROM records WHERE forename IS NOT NULL GROUP BY 1),
      s AS (SELECT surname AS w, count(*) AS n FROM records WHERE surname IS NOT NULL GROUP BY 1)
    SELECT f.w FROM f LEFT JOIN s ON s.w = f.w
    WHERE f.n >= ${MIN_FORENAME_RECORDS} AND f.n >= coalesce(s.n, 0) AND length(f.w) > 1 ORDER BY f.w`)
  return rows.map((r) => String(r.w))
}
