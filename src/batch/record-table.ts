import { ONE_EDIT_KEYS } from '../blocking/plan.ts'
import { columnOfField } from '../core/column-names.ts'
import type { StandardisedRecord } from '../core/standardised.ts'
import { ATTRIBUTE_PREFIX, attrColumn, otherIdColumn } from '../model/conditions.ts'
import type { Database } from './database.ts'

/**
 * The layout of the `records` table that blocking, training and scoring read: one row per standardised record,
 * one column per field of StandardisedRecord (snake_case), lists as VARCHAR[], other identifiers as other_<name>,
 * attributes as attr_<key>.
 */
export type ScalarField = {
  [K in keyof StandardisedRecord]: StandardisedRecord[K] extends string | null ? K : never
}[keyof StandardisedRecord]
export type ListField = {
  [K in keyof StandardisedRecord]: StandardisedRecord[K] extends string[] ? K : never
}[keyof StandardisedRecord]

export const SCALAR_FIELDS: readonly ScalarField[] = [
  'forename',
  'middleNames',
  'surname',
  'forenameMetaphone',
  'surnameMetaphone',
  'forenameGroup',
  'surnameGroup',
  'suffix',
  'dateOfBirth',
  'birthYear',
  'birthMonthDay',
  'sex',
  'postcode',
  'postcodeArea',
  'postcodeDistrict',
  'postcodeSector',
  'town',
  'pnc',
  'cro',
  'prisonNumber',
  'crn',
  'nino',
  'email',
  'phone',
]

export const LIST_FIELDS: readonly ListField[] = [
  'surnameParts',
  'nameTokens',
  'aliasNames',
  'addressTokens',
  'forenameOtherGroups',
]

/** A name as written and with each one of its letters dropped. */
const oneLetterDroppedSql = (name: string): string =>
  `list_concat([${name}], [substr(${name}, 1, i - 1) || substr(${name}, i + 1) FOR i IN range(1, length(${name}) + 1)])`

/** A name as written and with each one of its letters dropped, each followed by a space and the other name's first. */
const oneEditSql = (name: string, other: string): string =>
  `[d || ' ' || substr(${other}, 1, 1) FOR d IN ${oneLetterDroppedSql(name)}]`

/** The list, or an empty list for a missing name. */
const ifPresentSql = (name: string, list: string): string =>
  `CASE WHEN ${name} IS NULL OR ${name} = '' THEN []::VARCHAR[] ELSE ${list} END`

/** What an email's local part says beyond the record's own names, "-" when nothing (email_extra, for a present email). */
const EMAIL_EXTRA_SQL =
  "regexp_replace(regexp_replace(list_reduce(list_prepend(split_part(email, '@', 1), name_tokens), (acc, t) -> replace(acc, t, '')), '[^a-z0-9]', '', 'g'), '^[a-z]?$', '-')"
/** The whole name written as one word: forename, middle names and surname without spaces. */
const WHOLE_NAME_SQL = "replace(concat_ws('', forename, middle_names, surname), ' ', '')"

