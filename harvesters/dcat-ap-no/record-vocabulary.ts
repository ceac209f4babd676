import type { ResourceKind } from '../../src/core/resource-kind.js';
import { DCAT, DCT } from '../../src/rdf/namespaces.js';
import { RecordClasses } from '../../src/rdf/records/record-classes.js';
import type { RecordVocabulary } from '../../src/rdf/records/split-records.js';

/**
 * What becomes a record in DCAT-AP-NO, in priority order: a node typed with several of these classes
 * is the first kind listed (a Dataset that is also a DatasetSeries is a series; a Catalog — a Dataset
 * in DCAT 3 — is a catalog).
 */
export const DCAT_RECORD_CLASSES = new RecordClasses([
  { classIri: DCAT.Catalog, kind: 'catalog', label: 'dcat:Catalog' },
  { classIri: DCAT.DatasetSeries, kind: 'dataset-series', label: 'dcat:DatasetSeries' },
  { classIri: DCAT.DataService, kind: 'data-service', label: 'dcat:DataService' },
  { classIri: DCAT.Dataset, kind: 'dataset', label: 'dcat:Dataset' },
]);

/** The link a catalog lists a member of each kind with. */
function memberLink(kind: ResourceKind): string {
  return kind === 'data-service' ? DCAT.service : kind === 'catalog' ? DCAT.catalog : DCAT.dataset;
}

export const DCAT_AP_NO_VOCABULARY: RecordVocabulary = {
  recordClasses: DCAT_RECORD_CLASSES,
  listing: { kinds: ['catalog'], memberLinks: [DCAT.dataset, DCAT.service, DCAT.catalog] },
  generatedCatalogLink: memberLink,
  titlePredicates: [DCT.title],
  recordsInWords: 'catalog, dataset, dataset series or data service',
  recordOrder: ['catalog', 'dataset-series', 'dataset', 'data-service'],
};
