import type { SearchIndex, SearchQuery, SearchResponse } from '../../../core/ports/search-index.js';
import { pathSegmentOf, isResourceKind } from '../../../core/resource-kind.js';

/** Counts per record-URI segment (`datasets`, `data-services`, …) from an answer's `type` facet. */
export function countsBySegment(response: SearchResponse): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of response.facets.type?.buckets ?? []) {
    if (!isResourceKind(b.key)) continue;
    const segment = pathSegmentOf(b.key);
    out[segment] = (out[segment] ?? 0) + b.count;
  }
  return out;
}

/**
 * The counts for the kind tabs: the same search without its kind filter. Without a kind filter the
 * answer already has them; with one, a second search of one hit counts them.
 */
export async function kindCountsFor(index: SearchIndex, query: SearchQuery, response: SearchResponse): Promise<Record<string, number>> {
  if (query.filters.type === undefined) return countsBySegment(response);
  const { type: _type, ...rest } = query.filters;
  const all = await index.search({ ...query, filters: rest, page: 0, size: 1 });
  return countsBySegment(all);
}
