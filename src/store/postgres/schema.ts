import type pg from 'pg';
import { migrate as migrateSchema } from '../../postgres/migrations.js';

/**
 * The store's tables in PostgreSQL, as plain SQL forward migrations (the same tables as the SQLite
 * store, in PostgreSQL's types). `store_migrations` lists the migrations applied; a migration is never
 * edited once released, only followed by a new one. Other components sharing the schema (the search
 * index) keep their own bookkeeping.
 *
 * Instants stay text (ISO 8601, as the domain writes them) so that they read back exactly as written.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: sources, fetch state, runs, records with their bodies, artefacts, change log, cursors.
  `
  CREATE TABLE sources (
    id         text PRIMARY KEY,
    url        text NOT NULL,
    kind       text NOT NULL,
    publisher  text NOT NULL,
    created_at text NOT NULL,
    data       jsonb NOT NULL           -- the whole HarvestSource
  );

  CREATE TABLE fetch_state (
    source_id text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url       text NOT NULL,
    data      jsonb NOT NULL,           -- SourceFetchState
    PRIMARY KEY (source_id, url)
  );

  CREATE TABLE runs (
    n          bigserial UNIQUE,        -- insertion order: ties of started_at
    id         text PRIMARY KEY,
    source_id  text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    started_at text NOT NULL,
    ended_at   text,
    state      text NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'interrupted')),
    error      text,
    node       text NOT NULL,           -- host/pid of the process that runs it, for messages
    node_key   integer NOT NULL,        -- the advisory lock that process holds while it lives
    data       jsonb NOT NULL           -- counts, problems, notModified, documents
  );
  CREATE INDEX runs_by_source ON runs (source_id, started_at);
  CREATE INDEX runs_by_start ON runs (started_at);
  CREATE INDEX runs_running ON runs (state) WHERE state = 'running';

  -- Record states are small rows read a whole source at a time; graphs live in record_bodies.
  CREATE TABLE records (
    rid        bigserial PRIMARY KEY,
    id         text NOT NULL UNIQUE,
    iri        text NOT NULL,
    kind       text NOT NULL,
    source_id  text NOT NULL,           -- no foreign key: tombstones outlive their source
    catalog_id text,
    hash       text NOT NULL,
    status     text NOT NULL CHECK (status IN ('published', 'quarantined', 'removed')),
    issued     text NOT NULL,
    modified   text NOT NULL,
    removed_at text,
    CONSTRAINT records_iri_key UNIQUE (iri)
  );
  CREATE INDEX records_by_source ON records (source_id);
  CREATE INDEX records_published ON records (id) WHERE status = 'published';

  CREATE TABLE record_bodies (
    rid        bigint PRIMARY KEY REFERENCES records (rid) ON DELETE CASCADE,
    graph      text NOT NULL,           -- canonical N-Triples
    validation jsonb                    -- ValidationReport
  );

  CREATE TABLE artefacts (
    hash text PRIMARY KEY,              -- SHA-256 of body, hex
    body bytea NOT NULL
  );
  CREATE TABLE record_artefacts (
    rid        bigint NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    name       text NOT NULL,
    hash       text NOT NULL REFERENCES artefacts (hash),
    media_type text NOT NULL,
    PRIMARY KEY (rid, name)
  );
  CREATE INDEX record_artefacts_by_hash ON record_artefacts (hash);

  -- Appended under the change-log lock (see appendChanges), so seq order is commit order.
  CREATE TABLE changes (
    seq       bigserial PRIMARY KEY,
    record_id text NOT NULL,
    op        text NOT NULL CHECK (op IN ('upsert', 'remove'))
  );

  CREATE TABLE cursors (
    name text PRIMARY KEY,
    seq  bigint NOT NULL
  );
  `,
  // 2: the history of every published version (the public change log), appended under the change-log
  // lock so seq order is commit order, and the harvest leases (one run per source at a time on every node).
  `
  CREATE TABLE record_versions (
    seq       bigserial PRIMARY KEY,
    record_id text NOT NULL,
    version   integer NOT NULL,
    op        text NOT NULL CHECK (op IN ('add', 'change', 'remove')),
    at        text NOT NULL,            -- never earlier than the entry before it
    run_id    text,
    kind      text NOT NULL,
    iri       text NOT NULL,
    source_id text NOT NULL,
    added     text NOT NULL,            -- canonical N-Triples lines added
    removed   text NOT NULL,            -- and removed
    n_added   integer NOT NULL,
    n_removed integer NOT NULL,
    base      boolean NOT NULL DEFAULT false, -- earlier versions pruned: added is the whole graph
    UNIQUE (record_id, version)
  );
  CREATE INDEX record_versions_by_at ON record_versions (at);
  INSERT INTO record_versions (record_id, version, op, at, run_id, kind, iri, source_id, added, removed, n_added, n_removed, base)
    SELECT r.id, 1, 'add', r.modified, NULL, r.kind, r.iri, r.source_id, b.graph, '',
           length(b.graph) - length(replace(b.graph, E'\n', '')), 0, true
    FROM records r JOIN record_bodies b USING (rid) WHERE r.status = 'published' ORDER BY r.modified, r.rid;

  CREATE TABLE harvest_leases (
    source_id  text PRIMARY KEY,
    holder     text NOT NULL,
    node       text NOT NULL,           -- host/pid, for messages
    node_key   integer NOT NULL,        -- the liveness lock of the node that holds it
    expires_at bigint NOT NULL          -- epoch ms
  );
  `,
  // 3: API tokens (hashes only), the audit log of writes, the organisation register's answers.
  `
  CREATE TABLE api_tokens (
    id         text PRIMARY KEY,
    hash       text NOT NULL UNIQUE,    -- SHA-256 of the token, hex; the token itself is never stored
    created_at text NOT NULL,
    data       jsonb NOT NULL           -- the whole ApiToken
  );
  CREATE TABLE audit_log (
    seq  bigserial PRIMARY KEY,
    at   text NOT NULL,
    data jsonb NOT NULL                 -- the AuditEntry without seq
  );
  CREATE TABLE organisations (
    organisation_number text PRIMARY KEY,
    fetched_at text NOT NULL,
    data       text NOT NULL            -- the register's answer (JSON), as received
  );
  `,
  // 4: text cannot hold U+0000, which an RDF literal may: graphs (and version deltas) are kept as their UTF-8 bytes, and JSON
  //    as text (JSON writes U+0000 as an escape, which jsonb refuses and text keeps).
  `
  ALTER TABLE record_bodies ALTER COLUMN graph TYPE bytea USING convert_to(graph, 'UTF8');
  ALTER TABLE record_versions ALTER COLUMN added TYPE bytea USING convert_to(added, 'UTF8');
  ALTER TABLE record_versions ALTER COLUMN removed TYPE bytea USING convert_to(removed, 'UTF8');
  ALTER TABLE record_bodies ALTER COLUMN validation TYPE text;
  ALTER TABLE sources ALTER COLUMN data TYPE text;
  ALTER TABLE fetch_state ALTER COLUMN data TYPE text;
  ALTER TABLE runs ALTER COLUMN data TYPE text;
  ALTER TABLE audit_log ALTER COLUMN data TYPE text;
  `,
  // 5: the URL checker's results, one row per URL (src/quality/url-checker.ts).
  `
  CREATE TABLE url_checks (
    url        text PRIMARY KEY,
    checked_at text NOT NULL,
    status     integer NOT NULL,         -- 0: no answer
    media_type text,
    error      text
  );
  `,
  // 6: node leases: one holder of a role (the harvest scheduler) at a time on every node.
  `
  CREATE TABLE node_leases (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    node       text NOT NULL,           -- host/pid, for messages
    node_key   integer NOT NULL,        -- the liveness lock of the node that holds it
    expires_at bigint NOT NULL          -- epoch ms
  );
  `,
  // 7: where the catalog came from when \`migrate --to\` copied it from a SQLite catalog.db (one row; none
  //    when the catalog began here), and how far the copy went, so a copy resumes or catches up and never
  //    overwrites what nodes have written since.
  `
  CREATE TABLE copied_from (
    one         boolean PRIMARY KEY DEFAULT true CHECK (one),
    source      text NOT NULL,          -- the catalog.db file, as an absolute path
    started_at  text NOT NULL,
    finished_at text,                   -- null while a copy is under way (or was cut short)
    changes_seq bigint NOT NULL DEFAULT 0,  -- the highest change, version and audit entry copied
    versions_seq bigint NOT NULL DEFAULT 0,
    audit_seq   bigint NOT NULL DEFAULT 0
  );
  `,
  // 8: snapshots in the history (src/store/version-snapshots.ts): a version keeps the whole graph as well as its
  //    delta once the versions since the last whole graph changed more lines than the graph has.
  `
  ALTER TABLE record_versions ADD COLUMN snapshot bytea;                  -- the whole graph at this version, or null
  ALTER TABLE record_versions ADD COLUMN churn integer NOT NULL DEFAULT 0; -- lines added and removed since the last whole graph, this version's included
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Creates the schema when absent and applies the migrations it lacks (src/postgres/migrations.ts). */
export async function migrate(client: pg.ClientBase, schema: string): Promise<void> {
  await migrateSchema(client, schema, { what: 'store', table: 'store_migrations', lock: 'migrations', migrations: MIGRATIONS });
}
