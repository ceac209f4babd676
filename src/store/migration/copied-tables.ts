import { versionAddedSql } from '../first-version-text.js';

/**
 * The store's tables as `migrate --to` copies them from catalog.db (SQLite) to PostgreSQL: for each, the
 * PostgreSQL columns, how SQLite gives each one, and the key both sides are read in (the same order on
 * both: integers, or text compared byte by byte, which is SQLite's BINARY and PostgreSQL's "C").
 *
 * Not copied: `cursors` (the positions of the old node's own projections: the new nodes' projections
 * start from nothing and fill themselves from the store), `harvest_leases` and `node_leases` (held by
 * the processes of the old node, which do not run against PostgreSQL).
 */

/**
 * How a value is kept: text, a whole number, a boolean (SQLite 0/1), UTF-8 text kept as bytes in
 * PostgreSQL, bytes on both sides, or JSON text kept as jsonb in PostgreSQL (which orders keys its own way,
 * so it is compared as JSON with its keys sorted).
 */
export type ColumnType = 'text' | 'int' | 'bool' | 'utf8-bytes' | 'bytes' | 'jsonb';

export interface CopiedColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** The SQLite expression that gives it (default: the column of the same name). */
  readonly sqlite?: string;
}

export interface CopiedTable {
  readonly name: string;
  /** The primary key, in order; every key column is listed in `columns` too. */
  readonly key: readonly string[];
  readonly columns: readonly CopiedColumn[];
  /** PostgreSQL sequences to move past the highest value copied: column name and the SQLite table whose AUTOINCREMENT counter counts too. */
  readonly serial?: { readonly column: string; readonly sqliteSequence?: boolean };
}

const text = (name: string, sqlite?: string): CopiedColumn => ({ name, type: 'text', ...(sqlite !== undefined ? { sqlite } : {}) });
const int = (name: string, sqlite?: string): CopiedColumn => ({ name, type: 'int', ...(sqlite !== undefined ? { sqlite } : {}) });

/** In the order they are filled (a table after those it refers to); rows missing from SQLite are deleted in the reverse order. */
export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: 'sources', key: ['id'], columns: [text('id'), text('url'), text('kind'), text('publisher'), text('created_at'), text('data')] },
  { name: 'fetch_state', key: ['source_id', 'url'], columns: [text('source_id'), text('url'), text('data')] },
  {
    name: 'runs',
    key: ['id'],
    // n orders runs started at the same instant: SQLite's rowid is that insertion order. A run left
    // running belongs to a process that never held a PostgreSQL liveness lock (key 0): the first node
    // to start marks it interrupted, as a restart does.
    columns: [
      text('id'),
      int('n', 'rowid'),
      text('source_id'),
      text('started_at'),
      text('ended_at'),
      text('state'),
      text('error'),
      text('node', "host || '/' || pid"),
      int('node_key', '0'),
      text('data'),
    ],
    serial: { column: 'n' },
  },
  {
    name: 'records',
    key: ['rid'],
    columns: [int('rid'), text('id'), text('iri'), text('kind'), text('source_id'), text('catalog_id'), text('hash'), text('status'), text('issued'), text('modified'), text('removed_at')],
    serial: { column: 'rid' },
  },
  { name: 'record_bodies', key: ['rid'], columns: [int('rid'), { name: 'graph', type: 'utf8-bytes' }, text('validation')] },
  { name: 'artefacts', key: ['hash'], columns: [text('hash'), { name: 'body', type: 'bytes' }] },
  { name: 'record_artefacts', key: ['rid', 'name'], columns: [int('rid'), text('name'), text('hash'), text('media_type')] },
  { name: 'changes', key: ['seq'], columns: [int('seq'), text('record_id'), text('op')], serial: { column: 'seq', sqliteSequence: true } },
  {
    name: 'record_versions',
    key: ['seq'],
    columns: [
      int('seq'),
      text('record_id'),
      int('version'),
      text('op'),
      text('at'),
      text('run_id'),
      text('kind'),
      text('iri'),
      text('source_id'),
      // A first version may keep its graph in the record's body (first-version-text.ts): PostgreSQL's row keeps its own copy.
      { name: 'added', type: 'utf8-bytes', sqlite: versionAddedSql('record_versions') },
      { name: 'removed', type: 'utf8-bytes' },
      int('n_added'),
      int('n_removed'),
      { name: 'base', type: 'bool' },
      { name: 'snapshot', type: 'utf8-bytes' },
      int('churn'),
    ],
    serial: { column: 'seq', sqliteSequence: true },
  },
  { name: 'api_tokens', key: ['id'], columns: [text('id'), text('hash'), text('created_at'), { name: 'data', type: 'jsonb' }] },
  { name: 'audit_log', key: ['seq'], columns: [int('seq'), text('at'), text('data')], serial: { column: 'seq', sqliteSequence: true } },
  { name: 'organisations', key: ['organisation_number'], columns: [text('organisation_number'), text('fetched_at'), text('data')] },
  { name: 'url_checks', key: ['url'], columns: [text('url'), text('checked_at'), int('status'), text('media_type'), text('error')] },
];

/** Whether a key column holds text (compared byte by byte on both sides). */
export function isTextKey(table: CopiedTable, column: string): boolean {
  return table.columns.find((c) => c.name === column)?.type === 'text';
}
