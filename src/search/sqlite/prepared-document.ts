import { createHash } from 'node:crypto';
import { type SearchRecordInput } from '../../core/ports/search-index.js';
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


/** A facet value of a document: the facet by its number (FACET_INDEX), the key, and its label as JSON when one is known. */
export interface PreparedValue {
  readonly facet: number;
  readonly key: string;
  readonly label: string | null;
}

/**
 * A document ready to write: its analysed columns, its facet values with their labels (JSON), relations
 * and the hit fields (JSON). Plain strings and arrays, so a worker thread can build it and hand it
 * over cheaply.
 */
export interface PreparedDocument {
  readonly id: string;
  readonly iri: string;
  readonly kind: string;
  readonly fingerprint: string;
  readonly row: IndexRow;
  /** The values of the facets that apply to the document's kind, facet by facet in VALUE_FACETS' order. */
  readonly values: readonly PreparedValue[];
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
  const values: PreparedValue[] = [];
  VALUE_FACETS.forEach((facet, index) => {
    for (const key of doc.facets[facet] ?? []) {
      const label = doc.labels.get(labelKey(facet, key));
      values.push({ facet: index, key, label: label === undefined ? null : jsonOf(label) });
    }
  });
  return {
    id: doc.id,
    iri: doc.iri,
    kind: doc.kind,
    fingerprint: fingerprint ?? inputFingerprint(input, vocabulary),
    row: indexRowOf(doc),
    values,
    relations: doc.relations,
    hit: JSON.stringify(hitDocumentOf(doc)),
  };
}
