import {
  MISSING_VALUE, MODIFIED_OLDER, MODIFIED_RANGES, type FacetBucket, type FacetCounts,
  type SearchLanguage, type ValueFacet,
} from '../core/ports/search-index.js';
import { foldWord, wordList } from './analysis/normalize.js';
import { pickText, type LangMap } from '../core/lang-map.js';
import { MODIFIED_LABELS } from './document/type-labels.js';
import { isHierarchicalFacet } from './kinds/registry.js';

export const DEFAULT_FACET_SIZE = 50;

/** The parent of a path value (`/STAT/912660680` → `/STAT`; `a/b` → `a`), null at the top. */
export function parentPath(key: string): string | null {
  const cut = key.lastIndexOf('/');
  if (cut <= 0) return null;
  return key.slice(0, cut);
}

/** Counted values of one facet, as the index produced them. */
export interface RawFacetCount {
  readonly key: string;
  readonly count: number;
  readonly label: LangMap | null | undefined;
}

/** All buckets of a facet with at least one document, most frequent first (ties by key), and the missing count. */
export function sortedBuckets(facet: ValueFacet, raw: readonly RawFacetCount[], lang: SearchLanguage): { buckets: FacetBucket[]; missing: number } {
  let missing = 0;
  const buckets: FacetBucket[] = [];
  const hierarchical = isHierarchicalFacet(facet);
  for (const r of raw) {
    if (r.count <= 0) continue;
    if (r.key === MISSING_VALUE) {
      missing += r.count;
      continue;
    }
    const label = r.label ? pickText(r.label, lang) : null;
    buckets.push(hierarchical ? { key: r.key, label, count: r.count, parent: parentPath(r.key) } : { key: r.key, label, count: r.count });
  }
  buckets.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { buckets, missing };
}

export function facetCounts(facet: ValueFacet, raw: readonly RawFacetCount[], lang: SearchLanguage, size: number): FacetCounts {
  const { buckets, missing } = sortedBuckets(facet, raw, lang);
  return { buckets: buckets.slice(0, size), missing, distinct: buckets.length, more: buckets.length > size };
}

/** Counts of the `modified` date ranges (cumulative ranges back from now, then older, then missing). */
export interface ModifiedCounts {
  readonly ranges: readonly number[];
  readonly older: number;
  readonly missing: number;
}

export function modifiedBuckets(counts: ModifiedCounts, lang: SearchLanguage): FacetCounts {
  const buckets: FacetBucket[] = MODIFIED_RANGES.map((r, i) => ({ key: r.key, label: pickText(MODIFIED_LABELS[r.key], lang), count: counts.ranges[i] ?? 0 }));
  buckets.push({ key: MODIFIED_OLDER, label: pickText(MODIFIED_LABELS[MODIFIED_OLDER], lang), count: counts.older });
  return { buckets, missing: counts.missing, distinct: buckets.length, more: false };
}

/** Start (epoch ms) of each modified range, counted back from `now`. */
export function modifiedBoundaries(now: number): number[] {
  return MODIFIED_RANGES.map((r) => now - r.days * 86_400_000);
}

/** Whether a facet value matches a search within the facet's values (key or label, folded, any word start). */
export function valueMatches(valueQuery: string, key: string, label: string | null): boolean {
  const needle = wordList(valueQuery).map(foldWord);
  if (needle.length === 0) return true;
  const hay = [...wordList(key), ...wordList(label ?? '')].map(foldWord);
  const joinedKey = foldWord(key.toLowerCase());
  return needle.every((n) => hay.some((h) => h.startsWith(n)) || joinedKey.includes(n));
}

