import type { FacetDefinition } from '../../../core/ports/search-index.js';
import type { ResourceKind } from '../../../core/resource-kind.js';
import { QUALITY_BANDS } from '../../../core/quality-score.js';
import { API_ACCESS_CODES } from './api-values.js';

/** The kinds DCAT-AP-NO describes. */
export const DCAT_KINDS: readonly ResourceKind[] = ['catalog', 'dataset', 'dataset-series', 'data-service'];

declare module '../../../core/ports/search-index.js' {
  interface SearchFacetNames {
    /** EU data theme code (`ENVI`). */
    theme: true;
    /** LOS theme path (`familie-og-barn/barnehage`), hierarchical. */
    losTheme: true;
    /** EU file-type code (`CSV`) and IANA media type (`text/csv`). */
    format: true;
    accessRights: true;
    /** EU licence code, or the IRI when unknown. */
    licence: true;
    /** `true` = public access and an open licence. */
    openData: true;
    provenance: true;
    /** Place IRI. */
    spatial: true;
    /** How a data service's API is accessed: `none`, `api-key`, `http-basic`, `http-bearer`, `http-other`, `oauth2`, `openid-connect`, `mutual-tls`. */
    apiAccess: true;
    /** The OpenAPI version of a data service's description: `2.0` (Swagger), `3.0`, `3.1`. */
    openApiVersion: true;
    /** A dataset's or data service's metadata quality band (MQA score out of 435, a data service's out of 310): `excellent`, `good`, `sufficient`, `poor`. */
    quality: true;
  }
}

const facet = (name: FacetDefinition['name'], hierarchical = false): FacetDefinition => ({ name, kinds: DCAT_KINDS, hierarchical, filter: 'values' });

/** The facets of datasets, dataset series, data services and catalogs. */
export const DCAT_FACETS: readonly FacetDefinition[] = [
  facet('theme'),
  facet('losTheme', true),
  facet('format'),
  facet('accessRights'),
  facet('licence'),
  facet('openData'),
  facet('provenance'),
  facet('spatial'),
  // What an OpenAPI description says of a data service (its media types are in `format`).
  { name: 'apiAccess', kinds: ['data-service'], hierarchical: false, filter: 'values', values: API_ACCESS_CODES },
  { name: 'openApiVersion', kinds: ['data-service'], hierarchical: false, filter: 'values' },
  // The MQA scores datasets and data services (src/rdf/record-quality.ts); the band is computed with the document.
  { name: 'quality', kinds: ['dataset', 'data-service'], hierarchical: false, filter: 'values', values: QUALITY_BANDS },
];
