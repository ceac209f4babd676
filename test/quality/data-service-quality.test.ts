import ox from 'oxigraph';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/core/catalog-record.js';
import { DATA_SERVICE_QUALITY_METRICS, MAX_DATA_SERVICE_QUALITY_SCORE } from '../../src/core/data-service-quality-metrics.js';
import { QUALITY_METRICS } from '../../src/core/quality-metrics.js';
import { recordGraph } from '../../src/projection/sparql-projection.js';
import { recordUrls } from '../../src/rdf/distribution-urls.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { recordQuality } from '../../src/rdf/record-quality.js';
import type { UrlStatuses } from '../../src/rdf/quality-assessment.js';
import { turtle } from '../validation/helpers.js';

// A data service gets the MQA metrics that apply to a dcat:DataService (src/core/data-service-quality-metrics.ts),
// measured on the service itself, its endpoint URL through the URL checker.

const BASE = 'https://katalog.example.no';
const API = 'https://data.example.no/api/population';
const ENDPOINT = 'https://api.example.no/population';

const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .`;

/** A data service with every property the applicable metrics ask for. */
const FULL = `${PREFIXES}
<${API}> a dcat:DataService ;
  dct:title "Befolknings-API"@nb ; dct:description "Oppslag i befolkningstallene."@nb ;
  dcat:keyword "befolkning"@nb ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/SOCI> ;
  dcat:endpointURL <${ENDPOINT}> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/JSON> ;
  dcat:mediaType <https://www.iana.org/assignments/media-types/application/json> ;
  dct:license <http://publications.europa.eu/resource/authority/licence/NLOD_2_0> ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
  dcat:contactPoint [ a vcard:Organization ; vcard:hasEmail <mailto:api@example.no> ] ;
  dct:publisher <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673> ;
  dct:rights [ a dct:RightsStatement ] ;
  dct:issued "2024-01-01"^^xsd:date ; dct:modified "2024-05-31"^^xsd:date .
