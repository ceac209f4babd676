import type { Database } from 'better-sqlite3';
import { KINDS_SIGNATURE } from '../kinds/registry.js';

/**
 * The search tables, in the same SQLite file as the store (prefixed `search_`). Bump SCHEMA_VERSION
 * whenever the tables or the text analysis change: an index written by another version is emptied
 * and must be rebuilt from the store (`npx datakatalog reindex`). The kinds' signature (facets, their
 * order and kinds, mapper versions) is part of the version: adding a kind or a facet rebuilds the index.
 */
export const SCHEMA_VERSION = `7/${KINDS_SIGNATURE}`;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS search_doc (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  iri TEXT NOT NULL,
  kind TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  modified INTEGER,
  first_harvested INTEGER NOT NULL,
  sort_nb TEXT NOT NULL,
  sort_nn TEXT NOT NULL,
  sort_en TEXT NOT NULL,
  title_norm TEXT NOT NULL,
  fvs TEXT NOT NULL,
  validity TEXT,
  quality INTEGER,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_doc_iri ON search_doc (iri);
CREATE TABLE IF NOT EXISTS search_value (
  fv INTEGER PRIMARY KEY,
  facet INTEGER NOT NULL,
  key TEXT NOT NULL,
  label TEXT,
  UNIQUE (facet, key)
);
CREATE TABLE IF NOT EXISTS search_relation (
  doc INTEGER NOT NULL,
  iri TEXT NOT NULL,
  PRIMARY KEY (doc, iri)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_relation_iri ON search_relation (iri, doc);
CREATE TABLE IF NOT EXISTS search_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5 (
  title, kw, descr, extra, rev_title, rev,
  tokenize = 'ascii', content = '', contentless_delete = 1, detail = 'column'
);
CREATE TABLE IF NOT EXISTS search_posting (term TEXT PRIMARY KEY, postings BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS search_posting_delta (doc INTEGER PRIMARY KEY, postings BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab (main, search_fts, 'col');
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab_instance USING fts5vocab (main, search_fts, 'instance');
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab_row USING fts5vocab (main, search_fts, 'row');
`;

const DROP_SQL = `
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_posting;
DROP TABLE IF EXISTS search_posting_delta;
DROP TABLE IF EXISTS search_log;
DROP TABLE IF EXISTS search_relation;
DROP TABLE IF EXISTS search_facet;
DROP TABLE IF EXISTS search_value;
DROP TABLE IF EXISTS search_doc;
DROP TABLE IF EXISTS search_meta;
`;

/** Creates the tables; returns true when an index of another version was found and emptied. */
export function ensureSchema(db: Database): boolean {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_meta'").get() !== undefined;
  let reset = false;
  if (hasMeta) {
    const row = db.prepare("SELECT value FROM search_meta WHERE key = 'schema'").get() as { value: string } | undefined;
    if (row?.value !== SCHEMA_VERSION) {
      db.exec(DROP_SQL);
      reset = true;
    }
  }
  db.exec(SCHEMA_SQL);
  db.prepare("INSERT OR IGNORE INTO search_meta (key, value) VALUES ('schema', ?), ('generation', '0')").run(SCHEMA_VERSION);
  return reset;
}
