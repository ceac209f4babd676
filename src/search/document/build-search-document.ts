import { MISSING_VALUE, type SearchRecordInput, type ValueFacet } from '../../core/ports/search-index.js';
import type { StoredRecord } from '../../core/catalog-record.js';
import { isEmptyLangMap, langMapOf, type LangMap } from '../../core/lang-map.js';
import { CPSV, DCAT, DCATNO, DCATNO_LEGACY, DCT, FOAF, SKOS, SKOSXL } from '../../rdf/namespaces.js';
import { descriptionLiterals, titleLiterals, type TextLiteral } from '../../rdf/resource-title.js';
import { graphFacetValues } from '../kinds/graph-facets.js';
import { hasPeriodFacet, mapperOf, valueFacetsOfKind } from '../kinds/registry.js';
import { REFERENCE_DATA_LABELS } from '../kinds/shared-facets.js';
import { QUALITY_BAND_LABELS } from '../../core/quality-band-labels.js';
import { recordScore } from '../../rdf/record-quality.js';
import { MAX_QUALITY_SCORE } from '../../core/quality-metrics.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { hashableKey } from '../../core/hashable-key.js';
import { DocumentLabels } from './document-labels.js';
import { isoDate, pathPrefixes } from './graph-values.js';
import { parseRecordGraph, recordGraphOf, type RecordGraph } from '../../rdf/record-graph.js';
import { type DocumentPublisher, type SearchDocument, type TaggedText, type TextTier } from './search-document.js';
import { TYPE_LABELS } from './type-labels.js';
import { excessUrlBytes } from '../../core/url-length.js';

/** Predicates whose objects are the resource's relations (data.norge.no's `relations` filter). */
const RELATION_PREDICATES = [
  DCAT.servesDataset, DCAT.inSeries, DCAT.accessService, DCAT.dataset, DCAT.service, DCAT.catalog, DCT.conformsTo,
  DCT.subject, DCT.relation, DCT.references, DCT.isReferencedBy, DCT.source, DCT.requires, DCT.isRequiredBy,
  DCT.replaces, DCT.isReplacedBy, DCT.hasVersion, DCT.isVersionOf, DCT.hasPart, DCT.isPartOf,
  DCATNO.informationModel, DCATNO_LEGACY.informationModel, CPSV.follows,
];

/** The literals of a predicate; a concept's preferred terms include its SKOS-XL ones (`skosxl:prefLabel/skosxl:literalForm`). */
const literalReader = (graph: RecordGraph, subject: string) => (predicate: string) =>
  predicate === SKOS.prefLabel
    ? [...graph.literals(subject, predicate), ...graph.iris(subject, SKOSXL.prefLabel).flatMap((label) => graph.literals(label, SKOSXL.literalForm))]
    : graph.literals(subject, predicate);
const taggedTexts = (literals: readonly TextLiteral[]): TaggedText[] => literals.map((l) => ({ text: l.value.trim(), language: l.language }));

function organisationNumberOf(graph: RecordGraph, agent: string): string | null {
  for (const id of graph.literals(agent, DCT.identifier)) {
    const digits = id.value.replace(/\s+/g, '');
    if (/^\d{9}$/.test(digits)) return digits;
    const tail = /(\d{9})\/?$/.exec(digits);
    if (tail) return tail[1]!;
  }
  return /(\d{9})\/?$/.exec(agent)?.[1] ?? null;
}

/** Organisation paths the register gave (SearchRecordInput.organisationPaths), by organisation number. */
type RegisterPaths = Readonly<Record<string, string>> | undefined;

/** The organisation path of a publisher: the register's, else the bundled snapshot's, else `/ANNET/{number}`. */
function orgPathOf(id: string, known: ReturnType<SearchVocabulary['organisation']>, registered: RegisterPaths): string {
  return (Object.hasOwn(registered ?? {}, id) ? registered![id] : undefined) ?? known?.orgPath ?? `/ANNET/${id}`;
}

function publisherOf(graph: RecordGraph, subject: string, vocab: SearchVocabulary, registered: RegisterPaths): DocumentPublisher | null {
  const agent = graph.iris(subject, DCT.publisher)[0];
  if (agent === undefined) return null;
  const id = organisationNumberOf(graph, agent);
  const known = id === null ? undefined : vocab.organisation(id);
  const own = langMapOf(graph.literals(agent, FOAF.name));
  const name = isEmptyLangMap(own) ? (known?.name ?? {}) : own;
  const orgPath = id === null ? null : orgPathOf(id, known, registered);
  return { id, iri: agent.startsWith('_:') ? null : agent, name, orgPath };
}

function publisherFromNumber(id: string, vocab: SearchVocabulary, registered: RegisterPaths): DocumentPublisher {
  const known = vocab.organisation(id);
  return { id, iri: null, name: known?.name ?? {}, orgPath: orgPathOf(id, known, registered) };
}

