import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogRecordNTriples, recordUri } from '../../src/rdf/catalog-record.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { Parser } from 'n3';
import { DATASET_IRI, SERVICE_IRI, VIOLATES, fixtureRecord } from './support/catalog-fixture.js';
import { canonicalGraph } from './support/graphs.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

const REMOVED_IRI = 'https://data.example.no/datasets/adresser-2019';
const QUARANTINED_IRI = 'https://data.example.no/datasets/uten-beskrivelse';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [member: string]: unknown;
}

describe('dereferenceable record URIs', () => {
  let catalog: LoadedCatalog;
  let app: RunningApp;
  let datasetUri: string;

  beforeAll(async () => {
    const removed = fixtureRecord('dataset.ttl', 'dataset', REMOVED_IRI);
    const quarantined = fixtureRecord('dataset.ttl', 'dataset', QUARANTINED_IRI, { status: 'quarantined', validation: VIOLATES });
    catalog = await loadCatalog([removed, quarantined]);
    await catalog.store.markRemoved([removed.id], '2025-05-06T07:08:09.000Z');
    app = await startApp(async (url) => ({ store: catalog.store, sparql: await catalog.sparqlIndex(url), sparqlTimeoutMs: 5000, maxQueryLength: 10_000 }));
    datasetUri = recordUri(app.url, 'dataset', catalog.writes.dataset.id);
  });
  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  const problem = async (res: Response): Promise<Problem> => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as Problem;
  };
  /** What a record URI must serve: the resource graph and its dcat:CatalogRecord. */
  const expectedGraph = (write: typeof catalog.writes.dataset) =>
    canonicalNTriples(new Parser({ format: 'N-Triples' }).parse(write.graph + catalogRecordNTriples({ ...write, removedAt: null }, app.url, write.validation)));

  describe('content negotiation', () => {
    it('serves a dataset as Turtle by default: its graph plus its catalog record', async () => {
      const res = await fetch(datasetUri);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
      const graph = await canonicalGraph(await res.text(), 'text/turtle');
      expect(graph).toBe(expectedGraph(catalog.writes.dataset));
      expect(graph).toContain(`<${datasetUri}> <http://xmlns.com/foaf/0.1/primaryTopic> <${DATASET_IRI}> .`);
      expect(graph).toContain(`<${datasetUri}> <http://purl.org/dc/terms/isPartOf> <${recordUri(app.url, 'catalog', catalog.writes.catalog.id)}> .`);
    });

    for (const type of ['application/n-triples', 'application/ld+json', 'application/rdf+xml']) {
      it(`serves the same graph as ${type}`, async () => {
        const res = await fetch(datasetUri, { headers: { Accept: type } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')?.split(';')[0]).toBe(type);
        expect(await canonicalGraph(await res.text(), type)).toBe(expectedGraph(catalog.writes.dataset));
      });
    }

    it('serves data services and catalogs under their own segments', async () => {
      const service = await fetch(recordUri(app.url, 'data-service', catalog.writes.service.id), { headers: { Accept: 'application/n-triples' } });
      expect(service.status).toBe(200);
      expect(await canonicalGraph(await service.text(), 'application/n-triples')).toBe(expectedGraph(catalog.writes.service));
      const cat = await fetch(recordUri(app.url, 'catalog', catalog.writes.catalog.id));
      expect(cat.status).toBe(200);
      const graph = await canonicalGraph(await cat.text(), 'text/turtle');
      expect(graph).toBe(expectedGraph(catalog.writes.catalog));
      expect(graph).not.toContain('http://purl.org/dc/terms/isPartOf');
    });

    it('gives developers a plain JSON view with application/json', async () => {
      const res = await fetch(datasetUri, { headers: { Accept: 'application/json' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const view = (await res.json()) as Record<string, unknown>;
      expect(view).toMatchObject({
        id: catalog.writes.dataset.id,
        uri: datasetUri,
        iri: DATASET_IRI,
        kind: 'dataset',
        status: 'published',
        issued: '2025-01-02T10:00:00.000Z',
        modified: '2025-03-04T12:30:00.000Z',
        catalog: { id: catalog.writes.catalog.id, uri: recordUri(app.url, 'catalog', catalog.writes.catalog.id) },
        source: `${app.url}/sources/${catalog.writes.dataset.sourceId}`,
        title: { nb: 'Stedsnavn', nn: 'Stadnamn', en: 'Place names' },
        description: {
          nb: 'Sentralt stedsnavnregister (SSR) med offisielle stedsnavn i Norge.',
          en: 'The central register of official place names in Norway.',
        },
        validation: { profile: 'dcat-ap-no-2', conforms: true, uri: `${datasetUri}/validation` },
      });
      expect(await canonicalGraph(JSON.stringify(view.graph), 'application/ld+json')).toBe(expectedGraph(catalog.writes.dataset));
    });

    it('answers 406 listing the offered types for an Accept it cannot serve', async () => {
      const res = await fetch(datasetUri, { headers: { Accept: 'image/png' } });
      expect(res.status).toBe(406);
      const body = await problem(res);
      expect(body.offered).toEqual([
        'text/turtle',
        'application/n-triples',
        'application/ld+json',
        'application/rdf+xml',
        ...['expanded', 'compacted', 'flattened'].map((form) => `application/ld+json;profile="http://www.w3.org/ns/json-ld#${form}"`),
        'application/json',
      ]);
    });

    it('takes our own Content-Type, charset and all, as Accept', async () => {
      const res = await fetch(datasetUri, { headers: { Accept: 'text/turtle;charset=utf-8' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    });

    it('writes the JSON-LD form the profile parameter names', async () => {
      const asked = async (form: string) => {
        const res = await fetch(datasetUri, { headers: { Accept: `application/ld+json;profile="http://www.w3.org/ns/json-ld#${form}"` } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(`application/ld+json; profile="http://www.w3.org/ns/json-ld#${form}"; charset=utf-8`);
        const text = await res.text();
        expect(await canonicalGraph(text, 'application/ld+json')).toBe(expectedGraph(catalog.writes.dataset));
        return JSON.parse(text) as unknown;
      };
      const expanded = await asked('expanded');
      expect(Array.isArray(expanded)).toBe(true); // expanded form: a top-level array, no context
      expect(JSON.stringify(expanded)).not.toContain('@context');
      const flattened = (await asked('flattened')) as Record<string, unknown>;
      expect(flattened['@context']).toBeDefined();
      const nodes = flattened['@graph'] as Record<string, unknown>[];
      // flattened: every node at the top of @graph; a node inside another is only a reference ({ "@id" })
      const nested = nodes.flatMap((node) => Object.values(node).flatMap((v) => (Array.isArray(v) ? v : [v])));
      const references = nested.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && '@id' in v);
      expect(references.length).toBeGreaterThan(0);
      for (const ref of references) expect(Object.keys(ref)).toEqual(['@id']);
      const compacted = (await asked('compacted')) as Record<string, unknown>;
      expect(compacted['@context']).toBeDefined();
    });

    it('lets any origin read a record', async () => {
      const res = await fetch(datasetUri, { headers: { Origin: 'https://app.example.org' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('caching', () => {
    it('sends Vary, a per-representation ETag and Last-Modified = dct:modified', async () => {
      const turtle = await fetch(datasetUri);
      const json = await fetch(datasetUri, { headers: { Accept: 'application/json' } });
      expect(turtle.headers.get('vary')).toMatch(/Accept/);
      expect(turtle.headers.get('last-modified')).toBe('Tue, 04 Mar 2025 12:30:00 GMT');
      expect(turtle.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(json.headers.get('etag')).not.toBe(turtle.headers.get('etag'));
      const again = await fetch(datasetUri);
      expect(again.headers.get('etag')).toBe(turtle.headers.get('etag'));
    });

    it('answers 304 to If-None-Match with the current ETag, 200 with another', async () => {
      const etag = (await fetch(datasetUri)).headers.get('etag')!;
      const same = await fetch(datasetUri, { headers: { 'If-None-Match': etag } });
      expect(same.status).toBe(304);
      expect(same.headers.get('etag')).toBe(etag);
      expect(await same.text()).toBe('');
      const other = await fetch(datasetUri, { headers: { 'If-None-Match': '"something-else"' } });
      expect(other.status).toBe(200);
      // The Turtle ETag does not validate the JSON view.
      const json = await fetch(datasetUri, { headers: { Accept: 'application/json', 'If-None-Match': etag } });
      expect(json.status).toBe(200);
    });

    it('answers 304 to If-Modified-Since at or after dct:modified', async () => {
      expect((await fetch(datasetUri, { headers: { 'If-Modified-Since': 'Tue, 04 Mar 2025 12:30:00 GMT' } })).status).toBe(304);
      expect((await fetch(datasetUri, { headers: { 'If-Modified-Since': 'Mon, 03 Mar 2025 00:00:00 GMT' } })).status).toBe(200);
    });

    it('answers HEAD with the headers and no body', async () => {
      const res = await fetch(datasetUri, { method: 'HEAD', headers: { Accept: 'application/ld+json' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
      expect(res.headers.get('etag')).toMatch(/^"/);
      expect(await res.text()).toBe('');
    });
  });

  describe('lookup by original IRI', () => {
    it('redirects /resources?uri= to the record URI with 303', async () => {
      const res = await fetch(`${app.url}/resources?uri=${encodeURIComponent(SERVICE_IRI)}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(recordUri(app.url, 'data-service', catalog.writes.service.id));
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const followed = await fetch(`${app.url}/resources?uri=${encodeURIComponent(DATASET_IRI)}`, { headers: { Accept: 'application/json' } });
      expect(followed.status).toBe(200);
      expect(((await followed.json()) as { iri: string }).iri).toBe(DATASET_IRI);
    });

    it('answers 404 for an unknown IRI and 400 without exactly one uri', async () => {
      const unknown = await fetch(`${app.url}/resources?uri=${encodeURIComponent('https://nowhere.example/x')}`, { redirect: 'manual' });
      expect(unknown.status).toBe(404);
      expect((await problem(unknown)).detail).toContain('https://nowhere.example/x');
      expect((await fetch(`${app.url}/resources`)).status).toBe(400);
      expect((await fetch(`${app.url}/resources?uri=a:b&uri=c:d`)).status).toBe(400);
    });

    it('redirects for a removed resource too, whose record URI then answers 410', async () => {
      const res = await fetch(`${app.url}/resources?uri=${encodeURIComponent(REMOVED_IRI)}`);
      expect(res.status).toBe(410);
    });
  });

  describe('records that are not (or no longer) published', () => {
    it('answers 410 Gone with when a removed record was removed', async () => {
      const uri = recordUri(app.url, 'dataset', uuidV3(REMOVED_IRI));
      const res = await fetch(uri, { headers: { Accept: 'text/turtle' } });
      expect(res.status).toBe(410);
      const body = await problem(res);
      expect(body.removedAt).toBe('2025-05-06T07:08:09.000Z');
      expect(body.iri).toBe(REMOVED_IRI);
      expect(body.detail).toContain('2025-05-06T07:08:09.000Z');
      expect(res.headers.get('etag')).toBeNull();
      expect((await fetch(`${uri}/validation`)).status).toBe(410);
    });

    it('keeps a quarantined record from the public (404) but shows its validation report', async () => {
      const uri = recordUri(app.url, 'dataset', uuidV3(QUARANTINED_IRI));
      const res = await fetch(uri);
      expect(res.status).toBe(404);
      const body = await problem(res);
      expect(body.status).toBe(404);
      expect(body).toMatchObject({ status: 404, validation: `${uri}/validation` });
      expect(body.detail).toMatch(/quarantined/);
      const report = await fetch(`${uri}/validation`);
      expect(report.status).toBe(200);
      expect(await report.json()).toMatchObject({ conforms: false, status: 'quarantined', counts: { violation: 1 }, results: VIOLATES.results });
    });

    it('answers 404 naming the right URI for a record under another kind’s segment', async () => {
      const res = await fetch(`${app.url}/data-services/${catalog.writes.dataset.id}`);
      expect(res.status).toBe(404);
      const body = await problem(res);
      expect(body.recordUri).toBe(datasetUri);
      expect(body.detail).toContain(datasetUri);
    });

    it('answers 404 for unknown ids and for ids that are not UUIDs', async () => {
      expect((await fetch(`${app.url}/datasets/${uuidV3('https://nowhere.example/x')}`)).status).toBe(404);
      const notUuid = await fetch(`${app.url}/datasets/not-a-uuid`);
      expect(notUuid.status).toBe(404);
      expect((await problem(notUuid)).type).toMatch(/\/problems\/not-found$/);
      expect((await fetch(`${app.url}/concepts/${catalog.writes.dataset.id}`)).status).toBe(404);
      expect((await fetch(`${app.url}/information-models/${catalog.writes.dataset.id}`)).status).toBe(404);
    });
  });

  describe('validation reports', () => {
    it('serves the validation report of a published record as JSON, with validators', async () => {
      const res = await fetch(`${datasetUri}/validation`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({
        id: catalog.writes.dataset.id,
        uri: `${datasetUri}/validation`,
        record: datasetUri,
        iri: DATASET_IRI,
        status: 'published',
        modified: '2025-03-04T12:30:00.000Z',
        profile: 'dcat-ap-no-2',
        conforms: true,
        counts: { violation: 0, warning: 0, info: 0 },
        results: [],
      });
      const etag = res.headers.get('etag')!;
      expect((await fetch(`${datasetUri}/validation`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    });

    it('refuses a non-JSON Accept for reports with 406', async () => {
      expect((await fetch(`${datasetUri}/validation`, { headers: { Accept: 'text/turtle' } })).status).toBe(406);
    });
  });
});
