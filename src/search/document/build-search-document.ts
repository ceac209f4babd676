import { MISSING_VALUE, type SearchRecordInput, type ValueFacet } from '../../core/ports/search-index.js';
import type { StoredRecord } from '../../core/catalog-record.js';
import {
  CPSV, DATA_THEME_BASE, DCAT, DCATNO, DCATNO_LEGACY, DCT, FILE_TYPE_BASE, FOAF, IANA_MEDIA_TYPES_BASE, RDFS, SCHEMA, SKOS,
} from '../../rdf/namespaces.js';
import { mediaTypeOfIri, type SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import { isEmptyLangMap, langMapOf, type LangMap } from './lang-map.js';
import { parseRecordGraph, type RecordGraph } from '../../rdf/record-graph.js';
import { labelKey, type DocumentPublisher, type SearchDocument, type TaggedText } from './search-document.js';
import { OPEN_DATA_LABELS, TYPE_LABELS } from './type-labels.js';

/** Predicates whose objects are the resource's relations (data.norge.no's `relations` filter). */
const RELATION_PREDICATES = [
  DCAT.servesDataset, DCAT.inSeries, DCAT.accessService, DCAT.dataset, DCAT.service, DCAT.catalog, DCT.conformsTo,
  DCT.subject, DCT.relation, DCT.references, DCT.isReferencedBy, DCT.source, DCT.requires, DCT.isRequiredBy,
  DCT.replaces, DCT.isReplacedBy, DCT.hasVersion, DCT.isVersionOf, DCT.hasPart, DCT.isPartOf,
  DCATNO.informationModel, DCATNO_LEGACY.informationModel, CPSV.follows,
];

const PLACE_LABELS = [SKOS.prefLabel, DCT.title, RDFS.label];

function texts(graph: RecordGraph, subject: string, predicate: string): TaggedText[] {
  return graph.literals(subject, predicate).filter((l) => l.value.trim() !== '').map((l) => ({ text: l.value.trim(), language: l.language }));
}

/** ISO 8601 of an xsd:date or xsd:dateTime literal; null when it is not a date. */
export function isoDate(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function organisationNumberOf(graph: RecordGraph, agent: string): string | null {
  for (const id of graph.literals(agent, DCT.identifier)) {
    const digits = id.value.replace(/\s+/g, '');
    if (/^\d{9}$/.test(digits)) return digits;
    const tail = /(\d{9})\/?$/.exec(digits);
    if (tail) return tail[1]!;
  }
  return /(\d{9})\/?$/.exec(agent)?.[1] ?? null;
}

/** Every ancestor path of a path, itself included: `/A/B/C` → `/A`, `/A/B`, `/A/B/C`; `a/b` → `a`, `a/b`. */
export function pathPrefixes(path: string): string[] {
  const leading = path.startsWith('/');
  const parts = path.split('/').filter((p) => p !== '');
  const out: string[] = [];
  for (let i = 1; i <= parts.length; i++) out.push((leading ? '/' : '') + parts.slice(0, i).join('/'));
  return out;
}

function publisherOf(graph: RecordGraph, subject: string, vocab: SearchVocabulary): DocumentPublisher | null {
  const agent = graph.iris(subject, DCT.publisher)[0];
  if (agent === undefined) return null;
  const id = organisationNumberOf(graph, agent);
  const known = id === null ? undefined : vocab.organisation(id);
  const own = langMapOf(graph.literals(agent, FOAF.name));
  const name = isEmptyLangMap(own) ? (known?.name ?? {}) : own;
  const orgPath = known?.orgPath ?? (id === null ? null : `/ANNET/${id}`);
  return { id, iri: agent.startsWith('_:') ? null : agent, name, orgPath };
}

function publisherFromNumber(id: string, vocab: SearchVocabulary): DocumentPublisher {
  const known = vocab.organisation(id);
  return { id, iri: null, name: known?.name ?? {}, orgPath: known?.orgPath ?? `/ANNET/${id}` };
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
  const info: CatalogInfo = {
    id: catalog.id,
    title: langMapOf(graph.literals(catalog.iri, DCT.title)),
    titles: texts(graph, catalog.iri, DCT.title),
    publisher: publisherOf(graph, catalog.iri, vocab),
  };
  if (cache.size >= CATALOG_INFO_CACHE) cache.delete(cache.keys().next().value!);
  cache.set(key, info);
  return info;
}

/** Builds the search document of a published record from its graph, its catalog and the vocabularies. */
export function buildSearchDocument(input: SearchRecordInput, vocab: SearchVocabulary): SearchDocument {
  const { record } = input;
  const graph = parseRecordGraph(record.graph);
  const s = record.iri;
  const labels: Record<string, LangMap> = {};
  const related: TaggedText[] = [];
  const relatedSeen = new Set<string>();
  const addRelated = (text: string, language: string): void => {
    if (relatedSeen.has(text)) return;
    relatedSeen.add(text);
    related.push({ text, language });
  };
  /** Records a facet value's label; labels of themes, publishers, formats and places are also searchable text. */
  const addLabel = (facet: ValueFacet, key: string, label: LangMap | undefined, searchable = true): void => {
    if (label === undefined || isEmptyLangMap(label)) return;
    labels[labelKey(facet, key)] ??= label;
    if (searchable) for (const [slot, text] of Object.entries(label)) if (text) addRelated(text, slot === 'no' || slot === 'other' ? '' : slot);
  };

  const catalog = record.kind === 'catalog' ? null : catalogInfo(input.catalog, vocab);
  const publisher = publisherOf(graph, s, vocab) ?? catalog?.publisher ?? publisherFromNumber(input.sourcePublisher, vocab);
  if (publisher.id !== null) addLabel('publisher', publisher.id, publisher.name);
  const orgPaths = publisher.orgPath === null ? [] : pathPrefixes(publisher.orgPath);
  for (const p of orgPaths) labels[labelKey('orgPath', p)] ??= vocab.labelOfKey('orgPath', p) ?? (p === publisher.orgPath ? publisher.name : {});
  if (catalog) for (const t of catalog.titles) addRelated(t.text, t.language);

  // Themes: EU data themes and LOS (with every ancestor path).
  const themes = new Set<string>();
  const losThemes = new Set<string>();
  const losFacet = new Set<string>();
  for (const theme of graph.iris(s, DCAT.theme)) {
    if (theme.startsWith(DATA_THEME_BASE)) {
      const code = vocab.codeOf(theme);
      themes.add(code);
      addLabel('theme', code, vocab.label(theme));
    } else if (vocab.isLos(theme)) {
      const path = vocab.losPathOf(theme);
      losThemes.add(path);
      for (const p of pathPrefixes(path)) losFacet.add(p);
      addLabel('losTheme', path, vocab.label(theme) ?? langMapOf(graph.literals(theme, SKOS.prefLabel)));
    }
  }
  for (const p of losFacet) if (labels[labelKey('losTheme', p)] === undefined) {
    const label = vocab.labelOfKey('losTheme', p);
    if (label) labels[labelKey('losTheme', p)] = label;
  }

  // Distributions (datasets) or the service itself: formats and licences.
  const distributions = graph.iris(s, DCAT.distribution);
  const carriers = [s, ...distributions];
  const formats = new Set<string>();
  const licences = new Set<string>();
  let openLicence = false;
  const addFormat = (code: string, label?: LangMap): void => {
    formats.add(code);
    if (label) addLabel('format', code, label);
    else addRelated(code, '');
  };
  const addMediaType = (mediaType: string): void => {
    formats.add(mediaType);
    const fileType = vocab.fileTypeOfMediaType(mediaType);
    if (fileType !== undefined) addFormat(fileType, vocab.labelOfKey('format', fileType));
  };
  for (const carrier of carriers) {
    for (const o of [...graph.objects(carrier, DCT.format), ...graph.objects(carrier, DCAT.mediaType)]) {
      if (o.kind === 'iri') {
        if (o.value.startsWith(FILE_TYPE_BASE)) {
          const code = vocab.codeOf(o.value);
          addFormat(code, vocab.label(o.value));
          const media = vocab.mediaTypeOfFileType(o.value);
          if (media !== undefined) formats.add(media);
        } else if (o.value.startsWith(IANA_MEDIA_TYPES_BASE)) addMediaType(mediaTypeOfIri(o.value));
      } else {
        const v = o.value.trim();
        if (/^[\w.+-]+\/[\w.+-]+/.test(v)) addMediaType(v.toLowerCase().split(';')[0]!.trim());
        else if (/^[\w.+-]{1,20}$/.test(v)) addFormat(v.toUpperCase(), vocab.labelOfKey('format', v.toUpperCase()));
      }
    }
    for (const licence of graph.iris(carrier, DCT.license)) {
      const key = vocab.licenceKey(licence);
      licences.add(key);
      addLabel('licence', key, vocab.label(vocab.canonicalLicence(licence)) ?? vocab.label(licence), false);
      if (vocab.isOpenLicence(licence)) openLicence = true;
    }
  }

  const accessIri = graph.iris(s, DCT.accessRights)[0];
  const accessRights = accessIri === undefined ? null : vocab.codeOf(accessIri);
  if (accessIri !== undefined && accessRights !== null) addLabel('accessRights', accessRights, vocab.label(accessIri), false);
  const openData = accessRights === 'PUBLIC' && openLicence;

  const provenanceIri = graph.iris(s, DCT.provenance)[0];
  const provenance = provenanceIri === undefined ? null : vocab.codeOf(provenanceIri);
  if (provenanceIri !== undefined && provenance !== null) addLabel('provenance', provenance, vocab.label(provenanceIri), false);

  const spatial = graph.iris(s, DCT.spatial).filter((iri) => !iri.startsWith('_:'));
  for (const place of spatial) {
    const names = PLACE_LABELS.flatMap((p) => graph.literals(place, p));
    addLabel('spatial', place, langMapOf(names));
  }

  const temporal = graph.iris(s, DCT.temporal).map((period) => ({
    start: isoDate(graph.firstLiteral(period, DCAT.startDate) ?? graph.firstLiteral(period, SCHEMA.startDate)),
    end: isoDate(graph.firstLiteral(period, DCAT.endDate) ?? graph.firstLiteral(period, SCHEMA.endDate)),
  }));

  const relations = new Set<string>();
  for (const p of RELATION_PREDICATES) for (const o of graph.iris(s, p)) relations.add(o);
  for (const r of graph.iris(s, DCAT.qualifiedRelation)) for (const o of graph.iris(r, DCT.relation)) relations.add(o);
  for (const d of distributions) for (const o of graph.iris(d, DCAT.accessService)) relations.add(o);

  const orMissing = (values: Iterable<string>): string[] => {
    const list = [...values];
    return list.length === 0 ? [MISSING_VALUE] : list;
  };
  labels[labelKey('type', record.kind)] = TYPE_LABELS[record.kind];
  labels[labelKey('openData', String(openData))] = OPEN_DATA_LABELS[openData ? 'true' : 'false'];

  const titles = texts(graph, s, DCT.title);
  return {
    id: record.id,
    iri: record.iri,
    kind: record.kind,
    title: langMapOf(titles.map((t) => ({ value: t.text, language: t.language }))),
    description: langMapOf(graph.literals(s, DCT.description)),
    texts: {
      titles,
      alternativeTitles: texts(graph, s, DCT.alternative),
      keywords: texts(graph, s, DCAT.keyword),
      descriptions: texts(graph, s, DCT.description),
      related,
    },
    publisher,
    catalog: catalog === null ? null : { id: catalog.id, title: catalog.title },
    themes: [...themes],
    losThemes: [...losThemes],
    formats: [...formats],
    accessRights,
    licences: [...licences],
    openData,
    provenance,
    spatial,
    temporal,
    issued: isoDate(graph.firstLiteral(s, DCT.issued)),
    modified: isoDate(graph.firstLiteral(s, DCT.modified)),
    firstHarvested: record.issued,
    lastChanged: record.modified,
    relations: [...relations],
    validation: record.validation === null ? 'not-validated' : record.validation.conforms ? 'conforms' : 'has-violations',
    facets: {
      type: [record.kind],
      publisher: orMissing(publisher.id === null ? [] : [publisher.id]),
      orgPath: orMissing(orgPaths),
      theme: orMissing(themes),
      losTheme: orMissing(losFacet),
      format: orMissing(formats),
      accessRights: orMissing(accessRights === null ? [] : [accessRights]),
      licence: orMissing(licences),
      openData: [String(openData)],
      provenance: orMissing(provenance === null ? [] : [provenance]),
      spatial: orMissing(spatial),
    },
    labels,
  };
}
