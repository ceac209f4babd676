import type { StoredRecord } from '../../core/catalog-record.js';
import type { RelationCount } from '../../core/ports/relations-index.js';
import { recordUri, sourceUri, catalogRecordUri } from '../../rdf/catalog-record.js';
import { DCT } from '../../rdf/namespaces.js';
import { Parser } from 'n3';

/** Text by language tag; a value without a language is under `und` (BCP 47 "undetermined"). */
export type TextByLanguage = Record<string, string>;

/**
 * The plain JSON view of a record, for developers who want fields rather than RDF
 * (`Accept: application/json`):
 *
 *   { id, uri, iri, kind, status, issued, modified,
 *     catalog: { id, uri } | null, source,
 *     title: { nb, nn, en, … }, description: { … },
 *     validation: { profile, conforms, counts, results, uri } | null,
 *     relations: { uri, counts: { <relation type id>: { outgoing, incoming } } }   (when the catalog keeps a relations index),
 *     graph: <the record graph and its catalog record as a JSON-LD document, compacted with the prefixes it uses> }
 */
export interface RecordJsonView {
  readonly id: string;
  readonly uri: string;
  readonly iri: string;
  readonly kind: string;
  readonly status: string;
  readonly issued: string;
  readonly modified: string;
  readonly catalog: { readonly id: string; readonly uri: string } | null;
  readonly source: string;
  readonly title: TextByLanguage;
  readonly description: TextByLanguage;
  readonly validation: (NonNullable<StoredRecord['validation']> & { readonly uri: string }) | null;
  /** The record's relations: where to list them, and how many of each type in each direction. */
  readonly relations?: { readonly uri: string; readonly counts: Readonly<Record<string, RelationCount>> };
  readonly graph: unknown;
}

/** Literal values of `predicate` on `subject`, one per language (the first in canonical order wins). */
export function textsOf(ntriples: string, subject: string, predicates: readonly string[]): Map<string, TextByLanguage> {
  const out = new Map<string, TextByLanguage>(predicates.map((p) => [p, {}]));
  for (const q of new Parser({ format: 'N-Triples' }).parse(ntriples)) {
    if (q.subject.value !== subject || q.object.termType !== 'Literal') continue;
    const texts = out.get(q.predicate.value);
    if (texts === undefined) continue;
    const lang = q.object.language === '' ? 'und' : q.object.language;
    if (texts[lang] === undefined) texts[lang] = q.object.value;
  }
  return out;
}

export function recordJsonView(record: StoredRecord, baseUrl: string, jsonLdGraph: unknown, relationCounts?: Readonly<Record<string, RelationCount>>): RecordJsonView {
  const uri = recordUri(baseUrl, record.kind, record.id);
  const texts = textsOf(record.graph, record.iri, [DCT.title, DCT.description]);
  return {
    id: record.id,
    uri,
    iri: record.iri,
    kind: record.kind,
    status: record.status,
    issued: record.issued,
    modified: record.modified,
    catalog: record.catalogId === null || record.kind === 'catalog' ? null : { id: record.catalogId, uri: catalogRecordUri(baseUrl, record.catalogId) },
    source: sourceUri(baseUrl, record.sourceId),
    title: texts.get(DCT.title) ?? {},
    description: texts.get(DCT.description) ?? {},
    validation: record.validation === null ? null : { ...record.validation, uri: `${uri}/validation` },
    ...(relationCounts !== undefined ? { relations: { uri: `${uri}/relations`, counts: relationCounts } } : {}),
    graph: jsonLdGraph,
  };
}
