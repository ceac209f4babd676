import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/logging/pino-logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';
import { serviceTestEnv } from '../../support/service-env.js';

// The operational surface on the whole service: metrics, readiness, request ids in log lines, rate limits.

const FIXTURES = path.join(import.meta.dirname, '../../harvest/fixtures');
const TOKEN = 'test-token';

let server: RunningServer;
let fixtures: FixtureServer;
let dataDir: string;
let base: string;
const logLines: Record<string, unknown>[] = [];
let harvestRequestId: string;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  fixtures.set('/catalog.ttl', { body: await readFile(path.join(FIXTURES, 'catalog-v1.ttl')) });
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-ops-'));
  const config = loadConfig(serviceTestEnv(dataDir, fixtures.origin, TOKEN, {
    RATE_LIMIT_SEARCH: '8',
    RATE_LIMIT_SPARQL: '4',
    RATE_LIMIT_RECORDS: '6',
    RATE_LIMIT_WINDOW: '60s',
  }));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  server = await startServer(config, createLogger('info', sink));
  base = server.url;
  const registered = await fetch(`${base}/api/sources`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: fixtures.url('/catalog.ttl'), publisher: '974760673' }),
  });
  const source = (await registered.json()) as { id: string };
  const harvested = await fetch(`${base}/api/sources/${source.id}/harvest?wait=true`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'X-Request-Id': 'harvest-request-1' } });
  harvestRequestId = harvested.headers.get('x-request-id')!;
  await server.catalog.projector.sync();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fixtures?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The value of one series in a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('request ids', () => {
  it('answers every request with an id and writes it on every log line written for that request', async () => {
    expect(harvestRequestId).toBe('harvest-request-1');
    // The pipeline logs the end of the run while the request that started it waits for it.
    const finished = logLines.find((l) => l.msg === 'harvest finished');
    expect(finished).toMatchObject({ requestId: 'harvest-request-1', state: 'succeeded' });
    const own = await fetch(`${base}/healthz`);
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /metrics', () => {
  it('exposes request durations by route, harvest runs by state, records by kind and status, index lag and SPARQL outcomes', async () => {
    await fetch(`${base}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o } LIMIT 1')}`);
    await fetch(`${base}/sparql?query=${encodeURIComponent('DELETE WHERE { ?s ?p ?o }')}`);
    await fetch(`${base}/datasets/00000000-0000-3000-8000-000000000000`);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'datakatalog_harvest_runs_total', { state: 'succeeded' })).toBe(1);
    expect(sample(text, 'datakatalog_harvest_runs_total', { state: 'failed' })).toBe(0);
    expect(sample(text, 'datakatalog_records', { kind: 'dataset', status: 'published' })).toBe(3);
    expect(sample(text, 'datakatalog_records', { kind: 'catalog', status: 'published' })).toBe(1);
    expect(sample(text, 'datakatalog_index_lag_changes', { index: 'search' })).toBe(0);
    expect(sample(text, 'datakatalog_sparql_queries_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'datakatalog_sparql_queries_total', { outcome: 'refused' })).toBe(1);
    // The SELECT had never run: one wait for an engine, counted as unseen.
    expect(sample(text, 'datakatalog_sparql_engine_wait_seconds_count', { cost: 'unseen' })).toBe(1);
    // Routes by pattern, never by path: one series for every record of a kind.
    expect(sample(text, 'datakatalog_http_request_duration_seconds_count', { route: '/datasets/:id', method: 'GET', status: '404' })).toBe(1);
    expect(sample(text, 'datakatalog_http_request_duration_seconds_count', { route: '/api/sources/:id/harvest', method: 'POST', status: '200' })).toBe(1);
    expect(text).not.toContain('00000000-0000-3000-8000-000000000000');
    expect(sample(text, 'datakatalog_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('health and readiness', () => {
  it('is live and ready with its indexes caught up', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; indexLag: Record<string, number> };
    expect(body.status).toBe('ready');
    expect(body.indexLag).toMatchObject({ search: 0, relations: 0 });
  });
});

describe('per-client rate limits', () => {
  it('answers search past its limit with 429, Retry-After and a problem naming the limit', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/api/search?q=luft`);
      statuses.push(res.status);
      if (res.status === 429 && refused === undefined) refused = res;
      else await res.text();
    }
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await refused!.json()) as { type: string; detail: string };
    expect(problem.type).toMatch(/too-many-requests$/);
    expect(problem.detail).toMatch(/at most 8 per 60 s/);
    // Other endpoints are not counted against search.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(sample(metrics, 'datakatalog_rate_limited_requests_total', { limit: 'search' })).toBe(2);
  });

  it('limits /sparql on its own budget', async () => {
    const statuses: number[] = [];
    // One SPARQL request was made by the metrics test above.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/sparql?query=${encodeURIComponent('ASK {}')}`);
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses[0]).toBe(200);
  });

  it("limits record URIs, in every representation and the portal's record pages, with the LDES and the change log on one budget of their own", async () => {
    // One record URI was asked for by the metrics test above: five more of the six go through.
    const asks = [
      ['/datasets/00000000-0000-3000-8000-000000000000', 'text/turtle'],
      ['/datasets/00000000-0000-3000-8000-000000000000', 'text/html'],
      ['/ldes', 'text/turtle'],
      ['/api/changes', 'application/json'],
      ['/resources?uri=https%3A%2F%2Fexample.org%2Fnone', 'application/json'],
      ['/datasets/00000000-0000-3000-8000-000000000000', 'application/ld+json'],
      ['/ldes', 'text/turtle'],
    ] as const;
    const statuses: number[] = [];
    for (const [p, accept] of asks) {
      const res = await fetch(`${base}${p}`, { headers: { accept } });
      statuses.push(res.status);
      if (res.status === 429) expect(((await res.json()) as { detail: string }).detail).toMatch(/Too many records requests from this client: at most 6 per 60 s/);
      else await res.text();
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Search and health are not counted against records.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(sample(metrics, 'datakatalog_rate_limited_requests_total', { limit: 'records' })).toBe(2);
  });
});
