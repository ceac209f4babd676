import ox from 'oxigraph';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/core/catalog-record.js';
import { MAX_QUALITY_SCORE } from '../../src/core/quality-metrics.js';
import { recordGraph } from '../../src/projection/sparql-projection.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { Parser } from 'n3';
import { scoreAssessment } from '../../src/core/quality-score.js';
import { measureDataService, measureDataset, type UrlStatuses } from '../../src/rdf/quality-assessment.js';
import { DATA_SERVICE_QUALITY_METRICS } from '../../src/core/data-service-quality-metrics.js';
import { recordQuality, recordScores } from '../../src/rdf/record-quality.js';
import { EX, fixture, turtle, without } from '../validation/helpers.js';

const BASE = 'https://katalog.example.no';

function dataset(quads = fixture('conforming-record-3.ttl'), conforms = true): StoredRecord {
  return {
    id: '6f1c4ad6-0000-3000-8000-000000000001',
    iri: `${EX}population`,
    kind: 'dataset',
    sourceId: 'src',
    catalogId: null,
    hash: 'h',
    status: 'published',
    issued: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    removedAt: null,
    graph: canonicalNTriples(quads),
    validation: { profile: 'dcat-ap-no-3', conforms, counts: { violation: conforms ? 0 : 1, warning: 0, info: 0 }, results: [] },
  };
}

