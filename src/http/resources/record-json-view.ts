import type { StoredRecord } from '../../core/catalog-record.js';
import type { RelationCount } from '../../core/ports/relations-index.js';
import { recordUri, sourceUri, catalogRecordUri } from '../../rdf/catalog-record.js';
import { descriptionLiterals, descriptionPredicatesOf, titleLiterals, titlePredicatesOf, type TextLiteral } from '../../rdf/resource-title.js';
import { Parser } from 'n3';

/** Text by language tag; a value without a language is under `und` (BCP 47 "undetermined"). */
export type TextByLanguage = Record<string, string>;

/**
 * The plain JSON view of a record, for developers who want fields rather than RDF
 * (`Accept: application/json`):
 *
 *   { id, uri, iri, kind, status, issued, modified,
 *     catalog: { id, uri } | null, source,
 *     title: { nb, nn, en, … }, description: { … },   (the kind's title predicates: src/rdf/resource-title.ts)
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

/** The literals of `predicates` on `subject`, by predicate, in canonical order. */
function literalsOf(ntriples: string, subject: string, predicates: readonly string[]): Map<string, TextLiteral[]> {
  const out = new Map<string, TextLiteral[]>(predicates.map((p) => [p, []]));
  for (const q of new Parser({ format: 'N-Triples' }).parse(ntriples)) {
    if (q.subject.value !== subject || q.object.termType !== 'Literal') continue;
    out.get(q.predicate.value)?.push({ value: q.object.value, language: q.object.language });
  }
  return out;
}

/** One text per language tag (the first wins); untagged text under `und`. */
function byLanguage(literals: readonly TextLiteral[]): TextByLanguage {
  const out: TextByLanguage = {};
  for (const l of literals) {
    const lang = l.language === '' ? 'und' : l.language;
    if (out[lang] === undefined) out[lang] = l.value;
  }
  return out;
}

export function recordJsonView(record: StoredRecord, baseUrl: string, jsonLdGraph: unknown, relationCounts?: Readonly<Record<string, RelationCount>>): RecordJsonView {
  const uri = recordUri(baseUrl, record.kind, record.id);
  const literals = literalsOf(record.graph, record.iri, [...titlePredicatesOf(record.kind), ...descriptionPredicatesOf(record.kind)]);
  const read = (predicate: string): readonly TextLiteral[] => literals.get(predicate) ?? [];
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
    title: byLanguage(titleLiterals(record.kind, read)),
    description: byLanguage(descriptionLiterals(record.kind, read)),
    validation: record.validation === null ? null : { ...record.validation, uri: `${uri}/validation` },
    ...(relationCounts !== undefined ? { relations: { uri: `${uri}/relations`, counts: relationCounts } } : {}),
    graph: jsonLdGraph,
  };
}
