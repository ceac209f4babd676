import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';
import { serviceTestEnv } from '../../support/service-env.js';

// A publisher's quality page and the DQV measurements in SPARQL, on the whole service: a catalog
// harvested through the real pipeline, its datasets scored from what was stored.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers: the assertions check their shape
type Json = any;

const FIXTURES = path.join(import.meta.dirname, '../../harvest/fixtures');
const TOKEN = 'test-token';
const PUBLISHER = '974760673';

let server: RunningServer;
let fixtures: FixtureServer;
let dataDir: string;
let base: string;

async function json(pathAndQuery: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${pathAndQuery}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  // The air-quality CSV is served by the fixture server, so the URL checker can reach it (over loopback, allowed as in the other harvest tests).
  const catalog = (await readFile(path.join(FIXTURES, 'catalog-v1.ttl'), 'utf8')).replace('<https://data.testetaten.no/luft.csv>', `<${fixtures.url('/luft.csv')}>`);
  fixtures.set('/catalog.ttl', { body: catalog });
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-quality-'));
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

/** Every dataset's total MQA score, as SPARQL reads it from the DQV measurements of the record graphs. */
async function scoresInSparql(): Promise<number[]> {
  const query = `PREFIX dqv: <http://www.w3.org/ns/dqv#>
    SELECT ?dataset ?score WHERE { GRAPH ?g { ?dataset dqv:hasQualityMeasurement ?m . ?m dqv:isMeasurementOf <https://data.norge.no/vocabulary/dcatno-mqa#scoring> ; dqv:value ?score } }`;
  const res = await fetch(`${base}/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Json;
  return body.results.bindings.map((b: Json) => Number(b.score.value));
}

describe('GET /api/publishers/{orgnr}/quality', () => {
  it('averages the scores SPARQL publishes, per dimension and in total, and counts the bands', async () => {
    const { status, body } = await json(`/api/publishers/${PUBLISHER}/quality`);
    expect(status).toBe(200);
    const sparql = await scoresInSparql();
    expect(body.datasets).toBe(sparql.length);
    expect(body.datasets).toBeGreaterThanOrEqual(2);
    expect(body.averageScore).toBe(Math.round((sparql.reduce((s, x) => s + x, 0) / sparql.length) * 10) / 10);
    expect(body.maxScore).toBe(435);
    expect(body.dimensions.map((d: Json) => [d.name, d.max])).toEqual([['accessibility', 100], ['contextuality', 20], ['findability', 100], ['interoperability', 140], ['reusability', 75]]);
    const dimensionSum = body.dimensions.reduce((s: number, d: Json) => s + d.average, 0);
    expect(Math.abs(dimensionSum - body.averageScore)).toBeLessThan(0.5);
    expect(Object.values(body.bands).reduce((s: number, n) => s + (n as number), 0)).toBe(body.datasets);
  });

  it('lists the ten fixes that gain the most over all the publisher\'s datasets, in three languages', async () => {
    const { body } = await json(`/api/publishers/${PUBLISHER}/quality`);
    const fixes = body.topFixes as Json[];
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes.length).toBeLessThanOrEqual(10);
    expect(fixes.map((f) => f.gain)).toEqual([...fixes.map((f) => f.gain)].sort((a, b) => b - a));
    for (const f of fixes) {
      expect(f.records).toBeGreaterThanOrEqual(1);
      expect(f.records).toBeLessThanOrEqual(body.datasets);
      expect(f.fix.nb.length * f.fix.nn.length * f.fix.en.length).toBeGreaterThan(0);
      expect(f.property).toMatch(/^[a-z]+:[A-Za-z]+$/);
      expect(f.examples[0]).toMatch(/\/datasets\//);
    }
  });

  it('counts the URL checker\'s results: a failing access URL is listed and costs its points in SPARQL too, a fixed one gains them', async () => {
    const LUFT = 'https://data.testetaten.no/datasett/luftkvalitet';
    const inSparql = async (): Promise<{ score: number; missed: string[] }> => {
      const query = `PREFIX dqv: <http://www.w3.org/ns/dqv#> PREFIX dk: <https://w3id.org/datakatalog/vocab#>
        SELECT ?score ?missed WHERE { GRAPH ?g { <${LUFT}> dqv:hasQualityMeasurement ?m . ?m dqv:value ?score . OPTIONAL { ?m dk:missedMetric ?missed } } }`;
      const res = await fetch(`${base}/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'application/sparql-results+json' } });
      const rows = ((await res.json()) as Json).results.bindings as Json[];
      return { score: Number(rows[0].score.value), missed: rows.flatMap((r) => (r.missed ? [r.missed.value.split('#')[1]] : [])) };
    };
    const before = await json(`/api/publishers/${PUBLISHER}/quality`);
    expect(before.body).toMatchObject({ urlsChecked: 0, failingUrlCount: 0, failingUrls: [] });
    const unchecked = await inSparql();
    expect(unchecked.missed).not.toContain('accessUrlStatusCode');

    await server.urlChecks.runOnce(); // the fixture server has no /luft.csv yet: 404
    await server.catalog.projector.sync();
    expect(fixtures.requests('/luft.csv')).toBe(1);
    const failing = await json(`/api/publishers/${PUBLISHER}/quality`);
    expect(failing.body.urlsChecked).toBe(1);
    expect(failing.body.failingUrlCount).toBe(1);
    expect(failing.body.failingUrls).toEqual([
      expect.objectContaining({ url: fixtures.url('/luft.csv'), property: 'accessURL', status: 404, mediaType: 'text/plain', record: expect.stringMatching(/\/datasets\//) }),
    ]);
    expect(failing.body.topFixes.find((f: Json) => f.metric === 'accessUrlStatusCode')).toMatchObject({ records: failing.body.datasets });
    const measured = await inSparql();
    expect(measured.score).toBe(unchecked.score); // measured and failed scores what unmeasured did: nothing
    expect(measured.missed).toContain('accessUrlStatusCode'); // but now SPARQL says why
    expect((await scoresInSparql()).reduce((a, b) => a + b, 0) / failing.body.datasets).toBeCloseTo(failing.body.averageScore, 0);
    // The record's JSON view: the same score, per dimension, and the fixes sorted by gain.
    const recordUrl = failing.body.failingUrls[0].record as string;
    const viewBefore = await fetch(recordUrl.replace(/^https?:\/\/[^/]+/, base), { headers: { Accept: 'application/json' } });
    const etagBefore = viewBefore.headers.get('etag')!;
    const qualityBefore = ((await viewBefore.json()) as Json).quality;
    expect(qualityBefore.score).toBe(measured.score);
    expect(qualityBefore.maxScore).toBe(435);
    expect(qualityBefore.dimensions.map((d: Json) => d.name)).toEqual(['accessibility', 'contextuality', 'findability', 'interoperability', 'reusability']);
    expect(qualityBefore.dimensions.reduce((sum: number, d: Json) => sum + d.score, 0)).toBe(measured.score);
    expect(qualityBefore.fixes.find((f: Json) => f.metric === 'accessUrlStatusCode')).toMatchObject({ gain: 50, measured: true, property: 'dcat:accessURL' });
    expect(qualityBefore.fixes.map((f: Json) => f.gain)).toEqual([...qualityBefore.fixes.map((f: Json) => f.gain)].sort((a, b) => b - a));

    // Reachable, but the server says JSON where the distribution declares CSV: the URL points gained, formatMatch missed and listed.
    fixtures.set('/luft.csv', { body: '{"by":"Oslo"}', contentType: 'application/json' });
    await server.urlChecks.runOnce();
    await server.catalog.projector.sync();
    const mismatched = await json(`/api/publishers/${PUBLISHER}/quality`);
    expect(mismatched.body).toMatchObject({ failingUrlCount: 0, formatMismatchCount: 1 });
    expect(mismatched.body.formatMismatches).toEqual([
      { url: fixtures.url('/luft.csv'), property: 'accessURL', declared: ['text/csv'], mediaType: 'application/json', record: recordUrl },
    ]);
    const viewMismatched = (await (await fetch(recordUrl.replace(/^https?:\/\/[^/]+/, base), { headers: { Accept: 'application/json' } })).json()) as Json;
    expect(viewMismatched.quality.fixes.find((f: Json) => f.metric === 'formatMatch')).toMatchObject({ gain: 15, measured: true, property: 'dct:format' });
    const wrongFormat = await inSparql();
    expect(wrongFormat.score).toBe(unchecked.score + 50); // accessUrlStatusCode: 50 points
    expect(wrongFormat.missed).toContain('formatMatch');

    fixtures.set('/luft.csv', { body: 'by,pm10\nOslo,12\n', contentType: 'text/csv; charset=utf-8' });
    await server.urlChecks.runOnce();
    await server.catalog.projector.sync();
    const fixed = await json(`/api/publishers/${PUBLISHER}/quality`);
    expect(fixed.body).toMatchObject({ urlsChecked: 1, failingUrlCount: 0, failingUrls: [], formatMismatchCount: 0, formatMismatches: [] });
    expect((await inSparql()).score).toBe(unchecked.score + 65); // accessUrlStatusCode: 50 points, formatMatch: 15
    expect(fixed.body.averageScore).toBeCloseTo(failing.body.averageScore + 65 / failing.body.datasets, 0);
    // The URL result changed the view without changing the record: the old ETag no longer matches.
    const viewAfter = await fetch(recordUrl.replace(/^https?:\/\/[^/]+/, base), { headers: { Accept: 'application/json', 'If-None-Match': etagBefore } });
    expect(viewAfter.status).toBe(200);
    const qualityAfter = ((await viewAfter.json()) as Json).quality;
    expect(qualityAfter.score).toBe(unchecked.score + 65);
    expect(qualityAfter.dimensions.find((d: Json) => d.name === 'accessibility').score).toBe(qualityBefore.dimensions.find((d: Json) => d.name === 'accessibility').score + 50);
    expect(qualityAfter.dimensions.find((d: Json) => d.name === 'interoperability').score).toBe(qualityBefore.dimensions.find((d: Json) => d.name === 'interoperability').score + 15);
    expect(qualityAfter.fixes.map((f: Json) => f.metric)).not.toContain('accessUrlStatusCode');
    expect(qualityAfter.fixes.map((f: Json) => f.metric)).not.toContain('formatMatch');
  });

  it('refuses what is not an organisation number, and says when no source is registered for one', async () => {
    const bad = await json('/api/publishers/123/quality');
    expect(bad.status).toBe(400);
    const none = await json('/api/publishers/991825827/quality');
    expect(none.status).toBe(404);
    expect(none.body.detail).toContain('991825827');
  });
});
