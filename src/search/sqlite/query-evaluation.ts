import type { Database } from 'better-sqlite3';
import { BadRequestError } from '../../core/errors.js';
import { periodState, type SearchFilters, type ValueFacet } from '../../core/ports/search-index.js';
import { periodStatesOf, startOfDay } from '../facet-buckets.js';
import { analyzeQuery, type QueryAnalysis } from '../analysis/query-analysis.js';
import type { IndexCache } from './index-cache.js';
import { matchExpressions, type ResolvedWord } from './match-expression.js';
import { ftsRowids } from './fts-rowids.js';
import { relevanceScores, strictFromFieldRows } from './relevance-scores.js';
import { FACET_INDEX } from './value-dictionary.js';
import type { ValuePostings } from './value-postings.js';
import type { WordColumns } from './word-columns.js';
import { PERIOD_FACET, VALUE_FACETS } from '../kinds/registry.js';

/** A filter with one pass bit: a set of value ids (OR), the modified range, or period states. */
export interface BitFilter {
  readonly facet: ValueFacet | 'modified';
  readonly bit: number;
}

/** The documents a text query and the filters select, with their pass bits, ready to count and sort. */
export interface Evaluation {
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
  /** The pass bit of the period facet's filter (0 without one), and the day its states are computed for. */
  readonly periodBit: number;
  readonly today: number;
  /** No text and no filter: every document matches. */
  readonly everything: boolean;
  /**
   * Filters on facet values only, no text: the candidates are just the documents that pass every
   * filter, and `masks` (by rowid, not by candidate) holds the filter bits of every document that holds
   * a filtered value, for counting each filtered facet through its values' postings (facet-counting.ts).
   */
  readonly byValues: { readonly masks: Int32Array; readonly postings: ValuePostings } | null;
}

/** `2024-05-01` → start (or end) of that day; full instants as given. */
function instant(value: string, endOfDay: boolean): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) + (endOfDay ? 86_399_999 : 0) : Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`"${value}" is not a date: use YYYY-MM-DD or an ISO 8601 date-time.`);
  return ms;
}

/** Rowids allowed by the filters that are not facets (uri, relations), or null when there are none. */
function requiredRows(db: Database, filters: SearchFilters): Set<number> | null {
  let out: Set<number> | null = null;
  const restrict = (rows: number[]): void => {
    const set = new Set(rows);
    out = out === null ? set : new Set([...out].filter((r) => set.has(r)));
  };
  if (filters.uri !== undefined && filters.uri.length > 0) {
    restrict(db.prepare(`SELECT rowid FROM search_doc WHERE iri IN (${filters.uri.map(() => '?').join(',')})`).pluck().all(...filters.uri) as number[]);
  }
  if (filters.relations !== undefined && filters.relations.length > 0) {
    restrict(db.prepare(`SELECT DISTINCT doc FROM search_relation WHERE iri IN (${filters.relations.map(() => '?').join(',')})`).pluck().all(...filters.relations) as number[]);
  }
  return out;
}

/**
 * Evaluates a search (text and filters): FTS5 finds the text matches (or every document is a
 * candidate), then each candidate gets one pass bit per filter from its facet values in memory, and
 * the text matches that pass every filter are scored. Without text, filters on facet values only mark
 * the documents of their values instead (`byValues`), and only the documents that pass are candidates.
 * Catches up with other connections first.
 */