/** Columns computed in SQL from the fields, for blocking keys. */
export const DERIVED_COLUMNS: Record<string, string> = {
  // The year of the date, or of a year given without a whole date.
  dob_year: 'birth_year',
  // The day and month of the date, or of a day and month given without a year.
  dob_month_day: 'coalesce(substr(date_of_birth, 6, 5), birth_month_day)',
  forename_initial: 'substr(forename, 1, 1)',
  surname_initial: 'substr(surname, 1, 1)',
  // The same key for "john smith" and "smith john", so forename/surname swaps meet in one block.
  name_pair_key:
    "CASE WHEN forename < surname THEN forename || ' ' || surname ELSE surname || ' ' || forename END",
  // The first three letters of both names, their last three, and both names' sounds, in either order: a typo in
  // each name keeps one of the three keys whole where it breaks name_pair_key, whichever order the names are in.
  name_pair_prefix:
    "CASE WHEN substr(forename, 1, 3) < substr(surname, 1, 3) THEN substr(forename, 1, 3) || ' ' || substr(surname, 1, 3) ELSE substr(surname, 1, 3) || ' ' || substr(forename, 1, 3) END",
  name_pair_suffix:
    "CASE WHEN right(forename, 3) < right(surname, 3) THEN right(forename, 3) || ' ' || right(surname, 3) ELSE right(surname, 3) || ' ' || right(forename, 3) END",
  name_pair_sound:
    "CASE WHEN forename_metaphone < surname_metaphone THEN forename_metaphone || ' ' || surname_metaphone ELSE surname_metaphone || ' ' || forename_metaphone END",
  // Forename and middle names as written together: a hyphenated given name ("Ji-ho") is forename "ji" and middle
  // name "ho", but one word of a surname field ("JI-HO, Wang" recorded family name first).
  given_names:
    "CASE WHEN middle_names IS NULL OR middle_names = '' THEN forename ELSE forename || ' ' || middle_names END",
  // The whole name written as one word, in the order forename, middle names, surname, with both names present: the
  // same for a given name written as one word or two ("Xiao Ming Wang", "Xiaoming Wang"; "Ji-ho", "Jiho").
  name_joined: `CASE WHEN forename IS NULL OR surname IS NULL OR forename = '' OR surname = '' THEN NULL
    ELSE ${WHOLE_NAME_SQL} END`,
  // The same with the surname first (a list of one, for inTokens): one record's name written family name first is the
  // other's name_joined ("XIAOMING, Wang" and "Wang Xiao Ming" beside "Xiao Ming Wang").
  name_joined_family_first: `CASE WHEN forename IS NULL OR surname IS NULL OR forename = '' OR surname = '' THEN []::VARCHAR[]
    ELSE [replace(concat_ws('', surname, forename, middle_names), ' ', '')] END`,
  // Every word a record's names and aliases hold: "Mick Goh", alias "Lei Ng", meets "LEI, Ng" and "Lei Ng".
  known_names: 'list_distinct(list_concat(name_tokens, alias_names))',
  // Each name as written and with any one letter dropped, then the other name's first letter: two spellings one
  // typo apart (a letter wrong, missing, added, or two swapped) share a value, so heavily mistyped records with no
  // birth date or address in common meet when each name has at most one typo and one name's first letter is right,
  // whichever order the names are in ("emeka tetteh" and "emseka teteth", "javed parmar" and "parmar javd").
  name_one_edit: `CASE WHEN forename IS NULL OR surname IS NULL OR forename = '' OR surname = '' THEN []::VARCHAR[]
    ELSE list_distinct(list_concat(${oneEditSql('forename', 'surname')}, ${oneEditSql('surname', 'forename')})) END`,
  // The forename and the surname, each as written and with any one letter dropped: one name one typo away, where the
  // other is missing (a record holding one name), changed (a married name) or mistyped beyond one letter; it narrows
  // to a person only beside a place, an attribute or a part of the birth date, as known_names does.
  name_word_one_edit: `list_distinct(list_concat(${ifPresentSql('forename', oneLetterDroppedSql('forename'))}, ${ifPresentSql('surname', oneLetterDroppedSql('surname'))}))`,
  // An email's part before the @: one person at another provider ("ann.lee@x.com", "ann.lee@y.net").
  email_local: "CASE WHEN email IS NULL THEN NULL ELSE split_part(email, '@', 1) END",
  // What an email's local part says beyond the record's own names ("87" of "claire.wadley87"), "-" when nothing
  // does ("jwood", "smith.ann": the name and perhaps an initial): such a local part repeats the names' evidence.
  email_extra: `CASE WHEN email IS NULL THEN NULL ELSE ${EMAIL_EXTRA_SQL} END`,
  // A local part that is only the names, as a key of the names it spells whatever their order, separators and the
  // forename written whole or as its initial ("soniajames", "james.s" and "sjames" alike; "hall.darren" and
  // "darren_ball" not): the sorted letters, the forename by its initial. Missing for any other local part.
  email_names: `CASE WHEN email IS NULL OR ${EMAIL_EXTRA_SQL} <> '-' THEN NULL ELSE array_to_string(list_sort(string_split(regexp_replace(CASE WHEN forename IS NULL OR forename = '' THEN split_part(email, '@', 1) ELSE replace(split_part(email, '@', 1), forename, substr(forename, 1, 1)) END, '[^a-z]', '', 'g'), '')), '') END`,
  // The digits of an email's local part, "-" when none: "jason33" and "jason42" are two people's addresses.
  email_digits:
    "CASE WHEN email IS NULL THEN NULL ELSE coalesce(nullif(regexp_replace(split_part(email, '@', 1), '[^0-9]', '', 'g'), ''), '-') END",
  // A phone number's last 8 digits: the same number written with or without a country or area code.
  phone_last8: 'CASE WHEN phone IS NULL THEN NULL ELSE right(phone, 8) END',
}

/**
 * The one-typo name keys: only rules of the data (and rules a user writes) use them, and computing them costs about
 * 20 µs a record on one thread (measured on 115,000 names), 20 s of a million-record run whose default rules fill the
 * pairs budget and never reach them. So the records table is loaded with them NULL (not computed) at any size, and
 * blocking computes them the first time a rule needs them (fillOneEditKeys).
 */
/** The derived columns' SQL for the records table: the one-typo keys NULL until a rule needs them. */
export const derivedColumnsSql = (): [string, string][] =>
  Object.entries(DERIVED_COLUMNS).map(([name, sql]) => [
    name,
    ONE_EDIT_KEYS.has(name) ? 'NULL::VARCHAR[]' : sql,
  ])

/**
 * Computes the one-typo keys among `keys` that the records table has, for the records whose keys are not computed yet
 * (NULL; an empty list is the computed key of a record without the names). Records added later (an incremental add)
 * get theirs on next use.
 */
