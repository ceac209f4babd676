import { createHash } from 'node:crypto';
import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import {
  MAX_RESULT_WINDOW, MISSING_VALUE, VALUE_FACETS, type FacetCounts, type FacetValuesRequest, type FacetValuesResponse,
  type SearchFacet, type SearchFilters, type SearchIndex, type SearchQuery, type SearchRecordInput, type SearchResponse,
  type Suggestion, type SuggestOptions, type ValueFacet,
} from '../../core/ports/search-index.js';
import { BadRequestError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import { analyzeQuery, typoAlternatives, type QueryAnalysis } from '../analysis/query-analysis.js';
import { stemFor } from '../analysis/index-terms.js';
import { foldWord, wordList } from '../analysis/normalize.js';
import { buildSearchDocument } from '../document/build-search-document.js';
import { pickText, type LangMap } from '../document/lang-map.js';
import { labelKey, type SearchDocument } from '../document/search-document.js';
import { DEFAULT_FACET_SIZE, facetCounts, modifiedBoundaries, modifiedBuckets, sortedBuckets, valueMatches, type ModifiedCounts, type RawFacetCount } from '../facet-buckets.js';
import { highlighterOf, type Highlighter } from '../highlight.js';
import { hitDocumentOf, searchHit, type HitDocument } from '../search-hit.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { indexRowOf, type IndexRow } from './index-row.js';
import { matchExpressions, type ResolvedWord } from './match-expression.js';
import { ensureSchema, SCHEMA_VERSION } from './schema.js';

export interface SqliteSearchIndexOptions {
  /** The database file: `${dataDir}/catalog.db` (shared with the store), or ':memory:'. */
  readonly file: string;
  readonly vocabulary: SearchVocabulary;
  readonly logger?: Logger;
  /** The clock of the `modified` date ranges (tests set it). */
  readonly now?: () => number;
  /** Write batch size of upsert (documents per transaction). */
  readonly batchSize?: number;
}

/** FTS5 column weights: title, keywords, description, related labels, compound parts. */
const BM25 = 'bm25(search_fts, 10.0, 5.0, 1.0, 0.5, 0.5)';
/** Score added to documents that match every query word without typos or compound parts. */
const STRICT_BONUS = 1000;
const FACET_INDEX = new Map<ValueFacet, number>(VALUE_FACETS.map((f, i) => [f, i]));

interface ValueInfo {
  readonly facet: ValueFacet;
  readonly key: string;
  label: LangMap | null;
}

interface BitFilter {
  readonly facet: ValueFacet | 'modified';
  /** SQL that is true for a passing candidate (`X` is the candidate's rowid, `d` its search_doc row). */
  readonly sql: string;
  readonly params: unknown[];
  /** SQL listing the passing rowids (to drive a search without text), with its estimated size. */
  readonly driver: string;
  readonly estimate: number;
}

/** The candidate set of one search, loaded into temp.search_m with one pass bit per filter. */
interface PreparedSearch {
  readonly analysis: QueryAnalysis;
  readonly hasText: boolean;
  readonly resolved: readonly ResolvedWord[];
  readonly filters: readonly BitFilter[];
  readonly all: number;
  /** Filters whose facet counts cannot come from the candidates (they are the global counts). */
  readonly globalFacets: ReadonlySet<ValueFacet | 'modified'>;
  /** No text, no filters: everything matches and facet counts are the stored totals. */
  readonly everything: boolean;
}

/**
 * What a document is made of: the record (its graph hash, dates, validation), its catalog's record,
 * the source publisher, the vocabularies and the analysis version. Equal fingerprints mean an equal
 * document, so an unchanged record is skipped without being rebuilt.
 */
export function inputFingerprint(input: SearchRecordInput, vocabulary: SearchVocabulary): string {
  const r = input.record;
  const c = input.catalog;
  const validation = r.validation === null ? 'none' : r.validation.conforms ? 'ok' : 'violations';
  return createHash('sha1')
    .update([SCHEMA_VERSION, vocabulary.fingerprint, r.id, r.iri, r.kind, r.hash, r.issued, r.modified, validation, c?.id ?? '', c?.hash ?? '', input.sourcePublisher].join('\u0000'))
    .digest('hex');
}

/** `2024-05-01` → start of that day; full instants as given. Throws on anything else (the route checks first). */
function instant(value: string, endOfDay: boolean): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) + (endOfDay ? 86_399_999 : 0) : Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`"${value}" is not a date: use YYYY-MM-DD or an ISO 8601 date-time.`);
  return ms;
}

