import { DCAT, DCT, RDFS, SKOS } from '../../src/rdf/namespaces.js';
import { RecordClasses } from '../../src/rdf/records/record-classes.js';
import type { RecordVocabulary } from '../../src/rdf/records/split-records.js';

/**
 * What becomes a record in a SKOS-AP-NO-Begrep source: every concept collection (`skos:Collection`,
 * or a concept catalog typed `dcat:Catalog`) at `{base}/collections/{id}`, every `skos:Concept` at
 * `{base}/concepts/{id}`. A node typed both a collection and a concept is a collection.
 */
export const SKOS_AP_NO_RECORD_CLASSES = new RecordClasses([
  { classIri: SKOS.Collection, kind: 'collection', label: 'skos:Collection' },
  { classIri: DCAT.Catalog, kind: 'collection', label: 'dcat:Catalog' },
  { classIri: SKOS.Concept, kind: 'concept', label: 'skos:Concept' },
]);

/** Collections list their concepts with skos:member; concepts no collection lists go into the generated one. */
export const SKOS_AP_NO_VOCABULARY: RecordVocabulary = {
  recordClasses: SKOS_AP_NO_RECORD_CLASSES,
  listing: { kinds: ['collection'], memberLinks: [SKOS.member] },
  generatedCatalogLink: () => SKOS.member,
  titlePredicates: [SKOS.prefLabel, DCT.title, RDFS.label],
  recordsInWords: 'concept collection or concept',
  recordOrder: ['collection', 'concept'],
};
