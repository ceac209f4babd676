import type Database from 'better-sqlite3';

/**
 * The schema of catalog.db, as forward migrations. `PRAGMA user_version` holds the number of
 * migrations applied; a migration is never edited once released, only followed by a new one.
 *
 * The store owns `user_version` of this file: another component sharing the file keeps its own
 * version bookkeeping (e.g. a table of its own).
 */
const MIGRATIONS: readonly string[] = [
  // 1: sources, fetch state, runs, records with their bodies, change log, cursors.
  `
  CREATE TABLE sources (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    publisher  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data       TEXT NOT NULL            -- the whole HarvestSource as JSON
  );

  CREATE TABLE fetch_state (
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    data      TEXT NOT NULL,            -- SourceFetchState as JSON
    PRIMARY KEY (source_id, url)
  );

  CREATE TABLE runs (
    id         TEXT PRIMARY KEY,
    source_id  TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    state      TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'interrupted')),
    error      TEXT,
    pid        INTEGER NOT NULL,        -- the process that runs it, to tell a live run from a dead one
    host       TEXT NOT NULL,
    data       TEXT NOT NULL            -- counts, problems, notModified, documents as JSON
  );
  CREATE INDEX runs_by_source ON runs (source_id, started_at);
  CREATE INDEX runs_by_start ON runs (started_at);
  CREATE INDEX runs_running ON runs (state) WHERE state = 'running';

  -- Record states are small rows read a whole source at a time; the graphs (about 3 KB each) live in
  -- record_bodies so that reading states never touches them.
  CREATE TABLE records (
    rid        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    iri        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    source_id  TEXT NOT NULL,           -- no foreign key: tombstones outlive their source
    catalog_id TEXT,
    hash       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('published', 'quarantined', 'removed')),
    issued     TEXT NOT NULL,
    modified   TEXT NOT NULL,
    removed_at TEXT
  );
  CREATE INDEX records_by_source ON records (source_id);
  CREATE INDEX records_published ON records (id) WHERE status = 'published';

  CREATE TABLE record_bodies (
    rid        INTEGER PRIMARY KEY REFERENCES records (rid) ON DELETE CASCADE,
    graph      TEXT NOT NULL,           -- canonical N-Triples
    validation TEXT                     -- ValidationReport as JSON
  );

  CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('upsert', 'remove'))
  );

  CREATE TABLE cursors (
    name TEXT PRIMARY KEY,
    seq  INTEGER NOT NULL
  );
  `,
  // 2: documents kept with records (a data service's OpenAPI description), by content hash.
  `
  CREATE TABLE artefacts (
    hash TEXT PRIMARY KEY,              -- SHA-256 of body, hex
    body BLOB NOT NULL
  );
  CREATE TABLE record_artefacts (
    rid        INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    name       TEXT NOT NULL,           -- served at {record URI}/{name}
    hash       TEXT NOT NULL REFERENCES artefacts (hash),
    media_type TEXT NOT NULL,
    PRIMARY KEY (rid, name)
  );
  CREATE INDEX record_artefacts_by_hash ON record_artefacts (hash);
  `,
  // 3: the history of every published version (the public change log), and the harvest leases that
  // keep one run per source at a time across every process sharing the file.
  `
  CREATE TABLE record_versions (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,            -- no foreign key: the history outlives nothing, but keeps its own columns
    version   INTEGER NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('add', 'change', 'remove')),
    at        TEXT NOT NULL,            -- never earlier than the entry before it (seq order is time order)
    run_id    TEXT,
    kind      TEXT NOT NULL,
    iri       TEXT NOT NULL,
    source_id TEXT NOT NULL,
    added     TEXT NOT NULL,            -- canonical N-Triples lines added
    removed   TEXT NOT NULL,            -- and removed
    n_added   INTEGER NOT NULL,
    n_removed INTEGER NOT NULL,
    base      INTEGER NOT NULL DEFAULT 0 CHECK (base IN (0, 1)), -- 1: earlier versions pruned, added is the whole graph
    UNIQUE (record_id, version)
  );
  CREATE INDEX record_versions_by_at ON record_versions (at);

  -- History starts with what is published now: each published record's graph is its version 1.
  INSERT INTO record_versions (record_id, version, op, at, run_id, kind, iri, source_id, added, removed, n_added, n_removed, base)
    SELECT r.id, 1, 'add', r.modified, NULL, r.kind, r.iri, r.source_id, b.graph, '',
           length(b.graph) - length(replace(b.graph, char(10), '')), 0, 1
    FROM records r JOIN record_bodies b USING (rid) WHERE r.status = 'published' ORDER BY r.modified, r.rid;

  CREATE TABLE harvest_leases (
    source_id  TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,           -- who holds it: a random id per process and harvest
    pid        INTEGER NOT NULL,
    host       TEXT NOT NULL,
    expires_at INTEGER NOT NULL         -- epoch ms; the holder renews it while the run lasts
  );
  `,
  // 4: API tokens (hashes only), the audit log of writes, the organisation register's answers.
  `
  CREATE TABLE api_tokens (
    id   TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,          -- SHA-256 of the token, hex; the token itself is never stored
    created_at TEXT NOT NULL,
    data TEXT NOT NULL                  -- the whole ApiToken as JSON
  );
  CREATE TABLE audit_log (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    at   TEXT NOT NULL,
    data TEXT NOT NULL                  -- the AuditEntry (without seq) as JSON
  );
  CREATE TABLE organisations (
    organisation_number TEXT PRIMARY KEY,
    fetched_at TEXT NOT NULL,
    data TEXT NOT NULL                  -- the register's answer (JSON), as received
  );
  `,
  // 5: the URL checker's results, one row per URL (src/quality/url-checker.ts).
  `
  CREATE TABLE url_checks (
    url        TEXT PRIMARY KEY,
    checked_at TEXT NOT NULL,
    status     INTEGER NOT NULL,         -- 0: no answer
    media_type TEXT,
    error      TEXT
  );
  `,
  // 6: node leases: one holder of a role (the harvest scheduler) at a time across every process sharing the file.
  `
  CREATE TABLE node_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,           -- a random id per holder (a process's scheduler)
    pid        INTEGER NOT NULL,
    host       TEXT NOT NULL,
    expires_at INTEGER NOT NULL         -- epoch ms; the holder renews it
  );
  `,
  // 7: snapshots in the history (src/store/version-snapshots.ts): a version keeps the whole graph as well as its
  //    delta once the versions since the last whole graph changed more lines than the graph has, so a past
  //    version is rebuilt from at most about twice its size, however long the record's history.
  `
  ALTER TABLE record_versions ADD COLUMN snapshot TEXT;                 -- the whole graph at this version, or NULL
  ALTER TABLE record_versions ADD COLUMN churn INTEGER NOT NULL DEFAULT 0; -- lines added and removed since the last whole graph, this version's included
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file to SCHEMA_VERSION. Each migration runs in its own immediate transaction and
 * re-reads the version inside it, so two processes opening a new file at once migrate it once.
 */
export function migrate(db: Database.Database, file: string): void {
  const current = (): number => db.pragma('user_version', { simple: true }) as number;
  if (current() > SCHEMA_VERSION) {
    throw new Error(
      `${file} has schema version ${current()}, but this version of datakatalog knows only up to ${SCHEMA_VERSION}: ` +
        'it was written by a newer release. Upgrade datakatalog or use another DATA_DIR.',
    );
  }
  for (let version = current(); version < SCHEMA_VERSION; version = current()) {
    db.transaction(() => {
      const now = current();
      if (now !== version) return; // another process got here first
      db.exec(MIGRATIONS[now]!);
      db.pragma(`user_version = ${now + 1}`);
    }).immediate();
  }
}
