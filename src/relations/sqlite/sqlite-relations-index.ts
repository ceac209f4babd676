import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import type { StoredRecord } from '../../core/catalog-record.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import type { RelationCount, RelationsAnswer, RelationsIndex, RelationsQuery, RelationSummary } from '../../core/ports/relations-index.js';
import { TimeSlices } from '../../core/time-slices.js';
import type { CheckpointedFileOptions, WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { RelationsReader } from './relations-reader.js';
import { RelationsWriter } from './relations-writer.js';
import { ensureSchema, SECONDARY_INDEXES } from './schema.js';

export interface SqliteRelationsIndexOptions extends CheckpointedFileOptions {
  /** The database file: `${dataDir}/relations.db`, or ':memory:'. */
  readonly file: string;
  readonly logger?: Logger;
}

/**
 * The embedded relations index: SQLite in a file of its own (`relations.db`, next to `search.db`), so
 * its writes never hold the store's lock. Records go in through RelationsWriter (what each record
 * states, extracted from its graph) and come out through RelationsReader (indexed lookups by the
 * IRIs a record answers for, in both directions).
 */
export class SqliteRelationsIndex implements RelationsIndex {
  readonly #db: Db;
  readonly #writer: RelationsWriter;
  readonly #reader: RelationsReader;
  readonly #slices = new TimeSlices();
  readonly #checkpointer: WalCheckpointer | undefined;
  /** True when the file was new or written by another version: rebuild it from the store. */
  readonly needsRebuild: boolean;

  private constructor(options: SqliteRelationsIndexOptions) {
    this.#db = new Database(options.file, { timeout: 10_000 });
    if (options.file !== ':memory:') this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('temp_store = MEMORY');
    this.#db.pragma('cache_size = -65536');
    this.#checkpointer = options.checkpointer;
    this.#checkpointer?.watch(this.#db);
    this.needsRebuild = ensureSchema(this.#db);
    if (this.needsRebuild) (options.logger ?? silentLogger).info({ file: options.file }, 'the relations index is new or was written by another version: it is rebuilt from the store');
    this.#writer = new RelationsWriter(this.#db);
    this.#reader = new RelationsReader(this.#db);
  }

  static open(options: SqliteRelationsIndexOptions): SqliteRelationsIndex {
    return new SqliteRelationsIndex(options);
  }

  /** The index in a data directory: `${dataDir}/relations.db`. */
  static openInDataDir(dataDir: string, options: Omit<SqliteRelationsIndexOptions, 'file'> = {}): SqliteRelationsIndex {
    return new SqliteRelationsIndex({ ...options, file: path.join(dataDir, 'relations.db') });
  }

  /**
   * Writes the records a slice at a time (TimeSlices), so a large batch never holds the event loop, in
   * one transaction for the whole batch: a transaction per slice wrote the pages its rows touch (random
   * record ids spread them over every index) to the WAL again at each commit. An upsert that fails
   * leaves the index as it was, matching the projection's cursor, which has not moved. Inside a
   * transaction already open on this connection (a rebuild's), the slices join it instead.
   */
  async upsert(records: readonly StoredRecord[]): Promise<void> {
    const changed = new Set(records.map((r) => r.id));
    const write = (): Promise<void> => this.#slices.run(records, (slice) => this.#writer.write(slice, false, changed));
    if (this.#db.inTransaction) return write();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      await write();
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Empties the index and writes every page into it, in one transaction: each table page is written
   * once, not again for every batch of records (a transaction per batch of 500 records spent more time
   * committing than inserting), and a rebuild that fails leaves the index as it was, matching the
   * projection's cursor, instead of half empty.
   */
  async rebuild(pages: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      this.#writer.clear();
      // Into empty tables: no deletes per record, and the secondary indexes built once at the end.
      for (const index of SECONDARY_INDEXES) this.#db.exec(`DROP INDEX IF EXISTS ${index.name}`);
      for await (const page of pages) this.#writer.write(page, true);
      for (const index of SECONDARY_INDEXES) this.#db.exec(index.create);
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  async forget(ids: readonly string[]): Promise<void> {
    this.#writer.forget(ids);
  }

  async clear(): Promise<void> {
    this.#writer.clear();
  }

  async relations(query: RelationsQuery): Promise<RelationsAnswer> {
    return this.#reader.relations(query);
  }

  async counts(recordId: string): Promise<Readonly<Record<string, RelationCount>>> {
    return this.#reader.counts(recordId);
  }

  async summaries(recordIds: readonly string[]): Promise<ReadonlyMap<string, RelationSummary>> {
    return new Map(recordIds.map((id) => [id, this.#reader.summary(id)]));
  }

  async pendingNeighbours(limit: number): Promise<readonly string[]> {
    return this.#db.prepare('SELECT record_id FROM rel_pending ORDER BY seq LIMIT ?').pluck().all(Math.max(0, Math.floor(limit))) as string[];
  }

  async settleNeighbours(ids: readonly string[]): Promise<void> {
    const settle = this.#db.prepare('DELETE FROM rel_pending WHERE record_id = ?');
    this.#db.transaction(() => {
      for (const id of ids) settle.run(id);
    })();
  }

  async close(): Promise<void> {
    await this.#checkpointer?.unwatch(this.#db);
    if (this.#db.open) this.#db.close();
  }
}