export const fillOneEditKeys = async (db: Database, keys: Iterable<string>): Promise<void> => {
  const wanted = [...new Set(keys)].filter((k) => ONE_EDIT_KEYS.has(k))
  if (wanted.length === 0) return
  const columns = await recordColumns(db)
  for (const column of wanted.filter((c) => columns.has(c)))
    await db.run(`UPDATE records SET ${column} = ${DERIVED_COLUMNS[column]} WHERE ${column} IS NULL`)
}

/** List columns of the records table: the list fields and the derived lists. */
export const LIST_COLUMNS: ReadonlySet<string> = new Set([
  ...LIST_FIELDS.map(columnOfField),
  'known_names',
  'name_one_edit',
  'name_word_one_edit',
  'name_joined_family_first',
])

/** "Other identifier" and attribute columns in SQL: the model's rules, so the records table and the comparisons agree. */
export { attrColumn, otherIdColumn }

/** The attribute keys of a records table's columns (its attr_<key> columns). */
export const attributeKeysOf = (columns: Iterable<string>): string[] =>
  [...columns].filter((c) => c.startsWith(ATTRIBUTE_PREFIX)).map((c) => c.slice(ATTRIBUTE_PREFIX.length))

/** The columns of the `records` table. */
export const recordColumns = async (db: Database): Promise<Set<string>> => {
  const rows = await db.rows(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'records' ORDER BY ordinal_position",
  )
  return new Set(rows.map((r) => String(r.column_name)))
}

/** The columns that hold data in at least one record (non-null scalars, non-empty lists). */
export const populatedColumns = async (db: Database, columns: ReadonlySet<string>): Promise<Set<string>> => {
  const lists = LIST_COLUMNS
  const names = [...columns].filter((c) => c !== 'rid' && c !== 'source' && c !== 'record_id')
  const counts = names.map((c) => (lists.has(c) ? `count_if(len(${c}) > 0)` : `count(${c})`))
  const row = (
    await db.rows(`SELECT ${counts.map((expr, i) => `${expr} AS c${i}`).join(', ')} FROM records`)
  )[0]
  return new Set(names.filter((_, i) => Number(row?.[`c${i}`] ?? 0) > 0))
}

/**
 * SQL giving each row of the `records` table as a standardised record in JSON: DuckDB builds the text far faster
 * than rows can be turned into JavaScript objects column by column. Read it back with `recordFromJson`.
 */
export const recordJsonSql = (otherIds: readonly string[], attributes: readonly string[] = []): string => {
  const pairs = [
    "'source', source",
    "'recordId', record_id",
    ...[...SCALAR_FIELDS, ...LIST_FIELDS].map((f) => `'${f}', ${columnOfField(f)}`),
  ]
  const key = (name: string): string => `'${name.replaceAll("'", "''")}'`
  const others = otherIds.map((n) => `${key(n)}, ${otherIdColumn(n)}`).join(', ')
  const attrs = attributes.map((k) => `${key(k)}, ${attrColumn(k)}`).join(', ')
  return `json_object(${pairs.join(', ')}, 'otherIds', json_object(${others}), 'attributes', json_object(${attrs}))`
}

const dropNulls = (values: Record<string, string | null>): void => {
  for (const [name, value] of Object.entries(values)) if (value === null) delete values[name]
}

/** A record from `recordJsonSql`'s text: other identifiers and attributes the record does not have are left out. */
export const recordFromJson = (text: string): StandardisedRecord => {
  const record = JSON.parse(text) as StandardisedRecord & {
    otherIds: Record<string, string | null>
    attributes: Record<string, string | null>
  }
  dropNulls(record.otherIds)
  dropNulls(record.attributes)
  return record as StandardisedRecord
}

/**
 * A row of the `records` table (read with jsRows) back as a standardised record, for the in-memory scorer; its
 * attributes are the row's attr_<key> columns.
 */
export const recordFromRow = (
  row: Record<string, unknown>,
  otherIdNames: readonly string[],
): StandardisedRecord => {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
  const record: Record<string, unknown> = { source: String(row.source), recordId: String(row.record_id) }
  for (const f of SCALAR_FIELDS) record[f] = text(row[columnOfField(f)])
  for (const f of LIST_FIELDS)
    record[f] = Array.isArray(row[columnOfField(f)]) ? (row[columnOfField(f)] as unknown[]).map(String) : []
  const otherIds: Record<string, string> = {}
  for (const name of otherIdNames) {
    const v = text(row[otherIdColumn(name)])
    if (v !== null) otherIds[name] = v
  }
  record.otherIds = otherIds
  const attributes: Record<string, string> = {}
  for (const key of attributeKeysOf(Object.keys(row))) {
    const v = text(row[attrColumn(key)])
    if (v !== null) attributes[key] = v
  }
  record.attributes = attributes
  return record as unknown as StandardisedRecord
}
