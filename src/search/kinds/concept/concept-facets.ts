import type { FacetDefinition } from '../../../core/ports/search-index.js';
import type { ResourceKind } from '../../../core/resource-kind.js';

/** The kinds of the concept mapper. */
export const CONCEPT_KINDS: readonly ResourceKind[] = ['concept'];

declare module '../../../core/ports/search-index.js' {
  interface SearchFacetNames {
    /** Subject area (fagområde, `dct:subject`): the IRI, or the text in Norwegian (else the first language). */
    subjectArea: true;
    /** `euvoc:status` code of the EU concept-status table (`CURRENT`, `DRAFT`, `RETIRED`, …), or the text. */
    conceptStatus: true;
    /** IRI of a collection the concept is in (the collection that lists it, `uneskos:memberOf`). */
    collection: true;
    /** Audiences the concept has a definition for (`dct:audience` of its definitions: `public`, `specialist`). */
    audience: true;
    /** Whether the concept's validity period (`euvoc:startDate` / `euvoc:endDate`) holds on the day of the search: PERIOD_STATES. */
    validity: true;
  }
}

const facet = (name: FacetDefinition['name']): FacetDefinition => ({ name, kinds: CONCEPT_KINDS, hierarchical: false, filter: 'values' });

/** The facets of concepts (publisher and reference data are shared by every kind). */
export const CONCEPT_FACETS: readonly FacetDefinition[] = [
  facet('subjectArea'), facet('conceptStatus'), facet('collection'), { ...facet('audience'), values: ['public', 'specialist'] },
  { name: 'validity', kinds: CONCEPT_KINDS, hierarchical: false, filter: 'period' },
];
