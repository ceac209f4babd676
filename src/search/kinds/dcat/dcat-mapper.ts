import { langMapOf, type LangMap } from '../../../core/lang-map.js';
import { DCAT, DCT, FILE_TYPE_BASE, IANA_MEDIA_TYPES_BASE, RDFS, SKOS } from '../../../rdf/namespaces.js';
import { texts } from '../../document/graph-values.js';
import { mediaTypeOfIri } from '../../vocabulary/search-vocabulary.js';
import type { KindFields, KindMapper, MapperInput } from '../kind-mapper.js';
import { OPEN_DATA_LABELS } from './open-data-labels.js';
import { operationTexts } from './operation-texts.js';
import { apiValues } from './api-values.js';
import { DCAT_FACETS, DCAT_KINDS } from './dcat-facets.js';
import { licenceValues, themeValues } from './theme-values.js';

const PLACE_LABELS = [SKOS.prefLabel, DCT.title, RDFS.label];

/**
 * Hit fields of datasets, dataset series, data services and catalogs: EU theme codes, LOS paths,
 * formats (file-type codes and media types), the access-rights code and whether the data is open.
 * Data services add `endpointURLs`, `operations` (how many) and `endpointDescription` (ApiHitFields).
 */
export interface DcatHitFields {
  readonly themes: readonly string[];
  readonly losThemes: readonly string[];
  readonly formats: readonly string[];
  readonly accessRights: string | null;
  readonly openData: boolean;
}

/**
 * DCAT-AP-NO's part of a search document: keywords and alternative titles, EU and LOS themes (LOS
 * with every ancestor path), formats and licences from the resource and its distributions, access
 * rights, open data (public access and an open licence), provenance and places.
 */
function mapDcat({ record, graph, subject: s, vocabulary: vocab, labels }: MapperInput): KindFields {
  const { themes, losThemes, losFacet } = themeValues(graph, s, vocab, labels);

  // Distributions (datasets) or the service itself: formats and licences.
  const distributions = graph.iris(s, DCAT.distribution);
  const formats = new Set<string>();
  const addFormat = (code: string, label?: LangMap): void => {
    formats.add(code);
    if (label) labels.add('format', code, label);
    else labels.addRelated(code, '');
  };
  const addMediaType = (mediaType: string): void => {
    formats.add(mediaType);
    const fileType = vocab.fileTypeOfMediaType(mediaType);
    if (fileType !== undefined) addFormat(fileType, vocab.labelOfKey('format', fileType));
  };
  for (const carrier of [s, ...distributions]) {
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
  }
  const { keys: licences, open: openLicence } = licenceValues(graph, [s, ...distributions], vocab, labels);

  const accessIri = graph.iris(s, DCT.accessRights)[0];
  const accessRights = accessIri === undefined ? null : vocab.codeOf(accessIri);
  if (accessIri !== undefined && accessRights !== null) labels.add('accessRights', accessRights, vocab.label(accessIri), false);
  const openData = accessRights === 'PUBLIC' && openLicence;

  const provenanceIri = graph.iris(s, DCT.provenance)[0];
  const provenance = provenanceIri === undefined ? null : vocab.codeOf(provenanceIri);
  if (provenanceIri !== undefined && provenance !== null) labels.add('provenance', provenance, vocab.label(provenanceIri), false);

  const spatial = graph.iris(s, DCT.spatial).filter((iri) => !iri.startsWith('_:'));
  for (const place of spatial) labels.add('spatial', place, langMapOf(PLACE_LABELS.flatMap((p) => graph.literals(place, p))));

  labels.setIfAbsent('openData', String(openData), OPEN_DATA_LABELS[openData ? 'true' : 'false']);

  const relations: string[] = [];
  for (const d of distributions) for (const o of graph.iris(d, DCAT.accessService)) relations.push(o);

  const hit: DcatHitFields = { themes, losThemes, formats: [...formats], accessRights, openData };
  const api = record.kind === 'data-service' ? apiValues(graph, s, vocab, labels) : undefined;
  return {
    // A data service's operations (from its OpenAPI description) are found by what they do, weighted below title and description.
    texts: { alternativeTitles: texts(graph, s, DCT.alternative), keywords: texts(graph, s, DCAT.keyword), related: operationTexts(graph, s) },
    facets: {
      theme: themes,
      losTheme: losFacet,
      format: [...formats],
      accessRights: accessRights === null ? [] : [accessRights],
      licence: licences,
      openData: [String(openData)],
      provenance: provenance === null ? [] : [provenance],
      spatial,
      ...(api !== undefined ? { apiAccess: api.access, openApiVersion: api.versions } : {}),
    },
    hit: { ...hit, ...api?.hit },
    relations,
  };
}

export const dcatMapper: KindMapper = {
  name: 'dcat-ap-no',
  kinds: DCAT_KINDS,
  version: '3',
  facets: DCAT_FACETS,
  map: mapDcat,
};

