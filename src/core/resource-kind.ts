/**
 * The kinds of resource the catalog publishes, and the path segment of their record URIs
 * (as data.norge.no: `{base}/datasets/{id}`, `{base}/data-services/{id}`, …).
 */
export const RESOURCE_KINDS = ['catalog', 'dataset', 'dataset-series', 'data-service', 'concept', 'collection', 'information-model'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

const SEGMENT: Record<ResourceKind, string> = {
  catalog: 'catalogs',
  dataset: 'datasets',
  // data.norge.no keeps dataset series among the datasets.
  'dataset-series': 'datasets',
  'data-service': 'data-services',
  concept: 'concepts',
  // Concept collections and concept catalogs (skos:Collection, or a dcat:Catalog of concepts), as data.norge.no.
  collection: 'collections',
  'information-model': 'information-models',
};

/**
 * The kind of the record that lists records of a kind (the `dct:isPartOf` of their catalog records, the
 * catalogId they are written with): concepts are listed by their collection (a skos:Collection, or a
 * dcat:Catalog of concepts, both kind `collection`), every other kind by a catalog.
 */
const LISTED_BY: Record<ResourceKind, ResourceKind> = {
  catalog: 'catalog',
  dataset: 'catalog',
  'dataset-series': 'catalog',
  'data-service': 'catalog',
  concept: 'collection',
  collection: 'collection',
  'information-model': 'catalog',
};

/** The kind of the record that lists a record of `kind` (its catalog's kind). */
export function listingKindOf(kind: ResourceKind): ResourceKind {
  return LISTED_BY[kind];
}

/** The record-URI path segment of a kind: `datasets`, `data-services`, … */
export function pathSegmentOf(kind: ResourceKind): string {
  return SEGMENT[kind];
}

/** The path segments that can appear in record URIs. */
export const RECORD_SEGMENTS: readonly string[] = [...new Set(Object.values(SEGMENT))];

/** The kinds whose record URIs use a path segment (`datasets` → dataset and dataset-series); none for an unknown segment. */
export function kindsOfSegment(segment: string): readonly ResourceKind[] {
  return RESOURCE_KINDS.filter((kind) => SEGMENT[kind] === segment);
}

export function isResourceKind(value: string): value is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(value);
}
