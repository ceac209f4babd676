import {
  MISSING_VALUE, MODIFIED_OLDER, MODIFIED_RANGES, PERIOD_STATES, type FacetBucket, type FacetCounts,
  type PeriodState, type SearchLanguage, type ValueFacet,
} from '../core/ports/search-index.js';
import { foldWord, wordList } from './analysis/normalize.js';
import { pickText, type LangMap } from '../core/lang-map.js';
import { MODIFIED_LABELS, PERIOD_LABELS } from './document/type-labels.js';
import type { ValidityPeriod } from './document/search-document.js';
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

/** Distinct words of a search within a facet's values that count, at most. */
const MAX_VALUE_QUERY_WORDS = 8;

/** The last search within values and its words: every bucket of one request asks with the same text. */
let lastNeedle: { readonly query: string; readonly words: readonly string[] } | undefined;

/** A search within values as folded words, each once, at most MAX_VALUE_QUERY_WORDS (500 words against 100 000 values took 15 s). */
function needleOf(valueQuery: string): readonly string[] {
  if (lastNeedle?.query !== valueQuery) lastNeedle = { query: valueQuery, words: [...new Set(wordList(valueQuery).map(foldWord))].slice(0, MAX_VALUE_QUERY_WORDS) };
  return lastNeedle.words;
}

/** Whether a facet value matches a search within the facet's values (key or label, folded, any word start). */
export function valueMatches(valueQuery: string, key: string, label: string | null): boolean {
  const needle = needleOf(valueQuery);
  if (needle.length === 0) return true;
  const hay = [...wordList(key), ...wordList(label ?? '')].map(foldWord);
  const joinedKey = foldWord(key.toLowerCase());
  return needle.every((n) => hay.some((h) => h.startsWith(n)) || joinedKey.includes(n));
}


/** Documents per period state, and the matching documents without a period (kinds it does not apply to). */
export interface PeriodCounts {
  readonly states: Readonly<Record<PeriodState, number>>;
  readonly missing: number;
}

/** The period facet's buckets: every state in PERIOD_STATES order, with its count (0 included, as the modified ranges). */
export function periodBuckets(counts: PeriodCounts, lang: SearchLanguage): FacetCounts {
  const buckets: FacetBucket[] = PERIOD_STATES.map((key) => ({ key, label: pickText(PERIOD_LABELS[key], lang), count: counts.states[key] }));
  return { buckets, missing: counts.missing, distinct: buckets.length, more: false };
}

/** Epoch ms of 00:00 UTC on the day of `now`: the day a search's period states are computed for. */
export function startOfDay(now: number): number {
  return Math.floor(now / 86_400_000) * 86_400_000;
}

/** A period's first and last day as epoch ms (00:00 UTC), -Infinity / Infinity for an open start / end. */
export function periodBounds(period: ValidityPeriod): [number, number] {
  const day = (d: string | null, open: number): number => {
    if (d === null) return open;
    const ms = Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(ms) ? open : ms;
  };
  return [day(period.from, -Infinity), day(period.to, Infinity)];
}

/** Whether a filter's state keys are all PERIOD_STATES (others select nothing, like unknown facet values). */
export function periodStatesOf(keys: readonly string[] | undefined): Set<PeriodState> | null {
  if (keys === undefined || keys.length === 0) return null;
  return new Set(keys.filter((k): k is PeriodState => (PERIOD_STATES as readonly string[]).includes(k)));
}
