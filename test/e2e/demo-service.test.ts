import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';

// `npm start` on an empty data directory: the whole service, with the demo harvested through the real
// pipeline (served by the service itself, fetched over HTTP), then used the way the README's tutorial does.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers: the assertions check their shape
type Json = any;

let server: RunningServer;
let dataDir: string;
let base: string;

async function json(pathAndQuery: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${pathAndQuery}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', HARVEST_INTERVAL: '0', VALIDATION_WORKERS: '1', SPARQL_WORKERS: '1', ADMIN_TOKEN: 'test-token', ORGANISATION_REGISTER_URL: 'off' });
  server = await startServer(config, silentLogger);
  base = server.url;
  await server.demoHarvested;
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the service on an empty data directory (npm start)', () => {
  it('harvested every demo agency through the real pipeline', async () => {
    const { body } = await json('/api/sources');
    expect(body.sources).toHaveLength(13);
    for (const s of body.sources) expect(s.latestRun).toMatchObject({ state: 'succeeded' });
    const added = body.sources.reduce((n: number, s: Json) => n + s.latestRun.counts.added, 0);
    // 62 datasets, 15 data services, 2 series, 9 DCAT catalogs; a model catalog with 2 information models;
    // two concept catalogs (13 + 10 concepts, one collection each); the EU data themes (14 concepts, 1 scheme).
    expect(added).toBe(62 + 15 + 2 + 9 + 1 + 2 + (13 + 1) + (10 + 1) + (14 + 1));
    expect(body.sources.filter((s: Json) => s.kind === 'skos-ap-no')).toHaveLength(2);
    expect(body.sources.filter((s: Json) => s.kind === 'skos')).toHaveLength(1);
    const paged = body.sources.find((s: Json) => s.url.endsWith('statens-vegvesen-page-1.ttl'));
    expect(paged.latestRun.documents).toBe(3);
  });

  it('finds an API by what it does, lists its operations and serves its OpenAPI document (the demo data services name hand-written descriptions)', async () => {
    // "Slå opp en enhet på organisasjonsnummer" is an operation summary of the Enhetsregisteret description, not in the agency's DCAT.
    const found = await json('/api/search?q=sl%C3%A5%20opp%20organisasjonsnummer&type=data-service');
    expect(found.status).toBe(200);
    const hit = found.body.hits.find((h: Json) => h.iri === 'https://data.brreg.no/datakatalog/api/enhetsregisteret');
    expect(hit).toBeDefined();
    const operations = (await json(`${new URL(hit.uri).pathname}/operations`)).body;
    expect(operations.total).toBe(7);
    expect(operations.operations[1]).toEqual({ method: 'GET', path: '/enheter/{organisasjonsnummer}', operationId: 'hentEnhet', summary: 'Slå opp en enhet på organisasjonsnummer', tags: ['enheter'], deprecated: false });
    const document = await fetch(`${base}${new URL(hit.uri).pathname}/openapi`);
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await document.text()).toContain('operationId: hentEnhet');
    // Six demo data services are described by an OpenAPI document, each enriched in place.
    const services = (await json('/api/search?type=data-service&size=100')).body.hits as Json[];
    let described = 0;
    for (const s of services) if ((await json(`${new URL(s.uri).pathname}/operations`)).body.total > 0) described++;
    expect(described).toBe(6);
  });

  it('goes from a dataset to the API that serves it, to the model that API returns, to the concept an attribute means, and back to every dataset about that concept, through /relations alone', async () => {
    const ENHET = 'https://data.norge.no/modeller/enhet';
    const hovedenheter = await fetch(`${base}/resources?uri=${encodeURIComponent('https://data.brreg.no/datakatalog/datasett/enhetsregisteret-hovedenheter')}`, { redirect: 'manual' });
    const datasetUri = hovedenheter.headers.get('location')!;
    const fromDataset = (await json(`${new URL(datasetUri).pathname}/relations?type=servesDataset`)).body;
    const api = fromDataset.incoming.find((e: Json) => e.iri === 'https://data.brreg.no/datakatalog/api/enhetsregisteret');
    expect(api).toMatchObject({ kind: 'data-service', title: 'Enhetsregisterets åpne API', type: { id: 'servesDataset' } });

    // The API's OpenAPI description names the model's elements in its schemas (x-modelElement); its DCAT says it conforms to the model.
    const returns = (await json(`${new URL(api.record).pathname}/relations?type=apiSchemaElement`)).body;
    expect(returns.outgoing.map((e: Json) => `${e.kind} ${e.iri} ${e.part === true}`).sort()).toEqual(
      ['Adresse', 'Enhet', 'navn', 'organisasjonsform', 'organisasjonsnummer'].map((element) => `information-model ${ENHET}#${element} true`).sort(),
    );
    const modelRecord = returns.outgoing[0].record;
    expect(new Set(returns.outgoing.map((e: Json) => e.record))).toEqual(new Set([modelRecord]));
    const conforms = (await json(`${new URL(api.record).pathname}/relations?kind=information-model&type=conformsTo`)).body;
    expect(conforms.outgoing).toEqual([expect.objectContaining({ iri: ENHET, kind: 'information-model', title: 'Enhet', record: modelRecord })]);

    const fromModel = (await json(`${new URL(modelRecord).pathname}/relations?type=subject&lang=en`)).body;
    const orgnr = fromModel.outgoing.find((e: Json) => e.iri === 'https://data.brreg.no/begrep/organisasjonsnummer');
    expect(orgnr).toMatchObject({ kind: 'concept', element: { iri: `${ENHET}#organisasjonsnummer`, title: 'organisation number' } });

    // Back from the concept to every dataset about it: both units' datasets (and the model's attribute that means it).
    const fromConcept = (await json(`${new URL(orgnr.record).pathname}/relations?type=subject`)).body;
    expect(fromConcept.incoming.filter((e: Json) => e.kind === 'dataset').map((e: Json) => e.iri).sort()).toEqual([
      'https://data.brreg.no/datakatalog/datasett/enhetsregisteret-hovedenheter',
      'https://data.brreg.no/datakatalog/datasett/enhetsregisteret-underenheter',
    ]);
    expect(fromConcept.incoming.filter((e: Json) => e.kind === 'information-model').map((e: Json) => e.record)).toEqual([modelRecord]);
    // Search says the same: the datasets about the concept, and how many datasets the concept is the subject of.
    const about = (await json(`/api/search?concept=${encodeURIComponent('https://data.brreg.no/begrep/organisasjonsnummer')}&type=dataset`)).body;
    expect(about.hits.map((h: Json) => h.iri).sort()).toEqual(fromConcept.incoming.filter((e: Json) => e.kind === 'dataset').map((e: Json) => e.iri).sort());
    const conceptHit = (await json(`/api/search?uri=${encodeURIComponent('https://data.brreg.no/begrep/organisasjonsnummer')}`)).body.hits[0];
    expect(conceptHit.relationCounts.subject.incoming).toEqual({ dataset: 2, 'information-model': 1 });

    // Datasets and the API conform to the model; the API's schemas use its elements; the second model reuses its Enhet.
    const incoming = (await json(`${new URL(modelRecord).pathname}/relations`)).body.incoming;
    expect(incoming.map((e: Json) => `${e.type.id} ${e.kind} ${e.element?.iri ?? ''}`).sort()).toEqual([
      ...['Adresse', 'Enhet', 'navn', 'organisasjonsform', 'organisasjonsnummer'].map((element) => `apiSchemaElement data-service ${ENHET}#${element}`),
      'conformsTo data-service ', 'conformsTo dataset ', 'conformsTo dataset ',
      `reusesElement information-model ${ENHET}#Enhet`, `reusesElement information-model ${ENHET}#Enhet`,
    ].sort());
    // The record view counts them; a dataset's search hit says it has an API and is served by one.
    const view = (await json(new URL(modelRecord).pathname, { headers: { Accept: 'application/json' } })).body;
    expect(view.relations.counts.conformsTo).toEqual({ outgoing: 0, incoming: 3 });
    expect(view.relations.counts.apiSchemaElement).toEqual({ outgoing: 0, incoming: 5 });
    const withApi = (await json('/api/search?hasApi=true&q=hovedenheter')).body.hits;
    expect(withApi.find((h: Json) => h.uri === datasetUri)?.relationCounts.servesDataset.incoming['data-service']).toBeGreaterThanOrEqual(1);
  });

  it('finds a concept by a synonym, reads its definition in Bokmål and Nynorsk, walks to its broader concept and to the datasets that use it', async () => {
    // «gasje» is a hidden term of «lønnsinntekt»; «skatteavregning» an admitted term of «skatteoppgjør».
    const lookup = (await json('/api/concepts/lookup?term=skatteavregning')).body;
    expect(lookup.hits[0]).toMatchObject({ iri: 'https://data.skatteetaten.no/begrep/skatteoppgjor', matched: { term: 'skatteavregning' } });
    const hidden = (await json('/api/concepts/lookup?term=gasje')).body;
    expect(hidden.hits[0]).toMatchObject({ iri: 'https://data.skatteetaten.no/begrep/lonnsinntekt', matched: { type: 'hiddenLabel' } });

    // The same through concept search: the hit says which term matched.
    const search = (await json('/api/search?q=gasje&type=concept')).body;
    expect(search.hits[0]).toMatchObject({ iri: 'https://data.skatteetaten.no/begrep/lonnsinntekt', title: 'lønnsinntekt', matchedTerm: { term: 'gasje', type: 'hiddenLabel' } });
    expect(search.facets.conceptStatus.buckets.length).toBeGreaterThan(0);
    const PREFIXES = 'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX xkos: <http://rdf-vocabulary.ddialliance.org/xkos#> PREFIX dct: <http://purl.org/dc/terms/> PREFIX dcat: <http://www.w3.org/ns/dcat#> ';
    const select = async (query: string) => (await json(`/sparql?query=${encodeURIComponent(PREFIXES + query)}`, { headers: { Accept: 'application/sparql-results+json' } })).body.results.bindings;
    const definitions = await select('SELECT ?d WHERE { <https://data.skatteetaten.no/begrep/lonnsinntekt> skos:definition ?d }');
    expect(definitions.map((b: Json) => b.d['xml:lang']).sort()).toEqual(['en', 'nb', 'nn']);
    const broader = await select('SELECT ?b ?label WHERE { <https://data.skatteetaten.no/begrep/lonnsinntekt> xkos:specializes ?b . ?b skos:prefLabel ?label FILTER(lang(?label) = "nn") }');
    expect(broader.map((b: Json) => [b.b.value, b.label.value])).toEqual([['https://data.skatteetaten.no/begrep/inntekt', 'inntekt']]);
    const datasets = await select('SELECT ?d WHERE { ?d a dcat:Dataset ; dct:subject <https://data.skatteetaten.no/begrep/inntekt> }');
    expect(datasets.map((b: Json) => b.d.value)).toEqual(['https://data.skatteetaten.no/datakatalog/datasett/skatteoppgjoret-statistikk']);

    // The concept's JSON view: its terms, definitions with audience, and its place in the hierarchy with labels and record URIs.
    const lonn = await fetch(`${base}/resources?uri=${encodeURIComponent('https://data.skatteetaten.no/begrep/lonnsinntekt')}`, { redirect: 'manual' });
    const view = (await json(new URL(lonn.headers.get('location')!).pathname, { headers: { Accept: 'application/json' } })).body;
    expect(view.concept.prefLabel).toMatchObject({ nb: 'lønnsinntekt', nn: 'lønsinntekt' });
    expect(view.concept.generic.parents).toEqual([expect.objectContaining({ iri: 'https://data.skatteetaten.no/begrep/inntekt', uri: expect.stringMatching(/\/concepts\//), prefLabel: expect.objectContaining({ nn: 'inntekt' }) })]);
    const parent = (await json(new URL(view.concept.generic.parents[0].uri).pathname, { headers: { Accept: 'application/json' } })).body;
    expect(parent.concept.generic.children.map((c: Json) => c.iri)).toEqual(expect.arrayContaining(['https://data.skatteetaten.no/begrep/lonnsinntekt', 'https://data.skatteetaten.no/begrep/kapitalinntekt']));
    expect(parent.concept.definitions.find((d: Json) => d.audience.length > 0)).toBeDefined();

    // The same walk through /relations: the concept record lists the dataset that uses it.
    const concept = await fetch(`${base}/resources?uri=${encodeURIComponent('https://data.skatteetaten.no/begrep/inntekt')}`, { redirect: 'manual' });
    expect(concept.status).toBe(303);
    const incoming = (await json(`${new URL(concept.headers.get('location')!).pathname}/relations`)).body.incoming;
    expect(incoming.map((e: Json) => `${e.kind} ${e.iri}`)).toContain('dataset https://data.skatteetaten.no/datakatalog/datasett/skatteoppgjoret-statistikk');
  });

  it('publishes the EU data themes as reference data: concept records outside the default lookup', async () => {
    // Its concepts label the themes records point to (src/projection/reference-labels-projection.ts).
    const themes = (await json('/api/sources')).body.sources.find((s: Json) => s.kind === 'skos');
    expect(server.catalog.labels.sources).toContain(`harvested:${themes.id}`);
    expect(server.catalog.labels.label('http://publications.europa.eu/resource/authority/data-theme/OP_DATPRO')).toEqual({ nb: 'Foreløpige data', nn: 'Førebelse data', en: 'Provisional data' });
    const economy = (await json('/api/search?q=økonomi&type=concept')).body;
    expect(economy.hits.map((h: Json) => h.iri)).not.toContain('http://publications.europa.eu/resource/authority/data-theme/ECON');
    const withReference = (await json('/api/search?q=økonomi&type=concept&referenceData=true')).body;
    expect(withReference.hits.map((h: Json) => h.iri)).toContain('http://publications.europa.eu/resource/authority/data-theme/ECON');
    expect(economy.facets.referenceData.buckets.find((b: Json) => b.key === 'true').count).toBe(withReference.total);
    const theme = await fetch(`${base}/resources?uri=${encodeURIComponent('http://publications.europa.eu/resource/authority/data-theme/ECON')}`, { redirect: 'manual' });
    expect(theme.status).toBe(303);
    expect(theme.headers.get('location')).toMatch(/\/concepts\/[0-9a-f-]{36}$/);
    expect((await json('/api/concepts/lookup?term=Økonomi')).body.hits).toEqual([]);
    const reference = (await json('/api/concepts/lookup?term=Økonomi&referenceData=true')).body.hits;
    expect(reference.map((h: Json) => h.iri)).toContain('http://publications.europa.eu/resource/authority/data-theme/ECON');
  });

  it('reports the deliberately defective demo record with its violations, in Bokmål and English', async () => {
    const { body } = await json('/api/search?q=grunnforurensning&size=1');
    const hit = body.hits[0];
    expect(hit.iri).toMatch(/grunnforurensning$/);
    const report = await json(`/datasets/${hit.id}/validation`);
    expect(report.body.conforms).toBe(false);
    expect(report.body.results.some((r: Json) => r.severity === 'violation' && r.message.nb && r.message.en)).toBe(true);
  });

  describe('finding demo resources through the search API', () => {
    it.each([
      ['without diacritics', 'snoskred', /Snøskred/],
      ['with a typo', 'luftkvalitett', /Luftkvalitet/],
      ['by another word form (stemming)', 'barnehagene', /[Bb]arnehage/],
      ['in English', 'population', /[Bb]efolkning|[Pp]opulation/],
    ])('%s: "%s"', async (_what, q, title) => {
      const { status, body } = await json(`/api/search?q=${encodeURIComponent(q)}`);
      expect(status).toBe(200);
      expect(body.total).toBeGreaterThan(0);
      expect(body.hits.slice(0, 3).some((h: Json) => title.test(h.title))).toBe(true);
    });

    it('with facets: filters narrow the hits and the counts are exact', async () => {
      const all = await json('/api/search?size=100');
      const envi = await json('/api/search?theme=ENVI&size=100');
      const bucket = all.body.facets.theme.buckets.find((b: Json) => b.key === 'ENVI');
      expect(envi.body.total).toBe(bucket.count);
      expect(envi.body.hits.every((h: Json) => h.themes.includes('ENVI'))).toBe(true);
      const services = await json('/api/search?type=data-service&size=100');
      expect(services.body.total).toBe(15);
    });

    it('answers bad input with a 400 naming the cause, never a 500', async () => {
      for (const q of ['"', 'NEAR(a b', "'; DROP TABLE records; --", 'x'.repeat(10_000), '%FF%FE']) {
        const res = await fetch(`${base}/api/search?q=${q.includes('%') ? q : encodeURIComponent(q)}`);
        expect([200, 400]).toContain(res.status);
      }
      const unknown = await json('/api/search?colour=blue');
      expect(unknown.status).toBe(400);
    });
  });

  it('dereferences a record URI with content negotiation, and finds it by its original IRI', async () => {
    const iri = 'https://data.brreg.no/datakatalog/datasett/enhetsregisteret-hovedenheter';
    const redirect = await fetch(`${base}/resources?uri=${encodeURIComponent(iri)}`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    const recordUri = redirect.headers.get('location')!;
    expect(recordUri).toMatch(/\/datasets\/[0-9a-f-]{36}$/);
    const local = recordUri.replace(/^https?:\/\/[^/]+/, base);
    const turtle = await fetch(local, { headers: { Accept: 'text/turtle' } });
    expect(turtle.headers.get('content-type')).toMatch(/text\/turtle/);
    const text = await turtle.text();
    expect(text).toContain(iri);
    expect(text).toMatch(/CatalogRecord/);
    const view = await json(local.replace(base, ''), { headers: { Accept: 'application/json' } });
    expect(view.body).toMatchObject({ iri, kind: 'dataset', status: 'published' });
  });

  it('answers SPARQL over the union of all records', async () => {
    const query = 'PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT (COUNT(?d) AS ?n) WHERE { ?d a dcat:Dataset }';
    const { body } = await json(`/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'application/sparql-results+json' } });
    expect(Number(body.results.bindings[0].n.value)).toBe(62);
  });

  it('needs the token for writes', async () => {
    const anonymous = await json('/api/sources', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.title).toBeDefined();
    const wrong = await json('/api/sources', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.type).toBe('https://w3id.org/datakatalog/problems/invalid-token');
    const bad = await json('/api/sources', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer test-token' }, body: '{"url":"file:///etc/passwd","publisher":"123"}' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toHaveLength(2);
  });

  it('harvests a registered source on request and keeps the previous records when it later fails', async () => {
    const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer test-token' };
    const sources = (await json('/api/sources')).body.sources;
    const brreg = sources.find((s: Json) => s.publisher === '974760673' && s.kind === 'dcat-ap-no');
    const again = await json(`/api/sources/${brreg.id}/harvest?wait=true`, { method: 'POST', headers });
    expect(again.status).toBe(200);
    // The demo files carry ETags: an unchanged source costs one conditional request.
    expect(again.body).toMatchObject({ state: 'succeeded', notModified: true });
    expect(again.body.counts).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: brreg.latestRun.counts.added });
    // A source whose URL answers 404 fails with the cause; the catalog keeps what it had.
    const created = await json('/api/sources', { method: 'POST', headers, body: JSON.stringify({ url: `${base}/demo/missing.ttl`, publisher: '974760673' }) });
    expect(created.status).toBe(201);
    const failed = await json(`/api/sources/${created.body.id}/harvest?wait=true`, { method: 'POST', headers });
    expect(failed.body.state).toBe('failed');
    expect(failed.body.error).toMatch(/refused|not allowed|private|loopback|404/i);
  });

  it('shows every run of a source with its problems, and dereferences the source IRI of catalog records', async () => {
    const sources = (await json('/api/sources')).body.sources;
    const nve = sources.find((s: Json) => s.publisher === '970205039');
    const runs = await json(`/api/sources/${nve.id}/runs`);
    expect(runs.body.runs.length).toBeGreaterThanOrEqual(1);
    const run = await json(`/api/runs/${runs.body.runs[0].id}`);
    expect(run.body).toMatchObject({ sourceId: nve.id, state: 'succeeded' });
    const redirect = await fetch(`${base}/sources/${nve.id}`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toMatch(new RegExp(`/api/sources/${nve.id}$`));
    expect((await json('/api/runs/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('unregisters a source: its records become tombstones that answer 410 Gone', async () => {
    const headers = { Authorization: 'Bearer test-token' };
    const sources = (await json('/api/sources')).body.sources;
    const udir = sources.find((s: Json) => s.publisher === '970018131');
    const hit = (await json('/api/search?publisher=970018131&type=dataset&size=1')).body.hits[0];
    expect((await fetch(`${base}/datasets/${hit.id}`)).status).toBe(200);
    const deleted = await fetch(`${base}/api/sources/${udir.id}`, { method: 'DELETE', headers });
    expect(deleted.status).toBe(204);
    const gone = await fetch(`${base}/datasets/${hit.id}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toMatch(/application\/problem\+json/);
    await server.catalog.projector.sync();
    expect((await json('/api/search?publisher=970018131')).body.total).toBe(0);
  });
});
