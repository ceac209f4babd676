import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { facetsForKinds } from '../../../src/core/ports/search-index.js';
import { RESOURCE_KINDS } from '../../../src/core/resource-kind.js';
import { recordJsonView } from '../../../src/http/resources/record-json-view.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { FACET_DEFINITIONS, mapperOf, valueFacetsOfKind } from '../../../src/search/kinds/registry.js';
import { searchHit, hitDocumentOf } from '../../../src/search/search-hit.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vocab = loadSearchVocabulary(path.resolve(here, '../../../vocab'));

const inputs = recordsFromTurtle(`
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://ex.org/ds> a dcat:Dataset ; dct:title "Adresser"@nb ; dct:description "Alle adresser"@nb ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/REGI> .
<https://ex.org/begrep/adresse> a skos:Concept ; skos:prefLabel "adresse"@nb, "address"@en ; dct:title "Adressen"@nb ;
  skos:definition "Beskrivelse av hvor noe befinner seg"@nb .
`, { sourcePublisher: '971040238' });
const inputOf = (iri: string) => inputs.find((i) => i.record.iri === iri)!;

describe('search kinds', () => {
  it('declares every facet with the kinds it applies to; the DCAT kinds keep every facet they had', () => {
    expect(FACET_DEFINITIONS.map((f) => f.name)).toEqual([
      'type', 'publisher', 'orgPath', 'referenceData', 'theme', 'losTheme', 'format', 'accessRights', 'licence', 'openData', 'provenance', 'spatial', 'apiAccess', 'openApiVersion', 'quality', 'status',
      'subjectArea', 'conceptStatus', 'collection', 'audience', 'validity', 'hasApi', 'concept', 'conformsTo', 'modified',
    ]);
    const dcatFacets = ['type', 'publisher', 'orgPath', 'referenceData', 'theme', 'losTheme', 'format', 'accessRights', 'licence', 'openData', 'provenance', 'spatial', 'hasApi', 'concept', 'conformsTo'];
    // Datasets and data services have a metadata quality band (the MQA scores both, a data service on the metrics that apply).
    expect(valueFacetsOfKind('dataset')).toEqual([...dcatFacets.slice(0, 12), 'quality', ...dcatFacets.slice(12)]);
    for (const kind of ['catalog', 'dataset-series'] as const) expect(valueFacetsOfKind(kind)).toEqual(dcatFacets.filter((f) => f !== 'hasApi'));
    // Data services alone have the facets of their OpenAPI description.
    const api = ['type', 'publisher', 'orgPath', 'referenceData', 'theme', 'losTheme', 'format', 'accessRights', 'licence', 'openData', 'provenance', 'spatial', 'apiAccess', 'openApiVersion', 'quality', 'concept', 'conformsTo'];
    expect(valueFacetsOfKind('data-service')).toEqual(api);
    expect(valueFacetsOfKind('information-model')).toEqual(['type', 'publisher', 'orgPath', 'referenceData', 'theme', 'losTheme', 'licence', 'status', 'concept', 'conformsTo']);
    expect(valueFacetsOfKind('concept')).toEqual(['type', 'publisher', 'orgPath', 'referenceData', 'subjectArea', 'conceptStatus', 'collection', 'audience']);
    expect(valueFacetsOfKind('collection')).toEqual(['type', 'publisher', 'orgPath', 'referenceData']);
    for (const f of FACET_DEFINITIONS) expect(f.kinds.length, f.name).toBeGreaterThan(0);
    expect(FACET_DEFINITIONS.filter((f) => f.hierarchical).map((f) => f.name)).toEqual(['orgPath', 'losTheme']);
  });

  it('shows the facets of the kinds searched: all without a kind filter, the shared ones for a kind without facets of its own', () => {
    expect(facetsForKinds(FACET_DEFINITIONS, undefined)).toEqual(FACET_DEFINITIONS);
    expect(facetsForKinds(FACET_DEFINITIONS, ['concept']).map((f) => f.name)).toEqual(['type', 'publisher', 'orgPath', 'referenceData', 'subjectArea', 'conceptStatus', 'collection', 'audience', 'validity', 'modified']);
    expect(facetsForKinds(FACET_DEFINITIONS, ['collection']).map((f) => f.name)).toEqual(['type', 'publisher', 'orgPath', 'referenceData', 'modified']);
    expect(facetsForKinds(FACET_DEFINITIONS, ['concept', 'data-service'])).toEqual(FACET_DEFINITIONS.filter((f) => f.name !== 'status' && f.name !== 'hasApi'));
    expect(facetsForKinds(FACET_DEFINITIONS, ['information-model']).map((f) => f.name)).toEqual(['type', 'publisher', 'orgPath', 'referenceData', 'theme', 'losTheme', 'licence', 'status', 'concept', 'conformsTo', 'modified']);
  });

  it('maps each DCAT kind with the DCAT-AP-NO mapper, information models with the ModellDCAT-AP-NO one, concepts with the concept mapper; a kind without a mapper gets the shared part only', () => {
    const mapperNames: Record<string, string | undefined> = { concept: 'skos-ap-no-concept', collection: undefined, 'information-model': 'modelldcat-ap-no' };
    for (const kind of RESOURCE_KINDS) expect(mapperOf(kind)?.name, kind).toBe(kind in mapperNames ? mapperNames[kind] : 'dcat-ap-no');
    const concept = buildSearchDocument(inputOf('https://ex.org/begrep/adresse'), vocab);
    expect(concept.kind).toBe('concept');
    expect(concept.facets).toEqual({ type: ['concept'], publisher: ['971040238'], orgPath: ['/STAT', '/STAT/972417858', '/STAT/972417858/971040238'], referenceData: ['false'], subjectArea: ['__missing__'], conceptStatus: ['__missing__'], collection: ['__missing__'], audience: ['__missing__'] });
    expect(concept.hit).toMatchObject({ terms: { prefLabel: expect.arrayContaining([['adresse', 'nb'], ['address', 'en']]), altLabel: [], hiddenLabel: [] }, status: null, relationCounts: {} });
    expect(buildSearchDocument({ ...inputOf('https://ex.org/begrep/adresse'), referenceData: true }, vocab).facets.referenceData).toEqual(['true']);
    const dataset = buildSearchDocument(inputOf('https://ex.org/ds'), vocab);
    expect(dataset.facets.theme).toEqual(['REGI']);
    expect(dataset.hit).toMatchObject({ themes: ['REGI'], openData: false });
  });

  it('takes the title from the kind’s title predicates, in search documents, hits and record views alike', () => {
    const input = inputOf('https://ex.org/begrep/adresse');
    const doc = buildSearchDocument(input, vocab);
    expect(doc.title).toEqual({ nb: 'adresse', en: 'address' });
    expect(doc.description).toEqual({ nb: 'Beskrivelse av hvor noe befinner seg' });
    expect(doc.texts.titles.map((t) => t.text).sort()).toEqual(['address', 'adresse']);
    const hit = searchHit(hitDocumentOf(doc), 'en', null, 0);
    expect(hit).toMatchObject({ title: 'address', language: 'en', type: 'concept' });
    expect(hit).not.toHaveProperty('themes');
    const view = recordJsonView(input.record, 'http://localhost:8080', {});
    expect(view.title).toEqual({ nb: 'adresse', en: 'address' });
    expect(view.description).toEqual({ nb: 'Beskrivelse av hvor noe befinner seg' });
    expect(recordJsonView(inputOf('https://ex.org/ds').record, 'http://localhost:8080', {}).title).toEqual({ nb: 'Adresser' });
  });

  it('puts a DCAT hit’s own fields beside the shared ones, as before', () => {
    const hit = searchHit(hitDocumentOf(buildSearchDocument(inputOf('https://ex.org/ds'), vocab)), 'nb', null, 0);
    expect(hit).toMatchObject({ title: 'Adresser', themes: ['REGI'], losThemes: [], formats: [], accessRights: null, openData: false });
  });
});
