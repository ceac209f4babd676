import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { BadRequestError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import {
  facetsForKinds, MAX_RESULT_WINDOW, type FacetCounts, type FacetDefinition, type FacetValuesRequest, type FacetValuesResponse,
  type SearchFacet, type SearchIndex, type ValueFacet, type SearchQuery, type SearchRecordInput, type SearchResponse, type Suggestion, type SuggestOptions,
} from '../../core/ports/search-index.js';
import { DEFAULT_FACET_SIZE, facetCounts, modifiedBuckets, periodBuckets, sortedBuckets, valueMatches } from '../facet-buckets.js';
import { highlighterOf } from '../highlight.js';
import { searchHit, type HitDocument } from '../search-hit.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { FacetCounter, rawFacetCounts } from './facet-counting.js';
import { IndexCache } from './index-cache.js';
import { evaluateQuery } from './query-evaluation.js';
import { resultPage } from './result-page.js';
import { ensureSchema } from './schema.js';
import type { CheckpointedFileOptions, WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { SearchWriter } from './search-writer.js';
import { suggestions } from './suggestions.js';
import { FACET_DEFINITIONS, facetDefinition } from '../kinds/registry.js';

export interface SqliteSearchIndexOptions extends CheckpointedFileOptions {
  /** The database file: `${dataDir}/search.db`, or ':memory:'. */
  readonly file: string;
  readonly vocabulary: SearchVocabulary;
  readonly logger?: Logger;
  /** The clock of the `modified` date ranges and the validity period's states (tests set it). */
  readonly now?: () => number;
  /** Documents per write transaction in upsert. */
  readonly batchSize?: number;
  /** One-word queries that match at least this many documents keep where the word occurs in memory (word-columns-cache.ts; tests lower it). */
  readonly wordCacheMinMatches?: number;
  /** Terms in at least this many documents get postings of their own in the database (term-postings.ts; tests lower it). */
  readonly postingMinDocs?: number;
  /** Whether one-word reads use those postings (default true; tests turn it off to compare with FTS5). */
  readonly readPostings?: boolean;
  /** Writes stopped this long ago: the documents changed since the postings were merged are merged into them (default 2 000 ms; tests lower it). */
  readonly settleAfterMs?: number;
}

/**
 * The embedded search index: SQLite FTS5 in the data directory's database file, in its own `search_`
 * tables, written through its own connection (WAL). Text is analysed in our code (Norwegian and
 * English stemming, æ/ø/å folding, compound parts, typo tolerance through the FTS5 vocabulary table).
 * FTS5 finds the text matches; filters and exact facet counts are computed over an in-memory copy of
 * every document's facet values (FacetMemory), each filtered facet counted without its own filter
 * (values within a facet are alternatives).
 *
 * This class is the SearchIndex adapter over its parts: SearchWriter (writes), IndexCache (the
 * in-memory view and its catch-up with other connections), evaluateQuery (candidates, filter bits,
 * relevance), FacetCounter (exact counts), resultPage (sorting and paging) and suggestions.
 */
export class SqliteSearchIndex implements SearchIndex {
  readonly facets: readonly FacetDefinition[] = FACET_DEFINITIONS;
  readonly #db: Db;
  readonly #vocab: SearchVocabulary;
  readonly #logger: Logger;
  readonly #cache: IndexCache;
  readonly #writer: SearchWriter;
  readonly #counter: FacetCounter;
  readonly #now: () => number;
  readonly #checkpointer: WalCheckpointer | undefined;
  /** True when the index found on open was written by another version and was emptied: rebuild it. */
  readonly needsRebuild: boolean;

  private constructor(options: SqliteSearchIndexOptions) {
    this.#vocab = options.vocabulary;
    this.#logger = options.logger ?? silentLogger;
    this.#db = new Database(options.file, { timeout: 10_000 });
    if (options.file !== ':memory:') this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('temp_store = MEMORY');
    this.#db.pragma('cache_size = -131072');
    this.#checkpointer = options.checkpointer;
    this.#checkpointer?.watch(this.#db);
    this.#cache = new IndexCache(this.#db, {
      ...(options.wordCacheMinMatches === undefined ? {} : { wordCacheMinMatches: options.wordCacheMinMatches }),
      ...(options.postingMinDocs === undefined ? {} : { postingMinDocs: options.postingMinDocs }),
      ...(options.readPostings === undefined ? {} : { readPostings: options.readPostings }),
    });
    this.#writer = new SearchWriter(this.#db, this.#cache, options.vocabulary, options.batchSize ?? 1000, options.settleAfterMs);
    this.#now = options.now ?? Date.now;
    this.#counter = new FacetCounter(this.#cache, this.#now);
    this.needsRebuild = ensureSchema(this.#db);
    if (this.needsRebuild) this.#logger.warn({ file: options.file }, 'The search index was written by another version and has been emptied: rebuild it from the store (reindex).');
    this.#cache.sync(true);
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

  // ------------------------------------------------------------------ writes

  async upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    await this.#writer.upsert(inputs);
  }

  async remove(ids: readonly string[]): Promise<void> {
    await this.#writer.remove(ids);
  }

  async clear(): Promise<void> {
    await this.#writer.clear();
  }

  /**
   * Brings the common terms' postings up to date now (term-postings.ts): builds them when bulk upserts left them to be
   * built once writes stop, or merges the documents changed since. The index does this on its own once writes have stopped
   * for settleAfterMs; a rebuild that wants its reads at full speed at once (the search bench) asks for it.
   */
  async settle(): Promise<void> {
    await this.#writer.settleNow();
  }

  async count(): Promise<number> {
    return this.#db.prepare('SELECT count(*) FROM search_doc').pluck().get() as number;
  }

  async ids(): Promise<string[]> {
    return this.#db.prepare('SELECT id FROM search_doc ORDER BY id').pluck().all() as string[];
  }

  async close(): Promise<void> {
    await this.#writer.close();
    await this.#checkpointer?.unwatch(this.#db);
    if (this.#db.open) this.#db.close();
  }

  // ------------------------------------------------------------------ search

  async search(query: SearchQuery): Promise<SearchResponse> {
    if (query.page * query.size + query.size > MAX_RESULT_WINDOW) throw new BadRequestError(`Results beyond the first ${MAX_RESULT_WINDOW} cannot be paged to: narrow the search.`);
    await this.#cache.warmMemory();
    const evaluation = evaluateQuery(this.#db, this.#cache, query.q, query.filters, this.#now());
    const { counts, modified, period, total } = this.#counter.count(evaluation);
    const page = resultPage(this.#db, this.#cache.memory, evaluation, query);
    const docOf = this.#db.prepare('SELECT doc FROM search_doc WHERE rowid = ?').pluck();
    const highlighter = evaluation.hasText ? highlighterOf(evaluation.analysis.words, evaluation.resolved.map((r) => r.typos), evaluation.resolved.map((r) => r.typoPrefixes)) : null;
    const relevance = evaluation.hasText && query.sort.field === 'relevance';
    const hits = page.map(({ rowid, score }) => searchHit(JSON.parse(docOf.get(rowid) as string) as HitDocument, query.lang, highlighter, relevance ? score : 0));
    const size = query.facetSize ?? DEFAULT_FACET_SIZE;
    const raw = rawFacetCounts(counts, this.#cache.values, this.#vocab);
    const facets: Partial<Record<SearchFacet, FacetCounts>> = {};
    for (const facet of facetsForKinds(FACET_DEFINITIONS, query.filters.type)) {
      facets[facet.name] = facet.filter === 'date-range' ? modifiedBuckets(modified, query.lang)
        : facet.filter === 'period' ? periodBuckets(period, query.lang)
          : facetCounts(facet.name as ValueFacet, raw.get(facet.name as ValueFacet) ?? [], query.lang, size);
    }
    return { total, page: query.page, size: query.size, hits, facets };
  }

  async facetValues(request: FacetValuesRequest): Promise<FacetValuesResponse> {
    await this.#cache.warmMemory();
    const evaluation = evaluateQuery(this.#db, this.#cache, request.q, request.filters, this.#now());
    const { counts, modified, period } = this.#counter.count(evaluation);
    const page = <T>(items: readonly T[]): T[] => items.slice(request.page * request.size, (request.page + 1) * request.size);
    const kind = facetDefinition(request.facet)?.filter;
    if (kind === 'date-range' || kind === 'period') {
      const m = kind === 'period' ? periodBuckets(period, request.lang) : modifiedBuckets(modified, request.lang);
      const buckets = m.buckets.filter((b) => request.valueQuery === undefined || valueMatches(request.valueQuery, b.key, b.label));
      return { facet: request.facet, total: buckets.length, page: request.page, size: request.size, buckets: page(buckets), missing: m.missing };
    }
    const facet = request.facet as ValueFacet;
    const { buckets, missing } = sortedBuckets(facet, rawFacetCounts(counts, this.#cache.values, this.#vocab).get(facet) ?? [], request.lang);
    const matching = request.valueQuery === undefined ? buckets : buckets.filter((b) => valueMatches(request.valueQuery!, b.key, b.label));
    return { facet, total: matching.length, page: request.page, size: request.size, buckets: page(matching), missing };
  }

  /** The common one-word queries kept in memory, and how many one-word searches were answered from it (benchmarks, tests). */
  cachedWords(): { words: number; hits: number; misses: number } {
    return this.#cache.words.stats();
  }

  async suggest(q: string, options: SuggestOptions): Promise<Suggestion[]> {
    await this.#cache.warmMemory();
    return suggestions(this.#db, this.#cache, q, options);
  }
}
