import { langMapOf, type LangMap } from '../../core/lang-map.js';
import type { RelationSummary } from '../../core/ports/relations-index.js';
import type { FacetDefinition, ValueFacet } from '../../core/ports/search-index.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import { DCAT, DCT, RDFS, SKOS } from '../../rdf/namespaces.js';
import { modelPartsOf } from '../../rdf/model-parts.js';
import type { RecordGraph } from '../../rdf/record-graph.js';
import type { DocumentLabels } from '../document/document-labels.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';

declare module '../../core/ports/search-index.js' {
  interface SearchFacetNames {
    /** `true`: a data service serves the dataset (in the catalog), or one of its distributions names one (`dcat:accessService`). */
    hasApi: true;
    /** IRI of a concept the resource, or one of a model's elements and properties, is about (`dct:subject`). */
    concept: true;
    /** IRI of a standard or model the resource conforms to (`dct:conformsTo`). */
    conformsTo: true;
  }
}

/** The kinds a concept or a standard is stated for. */
const LINKED_KINDS: readonly ResourceKind[] = ['catalog', 'dataset', 'dataset-series', 'data-service', 'information-model'];

/** Facets that use the linked graph, shared by the kinds they apply to (computed with the shared part of a document). */
export const GRAPH_FACETS: readonly FacetDefinition[] = [
  { name: 'hasApi', kinds: ['dataset'], hierarchical: false, filter: 'values' },
  { name: 'concept', kinds: LINKED_KINDS, hierarchical: false, filter: 'values' },
  { name: 'conformsTo', kinds: LINKED_KINDS, hierarchical: false, filter: 'values' },
];

export const HAS_API_LABELS: Readonly<Record<'true' | 'false', LangMap>> = {
  true: { nb: 'Har API', nn: 'Har API', en: 'Has an API' },
  false: { nb: 'Uten API', nn: 'Utan API', en: 'No API' },
};

const STANDARD_NAMES = [DCT.title, RDFS.label, SKOS.prefLabel];

export interface GraphFacetInput {
  readonly graph: RecordGraph;
  readonly subject: string;
  readonly kind: ResourceKind;
  readonly relations: RelationSummary | undefined;
  readonly vocabulary: SearchVocabulary;
  readonly labels: DocumentLabels;
}

const sum = (counts: Readonly<Record<string, number | undefined>> | undefined): number => Object.values(counts ?? {}).reduce<number>((n, c) => n + (c ?? 0), 0);
const isLinkable = (iri: string): boolean => !iri.startsWith('_:') && !iri.includes('/.well-known/skolem/');

/**
 * The values of the graph facets for a resource of `kind` (only the facets that apply to it): the
 * concepts it and its model parts are about, the standards it conforms to (both from its own graph),
 * and for a dataset whether it has an API — a distribution's access service, or a data service in
 * the catalog that serves it (from the relations index, `relations`).
 */
export function graphFacetValues({ graph, subject: s, kind, relations, vocabulary: vocab, labels }: GraphFacetInput): Partial<Record<ValueFacet, string[]>> {
  const out: Partial<Record<ValueFacet, string[]>> = {};
  if (kind === 'dataset') {
    const viaDistribution = graph.iris(s, DCAT.distribution).some((d) => graph.iris(d, DCAT.accessService).length > 0);
    const hasApi = viaDistribution || sum(relations?.servesDataset?.incoming) > 0;
    out.hasApi = [String(hasApi)];
    labels.setIfAbsent('hasApi', String(hasApi), HAS_API_LABELS[hasApi ? 'true' : 'false']);
  }
  if (LINKED_KINDS.includes(kind)) {
    const concepts = new Set<string>();
    const holders = kind === 'information-model' ? [s, ...modelPartsOf(graph, s)] : [s];
    for (const h of holders) for (const c of graph.iris(h, DCT.subject)) if (isLinkable(c)) concepts.add(c);
    for (const c of concepts) labels.add('concept', c, vocab.label(c) ?? langMapOf(graph.literals(c, SKOS.prefLabel)), false);
    const standards = graph.iris(s, DCT.conformsTo).filter(isLinkable);
    for (const st of standards) labels.add('conformsTo', st, vocab.label(st) ?? langMapOf(STANDARD_NAMES.flatMap((p) => graph.literals(st, p))), false);
    out.concept = [...concepts];
    out.conformsTo = [...new Set(standards)];
  }
  return out;
}
