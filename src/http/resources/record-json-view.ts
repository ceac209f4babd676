import type { StoredRecord } from '../../core/catalog-record.js';
import type { LangMap } from '../../core/lang-map.js';
import type { RelationCount } from '../../core/ports/relations-index.js';
import type { TermLabels } from '../../core/term-labels.js';
import { listingRecordUri, recordUri, sourceUri } from '../../rdf/catalog-record.js';
import { descriptionLiterals, descriptionPredicatesOf, titleLiterals, titlePredicatesOf, type TextLiteral } from '../../rdf/resource-title.js';
import { Parser } from 'n3';
import { dataServiceOperations, type OperationSummary } from '../../rdf/data-service-operations.js';
import { parseRecordGraph } from '../../rdf/record-graph.js';
import { MQA_BASE } from '../../core/quality-metrics.js';
import type { QualityFix } from '../../core/quality-fixes.js';
import type { QualityBand } from '../../core/quality-score.js';
import type { RecordQuality } from '../../rdf/record-quality.js';

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
 *     terms: { <IRI of a vocabulary term the record uses>: { nb, nn, en, … } }   (themes, formats, licences, access rights, …),
 *     operations: [ { method, path, operationId, summary, tags, deprecated } ], openapi: <URL>   (data services read from an OpenAPI description),
 *     quality: { score, maxScore, band, dimensions: [{ name, score, maxScore }], fixes: [{ metric, dimension, property, fix: { nb, nn, en }, gain, measured }] }
 *              (datasets: the MQA score the SPARQL graph publishes, URL checks counted),
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
  /** Labels of the vocabulary terms the record's graph names (from TermLabels: bundled vocab/, harvested schemes over it). */
  readonly terms?: Readonly<Record<string, LangMap>>;
  /** A data service's operations in its description's order (`{uri}/operations` lists them too), and where its description is kept. */
  readonly operations?: readonly OperationSummary[];
  readonly openapi?: string;
  /** A dataset's MQA score per dimension and in total, its band, and the fixes sorted by the points they gain. */
  readonly quality?: QualityView;
  readonly graph: unknown;
}

export interface QualityView {
  readonly score: number;
  readonly maxScore: number;
  readonly band: QualityBand;
  readonly dimensions: readonly { readonly name: string; readonly score: number; readonly maxScore: number }[];
  readonly fixes: readonly QualityFix[];
}

function qualityView(quality: RecordQuality): QualityView {
  const d = quality.scores.dataset;
  return {
    score: quality.score,
    maxScore: d.max_score,
    band: quality.band,
    dimensions: d.dimensions.map((x) => ({ name: x.id.slice(MQA_BASE.length), score: x.score, maxScore: x.max_score })),
    fixes: quality.fixes,
  };
}

/** The literals of `predicates` on `subject`, by predicate, in canonical order; and every IRI object of the graph. */
function readGraph(ntriples: string, subject: string, predicates: readonly string[]): { literals: Map<string, TextLiteral[]>; iris: Set<string> } {
  const literals = new Map<string, TextLiteral[]>(predicates.map((p) => [p, []]));
  const iris = new Set<string>();
  for (const q of new Parser({ format: 'N-Triples' }).parse(ntriples)) {
    if (q.object.termType === 'NamedNode') iris.add(q.object.value);
    if (q.subject.value !== subject || q.object.termType !== 'Literal') continue;
    literals.get(q.predicate.value)?.push({ value: q.object.value, language: q.object.language });
  }
  return { literals, iris };
}

/** The labels of the terms among `iris` that `labels` knows, by IRI (sorted). */
function termLabelsOf(iris: ReadonlySet<string>, labels: TermLabels): Record<string, LangMap> {
  const out: Record<string, LangMap> = {};
  for (const iri of [...iris].sort()) {
    const label = labels.label(iri);
    if (label !== undefined) out[iri] = label;
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

/** A data service's operations and, when it has them, the URL of the description they were read from. */
function operationsOf(record: StoredRecord, uri: string): { operations?: OperationSummary[]; openapi?: string } {
  if (record.kind !== 'data-service') return {};
  const operations = dataServiceOperations(parseRecordGraph(record.graph), record.iri);
  return operations.length > 0 ? { operations, openapi: `${uri}/openapi` } : { operations };
}

export function recordJsonView(
  record: StoredRecord,
  baseUrl: string,
  jsonLdGraph: unknown,
  relationCounts?: Readonly<Record<string, RelationCount>>,
  labels?: TermLabels,
  quality?: RecordQuality,
): RecordJsonView {
  const uri = recordUri(baseUrl, record.kind, record.id);
  const { literals, iris } = readGraph(record.graph, record.iri, [...titlePredicatesOf(record.kind), ...descriptionPredicatesOf(record.kind)]);
  const read = (predicate: string): readonly TextLiteral[] => literals.get(predicate) ?? [];
  return {
    id: record.id,
    uri,
    iri: record.iri,
    kind: record.kind,
    status: record.status,
    issued: record.issued,
    modified: record.modified,
    catalog: record.catalogId === null || record.kind === 'catalog' ? null : { id: record.catalogId, uri: listingRecordUri(baseUrl, record)! },
    source: sourceUri(baseUrl, record.sourceId),
    title: byLanguage(titleLiterals(record.kind, read)),
    description: byLanguage(descriptionLiterals(record.kind, read)),
    validation: record.validation === null ? null : { ...record.validation, uri: `${uri}/validation` },
    ...(relationCounts !== undefined ? { relations: { uri: `${uri}/relations`, counts: relationCounts } } : {}),
    ...(labels !== undefined ? { terms: termLabelsOf(iris, labels) } : {}),
    ...operationsOf(record, uri),
    ...(quality !== undefined ? { quality: qualityView(quality) } : {}),
    graph: jsonLdGraph,
  };
}
