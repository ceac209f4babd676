import type { ResourceKind } from '../../src/core/resource-kind.js';
import { DCAT, DCT, MODELLDCATNO } from '../../src/rdf/namespaces.js';
import { RecordClasses } from '../../src/rdf/records/record-classes.js';
import type { RecordVocabulary } from '../../src/rdf/records/split-records.js';

/** What becomes a record in ModellDCAT-AP-NO: model catalogs and information models. */
export const MODEL_RECORD_CLASSES = new RecordClasses([
  { classIri: DCAT.Catalog, kind: 'catalog', label: 'dcat:Catalog' },
  { classIri: MODELLDCATNO.InformationModel, kind: 'information-model', label: 'modelldcatno:InformationModel' },
]);

function memberLink(kind: ResourceKind): string {
  return kind === 'catalog' ? DCT.hasPart : MODELLDCATNO.model;
}

/** A model catalog lists its models with `modelldcatno:model` and its sub-catalogs with `dct:hasPart`. */
export const MODELLDCAT_AP_NO_VOCABULARY: RecordVocabulary = {
  recordClasses: MODEL_RECORD_CLASSES,
  listing: { kinds: ['catalog'], memberLinks: [MODELLDCATNO.model, DCT.hasPart] },
  generatedCatalogLink: memberLink,
  titlePredicates: [DCT.title],
  recordsInWords: 'model catalog or information model',
  recordOrder: ['catalog', 'information-model'],
};
