import type { FacetDefinition } from '../../core/ports/search-index.js';
import { RESOURCE_KINDS } from '../../core/resource-kind.js';

/**
 * The value facets of the shared part of every document: kind, publisher and its organisation path,
 * and whether the record is reference data (a harvested SKOS scheme's concept or scheme; `false` for
 * everything else). Searches leave reference data out unless they filter on `referenceData`
 * (src/search/reference-data-default.ts).
 */
export const SHARED_VALUE_FACETS: readonly FacetDefinition[] = [
  { name: 'type', kinds: RESOURCE_KINDS, hierarchical: false, filter: 'values' },
  { name: 'publisher', kinds: RESOURCE_KINDS, hierarchical: false, filter: 'values' },
  { name: 'orgPath', kinds: RESOURCE_KINDS, hierarchical: true, filter: 'values' },
  { name: 'referenceData', kinds: RESOURCE_KINDS, hierarchical: false, filter: 'values', values: ['true', 'false'] },
];

/** Labels of the `referenceData` values. */
export const REFERENCE_DATA_LABELS = {
  true: { nb: 'Referansedata', nn: 'Referansedata', en: 'Reference data' },
  false: { nb: 'Ikke referansedata', nn: 'Ikkje referansedata', en: 'Not reference data' },
} as const;

/** The resource's dct:modified in date ranges (MODIFIED_RANGES), counted last. */
export const MODIFIED_FACET: FacetDefinition = { name: 'modified', kinds: RESOURCE_KINDS, hierarchical: false, filter: 'date-range' };