`;

/** The same service with nothing but what DCAT-AP-NO asks for (title, identifier, endpoint). */
const BARE = `${PREFIXES}
<${API}> a dcat:DataService ; dct:title "Befolknings-API"@nb ; dct:identifier "${API}" ; dcat:endpointURL <${ENDPOINT}> .
`;

function service(ttl: string, conforms = true): StoredRecord {
  return {
    id: '6f1c4ad6-0000-3000-8000-0000000000a1',
    iri: API,
    kind: 'data-service',
    sourceId: 'src',
    catalogId: null,
    hash: 'h',
    status: 'published',
    issued: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    removedAt: null,
    graph: canonicalNTriples(turtle(ttl)),
    validation: { profile: 'dcat-ap-no-3', conforms, counts: { violation: conforms ? 0 : 1, warning: 0, info: 0 }, results: [] },
  };
}

const checked = (status: number): UrlStatuses => new Map([[ENDPOINT, { status, mediaType: 'application/json' }]]);

describe('the metrics that apply to a data service', () => {
  it('are 18 of the 25, with the MQA\'s IRIs and points (310 of 435): no coverage, download, file size, format match or file syntax', () => {
    const names = DATA_SERVICE_QUALITY_METRICS.map((m) => m.name);
    expect(names).toHaveLength(18);
    expect(MAX_DATA_SERVICE_QUALITY_SCORE).toBe(310);
    expect(QUALITY_METRICS.map((m) => m.name).filter((n) => !names.includes(n))).toEqual([
      'spatialAvailability', 'temporalAvailability', 'downloadUrlAvailability', 'downloadUrlStatusCode', 'formatMatch', 'syntaxValid', 'byteSizeAvailability',
    ]);
    for (const m of DATA_SERVICE_QUALITY_METRICS) {
      const same = QUALITY_METRICS.find((d) => d.name === m.name)!;
      expect([m.dimension, m.trueScore, m.source]).toEqual([same.dimension, same.trueScore, same.source]);
      // Every fix speaks of the data service, in all three languages.
      expect(m.fix.nb, m.name).toMatch(/datatjenest/);
      expect(m.fix.nn, m.name).toMatch(/datatenest/);
      expect(m.fix.en, m.name).toMatch(/data service/);
    }
    expect(DATA_SERVICE_QUALITY_METRICS.find((m) => m.name === 'accessUrlStatusCode')!.property).toBe('dcat:endpointURL');
  });
});

describe('the quality of a data service record', () => {
  it('gains every applicable point when it has every property, its record conforms and its endpoint answers', () => {
    const q = recordQuality(service(FULL), checked(200))!;
    expect(q.maxScore).toBe(310);
    expect(q.score).toBe(310);
    expect(q.band).toBe('excellent');
    expect(q.fixes).toEqual([]);
    expect(q.scores.dataset.id).toBe(API);
    expect(q.scores.dataset.dimensions.map((d) => [d.id.split('#')[1], d.score, d.max_score])).toEqual([
      ['accessibility', 50, 50], ['contextuality', 15, 15], ['findability', 60, 60], ['interoperability', 110, 110], ['reusability', 75, 75],
    ]);
    expect(recordQuality(service(FULL), checked(200))).toEqual(q);
  });

  it('scores a bare service low and says what to add to it, the biggest gain first', () => {
    const q = recordQuality(service(BARE, false))!;
    // Nothing but the endpoint, not checked yet (not measured), and a record with a violation.
    expect(q.score).toBe(0);
    expect(q.band).toBe('poor');
    expect(q.fixes.map((f) => [f.metric, f.gain, f.measured])).toEqual([
      ['accessUrlStatusCode', 50, false], ['categoryAvailability', 30, true], ['dcatApCompliance', 30, true], ['keywordAvailability', 30, true],
      ['contactPointAvailability', 20, true], ['formatAvailability', 20, true], ['formatMediaTypeMachineInterpretable', 20, true], ['formatMediaTypeNonProprietary', 20, true],
      ['licenseAvailability', 20, true], ['accessRightsAvailability', 10, true], ['formatMediaTypeVocabularyAlignment', 10, true], ['knownLicense', 10, true],
      ['mediaTypeAvailability', 10, true], ['publisherAvailability', 10, true], ['accessRightsVocabularyAlignment', 5, true], ['dateIssuedAvailability', 5, true],
      ['dateModifiedAvailability', 5, true], ['rightsAvailability', 5, true],
    ]);
    expect(q.fixes.find((f) => f.metric === 'licenseAvailability')!.fix.en).toBe('Add a licence to the data service');
    expect(q.score + q.fixes.reduce((s, f) => s + f.gain, 0)).toBe(310);
  });

  it('counts the endpoint reachable on a 2xx, or a 401 / 403 (it asks for credentials); a 404 or no answer misses it', () => {
    const accessibility = (statuses?: UrlStatuses): { score: number; scored: boolean } => {
      const metric = recordQuality(service(FULL), statuses)!.scores.dataset.dimensions.find((d) => d.id.endsWith('#accessibility'))!.metrics[0]!;
      return { score: metric.score, scored: metric.is_scored };
    };
    expect(accessibility()).toEqual({ score: 0, scored: false });
    expect(accessibility(new Map())).toEqual({ score: 0, scored: false });
    for (const status of [200, 204, 401, 403]) expect(accessibility(checked(status)), String(status)).toEqual({ score: 50, scored: true });
    for (const status of [0, 301, 404, 500, 503]) expect(accessibility(checked(status)), String(status)).toEqual({ score: 0, scored: true });
  });

  it('is published as compact DQV in the service\'s graph: its total and the metrics it missed', () => {
    const g = recordGraph(service(BARE), BASE, checked(404));
    const store = new ox.Store();
    store.load(g.ntriples!, { format: 'application/n-triples', to_graph_name: ox.namedNode(g.graph) });
    const P = 'PREFIX dqv: <http://www.w3.org/ns/dqv#> PREFIX dk: <https://w3id.org/datakatalog/vocab#>';
    const rows = store.query(`${P} SELECT ?value WHERE { GRAPH ?g { <${API}> dqv:hasQualityMeasurement ?m . ?m dqv:isMeasurementOf <https://data.norge.no/vocabulary/dcatno-mqa#scoring> ; dqv:value ?value } }`) as Map<string, ox.Term>[];
    expect(rows.map((r) => Number(r.get('value')!.value))).toEqual([30]); // dcatApCompliance alone
    const missed = (store.query(`${P} SELECT ?metric WHERE { GRAPH ?g { <${API}> dqv:hasQualityMeasurement ?m . ?m dk:missedMetric ?metric } }`) as Map<string, ox.Term>[])
      .map((r) => r.get('metric')!.value.split('#')[1]!);
    expect(missed).toHaveLength(17); // 18 applicable, dcatApCompliance met
    expect(missed).toContain('accessUrlStatusCode'); // the endpoint answered 404
    expect(missed).not.toContain('dcatApCompliance');
    expect(missed).not.toContain('downloadUrlAvailability'); // does not apply
  });

  it('has its endpoint URLs checked, not its description\'s', () => {
    expect(recordUrls(service(FULL))).toEqual([{ url: ENDPOINT, property: 'endpointURL' }]);
    expect(recordUrls({ kind: 'concept', graph: service(FULL).graph })).toEqual([]);
  });
});