export function evaluateQuery(db: Database, cache: IndexCache, q: string, filters: SearchFilters, now: number): Evaluation {
  cache.sync();
  const memory = cache.loadedMemory();
  const values = cache.values;
  const analysis = analyzeQuery(q);
  const resolved = cache.terms.resolve(analysis);
  const expressions = matchExpressions(resolved);
  const span = values.span();

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
      const fv = values.idOf(f, key);
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
  const today = startOfDay(now);
  const states = PERIOD_FACET === undefined ? null : periodStatesOf(filters[PERIOD_FACET.name as ValueFacet]);
  let periodBit = 0;
  if (states !== null) {
    periodBit = 1 << bitFilters.length;
    bitFilters.push({ facet: PERIOD_FACET!.name as ValueFacet, bit: periodBit });
  }
  const all = (1 << bitFilters.length) - 1;
  const required = requiredRows(db, filters);

  const facetBitOfFv = new Int32Array(span);
  for (const [fv, info] of values.entries()) facetBitOfFv[fv] = facetBit[info.facetIndex]!;
  const valueFiltersOnly = expressions === null && required === null && bitFilters.length > 0 && modifiedBit === 0 && periodBit === 0;
  const valueFilters = bitFilters.filter((f) => f.bit !== modifiedBit && f.bit !== periodBit);
  if (valueFiltersOnly) {
    // Each filter marks the documents of its values (their postings); the candidates are those marked by every filter.
    const postings = memory.postings();
    const byRowid = markByPostings(memory.length.length, postings, valueFilters, filters, values);
    const rowids: number[] = [];
    for (let rowid = 0; rowid < byRowid.length; rowid++) if (byRowid[rowid] === all) rowids.push(rowid);
    const masks = new Int32Array(rowids.length).fill(all);
    return { analysis, resolved, hasText: false, rowids, scores: null, masks, all, filters: bitFilters, facetBitOfFv, modifiedBit, periodBit, today, everything: false, byValues: { masks: byRowid, postings } };
  }

  let rowids: number[];
  let strict: number[] | null | 'field-rows' = null;
  // One word: where it occurs, read once per term, gives both its matches and their scores.
  const columns: WordColumns | null = resolved.length === 1 ? cache.words.columns(db, resolved[0]!, memory.length.length) : null;
  if (expressions !== null) {
    let matches: number[];
    if (columns !== null) matches = columns.rowids;
    else {
      matches = ftsRowids(db, expressions.full);
      if (expressions.strict !== expressions.full) {
        strict = strictFromFieldRows(resolved) ? 'field-rows' : ftsRowids(db, expressions.strict);
      }
    }
    rowids = required === null ? matches : matches.filter((r) => required.has(r));
  } else {
    rowids = required === null ? memory.rowids() : [...required].sort((a, b) => a - b);
  }

  const masks = new Int32Array(rowids.length);
  const { pool, offset, length, modified, validFrom, validTo } = memory;
  if (all !== 0) {
    // The value filters' bits from their values' postings when those are fewer than the candidates' values (a common
    // word). Building the postings reads every document's values twice: worth it only for half of them or more.
    let byRowid: Int32Array | null = null;
    if (valueFilters.length > 0 && rowids.length * (memory.hasPostings() ? 4 : 2) > memory.size) {
      const postings = memory.postings();
      let marks = 0;
      for (const { facet } of valueFilters) {
        for (const key of filters[facet as ValueFacet]!) {
          const fv = values.idOf(FACET_INDEX.get(facet as ValueFacet)!, key);
          if (fv !== undefined && fv + 1 < postings.start.length) marks += postings.start[fv + 1]! - postings.start[fv]!;
        }
      }
      if (marks < rowids.length * memory.valuesPerDocument()) byRowid = markByPostings(length.length, postings, valueFilters, filters, values);
    }
    for (let i = 0; i < rowids.length; i++) {
      const rowid = rowids[i]!;
      const n = length[rowid] ?? -1;
      if (n < 0) continue;
      let mask = 0;
      if (byRowid !== null) mask = byRowid[rowid]!;
      else {
        const start = offset[rowid]!;
        for (let k = start; k < start + n; k++) mask |= bitsOfFv[pool[k]!]!;
      }
      if (modifiedBit !== 0) {
        const m = modified[rowid]!;
        if (m >= from && m <= to) mask |= modifiedBit;
      }
      if (periodBit !== 0) {
        const start = validFrom[rowid]!;
        // A kind without a period (NaN) has no state: it passes no state filter.
        if (!Number.isNaN(start) && states!.has(periodState(start, validTo[rowid]!, today))) mask |= periodBit;
      }
      masks[i] = mask;
    }
  }

  const scores = expressions === null ? null : relevanceScores(db, memory, { analysis, resolved, rowids, masks, all, strict, ...(columns !== null ? { columns } : {}) });
  const everything = expressions === null && all === 0 && required === null;
  return { analysis, resolved, hasText: expressions !== null, rowids, scores, masks, all, filters: bitFilters, facetBitOfFv, modifiedBit, periodBit, today, everything, byValues: null };
}

/** The bits of the value filters for every document, by rowid: each filter marks the documents of its values (their postings). */
function markByPostings(span: number, postings: ValuePostings, valueFilters: readonly BitFilter[], filters: SearchFilters, values: IndexCache['values']): Int32Array {
  const byRowid = new Int32Array(span);
  for (const { facet, bit } of valueFilters) {
    const f = FACET_INDEX.get(facet as ValueFacet)!;
    for (const key of filters[facet as ValueFacet]!) {
      const fv = values.idOf(f, key);
      if (fv === undefined || fv + 1 >= postings.start.length) continue;
      for (let k = postings.start[fv]!; k < postings.start[fv + 1]!; k++) byRowid[postings.rows[k]!]! |= bit;
    }
  }
  return byRowid;
}
