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
  fixtures.set('/catalog.ttl', { body: await readFile(path.join(FIXTURES, 'catalog-v1.ttl')) });
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-quality-'));
  const config = loadConfig(serviceTestEnv(dataDir, fixtures.origin, TOKEN));
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

  it('refuses what is not an organisation number, and says when no source is registered for one', async () => {
    const bad = await json('/api/publishers/123/quality');
    expect(bad.status).toBe(400);
    const none = await json('/api/publishers/991825827/quality');
    expect(none.status).toBe(404);
    expect(none.body.detail).toContain('991825827');
  });
});
