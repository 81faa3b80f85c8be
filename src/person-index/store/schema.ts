import { JustIdError } from '../../core/errors.ts'
import type { SqlClient, SqlSession, TableColumn, TableSpec } from './sql-client.ts'

/** The schema this code writes and reads. A store written by newer code is refused rather than misread. */
export const SCHEMA_VERSION = 1

const text = (name: string): TableColumn => ({ name, type: 'text' })
const bigint = (name: string): TableColumn => ({ name, type: 'bigint' })
const double = (name: string): TableColumn => ({ name, type: 'double' })
const boolean = (name: string): TableColumn => ({ name, type: 'boolean' })

/** Every table, columns in table order (the bulk writer relies on it). */
export const tables = {
  meta: {
    name: 'index_meta',
    columns: [
      text('model_json'),
      text('thresholds_json'),
      text('created_at'),
      text('updated_at'),
      bigint('schema_version'),
    ],
    key: [],
  },
  records: {
    name: 'index_records',
    columns: [
      text('record_key'),
      text('source'),
      text('record_id'),
      text('justice_id'),
      text('record_json'),
      text('updated_at'),
      // Last: an index made before it gains it at the end of the table (ensureSchema), where bulk writes expect it.
      text('entered_json'),
    ],
    key: ['record_key'],
  },
  persons: {
    name: 'persons',
    columns: [
      text('justice_id'),
      text('status'),
      text('merged_into'),
      boolean('needs_attention'),
      text('attention_reason'),
      text('created_at'),
      text('updated_at'),
    ],
    key: ['justice_id'],
  },
  events: {
    name: 'person_events',
    columns: [
      bigint('seq'),
      text('justice_id'),
      text('kind'),
      text('record_key'),
      text('other_justice_id'),
      text('reason'),
      text('at'),
      text('batch_id'),
    ],
    key: ['seq'],
  },
  edges: {
    name: 'index_edges',
    columns: [text('left_key'), text('right_key'), double('weight'), text('guard')],
    key: ['left_key', 'right_key'],
  },
  termFrequencies: {
    name: 'term_frequencies',
    columns: [text('column_name'), text('value'), double('tf')],
    key: ['column_name', 'value'],
  },
  batches: {
    name: 'batches',
    columns: [text('batch_id'), text('kind'), text('at'), bigint('records'), bigint('events')],
    key: [],
  },
  clients: {
    name: 'api_clients',
    columns: [
      text('client_id'),
      text('name'),
      text('scopes_json'),
      bigint('rate_limit_per_minute'),
      text('secret_hash'),
      text('created_at'),
      boolean('disabled'),
    ],
    key: ['client_id'],
  },
  audit: {
    name: 'audit_log',
    columns: [
      bigint('seq'),
      text('at'),
      text('actor'),
      text('action'),
      text('justice_ids_json'),
      text('purpose'),
      text('outcome'),
      text('prev_hash'),
      text('hash'),
    ],
    key: ['seq'],
  },
  staffUsers: {
    name: 'staff_users',
    columns: [
      text('username'),
      text('display_name'),
      text('role'),
      text('password_hash'),
      text('created_at'),
      boolean('disabled'),
    ],
    key: ['username'],
  },
  signIns: {
    name: 'sign_in_state',
    columns: [text('username'), bigint('failures'), text('locked_until')],
    key: ['username'],
  },
  decisions: {
    name: 'review_decisions',
    columns: [
      text('decision_id'),
      text('left_key'),
      text('right_key'),
      text('outcome'),
      text('reviewer'),
      text('reason'),
      text('at'),
      double('match_weight'),
    ],
    key: ['decision_id'],
  },
  justiceEvents: {
    name: 'justice_events',
    columns: [
      text('source'),
      text('record_id'),
      text('record_key'),
      text('event_type'),
      text('start_date'),
      text('end_date'),
      text('detail'),
    ],
    key: ['record_key', 'event_type', 'start_date'],
  },
  /** Records removed from the index with the Justice ID they had, so one that comes back can be given it again. */
  removedRecords: {
    name: 'removed_records',
    columns: [text('record_key'), text('justice_id'), text('removed_at')],
    key: ['record_key'],
  },
} satisfies Record<string, TableSpec>

const sqlType = (column: TableColumn, dialect: SqlClient['dialect']): string => {
  switch (column.type) {
    // Byte order on PostgreSQL, as DuckDB sorts, so "key order" is one order whichever store holds the index.
    case 'text':
      return dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT'
    case 'bigint':
      return 'BIGINT'
    case 'double':
      return 'DOUBLE PRECISION'
    case 'boolean':
      return 'BOOLEAN'
  }
}

