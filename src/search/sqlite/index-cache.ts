import type { Database } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SLICE_BUDGET_MS, TimeSlices } from '../../core/time-slices.js';
import { FacetMemory } from './facet-memory.js';
import type { IndexRow } from './index-row.js';
import { IndexedTerms } from './indexed-terms.js';
import { ValueDictionary } from './value-dictionary.js';
import { TermPostings } from './term-postings.js';
import { WordColumnsCache } from './word-columns-cache.js';

/** Entries of search_log kept for other connections to catch up from. */
const LOG_KEEP = 200_000;

/**
 * This connection's in-memory view of the index (the value dictionary, every document's facet
 * values in FacetMemory, the indexed terms) and how it stays in step with the database file, which
 * other connections (processes) may write too. Writers bump search_meta's `generation` after a clear
 * or a large batch (readers reload everything) and log smaller changes document by document in
 * search_log (readers reload those documents); this connection's own writes are reported here
 * instead of being read back.
 */
export class IndexCache {
  readonly values: ValueDictionary;
  readonly memory = new FacetMemory();
  readonly terms: IndexedTerms;
  /** Where common one-word queries occur, kept up to date with this connection's writes. */
  readonly words: WordColumnsCache;
  /** Postings of our own for the common terms, in the database (written with the FTS5 rows). */
  readonly postings: TermPostings;
  readonly #db: Database;
  #memoryLoaded = false;
  /** While the memory is loaded in slices (warmMemory): the highest rowid it holds so far; -1 otherwise. */
  #loadedUpTo = -1;
  /** Bumped whenever the memory is emptied: a load in slices begun before it starts over. */
  #memoryEpoch = 0;
  #warming: Promise<void> | null = null;
  /** Rows of search_doc per slice of that load: about SLICE_BUDGET_MS each. */
  readonly #loadSlices = new TimeSlices(SLICE_BUDGET_MS, 50_000, 500);
  #generation = -1;
  /** Changes whenever the documents this connection sees change (for caches). */
  #version = 0;
  #logSeq = 0;
  #dataVersion = -1;

  constructor(db: Database, options: { wordCacheMinMatches?: number; postingMinDocs?: number; readPostings?: boolean } = {}) {
    this.#db = db;
    this.postings = new TermPostings(db, {
      ...(options.postingMinDocs === undefined ? {} : { minDocs: options.postingMinDocs }),
      ...(options.readPostings === undefined ? {} : { read: options.readPostings }),
    });
    this.words = new WordColumnsCache(options.wordCacheMinMatches, this.postings);
    this.values = new ValueDictionary(db);
    this.terms = new IndexedTerms(db);
  }

  get version(): number {
    return this.#version;
  }

  #meta(key: string): number {
    return Number(this.#db.prepare('SELECT value FROM search_meta WHERE key = ?').pluck().get(key) ?? 0);
  }

