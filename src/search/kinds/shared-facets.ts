import type { FacetDefinition } from '../../core/ports/search-index.js';
import { RESOURCE_KINDS } from '../../core/resource-kind.js';

/** The value facets of the shared part of every document: kind, publisher and its organisation path. */
export const SHARED_VALUE_FACETS: readonly FacetDefinition[] = [
  { name: 'type', kinds: RESOURCE_KINDS, hierarchical: false, filter: 'values' },
  { name: 'publisher', kinds: RESOURCE_KINDS, hierarchical: false, filter: 'values' },
  { name: 'orgPath', kinds: RESOURCE_KINDS, hierarchical: true, filter: 'values' },
];

/** The resource's dct:modified in date ranges (MODIFIED_RANGES), counted last. */
export const MODIFIED_FACET: FacetDefinition = { name: 'modified', kinds: RESOURCE_KINDS, hierarchical: false, filter: 'date-range' };
