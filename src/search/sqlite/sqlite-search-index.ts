import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { BadRequestError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import {
  MAX_RESULT_WINDOW, MISSING_VALUE, VALUE_FACETS, type FacetCounts, type FacetValuesRequest, type FacetValuesResponse,
  type SearchFacet, type SearchFilters, type SearchIndex, type SearchQuery, type SearchRecordInput, type SearchResponse,
  type Suggestion, type SuggestOptions, type ValueFacet,
} from '../../core/ports/search-index.js';
import { stemFor } from '../analysis/index-terms.js';
import { foldWord, wordList } from '../analysis/normalize.js';
import { analyzeQuery, typoAlternatives, type QueryAnalysis } from '../analysis/query-analysis.js';
import { pickText, type LangMap } from '../document/lang-map.js';
import { labelKey } from '../document/search-document.js';
import { DEFAULT_FACET_SIZE, facetCounts, modifiedBoundaries, modifiedBuckets, sortedBuckets, valueMatches, type ModifiedCounts, type RawFacetCount } from '../facet-buckets.js';
import { highlighterOf, type Highlighter } from '../highlight.js';
import { searchHit, type HitDocument } from '../search-hit.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { DocumentBuilder, type BuildItem } from './document-builder.js';
import { FacetMemory } from './facet-memory.js';
import { inputFingerprint, type PreparedDocument } from './prepared-document.js';
import type { IndexRow } from './index-row.js';
import { matchExpressions, type ResolvedWord } from './match-expression.js';
import { ensureSchema } from './schema.js';

export interface SqliteSearchIndexOptions {
  /** The database file: `${dataDir}/search.db`, or ':memory:'. */
  readonly file: string;
  readonly vocabulary: SearchVocabulary;
  readonly logger?: Logger;
  /** The clock of the `modified` date ranges (tests set it). */
  readonly now?: () => number;
  /** Documents per write transaction in upsert. */
  readonly batchSize?: number;
}

/** Per-word field boosts (data.norge.no: title 10 for alternative titles, keyword 5, description 1). */
const FIELD_BOOSTS: readonly (readonly [string, number])[] = [['title', 10], ['kw', 5], ['descr', 1]];
/** A first or last part of a compound in the title, the keywords, or the description. */
const COMPOUND_TITLE_BOOST = 5;
const COMPOUND_KEYWORD_BOOST = 2.5;
const COMPOUND_OTHER_BOOST = 0.5;
/** The FTS5 vocabulary of the text columns (not the reversed ones). */
const TEXT_COLUMNS = "col NOT IN ('rev', 'rev_title')";
/** Words beyond this many count for matching but not for field boosts. */
const MAX_SCORED_WORDS = 4;
/** Score added to documents that match every query word without typos or compound parts. */
const STRICT_BONUS = 1000;
/** Title tiers: the whole title, the title's start, a phrase in the title (data.norge.no's title boosts). */
const EXACT_TITLE = 300;
const TITLE_PREFIX = 150;
/** The title starts with the query, the last word only begun (as typed so far). */
const TITLE_PARTIAL_PREFIX = 120;
const TITLE_PHRASE = 100;
/** Upserts with at least this many documents to build use the worker thread, in chunks of WORKER_CHUNK. */
const WORKER_THRESHOLD = 400;
const WORKER_CHUNK = 100;
/** Entries of search_log kept for other connections to catch up from. */
const LOG_KEEP = 200_000;
/** Batches smaller than this are logged document by document. */
const LOG_EACH_BELOW = 200;
const FACET_INDEX = new Map<ValueFacet, number>(VALUE_FACETS.map((f, i) => [f, i]));

interface ValueInfo {
  readonly facet: ValueFacet;
  readonly facetIndex: number;
  readonly key: string;
  label: LangMap | null;
  /** The label as stored (JSON). */
  labelJson: string | null;
}

/** A filter with one pass bit: a set of value ids (OR), or the modified range. */
interface BitFilter {
  readonly facet: ValueFacet | 'modified';
  readonly bit: number;
}

/** The documents a text query and the filters select, with their pass bits, ready to count and sort. */
interface Evaluation {
  readonly analysis: QueryAnalysis;
  readonly resolved: readonly ResolvedWord[];
  readonly hasText: boolean;
  /** Candidates (text matches, or every document) in ascending rowid order. */
  readonly rowids: readonly number[];
  /** Relevance of each candidate (same order), or null without text. */
  readonly scores: Float64Array | null;
  readonly masks: Int32Array;
  readonly all: number;
  readonly filters: readonly BitFilter[];
  /** For each value id, the bit of its facet's filter (0 when the facet is not filtered). */
  readonly facetBitOfFv: Int32Array;
  readonly modifiedBit: number;
  /** No text and no filter: every document matches. */
  readonly everything: boolean;
}

/**
 * The first `k` of the indexes 0…n-1 that pass `keep`, in `before` order, without sorting them all:
 * a bounded insertion list, cheap for a page of results out of tens of thousands.
 */
export function topK(n: number, k: number, keep: (i: number) => boolean, before: (a: number, b: number) => boolean): number[] {
  const out: number[] = [];
  if (k <= 0) return out;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    if (out.length === k && !before(i, out[k - 1]!)) continue;
    let at = out.length === k ? k - 1 : out.length;
    if (out.length < k) out.push(i);
    while (at > 0 && before(i, out[at - 1]!)) {
      out[at] = out[at - 1]!;
      at--;
    }
    out[at] = i;
  }
  return out;
}

