import { DCAT, DCT, RDFS, SKOS } from '../../src/rdf/namespaces.js';
import { RecordClasses } from '../../src/rdf/records/record-classes.js';
import type { RecordVocabulary } from '../../src/rdf/records/split-records.js';

/**
 * What becomes a record in a plain SKOS source (reference data): every `skos:Concept` at
 * `{base}/concepts/{id}`, and every `skos:ConceptScheme` and `skos:Collection` (and the generated
 * `dcat:Catalog`) at `{base}/collections/{id}`.
 */
export const SKOS_RECORD_CLASSES = new RecordClasses([
  { classIri: SKOS.ConceptScheme, kind: 'collection', label: 'skos:ConceptScheme' },
  { classIri: SKOS.Collection, kind: 'collection', label: 'skos:Collection' },
  // The collection the catalog generates for the concepts no scheme or collection lists is a dcat:Catalog.
  { classIri: DCAT.Catalog, kind: 'collection', label: 'dcat:Catalog' },
  { classIri: SKOS.Concept, kind: 'concept', label: 'skos:Concept' },
]);

/**
 * A scheme lists its top concepts (skos:hasTopConcept) and a collection its members (skos:member); the
 * other concepts of a scheme, which SKOS links only upwards (skos:inScheme), are listed by the
 * generated collection of the source.
 */
export const SKOS_VOCABULARY: RecordVocabulary = {
  recordClasses: SKOS_RECORD_CLASSES,
  listing: { kinds: ['collection'], memberLinks: [SKOS.hasTopConcept, SKOS.member] },
  generatedCatalogLink: () => SKOS.member,
  titlePredicates: [SKOS.prefLabel, DCT.title, RDFS.label],
  recordsInWords: 'concept scheme, collection or concept',
  recordOrder: ['collection', 'concept'],
};
