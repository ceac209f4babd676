import type pg from 'pg';
import { advisoryKey } from './advisory-keys.js';
import { inClientTransaction } from './connection.js';

/** One set of tables with its own forward migrations: the store's, the search index's, the relations index's. */
export interface MigrationSet {
  /** What the tables hold, in messages: `store`, `search index`, `relations index`. */
  readonly what: string;
  /** The table of applied versions (`store_migrations`, …). */
  readonly table: string;
  /** The purpose of the advisory lock nodes migrating at once share (advisoryKey). */
  readonly lock: string;
  /** Plain SQL, in order: version n is the first n applied. */
  readonly migrations: readonly string[];
}

/**
 * Creates the schema when absent and applies the migrations it lacks, in one transaction under an
 * advisory lock (nodes starting at once migrate once); then runs `then`, when given, in the same
 * transaction (a check of what the rows were built by). Refuses a schema written by a newer release.
 */
export async function migrate(client: pg.ClientBase, schema: string, set: MigrationSet): Promise<void>;
export async function migrate<T>(client: pg.ClientBase, schema: string, set: MigrationSet, then: (client: pg.ClientBase) => Promise<T>): Promise<T>;
export async function migrate<T>(client: pg.ClientBase, schema: string, set: MigrationSet, then?: (client: pg.ClientBase) => Promise<T>): Promise<T | undefined> {
  return inClientTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', advisoryKey(schema, set.lock));
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${set.table} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number }>(`SELECT COALESCE(max(version), 0)::int AS v FROM ${set.table}`);
    const current = rows[0]!.v;
    const latest = set.migrations.length;
    if (current > latest) {
      throw new Error(
        `The PostgreSQL schema "${schema}" has ${set.what} version ${current}, but this version of datakatalog knows only up to ${latest}: ` +
          'it was written by a newer release. Upgrade datakatalog or use another database or schema.',
      );
    }
    for (let version = current; version < latest; version++) {
      await client.query(set.migrations[version]!);
      await client.query(`INSERT INTO ${set.table} (version) VALUES ($1)`, [version + 1]);
    }
    return then?.(client);
  });
}
