import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUri } from '../../src/rdf/catalog-record.js';
import type { OxigraphSparqlIndex } from '../../src/sparql/oxigraph/oxigraph-sparql-index.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

/**
 * A long query never stalls other requests: while one runs into its time limit on one SPARQL replica,
 * /health, record URIs and other queries are answered; the long one ends in a 503 problem, and the
 * endpoint answers again afterwards. Real store, real oxigraph index with two replicas.
 */
const LIMIT_MS = 2000;
const SLOW = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

describe('a long SPARQL query does not stall the server', () => {
  let catalog: LoadedCatalog;
  let app: RunningApp;
  let index: OxigraphSparqlIndex;

  beforeAll(async () => {
    catalog = await loadCatalog();
    // Enough triples that a three-way cross product runs far past the limit.
    const filler = Array.from({ length: 3000 }, (_, i) => `<https://filler.example/s${i}> <https://filler.example/p> "${i}" .`).join('\n');
    app = await startApp(async (url) => ({
      store: catalog.store,
      sparql: (index = await catalog.sparqlIndex(url, { replicas: 2, extraGraphs: [{ graph: 'https://filler.example/graph', ntriples: filler }] })),
      sparqlTimeoutMs: LIMIT_MS,
      maxQueryLength: 10_000,
    }));
  });
  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('answers health, records and quick queries while a slow query runs, then stops the slow one with 503', async () => {
    const started = performance.now();
    const slow = fetch(`${app.url}/sparql?query=${encodeURIComponent(SLOW)}`).then(async (res) => ({ res, body: await res.text(), at: performance.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const timed = async (url: string, init?: RequestInit) => {
      const t = performance.now();
      const res = await fetch(url, init);
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - t, at: performance.now() - started };
    };
    const health = await timed(`${app.url}/health`);
    const record = await timed(recordUri(app.url, 'dataset', catalog.writes.dataset.id));
    const quick = await timed(`${app.url}/sparql?query=${encodeURIComponent('ASK { ?s a <http://www.w3.org/ns/dcat#Dataset> }')}`);
    console.log(`while a slow query ran: /health ${health.ms.toFixed(0)} ms, record ${record.ms.toFixed(0)} ms, quick query ${quick.ms.toFixed(0)} ms`);

    expect([health.status, record.status, quick.status]).toEqual([200, 200, 200]);
    const stopped = await slow;
    // All three were answered before the slow query came to its end.
    expect(Math.max(health.at, record.at, quick.at)).toBeLessThan(stopped.at);
    expect(stopped.res.status).toBe(503);
    expect(stopped.at).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(JSON.parse(stopped.body)).toMatchObject({ status: 503, timeoutMs: LIMIT_MS });
  });

  it('answers queries again after a query was stopped', async () => {
    const first = await fetch(`${app.url}/sparql?timeout=300&query=${encodeURIComponent(SLOW)}`);
    expect(first.status).toBe(503);
    const t = performance.now();
    for (let i = 0; i < 4; i++) {
      // Enough queries in a row to land on the restarted replica too.
      const res = await fetch(`${app.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://filler.example/graph> { ?s ?p ?o } }')}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
      expect(body.results.bindings[0]!.n.value).toBe('3000');
    }
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('refuses the same query with the same limit at once for a while, without costing another reload', async () => {
    await waitFor(() => index.replicaStates().ready === 2, 10_000);
    const t = performance.now();
    const res = await fetch(`${app.url}/sparql?query=${encodeURIComponent(SLOW)}`);
    expect(performance.now() - t).toBeLessThan(500);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/ran past its time limit of 2000 ms a short while ago/);
    expect(index.replicaStates()).toMatchObject({ ready: 2, loading: 0, busy: 0 });
  });

  it('stops the engine running a query when the client goes away', async () => {
    await waitFor(() => index.replicaStates().ready === 2, 10_000);
    const client = new AbortController();
    // Another text: the one above is refused at once now.
    const pending = fetch(`${app.url}/sparql?query=${encodeURIComponent(SLOW.replace('?i', '?other'))}`, { signal: client.signal });
    await waitFor(() => index.replicaStates().busy === 1, 2000);
    const t = performance.now();
    client.abort();
    await expect(pending).rejects.toThrow();
    // The replica that ran it is restarted (so the query no longer burns a core), long before the limit.
    await waitFor(() => index.replicaStates().busy === 0 && index.replicaStates().ready + index.replicaStates().loading === 2, 2000);
    expect(performance.now() - t).toBeLessThan(LIMIT_MS);
  });
});

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${ms} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
