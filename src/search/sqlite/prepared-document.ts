import { createHash } from 'node:crypto';
import { type SearchRecordInput, type ValueFacet } from '../../core/ports/search-index.js';
import { buildSearchDocument } from '../document/build-search-document.js';
import { labelKey } from '../document/search-document.js';
import { hitDocumentOf } from '../search-hit.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { indexRowOf, type IndexRow } from './index-row.js';
import { SCHEMA_VERSION } from './schema.js';
import { VALUE_FACETS } from '../kinds/registry.js';

/** The URL checker's results the quality score read, in a stable order. */
const urlStatusesKey = (statuses: SearchRecordInput['urlStatuses']): string =>
  statuses === undefined ? '' : JSON.stringify([...statuses].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

/**
 * What a document is made of: the record (its graph hash, dates, validation), its catalog's record,
 * the source publisher, the record's relation summary, the URL checker's results for its URLs (the quality score), the vocabularies and the analysis version. Equal fingerprints mean an equal
 * document, so an unchanged record is skipped without being rebuilt.
 */
export function inputFingerprint(input: SearchRecordInput, vocabulary: SearchVocabulary): string {
  const r = input.record;
  const c = input.catalog;
  const validation = r.validation === null ? 'none' : r.validation.conforms ? 'ok' : 'violations';
  return createHash('sha1')
    .update([SCHEMA_VERSION, vocabulary.fingerprint, r.id, r.iri, r.kind, r.hash, r.issued, r.modified, validation, c?.id ?? '', c?.hash ?? '', input.sourcePublisher, JSON.stringify(input.organisationPaths ?? {}), JSON.stringify(input.relations ?? {}), input.referenceData === true ? 'reference' : '', urlStatusesKey(input.urlStatuses)].join('\u0000'))
    .digest('hex');
}


/**
 * A document ready to write: its analysed columns, facet keys with their labels (JSON), relations
 * and the hit fields (JSON). Plain strings and arrays, so a worker thread can build it and hand it
 * over cheaply.
 */
export interface PreparedDocument {
  readonly id: string;
  readonly iri: string;
  readonly kind: string;
  readonly fingerprint: string;
  readonly row: IndexRow;
  /** Values of the facets that apply to the document's kind. */
  readonly facets: Readonly<Partial<Record<ValueFacet, readonly string[]>>>;
  /** Label JSON per facet key (`labelKey(facet, key)`), when one is known. */
  readonly labels: Readonly<Record<string, string>>;
  readonly relations: readonly string[];
  readonly hit: string;
}

/** Label JSON by label object: vocabulary labels are shared objects, serialised once. */
const labelJson = new WeakMap<object, string>();

function jsonOf(label: object): string {
  let json = labelJson.get(label);
  if (json === undefined) labelJson.set(label, (json = JSON.stringify(label)));
  return json;
}

/** Builds the document of a record; `fingerprint` when the caller computed it already. */
export function prepareDocument(input: SearchRecordInput, vocabulary: SearchVocabulary, fingerprint: string | null): PreparedDocument {
  const doc = buildSearchDocument(input, vocabulary);
  const labels: Record<string, string> = {};
  for (const facet of VALUE_FACETS) {
    for (const key of doc.facets[facet] ?? []) {
      const label = doc.labels[labelKey(facet, key)];
      if (label !== undefined) labels[labelKey(facet, key)] = jsonOf(label);
    }
  }
  return {
    id: doc.id,
    iri: doc.iri,
    kind: doc.kind,
    fingerprint: fingerprint ?? inputFingerprint(input, vocabulary),
    row: indexRowOf(doc),
    facets: doc.facets,
    labels,
    relations: doc.relations,
    hit: JSON.stringify(hitDocumentOf(doc)),
  };
}
