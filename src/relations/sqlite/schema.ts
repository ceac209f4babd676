import type { Database } from 'better-sqlite3';
import { EXTRACTION_VERSION } from '../relation-extraction.js';

/**
 * The relations tables, in their own file (`relations.db`). SCHEMA_VERSION is what is extracted
 * (EXTRACTION_VERSION); bump that too when these tables change: an index written by another version is
 * emptied and rebuilt from the store.
 *
 *   rel_record  every record the index knows: kind, status (published | removed) and titles
 *   rel_end     the IRIs a record answers for: its resource, and its parts (model elements, properties)
 *   rel_edge    one stated link, in its relation type's outgoing direction, with the record that stated it
 *   rel_pending records whose relations another record's change altered, until the search index settles them
 */
export const SCHEMA_VERSION = String(EXTRACTION_VERSION);

/**
 * The indexes besides the tables' keys. A rebuild into empty tables drops them and creates them again
 * at the end (one sort each), which costs far less than keeping them up to date row by row.
 */
export const SECONDARY_INDEXES: readonly { readonly name: string; readonly create: string }[] = [
  { name: 'rel_end_record', create: 'CREATE INDEX IF NOT EXISTS rel_end_record ON rel_end (record_id)' },
  { name: 'rel_edge_from', create: 'CREATE INDEX IF NOT EXISTS rel_edge_from ON rel_edge (from_iri, type)' },
  { name: 'rel_edge_to', create: 'CREATE INDEX IF NOT EXISTS rel_edge_to ON rel_edge (to_iri, type)' },
  { name: 'rel_edge_owner', create: 'CREATE INDEX IF NOT EXISTS rel_edge_owner ON rel_edge (owner)' },
];

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS rel_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rel_record (
  id TEXT PRIMARY KEY,
  iri TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  titles TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_end (
  iri TEXT NOT NULL,
  record_id TEXT NOT NULL,
  part INTEGER NOT NULL,
  titles TEXT NOT NULL,
  PRIMARY KEY (iri, record_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rel_edge (
  owner TEXT NOT NULL,
  from_iri TEXT NOT NULL,
  type TEXT NOT NULL,
  to_iri TEXT NOT NULL,
  role TEXT NOT NULL
);
${SECONDARY_INDEXES.map((i) => `${i.create};`).join('\n')}
CREATE TABLE IF NOT EXISTS rel_pending (seq INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL UNIQUE);
`;

const DROP_SQL = `
DROP TABLE IF EXISTS rel_pending;
DROP TABLE IF EXISTS rel_edge;
DROP TABLE IF EXISTS rel_end;
DROP TABLE IF EXISTS rel_record;
DROP TABLE IF EXISTS rel_meta;
`;

/**
 * Creates the tables. Returns true when the index must be rebuilt from the store: the file is new (its
 * projection cursor in the store may be ahead of it) or held another version's index, which is dropped.
 */
export function ensureSchema(db: Database): boolean {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rel_meta'").get() !== undefined;
  const found = hasMeta ? (db.prepare("SELECT value FROM rel_meta WHERE key = 'version'").pluck().get() as string | undefined) : undefined;
  const outdated = hasMeta && found !== SCHEMA_VERSION;
  if (outdated) db.exec(DROP_SQL);
  db.exec(SCHEMA_SQL);
  db.prepare("INSERT OR REPLACE INTO rel_meta (key, value) VALUES ('version', ?)").run(SCHEMA_VERSION);
  return outdated || !hasMeta;
}
