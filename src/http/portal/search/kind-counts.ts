import type { SearchResponse } from '../../../core/ports/search-index.js';
import { pathSegmentOf, isResourceKind } from '../../../core/resource-kind.js';

/**
 * Counts per record-URI segment (`datasets`, `data-services`, …) from an answer's `type` facet: the
 * kind tabs of the search page. The search port counts a filtered facet without its own filter, so with
 * a kind chosen the answer still counts every kind for the rest of the search: one search, no second.
 */
export function countsBySegment(response: SearchResponse): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of response.facets.type?.buckets ?? []) {
    if (!isResourceKind(b.key)) continue;
    const segment = pathSegmentOf(b.key);
    out[segment] = (out[segment] ?? 0) + b.count;
  }
  return out;
}
