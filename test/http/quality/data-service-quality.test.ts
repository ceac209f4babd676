import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';
import { serviceTestEnv } from '../../support/service-env.js';

// A data service's quality score on the whole service: harvested through the real pipeline, scored on the
// metrics that apply to a data service, its endpoint URL checked by the URL checker, and shown where a
// dataset's score shows: the record's JSON view, SPARQL (DQV), search hits and facet, the publisher's page.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers: the assertions check their shape
type Json = any;

const TOKEN = 'test-token';
const PUBLISHER = '974760673';
const API = 'https://data.testetaten.no/api/stedsnavn';

let server: RunningServer;
let fixtures: FixtureServer;
let dataDir: string;
let base: string;

async function json(pathAndQuery: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${pathAndQuery}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

const catalog = (endpoint: string): string => `
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<https://data.testetaten.no/katalog> a dcat:Catalog ;
  dct:identifier "https://data.testetaten.no/katalog" ; dct:title "Datakatalog for Testetaten"@nb ; dct:description "Data fra Testetaten."@nb ;
  dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/${PUBLISHER}> ;
  dcat:dataset <https://data.testetaten.no/datasett/stedsnavn> ; dcat:service <${API}> .
<https://data.testetaten.no/datasett/stedsnavn> a dcat:Dataset ;
  dct:identifier "https://data.testetaten.no/datasett/stedsnavn" ; dct:title "Stedsnavn"@nb ; dct:description "Stedsnavn i Norge."@nb ;
  dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/${PUBLISHER}> ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/REGI> .
<${API}> a dcat:DataService ;
  dct:identifier "${API}" ; dct:title "Stedsnavn-API"@nb ; dct:description "Oppslag i stedsnavn."@nb ;
  dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/${PUBLISHER}> ;
  dcat:keyword "stedsnavn"@nb ;
  dcat:contactPoint [ a vcard:Organization ; vcard:hasEmail <mailto:post@testetaten.no> ] ;
  dcat:endpointURL <${endpoint}> ;
  dcat:servesDataset <https://data.testetaten.no/datasett/stedsnavn> .
`;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  fixtures.set('/catalog.ttl', { body: catalog(fixtures.url('/stedsnavn-api')) });
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-service-quality-'));
  // No background rounds (the test runs them) and no time to live, so every round asks again.
  const config = loadConfig(serviceTestEnv(dataDir, fixtures.origin, TOKEN, { URL_CHECK_INTERVAL: '0', URL_CHECK_TTL: '0', URL_CHECK_HOST_INTERVAL: '0' }));
  server = await startServer(config, silentLogger);
  base = server.url;
  const registered = await json('/api/sources', {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: fixtures.url('/catalog.ttl'), publisher: PUBLISHER, name: 'Testetaten' }),
  });
  const run = await json(`/api/sources/${registered.body.id}/harvest?wait=true`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(run.body.state).toBe('succeeded');
  await server.catalog.projector.sync();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fixtures?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The service's total and missed metrics, as SPARQL reads them from the DQV measurement in its record graph. */
async function inSparql(): Promise<{ score: number; missed: string[] }> {
  const query = `PREFIX dqv: <http://www.w3.org/ns/dqv#> PREFIX dk: <https://w3id.org/datakatalog/vocab#>
    SELECT ?score ?missed WHERE { GRAPH ?g { <${API}> dqv:hasQualityMeasurement ?m . ?m dqv:isMeasurementOf <https://data.norge.no/vocabulary/dcatno-mqa#scoring> ; dqv:value ?score . OPTIONAL { ?m dk:missedMetric ?missed } } }`;
  const res = await fetch(`${base}/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  const rows = ((await res.json()) as Json).results.bindings as Json[];
  expect(rows.length).toBeGreaterThan(0);
  return { score: Number(rows[0].score.value), missed: rows.flatMap((r) => (r.missed ? [r.missed.value.split('#')[1]] : [])).sort() };
}

async function serviceHit(): Promise<Json> {
  const { body } = await json('/api/search?type=data-service');
  expect(body.total).toBe(1);
  return body.hits[0];
}

describe('a data service\'s quality score', () => {
  it('is shown where a dataset\'s is, the same everywhere, and counts its endpoint URL as the URL checker finds it', async () => {
    // Before the URL checker has run: the endpoint is not measured.
    const unchecked = await inSparql();
    expect(unchecked.missed).not.toContain('accessUrlStatusCode');
    // Keywords, contact point, publisher, the record's DCAT-AP-NO verdict; not: themes, formats, licence, access rights, rights, dates.
    expect(unchecked.missed).toEqual([
      'accessRightsAvailability', 'accessRightsVocabularyAlignment', 'categoryAvailability', 'dateIssuedAvailability', 'dateModifiedAvailability',
      'formatAvailability', 'formatMediaTypeMachineInterpretable', 'formatMediaTypeNonProprietary', 'formatMediaTypeVocabularyAlignment', 'knownLicense',
      'licenseAvailability', 'mediaTypeAvailability', 'rightsAvailability',
    ]);
    const hit = await serviceHit();
    expect(hit.quality).toEqual({ score: unchecked.score, maxScore: 310, band: 'poor' });
    const view = (await (await fetch(hit.uri.replace(/^https?:\/\/[^/]+/, base), { headers: { Accept: 'application/json' } })).json()) as Json;
    expect(view.quality).toMatchObject({ score: unchecked.score, maxScore: 310, band: 'poor' });
    expect(view.quality.dimensions.map((d: Json) => [d.name, d.maxScore])).toEqual([['accessibility', 50], ['contextuality', 15], ['findability', 60], ['interoperability', 110], ['reusability', 75]]);
    expect(view.quality.fixes.find((f: Json) => f.metric === 'accessUrlStatusCode')).toMatchObject({ gain: 50, measured: false, property: 'dcat:endpointURL' });
    expect(view.quality.fixes.find((f: Json) => f.metric === 'licenseAvailability').fix.en).toBe('Add a licence to the data service');

    // The endpoint answers 404: measured and missed, listed on the publisher's page with its property.
    await server.urlChecks.runOnce();
    await server.catalog.projector.sync();
    expect(fixtures.requests('/stedsnavn-api')).toBeGreaterThanOrEqual(1);
    const failing = await json(`/api/publishers/${PUBLISHER}/quality`);
    expect(failing.body.failingUrls).toEqual([expect.objectContaining({ url: fixtures.url('/stedsnavn-api'), property: 'endpointURL', status: 404, record: hit.uri })]);
    expect(failing.body.datasets).toBe(1);
    expect(failing.body.dataServices).toMatchObject({ count: 1, averageScore: unchecked.score, maxScore: 310, bands: { excellent: 0, good: 0, sufficient: 0, poor: 1 } });
    expect(failing.body.topFixes.find((f: Json) => f.kind === 'data-service' && f.metric === 'accessUrlStatusCode')).toMatchObject({ gain: 50, records: 1, property: 'dcat:endpointURL', examples: [hit.uri] });
    expect((await inSparql()).missed).toContain('accessUrlStatusCode');

    // The API asks for credentials (401): reachable, 50 points, in SPARQL, the hit, the view and the page.
    fixtures.set('/stedsnavn-api', (_req, res) => void res.writeHead(401, { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'application/json' }).end('{}'));
    await server.urlChecks.runOnce();
    await server.catalog.projector.sync();
    const reachable = await inSparql();
    expect(reachable.score).toBe(unchecked.score + 50);
    expect(reachable.missed).not.toContain('accessUrlStatusCode');
    expect((await serviceHit()).quality).toEqual({ score: reachable.score, maxScore: 310, band: 'sufficient' });
    const after = await json(`/api/publishers/${PUBLISHER}/quality`);
    expect(after.body).toMatchObject({ failingUrlCount: 1, dataServices: { averageScore: reachable.score, bands: { sufficient: 1, poor: 0 } } });
    expect(after.body.failingUrls[0].status).toBe(401); // listed (not a 2xx), though it counts as reachable for the score
    // The quality facet and the quality sort take data services too.
    const sufficient = await json('/api/search?quality=sufficient');
    expect(sufficient.body.hits.map((h: Json) => h.uri)).toContain(hit.uri);
  });
});
