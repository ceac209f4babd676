import type { FacetDefinition } from '../../../core/ports/search-index.js';
import type { ResourceKind } from '../../../core/resource-kind.js';

/** The kind ModellDCAT-AP-NO describes. */
export const INFORMATION_MODEL_KINDS: readonly ResourceKind[] = ['information-model'];

declare module '../../../core/ports/search-index.js' {
  interface SearchFacetNames {
    /** ADMS status code of an information model (`Completed`, `UnderDevelopment`, …). */
    status: true;
  }
}

const facet = (name: FacetDefinition['name'], hierarchical = false): FacetDefinition => ({ name, kinds: INFORMATION_MODEL_KINDS, hierarchical, filter: 'values' });

/**
 * The facets of information models: EU theme, LOS theme and licence (declared as the DCAT kinds
 * declare them, so one `theme=` filter covers datasets and models alike) and the model's status.
 */
export const INFORMATION_MODEL_FACETS: readonly FacetDefinition[] = [
  facet('theme'),
  facet('losTheme', true),
  facet('licence'),
  facet('status'),
];
