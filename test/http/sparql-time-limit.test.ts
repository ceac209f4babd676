import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StalledSparqlIndex } from './support/stalled-sparql-index.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

/** How the endpoint keeps a query's time limit and cancels it, against an index whose queries never end. */
describe('SPARQL time limit and cancellation', () => {
  let catalog: LoadedCatalog;
  let index: StalledSparqlIndex;
  let app: RunningApp;

  beforeAll(async () => {
    catalog = await loadCatalog();
    index = new StalledSparqlIndex();
    app = await startApp({ store: catalog.store, sparql: index, sparqlTimeoutMs: 400, maxQueryLength: 10_000 });
  });
  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('answers 503 with a problem saying the time limit was exceeded, never an empty result', async () => {
    const started = performance.now();
    const res = await fetch(`${app.url}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')}`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { type: string; detail: string; timeoutMs: number };
    expect(body.type).toMatch(/\/problems\/query-timeout$/);
    expect(body.detail).toMatch(/ran past the time limit of 400 ms and was stopped/);
    expect(body.timeoutMs).toBe(400);
    expect(index.outcomes.at(-1)?.outcome).toBe('timed-out');
  });

  it('lets the timeout parameter lower the limit', async () => {
    const res = await fetch(`${app.url}/sparql?timeout=100&query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/time limit of 100 ms/);
    expect(index.outcomes.at(-1)?.request.timeoutMs).toBe(100);
  });

  it('reads " 200 ms " as 200 ms, and refuses a timeout padded with 300 000 spaces (400) without backtracking over them', async () => {
    const padded = await fetch(`${app.url}/sparql?timeout=${encodeURIComponent(' 200 ms ')}&query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
    expect(padded.status).toBe(503);
    expect(index.outcomes.at(-1)?.request.timeoutMs).toBe(200);
    // The default query length (100 000) lets a form body of about 364 KB in.
    const roomy = await startApp({ store: catalog.store, sparql: index, sparqlTimeoutMs: 400, maxQueryLength: 100_000 });
    try {
      const res = await fetch(`${roomy.url}/sparql`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        // The pattern alone took 0.16 s at 20 000 spaces and 2.6 s at 80 000 (quadratic): at 300 000, past this test's time limit.
        body: `query=ASK%7B%7D&timeout=1${'+'.repeat(300_000)}x`,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/The timeout parameter ".*" is not a duration/);
    } finally {
      await roomy.close();
    }
  });

  it('raises a timeout parameter below the floor to the floor: a stop costs an engine reload', async () => {
    const floored = await startApp({ store: catalog.store, sparql: index, sparqlTimeoutMs: 400, sparqlMinTimeoutMs: 250, maxQueryLength: 10_000 });
    try {
      const res = await fetch(`${floored.url}/sparql?timeout=10&query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
      expect(res.status).toBe(503);
      expect(index.outcomes.at(-1)?.request.timeoutMs).toBe(250);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/time limit of 250 ms/);
    } finally {
      await floored.close();
    }
  });

  it('cancels the query when the client goes away', async () => {
    const slowApp = await startApp({ store: catalog.store, sparql: index, sparqlTimeoutMs: 30_000, maxQueryLength: 10_000 });
    try {
      const before = index.outcomes.length;
      const client = new AbortController();
      const pending = fetch(`${slowApp.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { signal: client.signal });
      setTimeout(() => client.abort(), 150);
      await expect(pending).rejects.toThrow();
      const deadline = Date.now() + 3000;
      while (index.outcomes.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const outcome = index.outcomes.at(-1)!;
      expect(outcome.outcome).toBe('aborted');
      expect(outcome.afterMs).toBeLessThan(2000);
      // The endpoint still answers.
      expect((await fetch(`${slowApp.url}/health`)).status).toBe(200);
    } finally {
      await slowApp.close();
    }
  });
});