describe('the quality of a dataset record', () => {
  it('scores the record from its graph and validation report, the same every time', () => {
    const q = recordQuality(dataset())!;
    // The fixture has keywords, themes, spatial and temporal coverage, access rights, contact point,
    // publisher, issue and change dates (which count for the distribution too, as in FDK's merge), and a
    // JSON distribution with download URL, format, media type and an EU licence; no rights or byte size,
    // and the URL checker has not run.
    expect(q.scores.dataset.dimensions.map((d) => [d.id.split('#')[1], d.score])).toEqual([
      ['accessibility', 20], ['contextuality', 10], ['findability', 100], ['interoperability', 110], ['reusability', 75],
    ]);
    expect(q.score).toBe(315);
    expect(q.band).toBe('good');
    expect(recordQuality(dataset())).toEqual(q);
  });

  it('lists the missed metrics with their fix in nb, nn and en, the biggest gain first', () => {
    const quads = without(without(fixture('conforming-record-3.ttl'), 'population-json', 'http://purl.org/dc/terms/license'), 'population', 'http://www.w3.org/ns/dcat#keyword');
    const q = recordQuality(dataset(quads, false))!;
    expect(q.fixes.map((f) => [f.metric, f.gain])).toEqual([
      ['accessUrlStatusCode', 50], ['dcatApCompliance', 30], ['downloadUrlStatusCode', 30], ['keywordAvailability', 30], ['licenseAvailability', 20],
      ['knownLicense', 10], ['byteSizeAvailability', 5], ['rightsAvailability', 5],
    ]);
    const licence = q.fixes.find((f) => f.metric === 'knownLicense')!;
    expect(licence).toMatchObject({ property: 'dct:license', dimension: 'reusability', fix: { nb: 'Legg til en lisens fra listen over åpne lisenser', nn: 'Legg til ein lisens frå lista over opne lisensar', en: 'Add a licence from the list of open licences' } });
    expect(q.score + q.fixes.reduce((s, f) => s + f.gain, 0)).toBe(MAX_QUALITY_SCORE - 30); // format match and syntax (30 points) are not measured
  });

  it('has no MQA score for kinds of record other than datasets and data services', () => {
    for (const kind of ['catalog', 'dataset-series', 'concept', 'information-model'] as const) expect(recordQuality({ ...dataset(), kind }), kind).toBeUndefined();
  });

  it('is published as compact DQV in the record\'s graph: the total and the metrics missed, which SPARQL reads', () => {
    const quads = without(fixture('conforming-record-3.ttl'), 'population', 'http://www.w3.org/ns/dcat#keyword');
    const g = recordGraph(dataset(quads), BASE);
    const store = new ox.Store();
    store.load(g.ntriples!, { format: 'application/n-triples', to_graph_name: ox.namedNode(g.graph) });
    const P = 'PREFIX dqv: <http://www.w3.org/ns/dqv#> PREFIX mqa: <https://data.norge.no/vocabulary/dcatno-mqa#> PREFIX dk: <https://w3id.org/datakatalog/vocab#>';
    const rows = store.query(`${P} SELECT ?m ?metric ?value WHERE { GRAPH ?g { <${EX}population> dqv:hasQualityMeasurement ?m . ?m a dqv:QualityMeasurement ; dqv:computedOn <${EX}population> ; dqv:isMeasurementOf ?metric ; dqv:value ?value } }`) as Map<string, ox.Term>[];
    expect(rows.map((r) => [r.get('metric')!.value.split('#')[1], Number(r.get('value')!.value)])).toEqual([['scoring', 285]]);
    expect(rows[0]!.get('m')!.value).toBe(`${g.graph}#quality`);
    const missed = (store.query(`${P} SELECT ?metric WHERE { GRAPH ?g { <${EX}population> dqv:hasQualityMeasurement ?m . ?m dk:missedMetric ?metric } } ORDER BY ?metric`) as Map<string, ox.Term>[])
      .map((r) => r.get('metric')!.value.split('#')[1]);
    // Keywords are gone; rights and byte size were never there. The URL checks have not run: not measured, so not missed.
    expect(missed).toEqual(['byteSizeAvailability', 'keywordAvailability', 'rightsAvailability']);
    expect(recordQuality(dataset(quads))!.fixes.filter((f) => f.measured).map((f) => f.metric).sort()).toEqual(missed);
  });

  it('adds a small fraction of the record\'s own triples: five and one per missed metric', () => {
    const g = recordGraph(dataset(), BASE);
    const own = recordGraph({ ...dataset(), kind: 'catalog' }, BASE);
    const lines = (s: string): number => s.split('\n').filter((l) => l.trim() !== '').length;
    expect(lines(g.ntriples!) - lines(own.ntriples!)).toBe(5 + 2); // rights and byte size missed
  });

  it('scores a stored record exactly as measuring the quads of its graph does (blank nodes, literal formats and URL results included)', () => {
    const withBlankNodes = turtle(`
      @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <${EX}population> a dcat:Dataset ; dct:title "Folketall"@nb ; dcat:keyword "folk"@NB ;
        dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
        dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://files.example.no/page> ; dcat:downloadURL <https://files.example.no/a.csv> ; dct:format "text/csv" ;
          dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ; dcat:byteSize "12"^^<http://www.w3.org/2001/XMLSchema#decimal> ],
        [ a dcat:Distribution ; dcat:downloadURL <https://files.example.no/b.json> ; dct:format <http://publications.europa.eu/resource/authority/file-type/JSON> ] .`);
    const statuses: UrlStatuses = new Map([
      ['https://files.example.no/page', { status: 200, mediaType: 'text/html' }],
      ['https://files.example.no/a.csv', { status: 200, mediaType: 'text/csv' }],
      ['https://files.example.no/b.json', { status: 404, mediaType: null }],
    ]);
    for (const quads of [fixture('conforming-record-3.ttl'), without(fixture('conforming-record-3.ttl'), 'population', 'http://www.w3.org/ns/dcat#keyword'), withBlankNodes]) {
      for (const conforms of [true, false]) {
        const record = dataset(quads, conforms);
        expect(record.graph.includes('_:') || quads !== withBlankNodes).toBe(true);
        for (const urls of [undefined, statuses]) {
          const fromQuads = scoreAssessment(
            measureDataset(new Parser({ format: 'N-Triples' }).parse(record.graph), record.iri, { validation: record.validation, ...(urls !== undefined ? { urlStatuses: urls } : {}) }),
          );
          // A blank node's label is n3's own per parse (b<n>_…), on either path: compared without it.
          const unlabelled = (x: unknown): string => JSON.stringify(x).replace(/_:b\d+_/g, '_:');
          expect(unlabelled(recordScores(record, urls))).toBe(unlabelled(fromQuads));
        }
      }
    }
    // A data service: its own metrics, from the same reading.
    const service = turtle(`
      @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <${EX}population> a dcat:DataService ; dct:title "API"@nb ; dcat:keyword "api"@nb ; dcat:endpointURL <https://files.example.no/page> ;
        dct:format <http://publications.europa.eu/resource/authority/file-type/JSON> ; dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> .`);
    const serviceRecord = { ...dataset(service), kind: 'data-service' as const };
    for (const urls of [undefined, statuses]) {
      const fromQuads = scoreAssessment(
        measureDataService(new Parser({ format: 'N-Triples' }).parse(serviceRecord.graph), serviceRecord.iri, { validation: serviceRecord.validation, ...(urls !== undefined ? { urlStatuses: urls } : {}) }),
        DATA_SERVICE_QUALITY_METRICS,
      );
      expect(recordScores(serviceRecord, urls)).toEqual(fromQuads);
    }
    // The comparison covers measurements that depend on what the graph holds: formatMatch is measured and met on the blank-node distribution.
    const measured = scoreAssessment(measureDataset(new Parser({ format: 'N-Triples' }).parse(dataset(withBlankNodes).graph), `${EX}population`, { urlStatuses: statuses }));
    expect(JSON.stringify(measured)).toContain('formatMatch');
  });
});