/**
 * The embedded search index: SQLite FTS5 in the data directory's database file, in its own `search_`
 * tables, written through its own connection (WAL). Text is analysed in our code (Norwegian and English
 * stemming, æ/ø/å folding, compound parts, typo tolerance through the FTS5 vocabulary); facet counts
 * are exact, computed in SQL over the candidate set, with one pass bit per filter so that each
 * filtered facet is counted without its own filter (values within a facet are alternatives).
 */
export class SqliteSearchIndex implements SearchIndex {
  readonly #db: Db;
  readonly #vocab: SearchVocabulary;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #valueIds = new Map<string, number>();
  readonly #values = new Map<number, ValueInfo>();
  /** Every term ever written to the text columns (a superset of the index vocabulary: removals are not tracked). */
  #terms: Set<string> | null = null;
  #generation = -1;
  #dataVersion = -1;
  /** True when the index found on open was written by another version and was emptied: rebuild it. */
  readonly needsRebuild: boolean;

  private constructor(options: SqliteSearchIndexOptions) {
    this.#vocab = options.vocabulary;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
    this.#batchSize = options.batchSize ?? 500;
    this.#db = new Database(options.file, { timeout: 10_000 });
    if (options.file !== ':memory:') this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('temp_store = MEMORY');
    this.#db.pragma('cache_size = -65536');
    this.needsRebuild = ensureSchema(this.#db);
    if (this.needsRebuild) this.#logger.warn({ file: options.file }, 'The search index was written by another version and has been emptied: rebuild it from the store (reindex).');
    this.#sync(true);
  }

  static open(options: SqliteSearchIndexOptions): SqliteSearchIndex {
    return new SqliteSearchIndex(options);
  }

  /** The index in a data directory: its tables in `${dataDir}/catalog.db`, next to the store's. */
  static openInDataDir(dataDir: string, options: Omit<SqliteSearchIndexOptions, 'file'>): SqliteSearchIndex {
    return new SqliteSearchIndex({ ...options, file: path.join(dataDir, 'catalog.db') });
  }

  // ------------------------------------------------------------------ caches

  /** Reloads the value dictionary and forgets the term set when another connection changed the index. */
  #sync(force = false): void {
    const dataVersion = this.#db.pragma('data_version', { simple: true }) as number;
    if (!force && dataVersion === this.#dataVersion) return;
    this.#dataVersion = dataVersion;
    const generation = Number((this.#db.prepare("SELECT value FROM search_meta WHERE key = 'generation'").get() as { value: string }).value);
    if (!force && generation === this.#generation) return;
    this.#generation = generation;
    this.#valueIds.clear();
    this.#values.clear();
    for (const row of this.#db.prepare('SELECT fv, facet, key, label FROM search_value').iterate() as Iterable<{ fv: number; facet: number; key: string; label: string | null }>) {
      const facet = VALUE_FACETS[row.facet]!;
      this.#valueIds.set(`${row.facet}\u0000${row.key}`, row.fv);
      this.#values.set(row.fv, { facet, key: row.key, label: row.label === null ? null : (JSON.parse(row.label) as LangMap) });
    }
    this.#terms = null;
  }

  /**
   * Terms that may be in the index: read once from the FTS5 vocabulary table, then every term this
   * connection writes is added (removals are not tracked, so it is a superset; #isIndexed decides).
   */
  #termSet(): Set<string> {
    if (this.#terms === null) {
      const terms = new Set<string>();
      for (const [term] of this.#db.prepare("SELECT term FROM temp.search_vocab WHERE col <> 'rev'").raw().iterate() as Iterable<[string]>) terms.add(term);
      this.#terms = terms;
    }
    return this.#terms;
  }

  /** Whether a term is in the text columns now (the FTS5 vocabulary table, exact). */
  #isIndexed(term: string): boolean {
    return this.#db.prepare("SELECT 1 FROM temp.search_vocab WHERE term = ? AND col <> 'rev' LIMIT 1").get(term) !== undefined;
  }

  #rememberTerms(row: IndexRow): void {
    const terms = this.#terms;
    if (terms === null) return;
    for (const column of [row.title, row.kw, row.descr, row.extra]) if (column !== '') for (const term of column.split(' ')) terms.add(term);
  }

  #bumpGeneration(): void {
    this.#db.prepare("UPDATE search_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'").run();
    this.#generation = Number((this.#db.prepare("SELECT value FROM search_meta WHERE key = 'generation'").get() as { value: string }).value);
  }

  #valueId(facet: ValueFacet, key: string, label: LangMap | undefined): number {
    const f = FACET_INDEX.get(facet)!;
    const id = this.#valueIds.get(`${f}\u0000${key}`);
    if (id !== undefined) {
      const info = this.#values.get(id)!;
      if (label !== undefined && JSON.stringify(label) !== JSON.stringify(info.label)) {
        info.label = label;
        this.#db.prepare('UPDATE search_value SET label = ? WHERE fv = ?').run(JSON.stringify(label), id);
      }
      return id;
    }
    const fv = Number(this.#db.prepare('INSERT INTO search_value (facet, key, label, docs) VALUES (?, ?, ?, 0)').run(f, key, label === undefined ? null : JSON.stringify(label)).lastInsertRowid);
    this.#valueIds.set(`${f}\u0000${key}`, fv);
    this.#values.set(fv, { facet, key, label: label ?? null });
    return fv;
  }

  // ------------------------------------------------------------------ writes

  async upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    this.#sync();
    for (let i = 0; i < inputs.length; i += this.#batchSize) {
      const find = this.#db.prepare('SELECT fingerprint FROM search_doc WHERE id = ?').pluck();
      const batch: { doc: SearchDocument; row: IndexRow; fingerprint: string }[] = [];
      for (const input of inputs.slice(i, i + this.#batchSize)) {
        const fingerprint = inputFingerprint(input, this.#vocab);
        if (find.get(input.record.id) === fingerprint) continue;
        const doc = buildSearchDocument(input, this.#vocab);
        batch.push({ doc, row: indexRowOf(doc), fingerprint });
      }
      if (batch.length > 0) this.#writeBatch(batch);
      if (i + this.#batchSize < inputs.length) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Writes prepared documents in one transaction (used by upsert and by the benchmark's bulk load). */
  #writeBatch(batch: readonly { doc: SearchDocument; row: IndexRow; fingerprint: string }[]): void {
    const db = this.#db;
    const find = db.prepare('SELECT rowid, fingerprint FROM search_doc WHERE id = ?');
    const insertDoc = db.prepare(
      'INSERT INTO search_doc (id, iri, kind, fingerprint, modified, first_harvested, sort_nb, sort_nn, sort_en, title_norm, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = db.prepare('INSERT INTO search_fts (rowid, title, kw, descr, extra, rev) VALUES (?, ?, ?, ?, ?, ?)');
    const insertFacet = db.prepare('INSERT OR IGNORE INTO search_facet (doc, facet, fv) VALUES (?, ?, ?)');
    const insertRelation = db.prepare('INSERT OR IGNORE INTO search_relation (doc, iri) VALUES (?, ?)');
    db.transaction(() => {
      const deltas = new Map<number, number>();
      for (const { doc, row, fingerprint } of batch) {
        const old = find.get(doc.id) as { rowid: number; fingerprint: string } | undefined;
        if (old?.fingerprint === fingerprint) continue;
        if (old) this.#deleteRow(old.rowid, deltas);
        const rowid = Number(
          insertDoc.run(doc.id, doc.iri, doc.kind, fingerprint, row.modified, row.firstHarvested, row.sortNb, row.sortNn, row.sortEn, row.titleNorm, JSON.stringify(hitDocumentOf(doc))).lastInsertRowid,
        );
        insertFts.run(rowid, row.title, row.kw, row.descr, row.extra, row.rev);
        for (const facet of VALUE_FACETS) {
          const f = FACET_INDEX.get(facet)!;
          for (const key of doc.facets[facet]) {
            const fv = this.#valueId(facet, key, doc.labels[labelKey(facet, key)]);
            insertFacet.run(rowid, f, fv);
            deltas.set(fv, (deltas.get(fv) ?? 0) + 1);
          }
        }
        for (const iri of doc.relations) insertRelation.run(rowid, iri);
        this.#rememberTerms(row);
      }
      this.#applyDeltas(deltas);
      this.#bumpGeneration();
    })();
  }

  #applyDeltas(deltas: ReadonlyMap<number, number>): void {
    const update = this.#db.prepare('UPDATE search_value SET docs = docs + ? WHERE fv = ?');
    for (const [fv, delta] of deltas) if (delta !== 0) update.run(delta, fv);
  }

  #deleteRow(rowid: number, deltas: Map<number, number>): void {
    const db = this.#db;
    for (const { fv } of db.prepare('SELECT fv FROM search_facet WHERE doc = ?').all(rowid) as { fv: number }[]) deltas.set(fv, (deltas.get(fv) ?? 0) - 1);
    db.prepare('DELETE FROM search_facet WHERE doc = ?').run(rowid);
    db.prepare('DELETE FROM search_relation WHERE doc = ?').run(rowid);
    db.prepare('DELETE FROM search_fts WHERE rowid = ?').run(rowid);
    db.prepare('DELETE FROM search_doc WHERE rowid = ?').run(rowid);
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.#sync();
    const find = this.#db.prepare('SELECT rowid FROM search_doc WHERE id = ?');
    this.#db.transaction(() => {
      const deltas = new Map<number, number>();
      for (const id of ids) {
        const row = find.get(id) as { rowid: number } | undefined;
        if (row) this.#deleteRow(row.rowid, deltas);
      }
      this.#applyDeltas(deltas);
      this.#bumpGeneration();
    })();
  }

  async clear(): Promise<void> {
    this.#db.transaction(() => {
      this.#db.exec("DELETE FROM search_facet; DELETE FROM search_relation; DELETE FROM search_doc; DELETE FROM search_value; INSERT INTO search_fts (search_fts) VALUES ('delete-all');");
      this.#bumpGeneration();
    })();
    this.#valueIds.clear();
    this.#values.clear();
    this.#terms = new Set();
  }

