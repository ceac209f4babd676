import type pg from 'pg';
import { BadRequestError } from '../../core/errors.js';
import { pickText, type LangMap } from '../../core/lang-map.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import {
  facetsForKinds, MAX_RESULT_WINDOW, MISSING_VALUE, MODIFIED_RANGES, PERIOD_STATES, type FacetCounts, type FacetDefinition, type FacetValuesRequest,
  type FacetValuesResponse, type SearchFacet, type SearchFilters, type SearchIndex, type SearchQuery, type SearchRecordInput,
  type SearchResponse, type Suggestion, type SuggestOptions, type ValueFacet,
} from '../../core/ports/search-index.js';
import { analyzeQuery } from '../analysis/query-analysis.js';
import { foldWord, wordList } from '../analysis/normalize.js';
import { buildSearchDocument } from '../document/build-search-document.js';
import type { SearchDocument } from '../document/search-document.js';
import { labelKey } from '../document/search-document.js';
import {
  DEFAULT_FACET_SIZE, facetCounts, modifiedBoundaries, modifiedBuckets, periodBuckets, sortedBuckets, startOfDay, valueMatches,
  type ModifiedCounts, type PeriodCounts, type RawFacetCount,
} from '../facet-buckets.js';
import { highlighterOf } from '../highlight.js';
import { FACET_DEFINITIONS, facetDefinition, PERIOD_FACET } from '../kinds/registry.js';
import { searchHit, type HitDocument } from '../search-hit.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { documentRowOf, FACET_SEPARATOR, facetValueKey } from './document-row.js';
import { refusesContent } from '../../postgres/content-errors.js';
import { inTransaction } from '../../postgres/connection.js';
import { withoutNul } from '../../postgres/text.js';
import { Params, periodStateCondition, whereClause } from './search-filters.js';
import { migrateSearch } from './search-schema.js';
import { openIndexPool, type OpenedIndexPool } from '../../postgres/index-pool.js';
import { quoteLexeme, textQuery, type TextQuery } from './text-query.js';

export interface PostgresSearchIndexOptions {
  /** `postgres://…` (DATABASE_URL). */
  readonly url: string;
  /** Schema of the index's tables (the store's, by default `public`). */
  readonly schema?: string;
  readonly vocabulary: SearchVocabulary;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Documents per write statement (default 500). */
  readonly batchSize?: number;
  /** Connections in the pool (default 8). */
  readonly poolSize?: number;
}

/** Boosts as the embedded index scores (src/search/sqlite/relevance-scores.ts), data.norge.no's tiers. */
const STRICT_BONUS = 1000;
const EXACT_TITLE = 300;
const TITLE_PREFIX = 150;
const TITLE_PARTIAL_PREFIX = 120;
const TITLE_PHRASE = 100;
const FIELD_BOOSTS = { A: 10, B: 5, C: 1 } as const;
const COMPOUND_BOOSTS = { A: 5, B: 2.5, C: 0.5 } as const;