const createTable = (table: TableSpec, dialect: SqlClient['dialect']): string => {
  // Quoted: `at` is a keyword in DuckDB.
  const columns = table.columns.map((c) => `"${c.name}" ${sqlType(c, dialect)}`)
  if (table.key.length > 0) columns.push(`PRIMARY KEY (${table.key.join(', ')})`)
  return `CREATE TABLE IF NOT EXISTS ${table.name} (${columns.join(', ')})`
}

/**
 * PostgreSQL only. On DuckDB a secondary (ART) index made an upsert of 100k records 40 times slower (14 s against
 * 0.36 s), and dropping and rebuilding one inside a batch's transaction left a file DuckDB 1.5 could not open again;
 * without them a person's rows take a scan (about 150 ms in a million records).
 */
const indexes = [
  'CREATE INDEX IF NOT EXISTS index_records_justice_id ON index_records (justice_id)',
  'CREATE INDEX IF NOT EXISTS person_events_justice_id ON person_events (justice_id)',
  'CREATE INDEX IF NOT EXISTS index_edges_right_key ON index_edges (right_key)',
  'CREATE INDEX IF NOT EXISTS justice_events_record_key ON justice_events (record_key)',
]

/** PostgreSQL only: history and audit are append-only, refused in the database itself, not just by this code. */
const appendOnly = [
  `CREATE OR REPLACE FUNCTION justid_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
  ...['audit_log', 'person_events'].flatMap((table) => [
    `CREATE OR REPLACE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
     FOR EACH ROW EXECUTE FUNCTION justid_refuse_change()`,
    `CREATE OR REPLACE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
     FOR EACH STATEMENT EXECUTE FUNCTION justid_refuse_change()`,
  ]),
]

const hasTable = async (client: SqlClient, name: string): Promise<boolean> => {
  const rows = await client.query(
    `SELECT count(*) AS n FROM information_schema.tables
     WHERE table_name = $1 AND table_schema = current_schema()`,
    [name],
  )
  return Number(rows[0]?.n) > 0
}

const hasColumn = async (client: SqlClient, table: string, column: string): Promise<boolean> => {
  const rows = await client.query(
    `SELECT count(*) AS n FROM information_schema.columns
     WHERE table_name = $1 AND column_name = $2 AND table_schema = current_schema()`,
    [table, column],
  )
  return Number(rows[0]?.n) > 0
}

const hasSchema = (client: SqlClient): Promise<boolean> => hasTable(client, 'index_meta')

const createSchema = async (tx: SqlSession, dialect: SqlClient['dialect']): Promise<void> => {
  // Two processes opening a new PostgreSQL index at once must not both create it.
  if (dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtext('justid_schema'))`)
  for (const table of Object.values(tables)) await tx.query(createTable(table, dialect))
  if (dialect === 'postgres') for (const sql of [...indexes, ...appendOnly]) await tx.query(sql)
  const existing = await tx.query('SELECT count(*) AS n FROM index_meta')
  if (Number(existing[0]?.n) === 0) {
    await tx.query('INSERT INTO index_meta (schema_version) VALUES ($1)', [SCHEMA_VERSION])
  }
}

/**
 * Checks the store's schema version, creating the schema when there is none and `create` allows it.
 * `location` is the masked location, for messages.
 */
export const ensureSchema = async (client: SqlClient, location: string, create: boolean): Promise<void> => {
  if (!(await hasSchema(client))) {
    if (!create) {
      throw new JustIdError('file_not_found', `there is no person index at ${location}: create one first`)
    }
    await client.transaction((tx) => createSchema(tx, client.dialect))
  }
  // Justice events, staff and decisions came after schema version 1: an older index gains the tables when opened.
  if (!(await hasTable(client, tables.justiceEvents.name))) {
    await client.query(createTable(tables.justiceEvents, client.dialect))
    if (client.dialect === 'postgres') await client.query(indexes[indexes.length - 1]!)
  }
  for (const table of [tables.staffUsers, tables.decisions, tables.signIns, tables.removedRecords])
    if (!(await hasTable(client, table.name))) await client.query(createTable(table, client.dialect))
  // Records as their sources entered them came later still: an older index's records read as having none.
  const entered = tables.records.columns.find((c) => c.name === 'entered_json')!
  if (!(await hasColumn(client, tables.records.name, entered.name)))
    await client.query(
      `ALTER TABLE ${tables.records.name} ADD COLUMN IF NOT EXISTS "${entered.name}" ${sqlType(entered, client.dialect)}`,
    )
  const rows = await client.query('SELECT schema_version FROM index_meta')
  const version = Number(rows[0]?.schema_version)
  if (!Number.isFinite(version) || version > SCHEMA_VERSION) {
    throw new JustIdError(
      'file_unreadable',
      `the person index at ${location} has schema version ${rows[0]?.schema_version ?? 'unknown'}, newer than ` +
        `this JustID understands (${SCHEMA_VERSION}): upgrade JustID to open it`,
    )
  }
}
