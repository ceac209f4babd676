import type { RecordState } from '../core/catalog-record.js';
import { listingKindOf, pathSegmentOf } from '../core/resource-kind.js';
import type { ValidationReport } from '../core/validation-report.js';
import { DCAT, DCT, DK, FOAF, RDF, XSD } from './namespaces.js';
import { termToNTriples } from './ntriples.js';
import { DataFactory } from 'n3';

const { namedNode, literal } = DataFactory;

/** `{base}/datasets/{id}`, `{base}/data-services/{id}`, … as data.norge.no. */
export function recordUri(baseUrl: string, kind: RecordState['kind'], id: string): string {
  return `${baseUrl}/${pathSegmentOf(kind)}/${id}`;
}

/**
 * The record URI of what lists a record (`{base}/catalogs/{id}`, a concept's `{base}/collections/{id}`);
 * null for a catalog or a record no catalog lists.
 */
export function listingRecordUri(baseUrl: string, record: Pick<RecordState, 'kind' | 'catalogId'>): string | null {
  return record.catalogId === null || record.kind === 'catalog' ? null : recordUri(baseUrl, listingKindOf(record.kind), record.catalogId);
}

/** `{base}/sources/{id}`: a harvest source. */
export function sourceUri(baseUrl: string, sourceId: string): string {
  return `${baseUrl}/sources/${sourceId}`;
}

const nt = (s: string, p: string, o: string): string => `${s} ${p} ${o} .\n`;
const ref = (value: string): string => termToNTriples(namedNode(value));
const dateTime = (value: string): string => termToNTriples(literal(value, namedNode(XSD.dateTime)));

/**
 * The dcat:CatalogRecord of a record, as N-Triples: identifier, primary topic, first harvest (issued),
 * last change (modified), the record of its catalog or collection (isPartOf), the harvest source and the validation status.
 */
export function catalogRecordNTriples(record: RecordState, baseUrl: string, validation?: ValidationReport | null): string {
  const r = ref(recordUri(baseUrl, record.kind, record.id));
  let out =
    nt(r, ref(RDF.type), ref(DCAT.CatalogRecord)) +
    nt(r, ref(DCT.identifier), termToNTriples(literal(record.id))) +
    nt(r, ref(FOAF.primaryTopic), ref(record.iri)) +
    nt(r, ref(DCT.issued), dateTime(record.issued)) +
    nt(r, ref(DCT.modified), dateTime(record.modified)) +
    nt(r, ref(DK.harvestSource), ref(sourceUri(baseUrl, record.sourceId)));
  const listing = listingRecordUri(baseUrl, record);
  if (listing !== null) out += nt(r, ref(DCT.isPartOf), ref(listing));
  if (validation) out += nt(r, ref(DK.validationStatus), ref(validation.conforms ? DK.Conforms : DK.HasViolations));
  return out;
}
