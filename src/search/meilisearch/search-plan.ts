import type { MultiSearchQuery } from 'meilisearch';
import { MODIFIED_RANGES, PERIOD_STATES, type SearchFilters, type SearchQuery, type ValueFacet } from '../../core/ports/search-index.js';
import { modifiedBoundaries, startOfDay, type ModifiedCounts, type PeriodCounts } from '../facet-buckets.js';
import { PERIOD_FACET } from '../kinds/registry.js';
import { andFilter, filterExpression, periodStateExpression } from './filter-expression.js';

// How one search becomes Meilisearch queries: its sort, and the extra queries that count the facets
// exactly (each filtered facet counted without its own filter, modified dates by range).

/** Meilisearch's sort for a search: relevance (its own ranking) unless the query asks for a field. */
export function meilisearchSort(query: SearchQuery): string[] | undefined {
  const dir = query.sort.direction;
  switch (query.sort.field) {
    case 'relevance':
      return query.q.trim() === '' ? ['modified:desc'] : undefined;
    case 'modified':
      return [`modified:${dir}`];
    case 'firstHarvested':
      return [`firstHarvested:${dir}`];
    case 'title':
      return [`sort_${query.lang}:${dir}`];
    case 'quality':
      return [`qualityScore:${dir}`];
  }
}

/** The queries that count one search: facets (each filtered facet without its own filter), modified ranges and validity states. */
export function facetCountQueries(
  indexUid: string,
  now: number,
  text: string,
  filters: SearchFilters,
  facets: readonly ValueFacet[],
  withModified: boolean,
  withPeriod = false,
): { queries: MultiSearchQuery[]; read: (results: { facetDistribution?: Record<string, Record<string, number>>; totalHits?: number }[]) => { facets: Map<ValueFacet, Record<string, number>>; modified: ModifiedCounts | null; period: PeriodCounts | null } } {
  const queries: MultiSearchQuery[] = [];
  const plain = facets.filter((f) => !(filters[f]?.length));
  const filtered = facets.filter((f) => filters[f]?.length);
  // page 0: no documents, but exhaustive totalHits and facet distribution.
  const base = { indexUid, q: text, page: 0, hitsPerPage: 1 };
  const filter = (except?: ValueFacet | 'modified') => {
    const f = filterExpression(filters, except, now);
    return f === undefined ? {} : { filter: f };
  };
  if (plain.length > 0) queries.push({ ...base, ...filter(), facets: [...plain] });
  for (const f of filtered) queries.push({ ...base, ...filter(f), facets: [f] });
  const modifiedStart = queries.length;
  if (withModified) {
    const without = filterExpression(filters, 'modified', now);
    const bounds = modifiedBoundaries(now);
    for (const b of bounds) queries.push({ ...base, filter: andFilter(without, `modified >= ${b}`)! });
    queries.push({ ...base, filter: andFilter(without, `modified < ${bounds[bounds.length - 1]}`)! });
    queries.push({ ...base, filter: andFilter(without, 'modified IS NULL OR modified NOT EXISTS')! });
  }
  const periodStart = queries.length;
  if (withPeriod && PERIOD_FACET !== undefined) {
    const without = filterExpression(filters, PERIOD_FACET.name as ValueFacet, now);
    for (const state of PERIOD_STATES) queries.push({ ...base, filter: andFilter(without, periodStateExpression(state, startOfDay(now)))! });
    queries.push({ ...base, filter: andFilter(without, 'validFrom NOT EXISTS')! });
  }
  return {
    queries,
    read: (results) => {
      const out = new Map<ValueFacet, Record<string, number>>();
      for (const r of results.slice(0, modifiedStart)) for (const [facet, dist] of Object.entries(r.facetDistribution ?? {})) out.set(facet as ValueFacet, dist);
      const m = results.slice(modifiedStart, periodStart).map((r) => r.totalHits ?? 0);
      const modified = withModified ? { ranges: m.slice(0, MODIFIED_RANGES.length), older: m[MODIFIED_RANGES.length] ?? 0, missing: m[MODIFIED_RANGES.length + 1] ?? 0 } : null;
      const p = results.slice(periodStart).map((r) => r.totalHits ?? 0);
      const period = periodStart < queries.length ? { states: { current: p[0] ?? 0, expired: p[1] ?? 0, future: p[2] ?? 0 }, missing: p[3] ?? 0 } : null;
      return { facets: out, modified, period };
    },
  };
}
