import type { Database } from 'better-sqlite3';
import { type SearchRecordInput } from '../../core/ports/search-index.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { DocumentBuilder, type BuildItem } from './document-builder.js';
import type { IndexCache } from './index-cache.js';
import { inputFingerprint, type PreparedDocument } from './prepared-document.js';
import { SLICE_BUDGET_MS, TimeSlices } from '../../core/time-slices.js';

/** Upserts with at least this many documents to build use the worker thread, in chunks of WORKER_CHUNK, WORKER_AHEAD of them given out at a time. */
const WORKER_THRESHOLD = 400;
const WORKER_CHUNK = 100;
const WORKER_AHEAD = 3;
/** Batches smaller than this are logged document by document. */
const LOG_EACH_BELOW = 200;
/** Writes stopped this long ago: the changed documents left over are merged into the common terms' postings (settle). */
export const SETTLE_AFTER_MS = 2000;

/**
 * The write side of the index: upserts (small ones built here, large ones in one transaction with a
 * worker thread building the documents while this thread writes), removals and clearing. Every write goes to search_doc,
 * search_fts, search_relation and search_value, is reported to the connection's IndexCache, and is
 * made visible to other connections through search_log or a new generation.
 */
export class SearchWriter {
  readonly #db: Database;
  readonly #cache: IndexCache;
  readonly #vocab: SearchVocabulary;
  readonly #builder: DocumentBuilder;
  /** Documents built and written here between two turns of the event loop (about SLICE_BUDGET_MS each). */
  readonly #hereSlices: TimeSlices;
  /** Documents built by the worker, written between two turns of the event loop. */
  readonly #writeSlices: TimeSlices;
  #statements: ReturnType<typeof writeStatements> | undefined;
  readonly #settleAfterMs: number;
  /** The write under way (writes and settling run one at a time); settled when none is. */
  #busy: Promise<void> = Promise.resolve();
  #settleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(db: Database, cache: IndexCache, vocabulary: SearchVocabulary, batchSize: number, settleAfterMs = SETTLE_AFTER_MS) {
    this.#db = db;
    this.#cache = cache;
    this.#vocab = vocabulary;
    this.#builder = new DocumentBuilder(vocabulary);
    this.#hereSlices = new TimeSlices(SLICE_BUDGET_MS, batchSize);
    this.#writeSlices = new TimeSlices(SLICE_BUDGET_MS, batchSize);
    this.#settleAfterMs = settleAfterMs;
    // An index left without its postings (a rebuild that ended before they were built) gets them once the writer is idle.
    this.#armSettle();
  }

  /** Runs `write` after the writes (and settling) before it; once writes stop for settleAfterMs, settles the postings. */
  #exclusive(write: () => Promise<void>): Promise<void> {
    clearTimeout(this.#settleTimer);
    const run = this.#busy.then(write);
    this.#busy = run.then(
      () => this.#armSettle(),
      () => this.#armSettle(),
    );
    return run;
  }

  #armSettle(): void {
    clearTimeout(this.#settleTimer);
    if (this.#closed) return;
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      this.#busy = this.#busy.then(() => this.settle()).catch(() => undefined);
    }, this.#settleAfterMs);
    this.#settleTimer.unref();
  }

  /** Settles now, after the write under way: what the writer does on its own once writes have stopped for settleAfterMs. */
  settleNow(): Promise<void> {
    return this.#exclusive(() => this.settle());
  }

  /**
   * Builds the common terms' postings when bulk upserts left them to be built once writes stop (term-postings.ts), or
   * merges the documents changed since they were last built or merged into them, when there are enough to matter (every
   * one-word read of a common term reads every changed document's row): after a harvest or a rebuild (bulk upserts of
   * 1 000 or 5 000), up to a tenth of the index was left as such rows. Runs on its own once writes have stopped for
   * settleAfterMs (and after opening an index left without its postings); a failure leaves things as they were (still
   * correct: reads take FTS5, or the changed rows) for the next time.
   */
  async settle(): Promise<void> {
    if (this.#closed || !this.#db.open || this.#db.inTransaction) return;
    this.#cache.sync();
    if (!this.#cache.postings.settleDue()) return;
    await this.#postingsTransaction(() => this.#cache.postings.settle());
  }

  /** Runs postings upkeep in a transaction of its own; a failure rolls it back and makes the caches read again. */
  async #postingsTransaction(work: () => Promise<void>): Promise<void> {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      await work();
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      this.#cache.sync(true);
      throw error;
    }
  }

  upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    return this.#exclusive(() => this.#upsert(inputs));
  }

  async #upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    this.#cache.sync();
    if (inputs.length < WORKER_THRESHOLD) {
      // Records whose fingerprint is unchanged are skipped without being rebuilt.
      const find = this.#db.prepare('SELECT fingerprint FROM search_doc WHERE id = ?').pluck();
      const todo: BuildItem[] = [];
      for (const input of inputs) {
        const fingerprint = inputFingerprint(input, this.#vocab);
        if (find.get(input.record.id) !== fingerprint) todo.push({ input, fingerprint });
      }
      await this.#hereSlices.run(todo, (slice) => this.#writeBatch(this.#builder.buildHere(slice)));
      if (todo.length > 0) await this.#maintainPostings();
      return;
    }
    // Large upserts build every document (fingerprints are computed by the builders) and skip the
    // unchanged ones when writing.
    const todo: BuildItem[] = inputs.map((input) => ({ input, fingerprint: null }));
    // Fewer WAL checkpoints while loading many documents (this connection's commits only).
    const checkpoint = this.#db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.#db.pragma('wal_autocheckpoint = 20000');
    // Kept words would be brought up to date document by document: cheaper to read them again afterwards.
    this.#cache.words.clear();
    // One transaction for the whole upsert: FTS5 writes fewer, larger segments (the store waits meanwhile).
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      await this.#bulkWrite(todo);
      await this.#cache.postings.maintain(true);
      this.#cache.bumpGeneration();
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      this.#cache.sync(true);
      throw error;
    } finally {
      this.#db.pragma(`wal_autocheckpoint = ${Number(checkpoint)}`);
    }
  }

  /**
   * Builds and writes the items in order: the worker builds chunks from the front (WORKER_AHEAD given out at a time)
   * and this thread writes each as it comes, building none itself (in a harvest it also runs the pipeline; what
   * building here cost is in src/search/README.md).
   */
  async #bulkWrite(items: readonly BuildItem[]): Promise<void> {
    const ahead: Promise<PreparedDocument[]>[] = [];
    let sent = 0;
    const feed = (): void => {
      while (ahead.length < WORKER_AHEAD && sent < items.length) {
        const end = Math.min(sent + WORKER_CHUNK, items.length);
        const built = this.#builder.buildAway(items.slice(sent, end));
        // Awaited in order below; a failure there is the one reported.
        built.catch(() => undefined);
        ahead.push(built);
        sent = end;
      }
    };
    feed();
    while (ahead.length > 0) {
      const built = await ahead.shift()!;
      feed();
      await this.#writeSlices.run(built, (slice) => this.#writeBatch(slice, false));
    }
  }

  /** Writes documents in one transaction (nested in the bulk one, if any). `logEach` records each in search_log. */
  #writeBatch(batch: readonly PreparedDocument[], logEach = batch.length < LOG_EACH_BELOW): void {
    const db = this.#db;
    const cache = this.#cache;
    this.#statements ??= writeStatements(db);
    const { find, insertDoc, updateDoc, deleteFts, insertFts, deleteRelations, insertRelation, log } = this.#statements;
    // Other connections catch up document by document from search_log; after a large batch they reload everything.
    cache.changed();
    const write = db.transaction(() => {
      for (const doc of batch) {
        const { row } = doc;
        const fvList: number[] = [];
        for (const v of doc.values) fvList.push(cache.values.intern(v.facet, v.key, v.label));
        const fvs = Int32Array.from(new Set(fvList));
        const values = [doc.iri, doc.kind, doc.fingerprint, row.modified, row.firstHarvested, row.sortNb, row.sortNn, row.sortEn, row.titleNorm, fvs.join(' '), row.validity, row.quality, doc.hit];
        const found = find.get(doc.id) as { rowid: number; fingerprint: string } | undefined;
        if (found?.fingerprint === doc.fingerprint) continue;
        const existing = found?.rowid;
        let rowid: number;
        if (existing === undefined) rowid = Number(insertDoc.run(doc.id, ...values).lastInsertRowid);
        else {
          rowid = existing;
          updateDoc.run(...values, rowid);
          deleteFts.run(rowid);
          deleteRelations.run(rowid);
        }
        insertFts.run(rowid, row.title, row.kw, row.descr, row.extra, row.revTitle, row.rev);
        for (const iri of doc.relations) insertRelation.run(rowid, iri);
        if (logEach) log.run(rowid);
        cache.written(rowid, fvs, row);
      }
      if (logEach) cache.logged();
      else cache.bumpGeneration();
    });
    try {
      write();
    } catch (error) {
      // The documents reported before the failure were rolled back: read everything again.
      cache.sync(true);
      throw error;
    }
  }

  /** Brings the common terms' postings up to date after small writes (term-postings.ts), in a transaction of its own. */
  async #maintainPostings(): Promise<void> {
    // Another write of this connection is under way (its transaction open across turns of the event loop): it maintains them.
    if (this.#db.inTransaction || !this.#cache.postings.due()) return;
    await this.#postingsTransaction(() => this.#cache.postings.maintain());
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.#exclusive(() => this.#remove(ids));
  }

  async #remove(ids: readonly string[]): Promise<void> {
    this.#cache.sync();
    const db = this.#db;
    const find = db.prepare('SELECT rowid FROM search_doc WHERE id = ?').pluck();
    this.#cache.changed();
    const write = db.transaction(() => {
      for (const id of ids) {
        const rowid = find.get(id) as number | undefined;
        if (rowid === undefined) continue;
        db.prepare('DELETE FROM search_relation WHERE doc = ?').run(rowid);
        db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(rowid);
        db.prepare('DELETE FROM search_doc WHERE rowid = ?').run(rowid);
        db.prepare('INSERT INTO search_log (doc) VALUES (?)').run(rowid);
        this.#cache.removed(rowid);
      }
      this.#cache.logged();
    });
    try {
      write();
    } catch (error) {
      // The documents reported removed before the failure were rolled back: read everything again.
      this.#cache.sync(true);
      throw error;
    }
    await this.#maintainPostings();
  }

  clear(): Promise<void> {
    return this.#exclusive(() => this.#clear());
  }

  async #clear(): Promise<void> {
    this.#cache.changed();
    this.#db.transaction(() => {
      this.#db.exec("DELETE FROM search_relation; DELETE FROM search_doc; DELETE FROM search_value; DELETE FROM search_log; INSERT INTO search_fts (search_fts) VALUES ('delete-all');");
      this.#cache.postings.clear();
      this.#cache.bumpGeneration();
    })();
    this.#cache.cleared();
  }

  /** Stops the document worker, if it was started, after the write or settling under way. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#settleTimer);
    await this.#busy.catch(() => undefined);
    await this.#builder.close();
  }
}

/** The statements of a batch write, prepared once. */
function writeStatements(db: Database) {
  const columns = 'iri, kind, fingerprint, modified, first_harvested, sort_nb, sort_nn, sort_en, title_norm, fvs, validity, quality, doc';
  return {
    find: db.prepare('SELECT rowid, fingerprint FROM search_doc WHERE id = ?'),
    insertDoc: db.prepare(`INSERT INTO search_doc (id, ${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    updateDoc: db.prepare(`UPDATE search_doc SET (${columns}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE rowid = ?`),
    deleteFts: db.prepare('DELETE FROM search_fts WHERE rowid = ?'),
    insertFts: db.prepare('INSERT INTO search_fts (rowid, title, kw, descr, extra, rev_title, rev) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    deleteRelations: db.prepare('DELETE FROM search_relation WHERE doc = ?'),
    insertRelation: db.prepare('INSERT OR IGNORE INTO search_relation (doc, iri) VALUES (?, ?)'),
    log: db.prepare('INSERT INTO search_log (doc) VALUES (?)'),
  };
}
