import {
  type ForenameSexCount,
  learnSexFromForename,
  MIN_PEOPLE,
  type SexFromForename,
} from '../model/sex-from-forename.ts'
import type { Database } from './database.ts'
import { sqlString } from './database.ts'

/**
 * For each forename seen with a sex on at least MIN_PEOPLE people, the people of each sex (src/model/sex-from-forename.ts).
 * A person is counted once per surname, so one person's many records are one vote; a record with no surname is
 * one of its own.
 */
export const countForenameSexes = async (db: Database): Promise<ForenameSexCount[]> => {
  const person = "coalesce(surname, '#' || rid::VARCHAR)"
  const rows = await db.rows(`SELECT forename,
      count(DISTINCT ${person}) FILTER (WHERE sex = 'm') AS male,
      count(DISTINCT ${person}) FILTER (WHERE sex = 'f') AS female
    FROM records WHERE sex IS NOT NULL AND length(forename) > 1
    GROUP BY forename HAVING count(DISTINCT ${person} || sex) >= ${MIN_PEOPLE}`)
  return rows.map((r) => ({ forename: String(r.forename), male: Number(r.male), female: Number(r.female) }))
}

/** What reading the sex from the forename did in a run: for the summary and the report. */
export interface SexFromForenameCounts {
  /** Forenames the table holds as one sex's. */
  forenames: number
  /** Records with no sex of their own given their forename's. */
  records: number
}

/**
 * Gives each record of the records table that has no sex the sex its forename says in `table`; the values as
 * entered are not touched (they are read from the sources for people to see). Returns what it did.
 */
export const applySexFromForename = async (
  db: Database,
  table: SexFromForename | undefined,
): Promise<SexFromForenameCounts> => {
  const forenames = table ? table.male.length + table.female.length : 0
  if (!table || forenames === 0) return { forenames, records: 0 }
  await db.run('CREATE OR REPLACE TEMP TABLE forename_sex (forename VARCHAR PRIMARY KEY, sex VARCHAR)')
  const all = [
    ...table.male.map((n) => `(${sqlString(n)}, 'm')`),
    ...table.female.map((n) => `(${sqlString(n)}, 'f')`),
  ]
  for (let start = 0; start < all.length; start += 1000)
    await db.run(`INSERT INTO forename_sex VALUES ${all.slice(start, start + 1000).join(', ')}`)
  const records = await db.scalar(
    'SELECT count(*) FROM records r JOIN forename_sex f USING (forename) WHERE r.sex IS NULL',
  )
  if (records > 0)
    await db.run(
      'UPDATE records SET sex = f.sex FROM forename_sex f WHERE records.sex IS NULL AND records.forename = f.forename',
    )
  await db.run('DROP TABLE forename_sex')
  return { forenames, records }
}

/** Learns the table from the records that give a sex (none when no record does), then applies it. */
export const learnAndApplySexFromForename = async (
  db: Database,
): Promise<{ table: SexFromForename; counts: SexFromForenameCounts }> => {
  const table = learnSexFromForename(await countForenameSexes(db))
  return { table, counts: await applySexFromForename(db, table) }
}