/** `2024-05-01` → start (or end) of that day; full instants as given. */
function instant(value: string, endOfDay: boolean): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) + (endOfDay ? 86_399_999 : 0) : Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`"${value}" is not a date: use YYYY-MM-DD or an ISO 8601 date-time.`);
  return ms;
}

/**
 * The embedded search index: SQLite FTS5 in the data directory's database file, in its own `search_`
 * tables, written through its own connection (WAL). Text is analysed in our code (Norwegian and
 * English stemming, æ/ø/å folding, compound parts, typo tolerance through the FTS5 vocabulary table).
 * FTS5 finds the text matches; filters and exact facet counts are computed over an in-memory copy of
 * every document's facet values (FacetMemory), each filtered facet counted without its own filter
 * (values within a facet are alternatives).
 */
export class SqliteSearchIndex implements SearchIndex {
  readonly #db: Db;
  readonly #vocab: SearchVocabulary;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #valueIds = new Map<string, number>();
  readonly #values = new Map<number, ValueInfo>();
  readonly #memory = new FacetMemory();
  readonly #builder: DocumentBuilder;
  #memoryLoaded = false;
  /** Every term ever written to the text columns (a superset of the index vocabulary: removals are not tracked). */
  #terms: Set<string> | null = null;
  /** The same terms sorted, for prefix lookups (rebuilt when a term is added). */
  #sortedTerms: string[] | null = null;
  #generation = -1;
  /** Changes whenever the documents this connection sees change (for caches). */
  #version = 0;
  #logSeq = 0;
  #dataVersion = -1;
  /** True when the index found on open was written by another version and was emptied: rebuild it. */
  readonly needsRebuild: boolean;

  private constructor(options: SqliteSearchIndexOptions) {
    this.#vocab = options.vocabulary;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
    this.#batchSize = options.batchSize ?? 1000;
    this.#builder = new DocumentBuilder(options.vocabulary);
    this.#db = new Database(options.file, { timeout: 10_000 });
    if (options.file !== ':memory:') this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('temp_store = MEMORY');
    this.#db.pragma('cache_size = -131072');
    this.needsRebuild = ensureSchema(this.#db);
    if (this.needsRebuild) this.#logger.warn({ file: options.file }, 'The search index was written by another version and has been emptied: rebuild it from the store (reindex).');
    this.#sync(true);
  }

  static open(options: SqliteSearchIndexOptions): SqliteSearchIndex {
    return new SqliteSearchIndex(options);
  }

  /**
   * The index in a data directory: its own file `${dataDir}/search.db`, next to the store's catalog.db.
   * A file of its own, so that a bulk upsert (one long write transaction, for FTS5's sake) never holds
   * the store's write lock while a harvest commits records.
   */
  static openInDataDir(dataDir: string, options: Omit<SqliteSearchIndexOptions, 'file'>): SqliteSearchIndex {
    return new SqliteSearchIndex({ ...options, file: path.join(dataDir, 'search.db') });
  }

  // ------------------------------------------------------------------ caches

  #meta(key: string): number {
    return Number(this.#db.prepare('SELECT value FROM search_meta WHERE key = ?').pluck().get(key) ?? 0);
  }

  #loadValues(): void {
    this.#valueIds.clear();
    this.#values.clear();
    for (const row of this.#db.prepare('SELECT fv, facet, key, label FROM search_value').iterate() as Iterable<{ fv: number; facet: number; key: string; label: string | null }>) {
      this.#valueIds.set(`${row.facet}\u0000${row.key}`, row.fv);
      this.#values.set(row.fv, { facet: VALUE_FACETS[row.facet]!, facetIndex: row.facet, key: row.key, label: row.label === null ? null : (JSON.parse(row.label) as LangMap), labelJson: row.label });
    }
  }