interface CatalogInfo {
  readonly id: string;
  readonly title: LangMap;
  readonly titles: TaggedText[];
  readonly publisher: DocumentPublisher | null;
}

/**
 * What a member's document takes from its catalog, remembered per catalog version: a catalog of
 * 100 000 datasets has a graph of 100 000 `dcat:dataset` lines, which must not be read once per member.
 */
const catalogInfos = new WeakMap<SearchVocabulary, Map<string, CatalogInfo>>();
const CATALOG_INFO_CACHE = 512;

function catalogInfo(catalog: StoredRecord | undefined, vocab: SearchVocabulary): CatalogInfo | null {
  if (catalog === undefined) return null;
  let cache = catalogInfos.get(vocab);
  if (cache === undefined) {
    cache = new Map();
    catalogInfos.set(vocab, cache);
  }
  const key = `${catalog.id} ${catalog.hash}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const graph = parseRecordGraph(catalog.graph);
  const titles = taggedTexts(titleLiterals(catalog.kind, literalReader(graph, catalog.iri)));
  const info: CatalogInfo = {
    id: catalog.id,
    title: langMapOf(titles.map((t) => ({ value: t.text, language: t.language }))),
    titles,
    // Cached per catalog version: the register's path is put on by the record that uses it.
    publisher: publisherOf(graph, catalog.iri, vocab, undefined),
  };
  if (cache.size >= CATALOG_INFO_CACHE) cache.delete(cache.keys().next().value!);
  cache.set(key, info);
  return info;
}

const withinUrlLength = (value: string): boolean => excessUrlBytes(value) === undefined;

/** The hit fields every kind has: a kind's own hit fields may not take these names. */
const SHARED_HIT_FIELDS = new Set(['id', 'iri', 'uri', 'type', 'kind', 'title', 'description', 'language', 'descriptionLanguage', 'highlight', 'publisher', 'issued', 'modified', 'firstHarvested', 'validation', 'catalog', 'relationCounts', 'score', 'quality']);


/**
 * Builds the search document of a published record: the shared part (title and description per
 * language from the kind's title predicates, publisher with organisation path, catalog, dates,
 * validation, relations, the graph facets and relation counts), then the kind's part from its mapper
 * (src/search/kinds/registry.ts).
 * Throws when a mapper gives values for a facet that does not apply to the kind, or a hit field
 * named like a shared one.
 */
export function buildSearchDocument(input: SearchRecordInput, vocab: SearchVocabulary): SearchDocument {
  const { record } = input;
  // Read once for the record object: the relations projection read it already, the quality score below reads the same.
  const graph = recordGraphOf(record);
  const s = record.iri;
  const labels = new DocumentLabels();

  const catalog = record.kind === 'catalog' ? null : catalogInfo(input.catalog, vocab);
  const fromCatalog = catalog?.publisher ?? null;
  const publisher =
    publisherOf(graph, s, vocab, input.organisationPaths) ??
    (fromCatalog === null || fromCatalog.id === null ? fromCatalog : { ...fromCatalog, orgPath: orgPathOf(fromCatalog.id, vocab.organisation(fromCatalog.id), input.organisationPaths) }) ??
    publisherFromNumber(input.sourcePublisher, vocab, input.organisationPaths);
  if (publisher.id !== null) labels.add('publisher', publisher.id, publisher.name);
  const orgPaths = publisher.orgPath === null ? [] : pathPrefixes(publisher.orgPath);
  for (const p of orgPaths) labels.setIfAbsent('orgPath', p, vocab.labelOfKey('orgPath', p) ?? (p === publisher.orgPath ? publisher.name : {}));
  if (catalog) for (const t of catalog.titles) labels.addRelated(t.text, t.language);

  const relations = new Set<string>();
  const predicates = graph.predicates(s);
  for (const p of RELATION_PREDICATES) for (const o of predicates.get(p) ?? []) if (o.kind === 'iri') relations.add(o.value);
  for (const r of graph.iris(s, DCAT.qualifiedRelation)) for (const o of graph.iris(r, DCT.relation)) relations.add(o);

  // The MQA score of a dataset or data service (the same as its record's DQV and JSON view): the `quality` facet's band, the sort key, the hit's score.
  const quality = recordScore(record, input.urlStatuses);
  if (quality !== undefined) labels.setIfAbsent('quality', quality.band, QUALITY_BAND_LABELS[quality.band]);

  const referenceData = input.referenceData === true ? 'true' : 'false';
  labels.setIfAbsent('referenceData', referenceData, REFERENCE_DATA_LABELS[referenceData]);

  const mapper = mapperOf(record.kind);
  const mapperCatalog = catalog === null ? {} : { catalog: { id: catalog.id, iri: input.catalog!.iri, title: catalog.title } };
  const own = mapper?.map({ record, graph, subject: s, vocabulary: vocab, labels, ...mapperCatalog }) ?? {};
  for (const o of own.relations ?? []) relations.add(o);
  const linked = graphFacetValues({ graph, subject: s, kind: record.kind, relations: input.relations, vocabulary: vocab, labels });
  labels.setIfAbsent('type', record.kind, TYPE_LABELS[record.kind]);

  const titleTexts = taggedTexts(titleLiterals(record.kind, literalReader(graph, s)));
  const descriptionTexts = taggedTexts(descriptionLiterals(record.kind, literalReader(graph, s)));
  const textsOf = (tier: TextTier, shared: readonly TaggedText[]): readonly TaggedText[] => {
    const extra = own.texts?.[tier];
    return extra === undefined || extra.length === 0 ? shared : [...shared, ...extra];
  };
  const related = [...labels.related];
  const seen = new Set(related.map((t) => hashableKey(t.text)));
  for (const t of own.texts?.related ?? []) {
    const key = hashableKey(t.text);
    if (seen.has(key)) continue;
    seen.add(key);
    related.push(t);
  }

  const facets: Partial<Record<ValueFacet, readonly string[]>> = {};
  const applicable = valueFacetsOfKind(record.kind);
  for (const name of Object.keys(own.facets ?? {})) {
    if (!applicable.includes(name as ValueFacet)) throw new Error(`The search mapper ${mapper!.name} gives the facet "${name}", which does not apply to the kind "${record.kind}".`);
  }
  for (const facet of applicable) {
    const given = facet === 'type' ? [record.kind] : facet === 'publisher' ? (publisher.id === null ? [] : [publisher.id]) : facet === 'orgPath' ? orgPaths : facet === 'referenceData' ? [referenceData] : facet === 'quality' ? (quality === undefined ? [] : [quality.band]) : (linked[facet] ?? own.facets?.[facet] ?? []);
    // A value longer than a URL may be (an IRI of 3 000 bytes) could never be asked for in a search URL, and PostgreSQL cannot index it.
    const values = given.filter(withinUrlLength);
    facets[facet] = values.length === 0 ? [MISSING_VALUE] : values;
  }
  const ownHit = own.hit ?? {};
  // The kind's fields, then the relation counts (stored with the kind's hit fields, which every adapter keeps as they are, and
  // answered as a shared field), then the quality score and band (answered as the shared field `quality`). Copied one by one:
  // spreading a mapper's object and an optional one into a literal cost more than the rest of the hit.
  const hit: Record<string, unknown> = {};
  for (const name of Object.keys(ownHit)) {
    if (SHARED_HIT_FIELDS.has(name)) throw new Error(`The search mapper ${mapper!.name} gives the hit field "${name}", which every hit has already.`);
    hit[name] = ownHit[name];
  }
  hit.relationCounts = input.relations ?? {};
  if (quality !== undefined) hit.quality = { score: quality.score, maxScore: quality.maxScore, band: quality.band };

  return {
    id: record.id,
    iri: record.iri,
    kind: record.kind,
    title: langMapOf(titleTexts.map((t) => ({ value: t.text, language: t.language }))),
    description: langMapOf(descriptionTexts.map((t) => ({ value: t.text, language: t.language }))),
    texts: {
      titles: textsOf('titles', titleTexts),
      alternativeTitles: textsOf('alternativeTitles', []),
      keywords: textsOf('keywords', []),
      descriptions: textsOf('descriptions', descriptionTexts),
      related,
    },
    publisher,
    catalog: catalog === null ? null : { id: catalog.id, title: catalog.title },
    issued: isoDate(graph.firstLiteral(s, DCT.issued)),
    modified: isoDate(graph.firstLiteral(s, DCT.modified)),
    firstHarvested: record.issued,
    lastChanged: record.modified,
    // Only IRIs a record can have (src/core/url-length.ts): a longer one names nothing in the catalog, and PostgreSQL cannot index it.
    relations: [...relations].filter(withinUrlLength),
    validation: record.validation === null ? 'not-validated' : record.validation.conforms ? 'conforms' : 'has-violations',
    validity: hasPeriodFacet(record.kind) ? (own.validity ?? { from: null, to: null }) : null,
    // The sort key on one scale: points out of 435 (a data service's score out of its 310 scaled to it), so the best of either kind comes first.
    quality: quality === undefined ? null : quality.maxScore === MAX_QUALITY_SCORE ? quality.score : Math.round((quality.score * MAX_QUALITY_SCORE) / quality.maxScore),
    facets,
    labels: labels.labels,
    hit,
  };
}

