import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import { createValidateRouter } from '../../src/http/routes/validate.js';
import { defaultDataDirectories } from '../../src/validation/data-directories.js';
import { DocumentValidationPool, type DocumentValidationPoolOptions } from '../../src/validation/document-validation-pool.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

/**
 * POST /api/validate is public: every document is bounded in bytes, triples, time and concurrency,
 * parsed and validated in the validator's own worker threads, and stopped when its client leaves.
 */
const DATASET = (i: number) =>
  `<https://v.example.no/d/${i}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "Datasett ${i}"@nb ; <http://purl.org/dc/terms/description> "Beskrivelse ${i}"@nb .\n`;
/** A Turtle document of `n` datasets, three triples each. */
const datasets = (n: number) => Array.from({ length: n }, (_, i) => DATASET(i)).join('');

describe('POST /api/validate, bounded', () => {
  let catalog: LoadedCatalog;
  const pools: DocumentValidationPool[] = [];
  const apps: RunningApp[] = [];

  async function serve(options: Partial<DocumentValidationPoolOptions> = {}, maxResults?: number): Promise<{ url: string; pool: DocumentValidationPool }> {
    const pool = new DocumentValidationPool({ workers: 1, queue: 2, timeoutMs: 20_000, maxTriples: 30, memoryMb: 256, idleMs: 60_000, dirs: defaultDataDirectories(), logger: silentLogger, ...options });
    pools.push(pool);
    const app = await startApp(async (url) => ({
      store: catalog.store,
      sparql: await catalog.sparqlIndex(url),
      sparqlTimeoutMs: 5000,
      maxQueryLength: 10_000,
      routers: [{ path: '/', router: createValidateRouter({ validator: pool, defaultProfile: 'dcat-ap-no-2', maxBytes: 2_000_000, ...(maxResults !== undefined ? { maxResults } : {}) }) }],
    }));
    apps.push(app);
    return { url: app.url, pool };
  }
  const post = (url: string, body: string, contentType = 'text/turtle', signal?: AbortSignal) =>
    fetch(`${url}/api/validate`, { method: 'POST', body, headers: { 'Content-Type': contentType }, ...(signal ? { signal } : {}) });

  let bounded: { url: string; pool: DocumentValidationPool };
  beforeAll(async () => {
    catalog = await loadCatalog();
    bounded = await serve();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const pool of pools) await pool.close();
    await catalog.close();
  });

  it('validates a document within the bounds and reports its triples', async () => {
    const res = await post(bounded.url, datasets(10));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { triples: number; conforms: boolean };
    expect(body.triples).toBe(30);
    expect(typeof body.conforms).toBe('boolean');
  });

  it('refuses a profile it does not have with the stable problem unknown-profile, listing the profiles it has', async () => {
    const res = await fetch(`${bounded.url}/api/validate?profile=dcat-ap-no-9`, { method: 'POST', body: datasets(1), headers: { 'Content-Type': 'text/turtle' } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { type: string; profile: string; profiles: string[] };
    expect(problem.type).toBe('https://w3id.org/datakatalog/problems/unknown-profile');
    expect(problem.profile).toBe('dcat-ap-no-9');
    expect(problem.profiles).toContain('dcat-ap-no-2');
  });

  it('gives at most maxResults findings and says how many it left out; the counts are of all', async () => {
    // 240 000 findings of a 700 KB document made 131 MB of JSON.
    const small = await serve({}, 5);
    const res = await post(small.url, datasets(10));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: unknown[]; resultsLeftOut?: number; counts: { violation: number; warning: number; info: number } };
    const total = body.counts.violation + body.counts.warning + body.counts.info;
    expect(total).toBeGreaterThan(5);
    expect(body.results).toHaveLength(5);
    expect(body.resultsLeftOut).toBe(total - 5);
    const whole = (await (await post(bounded.url, datasets(10))).json()) as { results: unknown[]; resultsLeftOut?: number };
    expect(whole.results).toHaveLength(total);
    expect(whole).not.toHaveProperty('resultsLeftOut');
  });

  it('refuses a document one triple past the cap with 413, unvalidated', async () => {
    const res = await post(bounded.url, `${datasets(10)}<https://v.example.no/x> <https://v.example.no/p> "one more" .\n`);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, maxTriples: 30 });
  });

  it('refuses a body past the byte cap with 413', async () => {
    const res = await post(bounded.url, `# ${'x'.repeat(2_000_001)}\n`);
    expect(res.status).toBe(413);
  });

  it('names the syntax and line of a document it cannot read', async () => {
    const res = await post(bounded.url, `${DATASET(1)}<https://v.example.no/broken> <https://v.example.no/p> .\n`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string; line: number };
    expect(body.detail).toMatch(/^The document \(.*Turtle.*\) is not valid: /);
    expect(body.line).toBe(2);
  });

  it('refuses RDF/XML nested past the limit at once, off the thread that serves requests', async () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">${'<rdf:Description><ex:p>'.repeat(5_000)}x${'</ex:p></rdf:Description>'.repeat(5_000)}</rdf:RDF>`;
    const deep = await serve({ maxTriples: 100_000 });
    const started = performance.now();
    const res = await post(deep.url, xml, 'application/rdf+xml');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/more than 256 levels deep/);
    expect(performance.now() - started).toBeLessThan(15_000); // a fresh worker's start included
  });

  it('stops a document past its time limit with 503 and replaces the worker', async () => {
    const slow = await serve({ timeoutMs: 150, maxTriples: 100_000 });
    const res = await post(slow.url, datasets(5000), 'text/turtle');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ timeoutMs: 150 });
    expect(slow.pool.load().busy).toBe(0);
  });

  it('answers 503 with Retry-After when as many documents as it takes are running and waiting', async () => {
    const full = await serve({ queue: 0, maxTriples: 100_000 });
    const stop = new AbortController();
    const first = post(full.url, datasets(5000), 'text/turtle', stop.signal).catch(() => undefined);
    await waitFor(() => full.pool.load().busy === 1, 20_000);
    const second = await post(full.url, datasets(1));
    expect(second.status).toBe(503);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    stop.abort();
    await first;
  });

  it('stops the work when the client goes away', async () => {
    const leaving = await serve({ maxTriples: 100_000 });
    const client = new AbortController();
    const pending = post(leaving.url, datasets(5000), 'text/turtle', client.signal);
    await waitFor(() => leaving.pool.load().busy === 1, 20_000);
    client.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => leaving.pool.load().busy === 0, 2000);
    // The stopped worker is not replaced until a document needs one.
    expect(leaving.pool.load().started).toBe(0);
  });

  it('starts a worker only when a document arrives and stops it once idle', async () => {
    const idle = await serve({ idleMs: 300 });
    expect(idle.pool.load()).toMatchObject({ started: 0, ready: 0 });
    expect((await post(idle.url, datasets(2))).status).toBe(200);
    expect(idle.pool.load()).toMatchObject({ started: 1, ready: 1, busy: 0 });
    await waitFor(() => idle.pool.load().started === 0, 5000);
    // The next document starts one again.
    const again = await post(idle.url, datasets(3));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { triples: number }).triples).toBe(9);
  });

  it('takes as many documents as it has workers and queue places while its workers start', async () => {
    const starting = await serve({ workers: 2, queue: 1, maxTriples: 100_000 });
    const stop = new AbortController();
    const running = [1, 2, 3].map(() => post(starting.url, datasets(5000), 'text/turtle', stop.signal).catch(() => undefined));
    await waitFor(() => starting.pool.load().started === 2 && starting.pool.load().busy + starting.pool.load().queued === 3, 5000);
    const fourth = await post(starting.url, datasets(1));
    expect(fourth.status).toBe(503);
    stop.abort();
    await Promise.all(running);
  });
});

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${ms} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
