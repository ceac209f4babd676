import type pg from 'pg';
import { migrate } from '../../postgres/migrations.js';
import { EXTRACTION_VERSION } from '../relation-extraction.js';

/**
 * The relations index's tables in PostgreSQL, as plain SQL forward migrations (its own bookkeeping in
 * `relation_migrations`, beside the store's and the search index's tables in the same schema). The
 * same four tables as the embedded index (src/relations/sqlite/schema.ts):
 *
 *   relation_records  every record the index knows: kind, status (published | removed) and titles (JSON)
 *   relation_ends     the IRIs a record answers for: its resource, and its parts (model elements, properties)
 *   relation_edges    one stated link, in its relation type's outgoing direction, with the record that stated it
 *   relation_pending  records whose relations another record's change altered, until the search index settles them
 *
 * IRIs are harvested and may be of any length: they are looked up through hash indexes, which hold
 * a hash of the value (a B-tree entry must fit in a third of a page, about 2 700 bytes, and an
 * insert of a longer IRI would fail).
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE relation_records (
    id     text PRIMARY KEY,
    iri    text NOT NULL,
    kind   text NOT NULL,
    status text NOT NULL CHECK (status IN ('published', 'removed')),
    titles text NOT NULL
  );
  CREATE TABLE relation_ends (
    iri       text NOT NULL,
    record_id text NOT NULL,
    part      boolean NOT NULL,
    titles    text NOT NULL
  );
  CREATE INDEX relation_ends_iri ON relation_ends USING hash (iri);
  CREATE INDEX relation_ends_record ON relation_ends (record_id);
  CREATE TABLE relation_edges (
    owner    text NOT NULL,
    from_iri text NOT NULL,
    type     text NOT NULL,
    to_iri   text NOT NULL,
    role     text NOT NULL
  );
  CREATE INDEX relation_edges_from ON relation_edges USING hash (from_iri);
  CREATE INDEX relation_edges_to ON relation_edges USING hash (to_iri);
  CREATE INDEX relation_edges_owner ON relation_edges (owner);
  CREATE TABLE relation_pending (
    seq       bigserial PRIMARY KEY,
    record_id text NOT NULL UNIQUE
  );
  CREATE TABLE relation_settings (
    name  text PRIMARY KEY,
    value text NOT NULL
  );
  `,
];

export const RELATIONS_SCHEMA_VERSION = MIGRATIONS.length;

/** What the stored rows depend on besides their records: the tables and what is extracted from a record. */
export const RELATIONS_SIGNATURE = `${RELATIONS_SCHEMA_VERSION}:${EXTRACTION_VERSION}`;

/**
 * Applies the migrations the schema lacks, under an advisory lock (nodes starting at once migrate
 * once), and empties the rows when another version wrote them. Returns true when the index holds no
 * complete build of this version (new tables, emptied ones, or a rebuild that never finished): it
 * must be rebuilt from the store. The mark of a complete build is set by the rebuild itself
 * (markBuilt), in its transaction, so whichever node rebuilds, every node then sees it.
 */
export async function migrateRelations(client: pg.ClientBase, schema: string): Promise<boolean> {
  return migrate(client, schema, { what: 'relations index', table: 'relation_migrations', lock: 'relations-migrations', migrations: MIGRATIONS }, async () => {
    const built = await client.query<{ value: string }>("SELECT value FROM relation_settings WHERE name = 'built'");
    const found = built.rows[0]?.value;
    if (found !== undefined && found !== RELATIONS_SIGNATURE) {
      await client.query('TRUNCATE relation_records, relation_ends, relation_edges, relation_pending');
      await client.query("DELETE FROM relation_settings WHERE name = 'built'");
    }
    return found !== RELATIONS_SIGNATURE;
  });
}

/** Marks the rows a complete build of this version (inside the rebuild's transaction). */
export async function markBuilt(client: pg.ClientBase): Promise<void> {
  await client.query("INSERT INTO relation_settings (name, value) VALUES ('built', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value", [RELATIONS_SIGNATURE]);
}