  async count(): Promise<number> {
    return (this.#db.prepare('SELECT count(*) AS n FROM search_doc').get() as { n: number }).n;
  }

  async ids(): Promise<string[]> {
    return (this.#db.prepare('SELECT id FROM search_doc ORDER BY id').pluck().all() as string[]);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  // ------------------------------------------------------------------ search

  #resolve(analysis: QueryAnalysis): ResolvedWord[] {
    const terms = analysis.words.some((w) => w.typoKeys.length > 0) ? this.#termSet() : null;
    return analysis.words.map((w) => ({
      exact: w.exact,
      typos: terms === null ? [] : typoAlternatives(w, (t) => this.#isIndexed(t), (t) => terms.has(t)),
      prefix: w.prefix,
      suffix: w.suffix,
    }));
  }

  #bitFilters(filters: SearchFilters): { bits: BitFilter[]; required: { sql: string; params: unknown[]; driver: string }[] } {
    const bits: BitFilter[] = [];
    for (const facet of VALUE_FACETS) {
      const keys = filters[facet];
      if (keys === undefined || keys.length === 0) continue;
      const f = FACET_INDEX.get(facet)!;
      const fvs = [...new Set(keys)].map((k) => this.#valueIds.get(`${f}\u0000${k}`)).filter((v): v is number => v !== undefined);
      if (fvs.length === 0) {
        bits.push({ facet, sql: '0', params: [], driver: 'SELECT NULL WHERE 0', estimate: 0 });
        continue;
      }
      const list = fvs.join(',');
      const estimate = fvs.reduce((n, fv) => n + (this.#db.prepare('SELECT docs FROM search_value WHERE fv = ?').pluck().get(fv) as number), 0);
      bits.push({
        facet,
        sql: `EXISTS (SELECT 1 FROM search_facet f WHERE f.doc = X AND f.facet = ${f} AND f.fv IN (${list}))`,
        params: [],
        driver: `SELECT doc FROM search_facet WHERE fv IN (${list})`,
        estimate,
      });
    }
    if (filters.modifiedFrom !== undefined || filters.modifiedTo !== undefined) {
      const from = filters.modifiedFrom === undefined ? -8.64e15 : instant(filters.modifiedFrom, false);
      const to = filters.modifiedTo === undefined ? 8.64e15 : instant(filters.modifiedTo, true);
      const estimate = this.#db.prepare('SELECT count(*) FROM search_doc WHERE modified BETWEEN ? AND ?').pluck().get(from, to) as number;
      bits.push({
        facet: 'modified',
        sql: '(SELECT modified BETWEEN ? AND ? FROM search_doc WHERE rowid = X)',
        params: [from, to],
        driver: `SELECT rowid FROM search_doc WHERE modified BETWEEN ${from} AND ${to}`,
        estimate,
      });
    }
    const required: { sql: string; params: unknown[]; driver: string }[] = [];
    if (filters.uri !== undefined && filters.uri.length > 0) {
      const marks = filters.uri.map(() => '?').join(',');
      required.push({ sql: `(SELECT iri FROM search_doc WHERE rowid = X) IN (${marks})`, params: [...filters.uri], driver: `SELECT rowid FROM search_doc WHERE iri IN (${marks})` });
    }
    if (filters.relations !== undefined && filters.relations.length > 0) {
      const marks = filters.relations.map(() => '?').join(',');
      required.push({ sql: `EXISTS (SELECT 1 FROM search_relation r WHERE r.doc = X AND r.iri IN (${marks}))`, params: [...filters.relations], driver: `SELECT doc FROM search_relation WHERE iri IN (${marks})` });
    }
    return { bits, required };
  }

  /** Loads the candidates of a search into temp.search_m, each with its score and filter pass bits. */
  #prepare(q: string, filters: SearchFilters): PreparedSearch {
    this.#sync();
    const analysis = analyzeQuery(q);
    const resolved = this.#resolve(analysis);
    const expressions = matchExpressions(resolved);
    const { bits, required } = this.#bitFilters(filters);
    const all = (1 << bits.length) - 1;
    const globalFacets = new Set<ValueFacet | 'modified'>();
    const db = this.#db;
    db.prepare('DELETE FROM temp.search_m').run();

    const sub = (sql: string, x: string): string => sql.replace(/\bX\b/g, x);
    const passSql = (x: string): { sql: string; params: unknown[] } => ({
      sql: bits.length === 0 ? '0' : bits.map((b, i) => `(CASE WHEN ${sub(b.sql, x)} THEN ${1 << i} ELSE 0 END)`).join(' + '),
      params: bits.flatMap((b) => b.params),
    });

    if (expressions !== null) {
      const pass = passSql('x.rowid');
      const where = required.length === 0 ? '' : `WHERE ${required.map((r) => sub(r.sql, 'x.rowid')).join(' AND ')}`;
      db.prepare(
        `INSERT INTO temp.search_m (rowid, score, pass) SELECT x.rowid, x.score, ${pass.sql} FROM (SELECT rowid, -${BM25} AS score FROM search_fts WHERE search_fts MATCH ?) x ${where}`,
      ).run(...pass.params, expressions.full, ...required.flatMap((r) => r.params));
      if (expressions.strict !== expressions.full) {
        db.prepare(`UPDATE temp.search_m SET score = score + ${STRICT_BONUS} WHERE rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)`).run(expressions.strict);
      }
      return { analysis, hasText: true, resolved, filters: bits, all, globalFacets, everything: false };
    }

    if (bits.length === 0 && required.length === 0) {
      return { analysis, hasText: false, resolved, filters: bits, all, globalFacets, everything: true };
    }
    // No text: drive from the smallest filter sets. With one filter (and no required condition) the
    // candidates are its documents, and its own facet is counted over everything (the stored totals).
    let drivers: string[];
    if (required.length > 0) drivers = [required.map((r) => `d.rowid IN (${r.driver})`).join(' AND ')];
    else if (bits.length === 1) {
      drivers = [`d.rowid IN (${bits[0]!.driver})`];
      globalFacets.add(bits[0]!.facet);
    } else {
      const smallest = [...bits].sort((a, b) => a.estimate - b.estimate).slice(0, 2);
      drivers = [smallest.map((b) => `d.rowid IN (${b.driver})`).join(' OR ')];
    }
    const pass = passSql('d.rowid');
    const requiredParams = required.flatMap((r) => r.params);
    db.prepare(`INSERT INTO temp.search_m (rowid, score, pass) SELECT d.rowid, 0, ${pass.sql} FROM search_doc d WHERE ${drivers.join(' AND ')}`).run(...pass.params, ...requiredParams);
    return { analysis, hasText: false, resolved, filters: bits, all, globalFacets, everything: false };
  }

  #rawCounts(rows: readonly { fv: number; n: number }[]): Map<ValueFacet, RawFacetCount[]> {
    const out = new Map<ValueFacet, RawFacetCount[]>();
    for (const { fv, n } of rows) {
      const info = this.#values.get(fv);
      if (info === undefined) continue;
      const list = out.get(info.facet) ?? [];
      list.push({ key: info.key, count: n, label: info.label ?? this.#vocab.labelOfKey(info.facet, info.key) });
      out.set(info.facet, list);
    }
    return out;
  }

  #globalCounts(facet: ValueFacet): RawFacetCount[] {
    const f = FACET_INDEX.get(facet)!;
    const rows = this.#db.prepare('SELECT fv, docs AS n FROM search_value WHERE facet = ? AND docs > 0').all(f) as { fv: number; n: number }[];
    return this.#rawCounts(rows).get(facet) ?? [];
  }

  /** Raw counts of the given facets for a prepared search (each filtered facet without its own filter). */
  #counts(prepared: PreparedSearch, facets: readonly ValueFacet[]): Map<ValueFacet, RawFacetCount[]> {
    const out = new Map<ValueFacet, RawFacetCount[]>();
    if (prepared.everything) {
      for (const facet of facets) out.set(facet, this.#globalCounts(facet));
      return out;
    }
    const bitOf = new Map(prepared.filters.map((b, i) => [b.facet, 1 << i]));
    const plain = facets.filter((f) => !bitOf.has(f));
    if (plain.length > 0) {
      const ids = plain.map((f) => FACET_INDEX.get(f)!).join(',');
      const rows = this.#db
        .prepare(`SELECT f.fv AS fv, count(*) AS n FROM temp.search_m m CROSS JOIN search_facet f ON f.doc = m.rowid WHERE m.pass = ? AND f.facet IN (${ids}) GROUP BY f.fv`)
        .all(prepared.all) as { fv: number; n: number }[];
      for (const [facet, list] of this.#rawCounts(rows)) out.set(facet, list);
    }
    for (const facet of facets) {
      const bit = bitOf.get(facet);
      if (bit === undefined) continue;
      if (prepared.globalFacets.has(facet)) {
        out.set(facet, this.#globalCounts(facet));
        continue;
      }
      const rows = this.#db
        .prepare(`SELECT f.fv AS fv, count(*) AS n FROM temp.search_m m CROSS JOIN search_facet f ON f.doc = m.rowid AND f.facet = ? WHERE (m.pass | ?) = ? GROUP BY f.fv`)
        .all(FACET_INDEX.get(facet)!, bit, prepared.all) as { fv: number; n: number }[];
      out.set(facet, this.#rawCounts(rows).get(facet) ?? []);
    }
    return out;
  }

  #modifiedCounts(prepared: PreparedSearch): ModifiedCounts {
    const [d7, d30, d365] = modifiedBoundaries(this.#now());
    const select = 'sum(d.modified >= ?) AS a, sum(d.modified >= ?) AS b, sum(d.modified >= ?) AS c, sum(d.modified < ?) AS o, sum(d.modified IS NULL) AS z';
    let row: { a: number | null; b: number | null; c: number | null; o: number | null; z: number | null };
    const bitIndex = prepared.filters.findIndex((b) => b.facet === 'modified');
    if (prepared.everything || prepared.globalFacets.has('modified')) {
      row = this.#db.prepare(`SELECT ${select} FROM search_doc d`).get(d7, d30, d365, d365) as typeof row;
    } else {
      const bit = bitIndex < 0 ? 0 : 1 << bitIndex;
      row = this.#db
        .prepare(`SELECT ${select} FROM temp.search_m m JOIN search_doc d ON d.rowid = m.rowid WHERE (m.pass | ?) = ?`)
        .get(d7, d30, d365, d365, bit, prepared.all) as typeof row;
    }
    return { ranges: [row.a ?? 0, row.b ?? 0, row.c ?? 0], older: row.o ?? 0, missing: row.z ?? 0 };
  }

  #highlighter(prepared: PreparedSearch): Highlighter | null {
    if (!prepared.hasText) return null;
    return highlighterOf(prepared.analysis.words, prepared.resolved.map((r) => r.typos));
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    if (query.page * query.size + query.size > MAX_RESULT_WINDOW) throw new BadRequestError(`Results beyond the first ${MAX_RESULT_WINDOW} cannot be paged to: narrow the search.`);
    const prepared = this.#prepare(query.q, query.filters);
    const db = this.#db;
    const lang = query.lang;
    const sortColumn = lang === 'nn' ? 'd.sort_nn' : lang === 'en' ? 'd.sort_en' : 'd.sort_nb';
    const dir = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
    const phrase = prepared.analysis.phrase;
    const tier = prepared.hasText && phrase !== ''
      ? '(CASE WHEN instr(d.title_norm, ?) > 0 THEN 300 WHEN instr(d.title_norm, ?) > 0 THEN 150 WHEN instr(d.title_norm, ?) > 0 THEN 100 ELSE 0 END)'
      : '0';
    const tierParams = tier === '0' ? [] : [`| ${phrase} |`, `| ${phrase}`, ` ${phrase} `];
    let order: string;
    switch (query.sort.field) {
      case 'relevance':
        order = prepared.hasText ? `rank ${dir}, ${sortColumn} ASC, d.id ASC` : `d.modified IS NULL, d.modified DESC, ${sortColumn} ASC, d.id ASC`;
        break;
      case 'modified':
        order = `d.modified IS NULL, d.modified ${dir}, d.id ASC`;
        break;
      case 'firstHarvested':
        order = `d.first_harvested ${dir}, d.id ASC`;
        break;
      case 'title':
        order = `${sortColumn} = '', ${sortColumn} ${dir}, d.id ASC`;
        break;
    }
    let total: number;
    let rows: { doc: string; rank: number }[];
    if (prepared.everything) {
      total = (db.prepare('SELECT count(*) AS n FROM search_doc').get() as { n: number }).n;
      rows = db.prepare(`SELECT d.doc AS doc, 0 AS rank FROM search_doc d ORDER BY ${order} LIMIT ? OFFSET ?`).all(query.size, query.page * query.size) as typeof rows;
    } else {
      total = (db.prepare('SELECT count(*) AS n FROM temp.search_m WHERE pass = ?').get(prepared.all) as { n: number }).n;
      rows = db
        .prepare(`SELECT d.doc AS doc, m.score + ${tier} AS rank FROM temp.search_m m JOIN search_doc d ON d.rowid = m.rowid WHERE m.pass = ? ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(...tierParams, prepared.all, query.size, query.page * query.size) as typeof rows;
    }
    const highlighter = this.#highlighter(prepared);
    const hits = rows.map((r) => searchHit(JSON.parse(r.doc) as HitDocument, lang, highlighter, prepared.hasText && query.sort.field === 'relevance' ? r.rank : 0));

    const size = query.facetSize ?? DEFAULT_FACET_SIZE;
    const raw = this.#counts(prepared, VALUE_FACETS);
    const facets = {} as Record<SearchFacet, FacetCounts>;
    for (const facet of VALUE_FACETS) facets[facet] = facetCounts(facet, raw.get(facet) ?? [], lang, size);
    facets.modified = modifiedBuckets(this.#modifiedCounts(prepared), lang);
    return { total, page: query.page, size: query.size, hits, facets };
  }

  async facetValues(request: FacetValuesRequest): Promise<FacetValuesResponse> {
    const prepared = this.#prepare(request.q, request.filters);
    if (request.facet === 'modified') {
      const counts = modifiedBuckets(this.#modifiedCounts(prepared), request.lang);
      const buckets = counts.buckets.filter((b) => request.valueQuery === undefined || valueMatches(request.valueQuery, b.key, b.label));
      return { facet: 'modified', total: buckets.length, page: request.page, size: request.size, buckets: buckets.slice(request.page * request.size, (request.page + 1) * request.size), missing: counts.missing };
    }
    const facet = request.facet;
    const raw = this.#counts(prepared, [facet]).get(facet) ?? [];
    const { buckets, missing } = sortedBuckets(facet, raw, request.lang);
    const matching = request.valueQuery === undefined ? buckets : buckets.filter((b) => valueMatches(request.valueQuery!, b.key, b.label));
    return {
      facet,
      total: matching.length,
      page: request.page,
      size: request.size,
      buckets: matching.slice(request.page * request.size, (request.page + 1) * request.size),
      missing,
    };
  }

  async suggest(q: string, options: SuggestOptions): Promise<Suggestion[]> {
    this.#sync();
    const typed = wordList(q).slice(0, 8);
    if (typed.length === 0) return [];
    const folded = typed.map(foldWord);
    const out: Suggestion[] = [];

    // Publishers whose name has words starting with every typed word.
    const publishers: { id: string; name: string; docs: number }[] = [];
    for (const [fv, info] of this.#values) {
      if (info.facet !== 'publisher' || info.key === MISSING_VALUE) continue;
      const name = pickText(info.label, options.lang);
      if (name === null) continue;
      const nameWords = wordList(name).map(foldWord);
      if (folded.every((w) => nameWords.some((n) => n.startsWith(w)))) {
        const docs = this.#db.prepare('SELECT docs FROM search_value WHERE fv = ?').pluck().get(fv) as number;
        if (docs > 0) publishers.push({ id: info.key, name, docs });
      }
    }
    publishers.sort((a, b) => b.docs - a.docs || a.name.localeCompare(b.name, 'nb'));
    for (const p of publishers.slice(0, Math.min(3, options.size))) out.push({ text: p.name, kind: 'publisher', id: p.id });

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
        `SELECT d.doc AS doc FROM (SELECT rowid, -${BM25} AS score FROM search_fts WHERE search_fts MATCH ?) x JOIN search_doc d ON d.rowid = x.rowid
         ORDER BY (CASE WHEN instr(d.title_norm, ?) > 0 THEN 2 WHEN instr(d.title_norm, ?) > 0 THEN 1 ELSE 0 END) DESC, x.score DESC, d.sort_nb ASC LIMIT ?`,
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