/**
 * The search index on PostgreSQL (SEARCH_BACKEND=postgres; the default with DATABASE_URL): full text
 * with PostgreSQL's Norwegian and English Snowball stemmers behind unaccent, typo tolerance through a
 * lexicon with a pg_trgm index, exact facet counts (each filtered facet counted without its own
 * filter) with GROUP BY over the documents' facet arrays, and the embedded index's ranking rules in
 * SQL (every word matched exactly first; whole title, title start, phrase in the title; per word a
 * title, keyword or description match; shorter titles first). Shared by every node of a catalog.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly facets: readonly FacetDefinition[] = FACET_DEFINITIONS;
  /** True when the stored documents were built by another version and were emptied: rebuild from the store. */
  readonly needsRebuild: boolean;
  readonly #pool: pg.Pool;
  readonly #vocab: SearchVocabulary;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #guard: OpenedIndexPool<boolean>['guard'];
  readonly #logger: Logger;

  private constructor(pool: pg.Pool, guard: OpenedIndexPool<boolean>['guard'], options: PostgresSearchIndexOptions, needsRebuild: boolean) {
    this.#pool = pool;
    this.#guard = guard;
    this.#vocab = options.vocabulary;
    this.#now = options.now ?? Date.now;
    this.#batchSize = options.batchSize ?? 500;
    this.#logger = options.logger ?? silentLogger;
    this.needsRebuild = needsRebuild;
  }

  /** Connects and brings the index's tables up to date. */
  static async open(options: PostgresSearchIndexOptions): Promise<PostgresSearchIndex> {
    const logger = options.logger ?? silentLogger;
    const { pool, migrated: emptied, guard } = await openIndexPool(
      {
        url: options.url,
        ...(options.schema !== undefined ? { schema: options.schema } : {}),
        poolSize: options.poolSize ?? 8,
        applicationName: 'datakatalog-search',
        // pg_trgm's `%` finds typo candidates at a similarity of 0.2 (one edit in a five-letter word can leave 0.3).
        settings: ['pg_trgm.similarity_threshold=0.2'],
      },
      'search index',
      logger,
      migrateSearch,
    );
    if (emptied) logger.warn({ schema: options.schema ?? 'public' }, 'The PostgreSQL search index was built by another version and has been emptied: it is rebuilt from the store.');
    return new PostgresSearchIndex(pool, guard, options, emptied);
  }

  /** Runs a statement, turning a lost server into a ServiceUnavailableError that names it. */
  async #query<R extends pg.QueryResultRow>(what: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.#guard(what, () => this.#pool.query<R>(sql, values));
  }

  // ------------------------------------------------------------------ writes

  /**
   * Writes the documents in transactions of batchSize. A batch PostgreSQL refuses for what a document holds (a text
   * whose lexemes pass tsvector's 1 MB, …) is written again document by document, and a document refused alone is left
   * out (its older version removed), named in a warning: one record never stops the search index taking the others.
   */
  async upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    for (let i = 0; i < inputs.length; i += this.#batchSize) {
      const docs = inputs.slice(i, i + this.#batchSize).map((input) => buildSearchDocument(input, this.#vocab));
      try {
        await this.#write(docs);
      } catch (error) {
        if (!refusesContent(error)) throw error;
        for (const doc of docs) {
          try {
            await this.#write([doc]);
          } catch (alone) {
            if (!refusesContent(alone)) throw alone;
            this.#logger.warn({ id: doc.id, iri: doc.iri, err: (alone as Error).message }, 'PostgreSQL refused the search document of a record; the record is left out of the search index');
            await this.remove([doc.id]);
          }
        }
      }
    }
  }

  /** Writes documents (and their terms and labels) in one transaction. */
  async #write(docs: readonly SearchDocument[]): Promise<void> {
    // One statement may not touch a row twice: the last document of an id wins.
    const rows = [...new Map(docs.map((d) => [d.id, documentRowOf(d)])).values()];
    const col = <T>(f: (r: (typeof rows)[number]) => T): T[] => rows.map(f);
    const labels = new Map<string, { facet: string; key: string; label: string }>();
    for (const d of docs) {
      for (const [k, label] of d.labels) {
        const [facet = '', key = ''] = k.split('\u0000');
        labels.set(k, { facet: withoutNul(facet), key: withoutNul(key), label: JSON.stringify(label, (_, v: unknown) => (typeof v === 'string' ? withoutNul(v) : v)) });
      }
    }
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO search_documents (id, iri, kind, tsv, title_norm, sort_nb, sort_nn, sort_en, modified, first_harvested, valid_from, valid_to, facet_values, relations, doc, quality)
         SELECT t.id, t.iri, t.kind,
           setweight(to_tsvector('search_no', t.a) || to_tsvector('search_en', t.a), 'A') ||
           setweight(to_tsvector('search_no', t.b) || to_tsvector('search_en', t.b), 'B') ||
           setweight(to_tsvector('search_no', t.c) || to_tsvector('search_en', t.c), 'C') ||
           setweight(to_tsvector('search_no', t.d) || to_tsvector('search_en', t.d), 'D'),
           t.title_norm, t.sort_nb, t.sort_nn, t.sort_en, t.modified, t.first_harvested, t.valid_from, t.valid_to,
           ARRAY(SELECT json_array_elements_text(t.facet_values::json)), ARRAY(SELECT json_array_elements_text(t.relations::json)), t.doc, t.quality
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                     $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::text[], $17::text[], $18::text[], $19::integer[])
           AS t (id, iri, kind, a, b, c, d, title_norm, sort_nb, sort_nn, sort_en, modified, first_harvested, valid_from, valid_to, facet_values, relations, doc, quality)
         ON CONFLICT (id) DO UPDATE SET iri = excluded.iri, kind = excluded.kind, tsv = excluded.tsv, title_norm = excluded.title_norm,
           sort_nb = excluded.sort_nb, sort_nn = excluded.sort_nn, sort_en = excluded.sort_en, modified = excluded.modified,
           first_harvested = excluded.first_harvested, valid_from = excluded.valid_from, valid_to = excluded.valid_to, facet_values = excluded.facet_values, relations = excluded.relations, doc = excluded.doc, quality = excluded.quality`,
        [
          col((r) => r.id), col((r) => r.iri), col((r) => r.kind), col((r) => r.a), col((r) => r.b), col((r) => r.c), col((r) => r.d),
          col((r) => r.titleNorm), col((r) => r.sortNb), col((r) => r.sortNn), col((r) => r.sortEn), col((r) => r.modified), col((r) => r.firstHarvested), col((r) => r.validFrom), col((r) => r.validTo),
          col((r) => JSON.stringify(r.facetValues)), col((r) => JSON.stringify(r.relations)), col((r) => r.doc), col((r) => r.quality),
        ],
      );
      await client.query(
        `INSERT INTO search_terms (term)
         SELECT DISTINCT u.lexeme FROM search_documents d, unnest(d.tsv) AS u WHERE d.id = ANY($1::text[]) ORDER BY 1
         ON CONFLICT (term) DO NOTHING`,
        [col((r) => r.id)],
      );
      if (labels.size > 0) {
        const ls = [...labels.values()].sort((x, y) => (x.facet + x.key < y.facet + y.key ? -1 : 1));
        await client.query(
          `INSERT INTO search_labels (facet, key, label) SELECT t.facet, t.key, t.label::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t (facet, key, label)
           ON CONFLICT (facet, key) DO UPDATE SET label = excluded.label`,
          [ls.map((l) => l.facet), ls.map((l) => l.key), ls.map((l) => l.label)],
        );
      }
    });
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#query('remove documents', 'DELETE FROM search_documents WHERE id = ANY($1::text[])', [ids.map(withoutNul)]);
  }

  async clear(): Promise<void> {
    await this.#query('clear the index', 'TRUNCATE search_documents, search_terms, search_labels');
  }

  async count(): Promise<number> {
    return (await this.#query<{ n: number }>('count documents', 'SELECT count(*)::int AS n FROM search_documents')).rows[0]!.n;
  }

  async ids(): Promise<string[]> {
    return (await this.#query<{ id: string }>('list documents', 'SELECT id FROM search_documents')).rows.map((r) => r.id).sort();
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  // ------------------------------------------------------------------ search

  async search(query: SearchQuery): Promise<SearchResponse> {
    if (query.page * query.size + query.size > MAX_RESULT_WINDOW) throw new BadRequestError(`Results beyond the first ${MAX_RESULT_WINDOW} cannot be paged to: narrow the search.`);
    const analysis = analyzeQuery(query.q);
    const text = await textQuery(this.#pool, analysis);
    const shown = facetsForKinds(FACET_DEFINITIONS, query.filters.type);
    const valueFacets = shown.filter((f) => f.filter === 'values').map((f) => f.name as ValueFacet);

    const [page, total, counts, modified, period] = await Promise.all([
      this.#page(query, text, analysis.phrase),
      this.#total(text, query.filters),
      this.#facetCounts(text, query.filters, valueFacets),
      shown.some((f) => f.filter === 'date-range') ? this.#modifiedCounts(text, query.filters) : Promise.resolve(null),
      shown.some((f) => f.filter === 'period') ? this.#periodCounts(text, query.filters) : Promise.resolve(null),
    ]);
    const labels = await this.#labels(counts);
    const highlighter = text === null ? null : highlighterOf(analysis.words.filter((w) => text.words.some((x) => x.word === w.word)), text.highlightTypos);
    const relevance = query.sort.field === 'relevance' && text !== null;
    const hits = page.map((r) => searchHit(JSON.parse(r.doc) as HitDocument, query.lang, highlighter, relevance ? r.score : 0));
    const size = query.facetSize ?? DEFAULT_FACET_SIZE;
    const facets: Partial<Record<SearchFacet, FacetCounts>> = {};
    for (const facet of shown) {
      facets[facet.name] =
        facet.filter === 'date-range' ? modifiedBuckets(modified!, query.lang)
          : facet.filter === 'period' ? periodBuckets(period!, query.lang)
            : facetCounts(facet.name as ValueFacet, this.#raw(facet.name as ValueFacet, counts, labels), query.lang, size);
    }
    return { total, page: query.page, size: query.size, hits, facets };
  }

  async #page(query: SearchQuery, text: TextQuery | null, phrase: string): Promise<{ doc: string; score: number }[]> {
    const params = new Params();
    const where = whereClause(params, text === null ? null : params.add(text.full, '::tsquery'), query.filters, undefined, this.#now());
    const dir = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
    let score = '0';
    let order: string;
    if (query.sort.field === 'relevance' && text !== null) {
      score = this.#scoreExpression(params, text, phrase);
      order = `score ${dir}, id`;
    } else if (query.sort.field === 'title') {
      const column = query.lang === 'nn' ? 'sort_nn' : query.lang === 'en' ? 'sort_en' : 'sort_nb';
      order = `${column} = '', ${column} COLLATE "C" ${dir}, id`;
    } else {
      // Dates and quality: newest (best; or oldest, poorest) first, documents without one last; relevance without text is newest first.
      const column = query.sort.field === 'firstHarvested' ? 'first_harvested' : query.sort.field === 'quality' ? 'quality' : 'modified';
      order = `${column} ${query.sort.field === 'relevance' ? 'DESC' : dir} NULLS LAST, id`;
    }
    const sql = `SELECT doc, ${score} AS score FROM search_documents WHERE ${where} ORDER BY ${order} LIMIT ${params.add(query.size)} OFFSET ${params.add(query.page * query.size)}`;
    const { rows } = await this.#query<{ doc: string; score: number }>('search', sql, params.values);
    return rows.map((r) => ({ doc: r.doc, score: Number(r.score) }));
  }

  /** The embedded index's relevance rules, in SQL. */
  #scoreExpression(params: Params, text: TextQuery, phrase: string): string {
    const parts = [`CASE WHEN tsv @@ ${params.add(text.strict, '::tsquery')} THEN ${STRICT_BONUS} ELSE 0 END`];
    if (phrase !== '') {
      const p = (s: string): string => params.add(withoutNul(s));
      parts.push(
        `CASE WHEN strpos(title_norm, ${p(`| ${phrase} |`)}) > 0 THEN ${EXACT_TITLE} WHEN strpos(title_norm, ${p(`| ${phrase} `)}) > 0 THEN ${TITLE_PREFIX}` +
          ` WHEN strpos(title_norm, ${p(`| ${phrase}`)}) > 0 THEN ${TITLE_PARTIAL_PREFIX} WHEN strpos(title_norm, ${p(` ${phrase} `)}) > 0 THEN ${TITLE_PHRASE} ELSE 0 END`,
      );
    }
    const n = text.weighted.length;
    for (const w of text.weighted) {
      for (const weight of ['A', 'B', 'C'] as const) {
        const exact = params.add(w.exact(weight), '::tsquery');
        const compound = w.prefix === null ? '' : ` WHEN tsv @@ ${params.add(w.prefix(weight), '::tsquery')} THEN ${COMPOUND_BOOSTS[weight] / n}`;
        parts.push(`CASE WHEN tsv @@ ${exact} THEN ${FIELD_BOOSTS[weight] / n}${compound} ELSE 0 END`);
      }
    }
    parts.push('- least(length(title_norm), 500) / 1000.0');
    return `(${parts.join(' + ')})::float8`;
  }

  async #total(text: TextQuery | null, filters: SearchFilters): Promise<number> {
    const params = new Params();
    const where = whereClause(params, text === null ? null : params.add(text.full, '::tsquery'), filters, undefined, this.#now());
    return (await this.#query<{ n: number }>('count matches', `SELECT count(*)::int AS n FROM search_documents WHERE ${where}`, params.values)).rows[0]!.n;
  }

  /** Documents per facet value: unfiltered facets in one pass, each filtered facet without its own filter. */
  async #facetCounts(text: TextQuery | null, filters: SearchFilters, facets: readonly ValueFacet[]): Promise<Map<ValueFacet, Map<string, number>>> {
    const out = new Map<ValueFacet, Map<string, number>>(facets.map((f) => [f, new Map()]));
    const plain = facets.filter((f) => !filters[f]?.length);
    const filtered = facets.filter((f) => filters[f]?.length);
    const run = async (only: readonly ValueFacet[], except?: ValueFacet): Promise<void> => {
      const params = new Params();
      const where = whereClause(params, text === null ? null : params.add(text.full, '::tsquery'), filters, except, this.#now());
      const prefixes = params.add(only.map((f) => `${f}${FACET_SEPARATOR}`), '::text[]');
      const { rows } = await this.#query<{ v: string; n: number }>(
        'count facets',
        `SELECT v, count(*)::int AS n FROM search_documents, unnest(facet_values) AS v
         WHERE ${where} AND split_part(v, '${FACET_SEPARATOR}', 1) || '${FACET_SEPARATOR}' = ANY(${prefixes}) GROUP BY v`,
        params.values,
      );
      for (const r of rows) {
        const cut = r.v.indexOf(FACET_SEPARATOR);
        out.get(r.v.slice(0, cut) as ValueFacet)?.set(r.v.slice(cut + 1), r.n);
      }
    };
    await Promise.all([...(plain.length > 0 ? [run(plain)] : []), ...filtered.map((f) => run([f], f))]);
    return out;
  }

  async #modifiedCounts(text: TextQuery | null, filters: SearchFilters): Promise<ModifiedCounts> {
    const params = new Params();
    const where = whereClause(params, text === null ? null : params.add(text.full, '::tsquery'), filters, 'modified', this.#now());
    const bounds = modifiedBoundaries(this.#now());
    const ranges = bounds.map((b, i) => `count(*) FILTER (WHERE modified >= ${params.add(b)})::int AS r${i}`);
    const { rows } = await this.#query<Record<string, number>>(
      'count modified dates',
      `SELECT ${ranges.join(', ')}, count(*) FILTER (WHERE modified < ${params.add(bounds[bounds.length - 1]!)})::int AS older,
         count(*) FILTER (WHERE modified IS NULL)::int AS missing
       FROM search_documents WHERE ${where}`,
      params.values,
    );
    const r = rows[0]!;
    return { ranges: MODIFIED_RANGES.map((_, i) => r[`r${i}`] ?? 0), older: r.older ?? 0, missing: r.missing ?? 0 };
  }

  /** Documents per validity state on the day of the search (the period filter left out), and those without a period. */
  async #periodCounts(text: TextQuery | null, filters: SearchFilters): Promise<PeriodCounts> {
    const params = new Params();
    const where = whereClause(params, text === null ? null : params.add(text.full, '::tsquery'), filters, PERIOD_FACET?.name as ValueFacet | undefined, this.#now());
    const today = params.add(startOfDay(this.#now()));
    const states = PERIOD_STATES.map((state) => `count(*) FILTER (WHERE ${periodStateCondition(state, today)})::int AS ${state}`);
    const { rows } = await this.#query<Record<string, number>>(
      'count validity states',
      `SELECT ${states.join(', ')}, count(*) FILTER (WHERE valid_from IS NULL)::int AS missing FROM search_documents WHERE ${where}`,
      params.values,
    );
    const r = rows[0]!;
    return { states: { current: r.current ?? 0, expired: r.expired ?? 0, future: r.future ?? 0 }, missing: r.missing ?? 0 };
  }

  /** The stored labels of the counted values. */
  async #labels(counts: Map<ValueFacet, Map<string, number>>): Promise<Map<string, LangMap>> {
    const facets: string[] = [];
    const keys: string[] = [];
    for (const [facet, values] of counts) {
      for (const key of values.keys()) {
        if (key === MISSING_VALUE) continue;
        facets.push(facet);
        keys.push(key);
      }
    }
    const out = new Map<string, LangMap>();
    if (keys.length === 0) return out;
    const { rows } = await this.#query<{ facet: string; key: string; label: LangMap }>(
      'read facet labels',
      'SELECT l.facet, l.key, l.label FROM search_labels l JOIN unnest($1::text[], $2::text[]) AS x (facet, key) ON l.facet = x.facet AND l.key = x.key',
      [facets, keys],
    );
    for (const r of rows) out.set(labelKey(r.facet, r.key), r.label);
    return out;
  }

  #raw(facet: ValueFacet, counts: Map<ValueFacet, Map<string, number>>, labels: Map<string, LangMap>): RawFacetCount[] {
    return [...(counts.get(facet) ?? new Map<string, number>())].map(([key, count]) => ({ key, count, label: labels.get(labelKey(facet, key)) ?? this.#vocab.labelOfKey(facet, key) }));
  }

  async facetValues(request: FacetValuesRequest): Promise<FacetValuesResponse> {
    const text = await textQuery(this.#pool, analyzeQuery(request.q));
    const kind = facetDefinition(request.facet)?.filter ?? 'values';
    const page = <T>(items: readonly T[]): T[] => items.slice(request.page * request.size, (request.page + 1) * request.size);
    if (kind !== 'values') {
      const m = kind === 'period' ? periodBuckets(await this.#periodCounts(text, request.filters), request.lang) : modifiedBuckets(await this.#modifiedCounts(text, request.filters), request.lang);
      const buckets = m.buckets.filter((b) => request.valueQuery === undefined || valueMatches(request.valueQuery, b.key, b.label));
      return { facet: request.facet, total: buckets.length, page: request.page, size: request.size, buckets: page(buckets), missing: m.missing };
    }
    const facet = request.facet as ValueFacet;
    const counts = await this.#facetCounts(text, { ...request.filters, [facet]: [] }, [facet]);
    const { buckets, missing } = sortedBuckets(facet, this.#raw(facet, counts, await this.#labels(counts)), request.lang);
    const matching = request.valueQuery === undefined ? buckets : buckets.filter((b) => valueMatches(request.valueQuery!, b.key, b.label));
    return { facet, total: matching.length, page: request.page, size: request.size, buckets: page(matching), missing };
  }

  /**
   * Suggestions while typing: up to three publishers whose name has words beginning with every typed
   * word (most documents first), then titles matching the typed words (the last as a prefix), titles
   * that begin with the typed text first.
   */
  async suggest(q: string, options: SuggestOptions): Promise<Suggestion[]> {
    const typed = wordList(q).slice(0, 8).map(withoutNul).filter((w) => w !== '');
    if (typed.length === 0) return [];
    const folded = typed.map(foldWord);
    const out: Suggestion[] = [];

    const { rows: publisherRows } = await this.#query<{ key: string; label: LangMap }>('suggest publishers', "SELECT key, label FROM search_labels WHERE facet = 'publisher'");
    const candidates = publisherRows
      .map((r) => ({ id: r.key, name: pickText(r.label, options.lang) }))
      .filter((p): p is { id: string; name: string } => p.id !== MISSING_VALUE && p.name !== null && folded.every((w) => wordList(p.name!).map(foldWord).some((n) => n.startsWith(w))));
    if (candidates.length > 0) {
      const { rows } = await this.#query<{ key: string; n: number }>(
        'count publishers',
        'SELECT k.key, (SELECT count(*)::int FROM search_documents WHERE facet_values @> ARRAY[k.v]) AS n FROM unnest($1::text[], $2::text[]) AS k (key, v)',
        [candidates.map((c) => c.id), candidates.map((c) => facetValueKey('publisher', c.id))],
      );
      const docs = new Map(rows.map((r) => [r.key, r.n]));
      const publishers = candidates
        .map((c) => ({ ...c, docs: docs.get(c.id) ?? 0 }))
        .filter((p) => p.docs > 0)
        .sort((a, b) => b.docs - a.docs || a.name.localeCompare(b.name, 'nb'));
      for (const p of publishers.slice(0, Math.min(3, options.size))) out.push({ text: p.name, kind: 'publisher', id: p.id });
    }

    // Titles: every typed word among the title lexemes, the last one as a prefix.
    const { rows: forms } = await this.#query<{ lexemes: string[] }>(
      'analyse typed words',
      `SELECT ARRAY(SELECT DISTINCT lexeme FROM unnest(to_tsvector('search_no', t.w) || to_tsvector('search_en', t.w) || to_tsvector('simple', unaccent(t.w)))) AS lexemes
       FROM unnest($1::text[]) WITH ORDINALITY AS t (w, i) ORDER BY t.i`,
      [typed],
    );
    const parts = forms
      .map((f, i) => f.lexemes.map((l) => (i === forms.length - 1 ? `${quoteLexeme(l)}:*A` : `${quoteLexeme(l)}:A`)))
      .filter((alternatives) => alternatives.length > 0)
      .map((alternatives) => `( ${alternatives.join(' | ')} )`);
    if (parts.length === 0) return out;
    const phrase = folded.join(' ');
    const { rows } = await this.#query<{ doc: string }>(
      'suggest titles',
      `SELECT doc FROM search_documents WHERE tsv @@ $1::tsquery
       ORDER BY (CASE WHEN strpos(title_norm, $2) > 0 THEN 2 WHEN strpos(title_norm, $3) > 0 THEN 1 ELSE 0 END) DESC, length(title_norm), sort_nb COLLATE "C"
       LIMIT $4`,
      [parts.join(' & '), `| ${phrase}`, ` ${phrase}`, options.size * 3],
    );
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