  /**
   * Catches up with other connections' writes: a new generation (clear, rebuild) reloads everything;
   * otherwise the documents named in search_log since our last entry are reloaded.
   */
  #sync(force = false): void {
    const dataVersion = this.#db.pragma('data_version', { simple: true }) as number;
    if (!force && dataVersion === this.#dataVersion) return;
    this.#dataVersion = dataVersion;
    this.#version++;
    const generation = this.#meta('generation');
    const lastSeq = Number(this.#db.prepare('SELECT coalesce(max(seq), 0) FROM search_log').pluck().get());
    if (force || generation !== this.#generation) {
      this.#generation = generation;
      this.#logSeq = lastSeq;
      this.#loadValues();
      this.#memoryLoaded = false;
      this.#memory.clear();
      this.#terms = null;
      return;
    }
    if (lastSeq === this.#logSeq) return;
    const firstSeq = Number(this.#db.prepare('SELECT coalesce(min(seq), 0) FROM search_log').pluck().get());
    this.#loadValues();
    if (firstSeq > this.#logSeq + 1) {
      this.#memoryLoaded = false;
      this.#memory.clear();
      this.#terms = null;
    } else if (this.#memoryLoaded) {
      const docs = this.#db.prepare('SELECT DISTINCT doc FROM search_log WHERE seq > ?').pluck().all(this.#logSeq) as number[];
      for (const rowid of docs) this.#memory.reload(this.#db, rowid);
      this.#terms = null;
    }
    this.#logSeq = lastSeq;
  }

  #ensureMemory(): void {
    if (!this.#memoryLoaded) {
      this.#memory.loadAll(this.#db);
      this.#memoryLoaded = true;
    }
  }

  /**
   * Terms that may be in the index: read once from the FTS5 vocabulary table, then every term this
   * connection writes is added (removals are not tracked, so it is a superset; #isIndexed decides).
   */
  #termSet(): Set<string> {
    if (this.#terms === null) {
      const terms = new Set<string>();
      for (const [term] of this.#db.prepare(`SELECT term FROM temp.search_vocab WHERE ${TEXT_COLUMNS}`).raw().iterate() as Iterable<[string]>) terms.add(term);
      this.#terms = terms;
      this.#sortedTerms = null;
    }
    return this.#terms;
  }

  /** Whether a term is in the text columns now (the FTS5 vocabulary table, exact). */
  #isIndexed(term: string): boolean {
    // The 'instance' form stops at the first occurrence; the 'col' form would count them all.
    return this.#db.prepare(`SELECT 1 FROM temp.search_vocab_instance WHERE term = ? AND ${TEXT_COLUMNS} LIMIT 1`).get(term) !== undefined;
  }

  /** Whether some term of the text columns begins with `prefix` (sorted superset first, then the vocabulary table). */
  #isIndexedPrefix(prefix: string): boolean {
    if (this.#sortedTerms === null) this.#sortedTerms = [...this.#termSet()].sort();
    const sorted = this.#sortedTerms;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= sorted.length || !sorted[lo]!.startsWith(prefix)) return false;
    return this.#db.prepare(`SELECT 1 FROM temp.search_vocab_instance WHERE term >= ? AND term < ? AND ${TEXT_COLUMNS} LIMIT 1`).get(prefix, `${prefix}\uffff`) !== undefined;
  }

  #rememberTerms(row: IndexRow): void {
    const terms = this.#terms;
    if (terms === null) return;
    for (const column of [row.title, row.kw, row.descr, row.extra]) {
      if (column === '') continue;
      for (const term of column.split(' ')) {
        if (!terms.has(term)) {
          terms.add(term);
          this.#sortedTerms = null;
        }
      }
    }
  }

  /** The id of a facet value, created on first use; its stored label follows the latest document's. */
  #valueId(facet: ValueFacet, key: string, labelJson: string | undefined): number {
    const f = FACET_INDEX.get(facet)!;
    const id = this.#valueIds.get(`${f}\u0000${key}`);
    if (id !== undefined) {
      const info = this.#values.get(id)!;
      if (labelJson !== undefined && labelJson !== info.labelJson) {
        info.label = JSON.parse(labelJson) as LangMap;
        info.labelJson = labelJson;
        this.#db.prepare('UPDATE search_value SET label = ? WHERE fv = ?').run(labelJson, id);
      }
      return id;
    }
    const fv = Number(this.#db.prepare('INSERT INTO search_value (facet, key, label) VALUES (?, ?, ?)').run(f, key, labelJson ?? null).lastInsertRowid);
    this.#valueIds.set(`${f}\u0000${key}`, fv);
    this.#values.set(fv, { facet, facetIndex: f, key, label: labelJson === undefined ? null : (JSON.parse(labelJson) as LangMap), labelJson: labelJson ?? null });
    return fv;
  }

  // ------------------------------------------------------------------ writes

  async upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    this.#sync();
    if (inputs.length < WORKER_THRESHOLD) {
      // Records whose fingerprint is unchanged are skipped without being rebuilt.
      const find = this.#db.prepare('SELECT fingerprint FROM search_doc WHERE id = ?').pluck();
      const todo: BuildItem[] = [];
      for (const input of inputs) {
        const fingerprint = inputFingerprint(input, this.#vocab);
        if (find.get(input.record.id) !== fingerprint) todo.push({ input, fingerprint });
      }
      for (let i = 0; i < todo.length; i += this.#batchSize) {
        this.#writeBatch(this.#builder.buildHere(todo.slice(i, i + this.#batchSize)));
        if (i + this.#batchSize < todo.length) await new Promise((resolve) => setImmediate(resolve));
      }
      return;
    }
    // Large upserts build every document (fingerprints are computed by the builders) and skip the
    // unchanged ones when writing.
    const todo: BuildItem[] = inputs.map((input) => ({ input, fingerprint: null }));
    // Large upserts: the worker builds chunks from the end while this thread builds from the front and
    // writes every chunk in order (so a record given twice ends as its last version).
    const chunks: BuildItem[][] = [];
    for (let i = 0; i < todo.length; i += WORKER_CHUNK) chunks.push(todo.slice(i, i + WORKER_CHUNK));
    // Fewer WAL checkpoints while loading many documents (this connection's commits only).
    const checkpoint = this.#db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.#db.pragma('wal_autocheckpoint = 20000');
    // One transaction for the whole upsert: FTS5 writes fewer, larger segments (the store waits meanwhile).
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      await this.#bulkWrite(chunks);
      this.#bumpGeneration();
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      this.#sync(true);
      throw error;
    } finally {
      this.#db.pragma(`wal_autocheckpoint = ${Number(checkpoint)}`);
    }
  }

