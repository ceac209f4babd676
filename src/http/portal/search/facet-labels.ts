import { MISSING_VALUE, type FacetBucket, type SearchResponse, type ValueFacet } from '../../../core/ports/search-index.js';
import { isResourceKind } from '../../../core/resource-kind.js';
import type { Messages } from '../i18n/messages.js';

/** What a facet value is called on the page: the index's label, a kind's name, yes/no, or the value itself. */
export function facetValueLabel(t: Messages, facet: ValueFacet, key: string, bucket?: FacetBucket): string {
  if (key === MISSING_VALUE) return t.search.missing;
  if (facet === 'type') {
    if (isResourceKind(key)) return t.kinds[key].many;
    const segment = Object.entries(SEGMENT_KINDS).find(([s]) => s === key);
    if (segment !== undefined) return t.kinds[segment[1]].many;
  }
  if (facet === 'openData') return key === 'true' ? t.search.yes : key === 'false' ? t.search.no : key;
  // Yes/no facets (hasApi, referenceData, …) without labels of their own.
  if (bucket?.label === undefined && (key === 'true' || key === 'false')) return key === 'true' ? t.search.yes : t.search.no;
  if (facet === 'orgPath' || facet === 'losTheme') return bucket?.label ?? key.split('/').filter((p) => p !== '').pop() ?? key;
  return bucket?.label ?? key;
}

/** The `type` values the kind tabs use (record-URI segments) and the kind that names each. */
export const SEGMENT_KINDS = {
  datasets: 'dataset',
  'data-services': 'data-service',
  concepts: 'concept',
  'information-models': 'information-model',
  catalogs: 'catalog',
  collections: 'collection',
} as const;

/** The bucket of a value in an answer, when the answer lists it. */
export function bucketOf(response: SearchResponse, facet: ValueFacet, key: string): FacetBucket | undefined {
  return response.facets[facet]?.buckets.find((b) => b.key === key);
}
