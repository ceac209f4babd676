import { periodState, type PeriodState, type ValueFacet } from '../../core/ports/search-index.js';
import { modifiedBoundaries, type ModifiedCounts, type PeriodCounts, type RawFacetCount } from '../facet-buckets.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import type { IndexCache } from './index-cache.js';
import type { Evaluation } from './query-evaluation.js';
import type { ValueDictionary } from './value-dictionary.js';

/** Exact counts of a search: documents per value id, the `modified` ranges, and the number of matches. */
export interface ExactCounts {
  readonly counts: Map<number, number>;
  readonly modified: ModifiedCounts;
  readonly period: PeriodCounts;
  readonly total: number;
}

/**
 * Exact facet counts over the facet values in memory: each filtered facet is counted over the
 * candidates that pass every other filter (values within a facet are alternatives). The counts of
 * the search that matches everything (the landing page) are kept until the index changes or a
 * minute passes.
 */
export class FacetCounter {
  readonly #cache: IndexCache;
  readonly #now: () => number;
  #everythingCounts: { version: number; at: number; day: number; counts: ExactCounts } | null = null;

  constructor(cache: IndexCache, now: () => number) {
    this.#cache = cache;
    this.#now = now;
  }

  count(evaluation: Evaluation): ExactCounts {
    if (evaluation.byValues !== null) return this.#countByValues(evaluation, evaluation.byValues);
    if (!evaluation.everything) return this.#countAll(evaluation);
    const now = this.#now();
    const cached = this.#everythingCounts;
    if (cached !== null && cached.version === this.#cache.version && now - cached.at < 60_000 && cached.day === evaluation.today) return cached.counts;
    const counts = this.#countAll(evaluation);
    this.#everythingCounts = { version: this.#cache.version, at: now, day: evaluation.today, counts };
    return counts;
  }

  /**
   * The same counts when only facet values are filtered and there is no text: the facets not filtered
   * over the documents that pass (the candidates), and each filtered facet's values over their postings,
   * a document counted when it passes every other filter. The documents that hold none of the filtered
   * values fail every filter, so they count nowhere and are never read.
   */
  #countByValues(evaluation: Evaluation, { masks, postings }: NonNullable<Evaluation['byValues']>): ExactCounts {
    const { rowids, all, today, facetBitOfFv } = evaluation;
    const tally = new Int32Array(facetBitOfFv.length);
    const { pool, offset, length, modified: dates, validFrom, validTo } = this.#cache.memory;
    const bounds = modifiedBoundaries(this.#now());
    const modified: { ranges: number[]; older: number; missing: number } = { ranges: bounds.map(() => 0), older: 0, missing: 0 };
    const oldest = bounds[bounds.length - 1]!;
    const states: Record<PeriodState, number> = { current: 0, expired: 0, future: 0 };
    let noPeriod = 0;
    for (let i = 0; i < rowids.length; i++) {
      const rowid = rowids[i]!;
      const start = offset[rowid]!;
      const n = length[rowid]!;
      for (let k = start; k < start + n; k++) {
        const fv = pool[k]!;
        if (facetBitOfFv[fv] === 0) tally[fv]!++;
      }
      const m = dates[rowid]!;
      if (Number.isNaN(m)) modified.missing++;
      else {
        for (let r = 0; r < bounds.length; r++) if (m >= bounds[r]!) modified.ranges[r]!++;
        if (m < oldest) modified.older++;
      }
      const from = validFrom[rowid]!;
      if (Number.isNaN(from)) noPeriod++;
      else states[periodState(from, validTo[rowid]!, today)]++;
    }
    const { start, rows } = postings;
    const span = Math.min(facetBitOfFv.length, start.length - 1);
    for (let fv = 0; fv < span; fv++) {
      const bit = facetBitOfFv[fv]!;
      if (bit === 0) continue;
      let count = 0;
      for (let k = start[fv]!; k < start[fv + 1]!; k++) if ((masks[rows[k]!]! | bit) === all) count++;
      tally[fv] = count;
    }
    const counts = new Map<number, number>();
    for (let fv = 0; fv < tally.length; fv++) if (tally[fv]! > 0) counts.set(fv, tally[fv]!);
    return { counts, modified, period: { states, missing: noPeriod }, total: rowids.length };
  }

  /** Exact facet counts: each filtered facet over the candidates that pass every other filter. */
  #countAll(evaluation: Evaluation): ExactCounts {
    const { rowids, masks, all, modifiedBit, periodBit, today, facetBitOfFv } = evaluation;
    const states: Record<PeriodState, number> = { current: 0, expired: 0, future: 0 };
    let noPeriod = 0;
    const tally = new Int32Array(facetBitOfFv.length);
    const bounds = modifiedBoundaries(this.#now());
    const modified: { ranges: number[]; older: number; missing: number } = { ranges: bounds.map(() => 0), older: 0, missing: 0 };
    const oldest = bounds[bounds.length - 1]!;
    const { pool, offset, length, modified: dates, validFrom, validTo } = this.#cache.memory;
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
      if ((mask | periodBit) === all) {
        const start = validFrom[rowid]!;
        if (Number.isNaN(start)) noPeriod++;
        else states[periodState(start, validTo[rowid]!, today)]++;
      }
    }
    const counts = new Map<number, number>();
    for (let fv = 0; fv < tally.length; fv++) if (tally[fv]! > 0) counts.set(fv, tally[fv]!);
    return { counts, modified, period: { states, missing: noPeriod }, total };
  }
}

/** Counts by value id → each facet's keys with their counts and labels (stored, or from the vocabulary). */
export function rawFacetCounts(counts: ReadonlyMap<number, number>, values: ValueDictionary, vocabulary: SearchVocabulary): Map<ValueFacet, RawFacetCount[]> {
  const out = new Map<ValueFacet, RawFacetCount[]>();
  for (const [fv, n] of counts) {
    const info = values.info(fv);
    if (info === undefined) continue;
    const list = out.get(info.facet) ?? [];
    list.push({ key: info.key, count: n, label: info.label ?? vocabulary.labelOfKey(info.facet, info.key) });
    out.set(info.facet, list);
  }
  return out;
}
