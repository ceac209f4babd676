import pg from 'pg';
import type { StoredRecord } from '../../core/catalog-record.js';
import { ServiceUnavailableError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import type { RelationCount, RelationsAnswer, RelationsIndex, RelationsQuery, RelationSummary } from '../../core/ports/relations-index.js';
import { RelationsSqlReader } from './relations-sql-reader.js';
import { RelationsSqlWriter } from './relations-sql-writer.js';
import { markBuilt, migrateRelations } from './relations-schema.js';

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
  readonly #url: string;
  readonly #writer = new RelationsSqlWriter();
  readonly #reader: RelationsSqlReader;

  private constructor(pool: pg.Pool, url: string, needsRebuild: boolean) {
    this.#pool = pool;
    this.#url = url;
    this.needsRebuild = needsRebuild;
    this.#reader = new RelationsSqlReader(async <R extends pg.QueryResultRow>(sql: string, values: unknown[]) => (await this.#run('read relations', () => this.#pool.query<R>(sql, values))).rows);
  }

  /** Connects and brings the index's tables up to date. */
  static async open(options: PostgresRelationsIndexOptions): Promise<PostgresRelationsIndex> {
    const schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,47}$/.test(schema)) throw new Error(`PostgreSQL schema "${schema}" is not a plain name (lower-case letters, digits and _).`);
    const logger = options.logger ?? silentLogger;
    const url = redact(options.url);
    const pool = new pg.Pool({ connectionString: options.url, options: `-c search_path=${schema},public`, application_name: 'datakatalog-relations', max: options.poolSize ?? 4 });
    pool.on('error', (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection of the relations index failed'));
    try {
      const client = await pool.connect().catch((error: unknown) => {
        throw new ServiceUnavailableError(`The relations index cannot reach PostgreSQL at ${url}: ${(error as Error).message}`, {}, { cause: error });
      });
      let needsRebuild: boolean;
      try {
        needsRebuild = await migrateRelations(client, schema);
      } finally {
        client.release();
      }
      if (needsRebuild) logger.info({ schema }, 'the PostgreSQL relations index is new or was written by another version: it is rebuilt from the store');
      return new PostgresRelationsIndex(pool, url, needsRebuild);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
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
      await client.query('DELETE FROM relation_edges; DELETE FROM relation_ends; DELETE FROM relation_records; DELETE FROM relation_pending;');
    });
  }

  /**
   * Empties the tables and writes every page into them, in one transaction that ends by marking the
   * build complete: until it commits, every node reads the index as it was (rows are deleted, not
   * truncated, so readers are never locked out), and a rebuild that fails leaves it so.
   */
  async rebuild(pages: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    await this.#transaction('rebuild the relations', async (client) => {
      await client.query('DELETE FROM relation_edges; DELETE FROM relation_ends; DELETE FROM relation_records; DELETE FROM relation_pending;');
      for await (const page of pages) await this.#writer.write(client, page, true);
      await markBuilt(client);
    });
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
    const client = await this.#run(what, () => this.#pool.connect());
    try {
      await this.#run(what, async () => {
        await client.query('BEGIN');
        try {
          await work(client);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    } finally {
      client.release();
    }
  }

  /** Runs a step, turning a lost server into a ServiceUnavailableError that names it (any other failure stays as it is). */
  async #run<T>(what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!lostServer(error)) throw error;
      throw new ServiceUnavailableError(`The relations index (PostgreSQL at ${this.#url}) could not ${what}: ${(error as Error).message}`, {}, { cause: error });
    }
  }
}

/** A failure of the connection rather than of a statement: refused, reset, ended by the server, or terminated. */
function lostServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code.startsWith('08') || code === '57P01';
  return error instanceof Error && /^Connection terminated|^Client has encountered a connection error/.test(error.message);
}

/** A URL with its password hidden, for messages and logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable URL)';
  }
}
