import type pg from 'pg';
import type { StoredRecord } from '../../core/catalog-record.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import type { RelationCount, RelationsAnswer, RelationsIndex, RelationsQuery, RelationSummary } from '../../core/ports/relations-index.js';
import { RelationsSqlReader } from './relations-sql-reader.js';
import { RelationsSqlWriter } from './relations-sql-writer.js';
import { markBuilt, migrateRelations } from './relations-schema.js';
import { inTransaction } from '../../postgres/connection.js';
import { openIndexPool, type OpenedIndexPool } from '../../postgres/index-pool.js';

/** Empties the index's tables by deleting their rows (not TRUNCATE: readers on other nodes are never locked out). */
const EMPTY_TABLES = 'DELETE FROM relation_edges; DELETE FROM relation_ends; DELETE FROM relation_records; DELETE FROM relation_pending;';

export interface PostgresRelationsIndexOptions {
  /** `postgres://…` (DATABASE_URL). */
  readonly url: string;
  /** Schema of the index's tables (the store's, by default `public`). */
  readonly schema?: string;
  readonly logger?: Logger;
  /** Connections in the pool (default 4). */
  readonly poolSize?: number;
}

/**
 * The relations index on PostgreSQL: shared by every node of a catalog whose search is shared too
 * (src/main.ts), so a node keeps nothing of its own to rebuild when it starts. Written by the holder of
 * the projection writer lease, one transaction per batch (a batch that fails leaves the index as it
 * was, matching the projection's cursor); read by every node with the embedded index's queries.
 */
export class PostgresRelationsIndex implements RelationsIndex {
  /** True when the tables hold no complete build of this version: rebuild them from the store. */
  readonly needsRebuild: boolean;
  readonly #pool: pg.Pool;
  readonly #run: OpenedIndexPool<boolean>['guard'];
  readonly #writer = new RelationsSqlWriter();
  readonly #reader: RelationsSqlReader;

  private constructor(pool: pg.Pool, guard: OpenedIndexPool<boolean>['guard'], needsRebuild: boolean) {
    this.#pool = pool;
    this.#run = guard;
    this.needsRebuild = needsRebuild;
    this.#reader = new RelationsSqlReader(async <R extends pg.QueryResultRow>(sql: string, values: unknown[]) => (await this.#run('read relations', () => this.#pool.query<R>(sql, values))).rows);
  }

  /** Connects and brings the index's tables up to date. */
  static async open(options: PostgresRelationsIndexOptions): Promise<PostgresRelationsIndex> {
    const logger = options.logger ?? silentLogger;
    const connection = { url: options.url, ...(options.schema !== undefined ? { schema: options.schema } : {}), poolSize: options.poolSize ?? 4, applicationName: 'datakatalog-relations' };
    const { pool, migrated: needsRebuild, guard } = await openIndexPool(connection, 'relations index', logger, migrateRelations);
    if (needsRebuild) logger.info({ schema: options.schema ?? 'public' }, 'the PostgreSQL relations index is new or was written by another version: it is rebuilt from the store');
    return new PostgresRelationsIndex(pool, guard, needsRebuild);
  }

  async upsert(records: readonly StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#transaction('write relations', (client) => this.#writer.write(client, records, false));
  }

  async forget(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#transaction('forget relations', (client) => this.#writer.forget(client, ids));
  }

  async clear(): Promise<void> {
    await this.#transaction('clear the relations', async (client) => {
      await client.query(EMPTY_TABLES);
    });
  }

  /**
   * Empties the tables and writes every page into them, in one transaction that ends by marking the
   * build complete: until it commits, every node reads the index as it was (rows are deleted, not
   * truncated, so readers are never locked out), and a rebuild that fails leaves it so.
   */
  async rebuild(pages: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    await this.#transaction('rebuild the relations', async (client) => {
      await client.query(EMPTY_TABLES);
      for await (const page of pages) await this.#writer.write(client, page, true);
      await markBuilt(client);
    });
    // The planner's statistics of the new rows at once, not at autovacuum's next round: right after a rebuild of 220 000
    // records, without them, one relations query in 20 took 0.5-0.9 s (plans made for tables as they were).
    await this.#run('analyse the relations', () => this.#pool.query('ANALYZE relation_records, relation_ends, relation_edges'));
  }

  async relations(query: RelationsQuery): Promise<RelationsAnswer> {
    return this.#reader.relations(query);
  }

  async counts(recordId: string): Promise<Readonly<Record<string, RelationCount>>> {
    return this.#reader.counts(recordId);
  }

  async summaries(recordIds: readonly string[]): Promise<ReadonlyMap<string, RelationSummary>> {
    return this.#reader.summaries(recordIds);
  }

  async pendingNeighbours(limit: number): Promise<readonly string[]> {
    const { rows } = await this.#run('read the pending records', () =>
      this.#pool.query<{ record_id: string }>('SELECT record_id FROM relation_pending ORDER BY seq LIMIT $1', [Math.max(0, Math.floor(limit))]),
    );
    return rows.map((r) => r.record_id);
  }

  async settleNeighbours(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#run('settle the pending records', () => this.#pool.query('DELETE FROM relation_pending WHERE record_id = ANY($1::text[])', [[...ids]]));
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #transaction(what: string, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    await this.#run(what, () => inTransaction(this.#pool, work));
  }
}