  async #bulkWrite(chunks: readonly BuildItem[][]): Promise<void> {
    const away = new Map<number, Promise<PreparedDocument[]>>();
    let front = 0;
    let back = chunks.length;
    let inFlight = 0;
    const feed = (): void => {
      while (inFlight < 2 && back - 1 > front) {
        back--;
        inFlight++;
        const built = this.#builder.buildAway(chunks[back]!).finally(() => inFlight--);
        built.catch(() => undefined); // awaited in order below; a failure there is the one reported
        away.set(back, built);
      }
    };
    feed();
    for (let i = 0; i < chunks.length; i++) {
      const pending = away.get(i);
      let built: PreparedDocument[];
      if (pending !== undefined) built = await pending;
      else {
        front = i + 1;
        built = this.#builder.buildHere(chunks[i]!);
      }
      this.#writeBatch(built, false);
      // Let the worker's answers in, and give it more to do.
      await new Promise((resolve) => setImmediate(resolve));
      feed();
    }
  }

  /** Writes documents in one transaction (nested in the bulk one, if any). `logEach` records each in search_log. */
  #writeBatch(batch: readonly PreparedDocument[], logEach = batch.length < LOG_EACH_BELOW): void {
    const db = this.#db;
    const { find, insertDoc, updateDoc, deleteFts, insertFts, deleteRelations, insertRelation, log } = this.#writes();
    // Other connections catch up document by document from search_log; after a large batch they reload everything.
    this.#version++;
    db.transaction(() => {
      for (const doc of batch) {
        const { row } = doc;
        const fvList: number[] = [];
        for (const facet of VALUE_FACETS) for (const key of doc.facets[facet]) fvList.push(this.#valueId(facet, key, doc.labels[labelKey(facet, key)]));
        const fvs = Int32Array.from(new Set(fvList));
        const values = [doc.iri, doc.kind, doc.fingerprint, row.modified, row.firstHarvested, row.sortNb, row.sortNn, row.sortEn, row.titleNorm, fvs.join(' '), doc.hit];
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
        if (this.#memoryLoaded) this.#memory.set(rowid, fvs, row.modified, row.firstHarvested, row.titleNorm);
        this.#rememberTerms(row);
      }
      if (logEach) this.#trimLog();
      else this.#bumpGeneration();
    })();
  }

  #writeStatements: ReturnType<SqliteSearchIndex['makeWriteStatements']> | undefined;

  #writes(): ReturnType<SqliteSearchIndex['makeWriteStatements']> {
    this.#writeStatements ??= this.makeWriteStatements();
    return this.#writeStatements;
  }

  /** The statements of #writeBatch, prepared once. */
  private makeWriteStatements() {
    const db = this.#db;
    const columns = 'iri, kind, fingerprint, modified, first_harvested, sort_nb, sort_nn, sort_en, title_norm, fvs, doc';
    return {
      find: db.prepare('SELECT rowid, fingerprint FROM search_doc WHERE id = ?'),
      insertDoc: db.prepare(`INSERT INTO search_doc (id, ${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateDoc: db.prepare(`UPDATE search_doc SET (${columns}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE rowid = ?`),
      deleteFts: db.prepare('DELETE FROM search_fts WHERE rowid = ?'),
      insertFts: db.prepare('INSERT INTO search_fts (rowid, title, kw, descr, extra, rev_title, rev) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      deleteRelations: db.prepare('DELETE FROM search_relation WHERE doc = ?'),
      insertRelation: db.prepare('INSERT OR IGNORE INTO search_relation (doc, iri) VALUES (?, ?)'),
      log: db.prepare('INSERT INTO search_log (doc) VALUES (?)'),
    };
  }

  #trimLog(): void {
    const last = Number(this.#db.prepare('SELECT coalesce(max(seq), 0) FROM search_log').pluck().get());
    if (last % 1000 < 5) this.#db.prepare('DELETE FROM search_log WHERE seq <= ?').run(last - LOG_KEEP);
    this.#logSeq = last;
  }

  /** Tells other connections to reload everything (after a clear or a large batch). */
  #bumpGeneration(): void {
    this.#db.prepare("UPDATE search_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'").run();
    this.#generation = this.#meta('generation');
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.#sync();
    const db = this.#db;
    const find = db.prepare('SELECT rowid FROM search_doc WHERE id = ?').pluck();
    this.#version++;
    db.transaction(() => {
      for (const id of ids) {
        const rowid = find.get(id) as number | undefined;
        if (rowid === undefined) continue;
        db.prepare('DELETE FROM search_relation WHERE doc = ?').run(rowid);
        db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(rowid);
        db.prepare('DELETE FROM search_doc WHERE rowid = ?').run(rowid);
        db.prepare('INSERT INTO search_log (doc) VALUES (?)').run(rowid);
        this.#memory.delete(rowid);
      }
      this.#trimLog();
    })();
  }

  async clear(): Promise<void> {
    this.#version++;
    this.#db.transaction(() => {
      this.#db.exec("DELETE FROM search_relation; DELETE FROM search_doc; DELETE FROM search_value; DELETE FROM search_log; INSERT INTO search_fts (search_fts) VALUES ('delete-all');");
      this.#bumpGeneration();
    })();
    this.#logSeq = 0;
    this.#valueIds.clear();
    this.#values.clear();
    this.#memory.clear();
    this.#memoryLoaded = true;
    // Read again from the vocabulary table when a query needs it (cheaper than tracking a bulk load).
    this.#terms = null;
    this.#sortedTerms = null;
  }

  async count(): Promise<number> {
    return this.#db.prepare('SELECT count(*) FROM search_doc').pluck().get() as number;
  }

  async ids(): Promise<string[]> {
    return this.#db.prepare('SELECT id FROM search_doc ORDER BY id').pluck().all() as string[];
  }

  async close(): Promise<void> {
    await this.#builder.close();
    if (this.#db.open) this.#db.close();
  }

  // ------------------------------------------------------------------ search

  #resolve(analysis: QueryAnalysis): ResolvedWord[] {
    const terms = analysis.words.some((w) => w.typoKeys.length > 0) ? this.#termSet() : null;
    return analysis.words.map((w) => {
      const typos = terms === null ? null : typoAlternatives(w, (t) => this.#isIndexed(t), (t) => terms.has(t), (p) => this.#isIndexedPrefix(p));
      return { exact: w.exact, typos: typos?.terms ?? [], typoPrefixes: typos?.prefixes ?? [], prefix: w.prefix, suffix: w.suffix };
    });
  }

  /** Rowids allowed by the filters that are not facets (uri, relations), or null when there are none. */
  #requiredRows(filters: SearchFilters): Set<number> | null {
    let out: Set<number> | null = null;
    const restrict = (rows: number[]): void => {
      const set = new Set(rows);
      out = out === null ? set : new Set([...out].filter((r) => set.has(r)));
    };
    if (filters.uri !== undefined && filters.uri.length > 0) {
      restrict(this.#db.prepare(`SELECT rowid FROM search_doc WHERE iri IN (${filters.uri.map(() => '?').join(',')})`).pluck().all(...filters.uri) as number[]);
    }
    if (filters.relations !== undefined && filters.relations.length > 0) {
      restrict(this.#db.prepare(`SELECT DISTINCT doc FROM search_relation WHERE iri IN (${filters.relations.map(() => '?').join(',')})`).pluck().all(...filters.relations) as number[]);
    }
    return out;
  }

  /** The largest value id + 1: the size of per-value arrays. */
  #valueSpan(): number {
    let max = 0;
    for (const fv of this.#values.keys()) if (fv > max) max = fv;
    return max + 1;
  }

  /** Finds the candidates of a search and each one's filter pass bits. */
  #evaluate(q: string, filters: SearchFilters): Evaluation {
    this.#sync();
    this.#ensureMemory();
    const analysis = analyzeQuery(q);
    const resolved = this.#resolve(analysis);
    const expressions = matchExpressions(resolved);
    const span = this.#valueSpan();

    // Filters: one bit each; a value id passes the bits of the filters that list it.
    const bitFilters: BitFilter[] = [];
    const bitsOfFv = new Int32Array(span);
    const facetBit = new Int32Array(VALUE_FACETS.length);
    for (const facet of VALUE_FACETS) {
      const keys = filters[facet];
      if (keys === undefined || keys.length === 0) continue;
      const bit = 1 << bitFilters.length;
      bitFilters.push({ facet, bit });
      const f = FACET_INDEX.get(facet)!;
      facetBit[f] = bit;
      for (const key of keys) {
        const fv = this.#valueIds.get(`${f}\u0000${key}`);
        if (fv !== undefined) bitsOfFv[fv]! |= bit;
      }
    }
    let modifiedBit = 0;
    let from = -Infinity;
    let to = Infinity;
    if (filters.modifiedFrom !== undefined || filters.modifiedTo !== undefined) {
      if (filters.modifiedFrom !== undefined) from = instant(filters.modifiedFrom, false);
      if (filters.modifiedTo !== undefined) to = instant(filters.modifiedTo, true);
      modifiedBit = 1 << bitFilters.length;
      bitFilters.push({ facet: 'modified', bit: modifiedBit });
    }
    const all = (1 << bitFilters.length) - 1;
    const required = this.#requiredRows(filters);
    const memory = this.#memory;

    let rowids: number[];
    let strict: Set<number> | null = null;
    if (expressions !== null) {
      const matches = this.#db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck().all(expressions.full) as number[];
      if (expressions.strict !== expressions.full) strict = new Set(this.#db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck().all(expressions.strict) as number[]);
      rowids = required === null ? matches : matches.filter((r) => required.has(r));
    } else {
      rowids = required === null ? memory.rowids() : [...required].sort((a, b) => a - b);
    }

    const masks = new Int32Array(rowids.length);
    const { pool, offset, length, modified } = memory;
    if (all !== 0) {
      for (let i = 0; i < rowids.length; i++) {
        const rowid = rowids[i]!;
        const n = length[rowid] ?? -1;
        if (n < 0) continue;
        let mask = 0;
        const start = offset[rowid]!;
        for (let k = start; k < start + n; k++) mask |= bitsOfFv[pool[k]!]!;
        if (modifiedBit !== 0) {
          const m = modified[rowid]!;
          if (m >= from && m <= to) mask |= modifiedBit;
        }
        masks[i] = mask;
      }
    }

    const scores = expressions === null ? null : this.#scores(analysis, resolved, rowids, masks, all, strict);
    const facetBitOfFv = new Int32Array(span);
    for (const [fv, info] of this.#values) facetBitOfFv[fv] = facetBit[info.facetIndex]!;
    const everything = expressions === null && all === 0 && required === null;
    return { analysis, resolved, hasText: expressions !== null, rowids, scores, masks, all, filters: bitFilters, facetBitOfFv, modifiedBit, everything };
  }

  /**
   * Relevance of the documents that pass every filter, from boosts as data.norge.no scores:
   * every word matched without typos or compound parts (the strict bonus), the whole title, the
   * title's start, the query as a phrase in the title, then per word a match in the title (10), the
   * keywords (5) and the description (1); shorter titles first among equals.
   */
  #scores(analysis: QueryAnalysis, resolved: readonly ResolvedWord[], rowids: readonly number[], masks: Int32Array, all: number, strict: Set<number> | null): Float64Array {
    const scores = new Float64Array(rowids.length);
    const passing: number[] = [];
    for (let i = 0; i < rowids.length; i++) if (masks[i] === all) passing.push(i);
    if (passing.length === 0) return scores;
    const fieldBoost = new Map<number, number>();
    const words = resolved.slice(0, MAX_SCORED_WORDS);
    const rowsOf = this.#db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck();
    const add = (expression: string, boost: number): void => {
      for (const rowid of rowsOf.all(expression) as number[]) fieldBoost.set(rowid, (fieldBoost.get(rowid) ?? 0) + boost / words.length);
    };
    for (const w of words) {
      const terms = [...w.exact, ...w.typos].map((t) => `"${t}"`);
      for (const [column, boost] of FIELD_BOOSTS) add(`{${column}} : (${terms.join(' OR ')})`, boost);
      // A compound (first or last part) counts half a match of its field.
      const heads = [...(w.prefix === null ? [] : [`"${w.prefix}" *`]), ...w.typoPrefixes.map((p) => `"${p}" *`)];
      const titleParts = [...heads.map((h) => `{title} : ${h}`), ...(w.suffix === null ? [] : [`{rev_title} : "${w.suffix}" *`])];
      if (titleParts.length > 0) add(`(${titleParts.join(' OR ')}) NOT {title} : (${terms.join(' OR ')})`, COMPOUND_TITLE_BOOST);
      if (heads.length > 0) add(`{kw} : (${heads.join(' OR ')}) NOT {kw} : (${terms.join(' OR ')})`, COMPOUND_KEYWORD_BOOST);
      if (w.suffix !== null || heads.length > 0) {
        const other = [...heads.map((h) => `{descr} : ${h}`), ...(w.suffix === null ? [] : [`{rev} : "${w.suffix}" *`])];
        add(`(${other.join(' OR ')}) NOT {kw descr} : (${terms.join(' OR ')})`, COMPOUND_OTHER_BOOST);
      }
    }
    const phrase = analysis.phrase;
    const exact = `| ${phrase} |`;
    const begins = `| ${phrase} `;
    const beginsPartly = `| ${phrase}`;
    const inside = ` ${phrase} `;
    const memory = this.#memory;
    for (const i of passing) {
      const rowid = rowids[i]!;
      const title = memory.titleOf(rowid);
      let s = (strict === null || strict.has(rowid) ? STRICT_BONUS : 0) + (fieldBoost.get(rowid) ?? 0) - Math.min(title.length, 500) / 1000;
      if (phrase !== '') {
        if (title.includes(exact)) s += EXACT_TITLE;
        else if (title.includes(begins)) s += TITLE_PREFIX;
        else if (title.includes(beginsPartly)) s += TITLE_PARTIAL_PREFIX;
        else if (title.includes(inside)) s += TITLE_PHRASE;
      }
      scores[i] = s;
    }
    return scores;
  }

  /** Counts of the search that matches everything (the landing page), kept until the index changes or a minute passes. */
  #everythingCounts: { version: number; at: number; counts: ReturnType<SqliteSearchIndex['countAll']> } | null = null;

  #count(evaluation: Evaluation): { counts: Map<number, number>; modified: ModifiedCounts; total: number } {
    if (!evaluation.everything) return this.countAll(evaluation);
    const now = this.#now();
    const cached = this.#everythingCounts;
    if (cached !== null && cached.version === this.#version && now - cached.at < 60_000) return cached.counts;
    const counts = this.countAll(evaluation);
    this.#everythingCounts = { version: this.#version, at: now, counts };
    return counts;
  }

  /** Exact facet counts: each filtered facet over the candidates that pass every other filter. */
  private countAll(evaluation: Evaluation): { counts: Map<number, number>; modified: ModifiedCounts; total: number } {
    const { rowids, masks, all, modifiedBit, facetBitOfFv } = evaluation;
    const tally = new Int32Array(facetBitOfFv.length);
    const bounds = modifiedBoundaries(this.#now());
    const modified: { ranges: number[]; older: number; missing: number } = { ranges: bounds.map(() => 0), older: 0, missing: 0 };
    const oldest = bounds[bounds.length - 1]!;
    const { pool, offset, length, modified: dates } = this.#memory;
    let total = 0;
    for (let i = 0; i < rowids.length; i++) {
      const rowid = rowids[i]!;
      const n = length[rowid] ?? -1;
      if (n < 0) continue;
      const mask = masks[i]!;
      if (mask === all) total++;
      const failed = all & ~mask;
      // A document that fails two filters counts nowhere; one that fails exactly one counts in that facet only.
      if (failed !== 0 && (failed & (failed - 1)) !== 0) continue;
      const start = offset[rowid]!;
      for (let k = start; k < start + n; k++) {
        const fv = pool[k]!;
        if ((mask | facetBitOfFv[fv]!) === all) tally[fv]!++;
      }
      if ((mask | modifiedBit) === all) {
        const m = dates[rowid]!;
        if (Number.isNaN(m)) modified.missing++;
        else {
          for (let r = 0; r < bounds.length; r++) if (m >= bounds[r]!) modified.ranges[r]!++;
          if (m < oldest) modified.older++;
        }
      }
    }
    const counts = new Map<number, number>();
    for (let fv = 0; fv < tally.length; fv++) if (tally[fv]! > 0) counts.set(fv, tally[fv]!);
    return { counts, modified, total };
  }

  #rawCounts(counts: ReadonlyMap<number, number>): Map<ValueFacet, RawFacetCount[]> {
    const out = new Map<ValueFacet, RawFacetCount[]>();
    for (const [fv, n] of counts) {
      const info = this.#values.get(fv);
      if (info === undefined) continue;
      const list = out.get(info.facet) ?? [];
      list.push({ key: info.key, count: n, label: info.label ?? this.#vocab.labelOfKey(info.facet, info.key) });
      out.set(info.facet, list);
    }
    return out;
  }

  #highlighter(evaluation: Evaluation): Highlighter | null {
    if (!evaluation.hasText) return null;
    return highlighterOf(evaluation.analysis.words, evaluation.resolved.map((r) => r.typos), evaluation.resolved.map((r) => r.typoPrefixes));
  }

  /** The rowids of one page of matching documents, in the requested order. */
  #page(evaluation: Evaluation, query: SearchQuery): { rowid: number; score: number }[] {
    const { rowids, masks, all, scores } = evaluation;
    const offset = query.page * query.size;
    if (query.sort.field === 'relevance' && scores !== null) {
      const sign = query.sort.direction === 'asc' ? -1 : 1;
      const before = (a: number, b: number): boolean => sign * (scores[a]! - scores[b]!) > 0 || (scores[a] === scores[b] && rowids[a]! < rowids[b]!);
      const top = topK(rowids.length, offset + query.size, (i) => masks[i] === all, before);
      return top.slice(offset).map((i) => ({ rowid: rowids[i]!, score: scores[i]! }));
    }
    if (query.sort.field !== 'title') {
      // Dates are in memory: newest (or oldest) first, documents without a date last, then by rowid.
      const byModified = query.sort.field !== 'firstHarvested';
      const dates = byModified ? this.#memory.modified : this.#memory.firstHarvested;
      const sign = query.sort.field === 'relevance' || query.sort.direction === 'desc' ? 1 : -1;
      const before = (a: number, b: number): boolean => {
        const x = dates[rowids[a]!]!;
        const y = dates[rowids[b]!]!;
        if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(y);
        if (x !== y && !Number.isNaN(x)) return sign * (x - y) > 0;
        return rowids[a]! < rowids[b]!;
      };
      return topK(rowids.length, offset + query.size, (i) => masks[i] === all, before)
        .slice(offset)
        .map((i) => ({ rowid: rowids[i]!, score: 0 }));
    }
    const dir = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
    const sortColumn = query.lang === 'nn' ? 'sort_nn' : query.lang === 'en' ? 'sort_en' : 'sort_nb';
    const order = `${sortColumn} = '', ${sortColumn} ${dir}, id`;
    const rows = evaluation.everything
      ? (this.#db.prepare(`SELECT rowid FROM search_doc ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(query.size, offset) as number[])
      : (this.#db
          .prepare(`SELECT rowid FROM search_doc WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY ${order} LIMIT ? OFFSET ?`)
          .pluck()
          .all(JSON.stringify(rowids.filter((_, i) => masks[i] === all)), query.size, offset) as number[]);
    return rows.map((rowid) => ({ rowid, score: 0 }));
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    if (query.page * query.size + query.size > MAX_RESULT_WINDOW) throw new BadRequestError(`Results beyond the first ${MAX_RESULT_WINDOW} cannot be paged to: narrow the search.`);
    const evaluation = this.#evaluate(query.q, query.filters);
    const { counts, modified, total } = this.#count(evaluation);
    const page = this.#page(evaluation, query);
    const docOf = this.#db.prepare('SELECT doc FROM search_doc WHERE rowid = ?').pluck();
    const highlighter = this.#highlighter(evaluation);
    const relevance = evaluation.hasText && query.sort.field === 'relevance';
    const hits = page.map(({ rowid, score }) => searchHit(JSON.parse(docOf.get(rowid) as string) as HitDocument, query.lang, highlighter, relevance ? score : 0));
    const size = query.facetSize ?? DEFAULT_FACET_SIZE;
    const raw = this.#rawCounts(counts);
    const facets = {} as Record<SearchFacet, FacetCounts>;
    for (const facet of VALUE_FACETS) facets[facet] = facetCounts(facet, raw.get(facet) ?? [], query.lang, size);
    facets.modified = modifiedBuckets(modified, query.lang);
    return { total, page: query.page, size: query.size, hits, facets };
  }

  async facetValues(request: FacetValuesRequest): Promise<FacetValuesResponse> {
    const evaluation = this.#evaluate(request.q, request.filters);
    const { counts, modified } = this.#count(evaluation);
    const page = <T>(items: readonly T[]): T[] => items.slice(request.page * request.size, (request.page + 1) * request.size);
    if (request.facet === 'modified') {
      const m = modifiedBuckets(modified, request.lang);
      const buckets = m.buckets.filter((b) => request.valueQuery === undefined || valueMatches(request.valueQuery, b.key, b.label));
      return { facet: 'modified', total: buckets.length, page: request.page, size: request.size, buckets: page(buckets), missing: m.missing };
    }
    const facet = request.facet;
    const { buckets, missing } = sortedBuckets(facet, this.#rawCounts(counts).get(facet) ?? [], request.lang);
    const matching = request.valueQuery === undefined ? buckets : buckets.filter((b) => valueMatches(request.valueQuery!, b.key, b.label));
    return { facet, total: matching.length, page: request.page, size: request.size, buckets: page(matching), missing };
  }

  async suggest(q: string, options: SuggestOptions): Promise<Suggestion[]> {
    this.#sync();
    const typed = wordList(q).slice(0, 8);
    if (typed.length === 0) return [];
    const folded = typed.map(foldWord);
    const out: Suggestion[] = [];

    // Publishers whose name has words starting with every typed word, most datasets first.
    const candidates = [...this.#values].filter(([, info]) => {
      if (info.facet !== 'publisher' || info.key === MISSING_VALUE) return false;
      const name = pickText(info.label, options.lang);
      if (name === null) return false;
      const nameWords = wordList(name).map(foldWord);
      return folded.every((w) => nameWords.some((n) => n.startsWith(w)));
    });
    if (candidates.length > 0) {
      this.#ensureMemory();
      const docs = new Map<number, number>(candidates.map(([fv]) => [fv, 0]));
      const { pool, offset, length } = this.#memory;
      for (const rowid of this.#memory.rowids()) for (let k = offset[rowid]!; k < offset[rowid]! + length[rowid]!; k++) if (docs.has(pool[k]!)) docs.set(pool[k]!, docs.get(pool[k]!)! + 1);
      const publishers = candidates
        .map(([fv, info]) => ({ id: info.key, name: pickText(info.label, options.lang)!, docs: docs.get(fv)! }))
        .filter((p) => p.docs > 0)
        .sort((a, b) => b.docs - a.docs || a.name.localeCompare(b.name, 'nb'));
      for (const p of publishers.slice(0, Math.min(3, options.size))) out.push({ text: p.name, kind: 'publisher', id: p.id });
    }

    // Titles: earlier words as typed (stemmed), the last one as a prefix.
    const quote = (t: string): string => `"${t.replace(/"/g, '""')}"`;
    const parts = typed.map((w, i) => {
      const forms = new Set([w, foldWord(w), stemFor(w, 'no'), stemFor(foldWord(w), 'no')]);
      const alternatives = [...forms].filter((f) => f !== '').map((f) => (i === typed.length - 1 ? `${quote(f)} *` : quote(f)));
      return `{title} : (${alternatives.join(' OR ')})`;
    });
    const phrase = folded.join(' ');
    const rows = this.#db
      .prepare(
        `SELECT d.doc AS doc FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ?) x JOIN search_doc d ON d.rowid = x.rowid
         ORDER BY (CASE WHEN instr(d.title_norm, ?) > 0 THEN 2 WHEN instr(d.title_norm, ?) > 0 THEN 1 ELSE 0 END) DESC, length(d.title_norm), d.sort_nb LIMIT ?`,
      )
      .all(parts.join(' AND '), `| ${phrase}`, ` ${phrase}`, options.size * 3) as { doc: string }[];
    const seen = new Set<string>();
    for (const r of rows) {
      if (out.length >= options.size) break;
      const doc = JSON.parse(r.doc) as HitDocument;
      const title = pickText(doc.title, options.lang);
      if (title === null || seen.has(title)) continue;
      seen.add(title);
      out.push({ text: title, kind: 'title', id: doc.id, type: doc.kind });
    }
    return out;
  }
}

