import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/core/errors.js';
import type { SparqlIndex } from '../../src/core/ports/sparql-index.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

describe('createApp', () => {
  let catalog: LoadedCatalog;
  let index: SparqlIndex;
  let app: RunningApp;

  beforeAll(async () => {
    catalog = await loadCatalog();
    const search = express.Router();
    search.post('/', (req, res) => {
      res.json({ query: (req.body as { query?: string }).query ?? null });
    });
    const admin = express.Router();
    admin.get('/', (_req, res) => {
      res.json({ admin: true });
    });
    // Two routers sharing the root, as main mounts them: one public, one not.
    const openAtRoot = express.Router();
    openAtRoot.get('/api/open', (_req, res) => {
      res.json({ open: true });
    });
    openAtRoot.get('/api/open/fails', () => {
      throw new BadRequestError('bad parameter');
    });
    const closedAtRoot = express.Router();
    closedAtRoot.get('/api/closed', (_req, res) => {
      res.json({ closed: true });
    });
    app = await startApp(async (url) => ({
      store: catalog.store,
      sparql: (index = await catalog.sparqlIndex(url)),
      sparqlTimeoutMs: 5000,
      maxQueryLength: 10_000,
      routers: [
        { path: '/search', router: search, json: true },
        { path: '/api/admin', router: admin },
        { path: '/', router: openAtRoot, cors: true },
        { path: '/', router: closedAtRoot },
      ],
    }));
  });
  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('reports health: status, quads in the index and records per status, also at /healthz', async () => {
    for (const path of ['/health', '/healthz']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; quads: number; records: Record<string, number>; sparql: { state: string } };
      expect(body.status).toBe('ok');
      expect(body.quads).toBe(await index.size());
      expect(body.quads).toBeGreaterThan(30);
      expect(body.records).toMatchObject({ published: 3, quarantined: 0, removed: 0 });
      expect(body.sparql.state).toBe('ready');
    }
  });

  it('sends security headers and never names the framework', async () => {
    const res = await fetch(`${app.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    const error = await fetch(`${app.url}/nothing-here`);
    expect(error.headers.get('x-content-type-options')).toBe('nosniff');
    expect(error.headers.get('x-powered-by')).toBeNull();
  });

  it('gives every response a request id, keeping a plain one the client sent', async () => {
    const mine = await fetch(`${app.url}/health`, { headers: { 'X-Request-Id': 'client-req-42' } });
    expect(mine.headers.get('x-request-id')).toBe('client-req-42');
    const hostile = await fetch(`${app.url}/health`, { headers: { 'X-Request-Id': 'x'.repeat(500) } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await fetch(`${app.url}/health`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('mounts extra routers, parsing JSON bodies where asked', async () => {
    const res = await fetch(`${app.url}/search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"query":"stedsnavn"}' });
    expect(await res.json()).toEqual({ query: 'stedsnavn' });
    expect((await fetch(`${app.url}/api/admin`)).status).toBe(200);
  });

  it('opens CORS on the public read endpoints only', async () => {
    const origin = { Origin: 'https://app.example.org' };
    const search = await fetch(`${app.url}/search`, { method: 'POST', headers: { ...origin, 'Content-Type': 'application/json' }, body: '{}' });
    expect(search.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${app.url}/search`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(204);
    const admin = await fetch(`${app.url}/api/admin`, { headers: origin });
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps the CORS of a public router mounted at / to the requests it answers', async () => {
    const origin = { Origin: 'https://app.example.org' };
    const open = await fetch(`${app.url}/api/open`, { headers: origin });
    expect(await open.json()).toEqual({ open: true });
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    const failed = await fetch(`${app.url}/api/open/fails`, { headers: origin });
    expect(failed.status).toBe(400);
    expect(failed.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${app.url}/api/open`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const closed = await fetch(`${app.url}/api/closed`, { headers: origin });
    expect(await closed.json()).toEqual({ closed: true });
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    const closedPreflight = await fetch(`${app.url}/api/closed`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'DELETE' } });
    expect(closedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    const missing = await fetch(`${app.url}/api/nothing`, { headers: origin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('a known path with a method it does not answer', () => {
    it('answers 405 with Allow, on the app\'s own routes and on mounted ones', async () => {
      const record = await fetch(`${app.url}/datasets/00000000-0000-3000-8000-000000000000`, { method: 'PUT', body: 'x' });
      expect(record.status).toBe(405);
      expect(record.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(await record.json()).toMatchObject({ status: 405, allow: ['GET', 'HEAD', 'OPTIONS'] });
      const health = await fetch(`${app.url}/health`, { method: 'PATCH' });
      expect(health.status).toBe(405);
      expect(health.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      const mounted = await fetch(`${app.url}/api/open`, { method: 'DELETE' });
      expect(mounted.status).toBe(405);
      expect(mounted.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      const underPrefix = await fetch(`${app.url}/search`, { method: 'PUT' });
      expect(underPrefix.status).toBe(405);
      expect(underPrefix.headers.get('allow')).toBe('OPTIONS, POST');
    });

    it('still answers 404 for a path nothing serves', async () => {
      expect((await fetch(`${app.url}/no/such/path`, { method: 'PUT' })).status).toBe(404);
      expect((await fetch(`${app.url}/api/open/deeper`, { method: 'GET' })).status).toBe(404);
    });
  });

  describe('problem bodies repeat little of the request', () => {
    it('never echo the query string, where a token may travel', async () => {
      const res = await fetch(`${app.url}/no/such/path?access_token=s3cr3t-t0ken`);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).not.toContain('s3cr3t-t0ken');
      expect(text).not.toContain('access_token');
      expect(JSON.parse(text)).toMatchObject({ instance: '/no/such/path' });
    });

    it('echo at most a short prefix of a long value', async () => {
      const long = `urn:x:${'a'.repeat(5_000)}`;
      const bad = `not an iri ${'b'.repeat(5_000)}`;
      const res = await fetch(`${app.url}/sparql?query=${encodeURIComponent('ASK {}')}&default-graph-uri=${encodeURIComponent(bad)}&x=${long}`);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text.length).toBeLessThan(1000);
      expect(text).toContain('not an iri bbbb');
      const path = await fetch(`${app.url}/${'p'.repeat(5_000)}`);
      expect(path.status).toBe(404);
      expect((await path.text()).length).toBeLessThan(1000);
    });
  });

  it('stays live while the index is degraded; readiness says why with 503', async () => {
    const broken: SparqlIndex = {
      apply: (changes) => index.apply(changes),
      rebuild: (batches) => index.rebuild(batches),
      query: (request) => index.query(request),
      size: () => Promise.reject(new Error('index worker is gone')),
      status: () => ({ state: 'degraded', quads: null, engines: { ready: 0, loading: 2, busy: 0 }, queued: 3 }),
      close: async () => {},
    };
    const other = await startApp({ store: catalog.store, sparql: broken, sparqlTimeoutMs: 5000, maxQueryLength: 10_000 });
    try {
      const live = await fetch(`${other.url}/health`);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ status: 'ok', quads: null, sparql: { state: 'degraded' } });
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not-ready', problems: ['SPARQL index: degraded, its engines failed and are restarting'] });
      const readyHere = await fetch(`${app.url}/readyz`);
      expect(readyHere.status).toBe(200);
      expect(await readyHere.json()).toMatchObject({ status: 'ready' });
    } finally {
      await other.close();
    }
  });
});
