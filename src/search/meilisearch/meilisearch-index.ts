import { createHash } from 'node:crypto';
import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, type Index, type MultiSearchQuery, type Settings, type Task } from 'meilisearch';
import { BadRequestError, ServiceUnavailableError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import {
  facetsForKinds, MAX_RESULT_WINDOW, MISSING_VALUE, type FacetCounts, type FacetDefinition, type FacetValuesRequest, type FacetValuesResponse,
  type SearchFacet, type SearchIndex, type SearchQuery, type SearchRecordInput, type SearchResponse,
  type Suggestion, type SuggestOptions, type ValueFacet,
} from '../../core/ports/search-index.js';
import { analyzeQuery } from '../analysis/query-analysis.js';
import { foldWord, wordList } from '../analysis/normalize.js';
import { buildSearchDocument } from '../document/build-search-document.js';
import { pickText, type LangMap } from '../../core/lang-map.js';
import { labelKey } from '../document/search-document.js';
import { DEFAULT_FACET_SIZE, facetCounts, modifiedBuckets, periodBuckets, sortedBuckets, valueMatches, type RawFacetCount } from '../facet-buckets.js';
import { highlighterOf } from '../highlight.js';
import { searchHit, type HitDocument } from '../search-hit.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { filterExpression } from './filter-expression.js';
import { meilisearchDocumentOf, meilisearchQueryText, type MeilisearchDocument } from './meilisearch-document.js';
import { meilisearchSettings } from './meilisearch-settings.js';
import { facetCountQueries, meilisearchSort } from './search-plan.js';
import { FACET_DEFINITIONS, facetDefinition } from '../kinds/registry.js';

export interface MeilisearchIndexOptions {
  readonly url: string;
  readonly apiKey?: string;
  /** Index uid; facet labels go to `${indexUid}-labels`. */
  readonly indexUid: string;
  readonly vocabulary: SearchVocabulary;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Documents per write request. */
  readonly batchSize?: number;
  /** How long to wait for a Meilisearch task, ms. */
  readonly taskTimeoutMs?: number;
}

interface LabelDocument {
  readonly id: string;
  readonly facet: string;
  readonly key: string;
  readonly label: string;
}

/**
 * The scale-out search index: Meilisearch through the official client. Documents carry our own text
 * analysis (so Norwegian stemming and æ/ø/å folding match the embedded index) and facet arrays;
 * filtered facets are counted without their own filter through one multi-search; totals are exact
 * (page/hitsPerPage with maxTotalHits raised) and facet lists are not cut (maxValuesPerFacet raised).
 * Writes are batched and wait for their tasks. An unreachable server is a ServiceUnavailableError
 * naming the URL.
 */
export class MeilisearchIndex implements SearchIndex {
  readonly facets: readonly FacetDefinition[] = FACET_DEFINITIONS;
  readonly #client: Meilisearch;
  readonly #options: MeilisearchIndexOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #index: Index<MeilisearchDocument>;
  readonly #labelsIndex: Index<LabelDocument>;
  #ready: Promise<void> | undefined;
  #labels: Map<string, LangMap> | undefined;

  constructor(options: MeilisearchIndexOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
    this.#client = new Meilisearch({ host: options.url, ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}) });
    this.#index = this.#client.index<MeilisearchDocument>(options.indexUid);
    this.#labelsIndex = this.#client.index<LabelDocument>(`${options.indexUid}-labels`);
  }

  /** Runs a call, turning connection failures into a ServiceUnavailableError that names the server. */
  async #call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof MeilisearchRequestError || error instanceof MeilisearchRequestTimeOutError) {
        throw new ServiceUnavailableError(`The search service (Meilisearch at ${this.#options.url}) did not answer while trying to ${what}: ${error.message}`, {}, { cause: error });
      }
      if (error instanceof MeilisearchApiError) {
        if (error.cause?.code === 'invalid_search_filter') throw new BadRequestError(`The search filter was refused: ${error.message}`, {}, { cause: error });
        throw new ServiceUnavailableError(`Meilisearch at ${this.#options.url} refused to ${what}: ${error.message}`, {}, { cause: error });
      }
      throw error;
    }
  }

  async #wait(what: string, enqueued: { waitTask: (o?: { timeout?: number }) => Promise<Task> }): Promise<void> {
    const task = await this.#call(what, () => enqueued.waitTask({ timeout: this.#options.taskTimeoutMs ?? 120_000 }));
    if (task.status !== 'succeeded') throw new Error(`Meilisearch could not ${what}: task ${task.uid} ${task.status}${task.error ? `: ${task.error.message}` : ''}.`);
  }

  /** Creates both indexes (primary key `id`) and applies the settings, once. */
  #ensureReady(): Promise<void> {
    this.#ready ??= (async () => {
      const plan: [string, Settings][] = [
        [this.#options.indexUid, meilisearchSettings()],
        [`${this.#options.indexUid}-labels`, { filterableAttributes: ['facet', 'key'], searchableAttributes: ['label'] }],
      ];
      for (const [uid, settings] of plan) {
        const existing = await this.#call('read the index list', () => this.#client.getRawIndex(uid).then(() => true, (e: unknown) => {
          if (e instanceof MeilisearchApiError && e.cause?.code === 'index_not_found') return false;
          throw e;
        }));
        if (!existing) await this.#wait(`create the index ${uid}`, this.#client.createIndex(uid, { primaryKey: 'id' }));
        await this.#wait(`update the settings of ${uid}`, this.#client.index(uid).updateSettings(settings));
      }
      this.#logger.debug({ url: this.#options.url, index: this.#options.indexUid }, 'Meilisearch index ready');
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #labelMap(): Promise<Map<string, LangMap>> {
    if (this.#labels === undefined) {
      const labels = new Map<string, LangMap>();
      for (let offset = 0; ; offset += 1000) {
        const page = await this.#call('read facet labels', () => this.#labelsIndex.getDocuments({ offset, limit: 1000 }));
        for (const d of page.results) labels.set(labelKey(d.facet, d.key), JSON.parse(d.label) as LangMap);
        if (page.results.length < 1000) break;
      }
      this.#labels = labels;
    }
    return this.#labels;
  }

  async upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    if (inputs.length === 0) return;
    await this.#ensureReady();
    const batchSize = this.#options.batchSize ?? 1000;
    for (let i = 0; i < inputs.length; i += batchSize) {
      const docs = inputs.slice(i, i + batchSize).map((input) => buildSearchDocument(input, this.#vocab));
      const labels = new Map<string, LabelDocument>();
      for (const doc of docs) {
        for (const [key, label] of doc.labels) {
          const [facet = '', value = ''] = key.split('\u0000');
          labels.set(key, { id: createHash('sha1').update(key).digest('hex'), facet, key: value, label: JSON.stringify(label) });
          this.#labels?.set(key, label);
        }
      }
      await this.#wait('add documents', this.#index.addDocuments(docs.map(meilisearchDocumentOf)));
      if (labels.size > 0) await this.#wait('add facet labels', this.#labelsIndex.addDocuments([...labels.values()]));
    }
  }

  get #vocab(): SearchVocabulary {
    return this.#options.vocabulary;
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#ensureReady();
    await this.#wait('delete documents', this.#index.deleteDocuments([...ids]));
  }

  async clear(): Promise<void> {
    await this.#ensureReady();
    await this.#wait('delete all documents', this.#index.deleteAllDocuments());
    await this.#wait('delete all facet labels', this.#labelsIndex.deleteAllDocuments());
    this.#labels = new Map();
  }

  async count(): Promise<number> {
    await this.#ensureReady();
    return (await this.#call('read index statistics', () => this.#index.getStats())).numberOfDocuments;
  }

  async ids(): Promise<string[]> {
    await this.#ensureReady();
    const out: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.#call('list documents', () => this.#index.getDocuments({ offset, limit: 1000, fields: ['id'] }));
      for (const d of page.results) out.push(d.id);
      if (page.results.length < 1000) break;
    }
    return out.sort();
  }

  /** Deletes both Meilisearch indexes (tests, or to start over). */
  async drop(): Promise<void> {
    for (const uid of [this.#options.indexUid, `${this.#options.indexUid}-labels`]) {
      await this.#wait(`delete the index ${uid}`, this.#client.deleteIndex(uid));
    }
    this.#ready = undefined;
    this.#labels = undefined;
  }

  async close(): Promise<void> {
    // The client holds no connection to close.
  }

  #raw(facet: ValueFacet, dist: Record<string, number> | undefined, labels: Map<string, LangMap>): RawFacetCount[] {
    return Object.entries(dist ?? {}).map(([key, count]) => ({ key, count, label: labels.get(labelKey(facet, key)) ?? this.#vocab.labelOfKey(facet, key) }));
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    if (query.page * query.size + query.size > MAX_RESULT_WINDOW) throw new BadRequestError(`Results beyond the first ${MAX_RESULT_WINDOW} cannot be paged to: narrow the search.`);
    await this.#ensureReady();
    const analysis = analyzeQuery(query.q);
    const text = meilisearchQueryText(analysis);
    const sort = meilisearchSort(query);
    const now = this.#now();
    const filter = filterExpression(query.filters, undefined, now);
    const main: MultiSearchQuery = {
      indexUid: this.#options.indexUid,
      q: text,
      page: query.page + 1,
      hitsPerPage: query.size,
      showRankingScore: true,
      ...(sort ? { sort } : {}),
      ...(filter !== undefined ? { filter } : {}),
    };
    const shown = facetsForKinds(FACET_DEFINITIONS, query.filters.type);
    const valueFacets = shown.filter((f) => f.filter === 'values').map((f) => f.name as ValueFacet);
    const counting = facetCountQueries(this.#options.indexUid, now, text, query.filters, valueFacets, shown.some((f) => f.filter === 'date-range'), shown.some((f) => f.filter === 'period'));
    const response = await this.#call('search', () => this.#client.multiSearch({ queries: [main, ...counting.queries] }));
    const [first, ...rest] = response.results;
    const counts = counting.read(rest as never);
    const labels = await this.#labelMap();
    const highlighter = analysis.words.length > 0 ? highlighterOf(analysis.words, []) : null;
    const hits = (first?.hits ?? []).map((h) => searchHit(JSON.parse(String(h.doc)) as HitDocument, query.lang, highlighter, query.sort.field === 'relevance' && highlighter ? Number(h._rankingScore ?? 0) * 1000 : 0));
    const size = query.facetSize ?? DEFAULT_FACET_SIZE;
    const facets: Partial<Record<SearchFacet, FacetCounts>> = {};
    for (const facet of shown) {
      facets[facet.name] = facet.filter === 'date-range' ? modifiedBuckets(counts.modified!, query.lang)
        : facet.filter === 'period' ? periodBuckets(counts.period!, query.lang)
          : facetCounts(facet.name as ValueFacet, this.#raw(facet.name as ValueFacet, counts.facets.get(facet.name as ValueFacet), labels), query.lang, size);
    }
    return { total: Number((first as { totalHits?: number } | undefined)?.totalHits ?? 0), page: query.page, size: query.size, hits, facets };
  }

  async facetValues(request: FacetValuesRequest): Promise<FacetValuesResponse> {
    await this.#ensureReady();
    const text = meilisearchQueryText(analyzeQuery(request.q));
    const kind = facetDefinition(request.facet)?.filter ?? 'values';
    const counting = facetCountQueries(this.#options.indexUid, this.#now(), text, request.filters, kind === 'values' ? [request.facet as ValueFacet] : [], kind === 'date-range', kind === 'period');
    const response = await this.#call('count facet values', () => this.#client.multiSearch({ queries: counting.queries }));
    const counts = counting.read(response.results as never);
    const page = <T>(items: readonly T[]): T[] => items.slice(request.page * request.size, (request.page + 1) * request.size);
    if (kind !== 'values') {
      const m = kind === 'period' ? periodBuckets(counts.period!, request.lang) : modifiedBuckets(counts.modified!, request.lang);
      const buckets = m.buckets.filter((b) => request.valueQuery === undefined || valueMatches(request.valueQuery, b.key, b.label));
      return { facet: request.facet, total: buckets.length, page: request.page, size: request.size, buckets: page(buckets), missing: m.missing };
    }
    const facet = request.facet as ValueFacet;
    const { buckets, missing } = sortedBuckets(facet, this.#raw(facet, counts.facets.get(facet), await this.#labelMap()), request.lang);
    const matching = request.valueQuery === undefined ? buckets : buckets.filter((b) => valueMatches(request.valueQuery!, b.key, b.label));
    return { facet, total: matching.length, page: request.page, size: request.size, buckets: page(matching), missing };
  }

  async suggest(q: string, options: SuggestOptions): Promise<Suggestion[]> {
    const typed = wordList(q).slice(0, 8);
    if (typed.length === 0) return [];
    await this.#ensureReady();
    const folded = typed.map(foldWord);
    const labels = await this.#labelMap();
    const uid = this.#options.indexUid;
    const text = meilisearchQueryText(analyzeQuery(q));
    const response = await this.#call('suggest', () =>
      this.#client.multiSearch({
        queries: [
          { indexUid: uid, q: text, limit: options.size * 3, attributesToSearchOn: ['title_terms'] },
          { indexUid: uid, q: '', page: 0, hitsPerPage: 1, facets: ['publisher'] },
        ],
      }),
    );
    const out: Suggestion[] = [];
    const docsOf = (response.results[1]?.facetDistribution?.publisher ?? {}) as Record<string, number>;
    const publishers: { id: string; name: string; docs: number }[] = [];
    for (const [id, docs] of Object.entries(docsOf)) {
      if (id === MISSING_VALUE) continue;
      const name = pickText(labels.get(labelKey('publisher', id)), options.lang);
      if (name === null) continue;
      const words = wordList(name).map(foldWord);
      if (folded.every((w) => words.some((n) => n.startsWith(w)))) publishers.push({ id, name, docs });
    }
    publishers.sort((a, b) => b.docs - a.docs || a.name.localeCompare(b.name, 'nb'));
    for (const p of publishers.slice(0, Math.min(3, options.size))) out.push({ text: p.name, kind: 'publisher', id: p.id });
    const seen = new Set<string>();
    for (const h of response.results[0]?.hits ?? []) {
      if (out.length >= options.size) break;
      const doc = JSON.parse(String(h.doc)) as HitDocument;
      const title = pickText(doc.title, options.lang);
      if (title === null || seen.has(title)) continue;
      seen.add(title);
      out.push({ text: title, kind: 'title', id: doc.id, type: doc.kind });
    }
    return out;
  }
}