  /**
   * Catches up with other connections' writes: a new generation (clear, rebuild) reloads everything;
   * otherwise the documents named in search_log since our last entry are reloaded.
   */
  sync(force = false): void {
    const dataVersion = this.#db.pragma('data_version', { simple: true }) as number;
    if (!force && dataVersion === this.#dataVersion) return;
    this.#dataVersion = dataVersion;
    this.#version++;
    // Another connection wrote (or this one is forced to reload): which documents changed is not known here.
    this.words.clear();
    this.postings.forget();
    const generation = this.#meta('generation');
    const lastSeq = Number(this.#db.prepare('SELECT coalesce(max(seq), 0) FROM search_log').pluck().get());
    if (force || generation !== this.#generation) {
      this.#generation = generation;
      this.#logSeq = lastSeq;
      this.values.load();
      this.#forgetMemory();
      this.terms.forget();
      return;
    }
    if (lastSeq === this.#logSeq) return;
    const firstSeq = Number(this.#db.prepare('SELECT coalesce(min(seq), 0) FROM search_log').pluck().get());
    this.values.load();
    if (firstSeq > this.#logSeq + 1) {
      this.#forgetMemory();
      this.terms.forget();
    } else if (this.#memoryLoaded || this.#loadedUpTo >= 0) {
      // (While it loads in slices, only the part loaded so far: the rest is read as it is now.)
      const docs = this.#db.prepare('SELECT DISTINCT doc FROM search_log WHERE seq > ?').pluck().all(this.#logSeq) as number[];
      for (const rowid of docs) if (this.#memoryLoaded || rowid <= this.#loadedUpTo) this.memory.reload(this.#db, rowid);
      this.terms.forget();
    }
    this.#logSeq = lastSeq;
  }

  /** The facet memory, loaded from search_doc on first use (at once, if warmMemory has not loaded it). */
  loadedMemory(): FacetMemory {
    if (!this.#memoryLoaded) {
      this.memory.loadAll(this.#db);
      this.#memoryLoaded = true;
      this.#loadedUpTo = -1;
    }
    return this.memory;
  }

  /**
   * Loads the facet memory from search_doc a slice at a time, with a turn of the event loop between
   * slices (at 100 000 documents a load at once held it for seconds: every request waited behind the
   * first search after the service opened). Writes meanwhile keep what is loaded current.
   */
  async warmMemory(): Promise<void> {
    while (!this.#memoryLoaded) {
      this.#warming ??= this.#loadInSlices().finally(() => (this.#warming = null));
      await this.#warming;
    }
  }

  async #loadInSlices(): Promise<void> {
    const epoch = this.#memoryEpoch;
    this.memory.clear();
    this.#loadedUpTo = 0;
    for (;;) {
      const started = performance.now();
      const size = this.#loadSlices.size;
      const { count, last } = this.memory.loadAfter(this.#db, this.#loadedUpTo, size);
      this.#loadSlices.learn(count, performance.now() - started);
      this.#loadedUpTo = last;
      if (count < size) break;
      await nextTurn();
      // Emptied meanwhile (the next round starts over), or loaded at once by loadedMemory.
      if (epoch !== this.#memoryEpoch || this.#memoryLoaded) return;
    }
    this.#loadedUpTo = -1;
    this.#memoryLoaded = true;
  }

  #forgetMemory(): void {
    this.#memoryLoaded = false;
    this.#loadedUpTo = -1;
    this.#memoryEpoch++;
    this.memory.clear();
  }

  // ------------------------------------------------------------------ this connection's writes

  /** The documents changed (or are about to): caches keyed on the version are stale. */
  changed(): void {
    this.#version++;
  }

  /** A document this connection wrote. */
  written(rowid: number, fvs: Int32Array, row: IndexRow): void {
    if (this.#memoryLoaded || (this.#loadedUpTo >= 0 && rowid <= this.#loadedUpTo)) this.memory.set(rowid, fvs, row);
    this.terms.remember(row);
    this.words.written(rowid, row);
    this.postings.written(rowid, row);
  }

  /** A document this connection removed. */
  removed(rowid: number): void {
    this.memory.delete(rowid);
    this.words.removed(rowid);
    this.postings.removed(rowid);
  }

  /** After logging documents in search_log: trims it now and then, and notes our own entries as seen. */
  logged(): void {
    const last = Number(this.#db.prepare('SELECT coalesce(max(seq), 0) FROM search_log').pluck().get());
    if (last % 1000 < 5) this.#db.prepare('DELETE FROM search_log WHERE seq <= ?').run(last - LOG_KEEP);
    this.#logSeq = last;
  }

  /** Tells other connections to reload everything (after a clear or a large batch). */
  bumpGeneration(): void {
    this.#db.prepare("UPDATE search_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'").run();
    this.#generation = this.#meta('generation');
  }

  /** After this connection emptied the tables (and bumped the generation). */
  cleared(): void {
    this.#logSeq = 0;
    this.values.clear();
    this.memory.clear();
    this.words.clear();
    this.#memoryEpoch++;
    this.#loadedUpTo = -1;
    this.#memoryLoaded = true;
    // Read again from the vocabulary table when a query needs it (cheaper than tracking a bulk load).
    this.terms.clear();
  }
}
