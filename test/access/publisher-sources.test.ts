import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { serviceTestEnv } from '../support/service-env.js';

/** A publisher manages its own sources: change them, pause them, see what a harvest would do, harvest a protected one. */
const FIXTURES = path.join(import.meta.dirname, '../harvest/fixtures');
const ADMIN = 'publisher-sources-admin';
const SECRET = 'Bearer agency-secret-3f9a';
const KEY = 'q7Kx0b9wYVd1mN2pL4sT6uH8jR3cE5fA7gB9iK1oM0s=';

let server: RunningServer;
let agency: FixtureServer;
let elsewhere: FixtureServer;
let dataDir: string;
let orgAdmin: string;

async function api(method: string, pathname: string, body?: unknown, token: string = ADMIN): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Everything a harvest could change: the store's sources, runs, records, change log and fetch state, the search index, the SPARQL index. */
async function everything(sourceId: string): Promise<string> {
  const store = server.catalog.store;
  const records = [];
  for await (const page of store.publishedRecords()) records.push(...page.map((r) => [r.id, r.hash, r.modified]));
  const search = (await (await fetch(`${server.url}/api/search?size=100`)).json()) as { total: number; hits: { id: string }[] };
  const sparql = (await (
    await fetch(`${server.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }')}`, { headers: { Accept: 'application/sparql-results+json' } })
  ).json()) as { results: { bindings: { n: { value: string } }[] } };
  return JSON.stringify({
    sources: await store.listSources(),
    runs: await store.listRuns({ sourceId, limit: 1000 }),
    records,
    counts: await store.countRecords(),
    seq: await store.latestChangeSeq(),
    fetchState: await store.getFetchState(sourceId, agency.url('/catalog.ttl')),
    search: [search.total, search.hits.map((h) => h.id).sort()],
    sparql: sparql.results.bindings[0]!.n.value,
  });
}

beforeAll(async () => {
  agency = await startFixtureServer();
  elsewhere = await startFixtureServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-publisher-'));
  const config = loadConfig(
    serviceTestEnv(dataDir, agency.origin, ADMIN, {
      ORGANISATION_REGISTER_URL: 'off',
      HARVEST_ALLOWED_HOSTS: `${new URL(agency.origin).host},${new URL(elsewhere.origin).host}`,
      SOURCE_SECRET_KEY: KEY,
    }),
  );
  server = await startServer(config, silentLogger);
  orgAdmin = (await api('POST', '/api/tokens', { role: 'org-admin', organisation: '974760673' })).body.token as string;
});

afterAll(async () => {
  await server?.close();
  await agency?.close();
  await elsewhere?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a dry run', () => {
  it('answers what a harvest would add, change (triples added and removed) and remove, and changes nothing anywhere', async () => {
    agency.set('/catalog.ttl', { body: readFileSync(path.join(FIXTURES, 'catalog-v1.ttl')) });
    const source = (await api('POST', '/api/sources', { url: agency.url('/catalog.ttl'), publisher: '974760673', name: 'Testetaten' }, orgAdmin)).body;
    const id = source.id as string;
    const first = await api('POST', `/api/sources/${id}/harvest?wait=true`, undefined, orgAdmin);
    expect(first.body).toMatchObject({ state: 'succeeded', counts: { added: 4 } });
    await server.catalog.projector.sync();

    agency.set('/catalog.ttl', { body: readFileSync(path.join(FIXTURES, 'catalog-v2.ttl')) });
    const before = await everything(id);
    const requests = agency.requests('/catalog.ttl');
    const dry = await api('POST', `/api/sources/${id}/harvest?dryRun=true`, undefined, orgAdmin);
    expect(dry.status).toBe(200);
    expect(agency.requests('/catalog.ttl')).toBe(requests + 1);
    const report = dry.body as {
      dryRun: boolean;
      state: string;
      counts: Record<string, number>;
      added: { iri: string }[];
      changed: { iri: string; triplesAdded: string[]; triplesRemoved: string[]; added: number; removed: number }[];
      removed: { iri: string }[];
    };
    expect(report).toMatchObject({ dryRun: true, state: 'succeeded' });
    expect(report.added.map((r) => r.iri)).toEqual(['https://data.testetaten.no/datasett/vegtrafikk']);
    expect(report.removed.map((r) => r.iri)).toEqual(['https://data.testetaten.no/datasett/barnehager']);
    const snoskred = report.changed.find((r) => r.iri === 'https://data.testetaten.no/datasett/snoskred')!;
    expect(snoskred.triplesRemoved.some((t) => t.includes('http://purl.org/dc/terms/title'))).toBe(true);
    expect(snoskred.triplesAdded.some((t) => t.includes('http://purl.org/dc/terms/title'))).toBe(true);
    expect(snoskred.added).toBe(snoskred.triplesAdded.length);
    expect(report.changed.some((r) => r.iri.endsWith('/luftkvalitet'))).toBe(false); // reordered and relabelled only: unchanged

    await server.catalog.projector.sync();
    expect(await everything(id)).toBe(before);

    // The real harvest then does what the dry run said.
    const real = await api('POST', `/api/sources/${id}/harvest?wait=true`, undefined, orgAdmin);
    expect((real.body as { counts: Record<string, number> }).counts).toEqual(report.counts);
  });

  it('reports a source that cannot be read as a failed dry run, naming the cause', async () => {
    const source = (await api('POST', '/api/sources', { url: agency.url('/missing.ttl'), publisher: '974760673' })).body;
    const dry = await api('POST', `/api/sources/${source.id as string}/harvest?dryRun=true`);
    expect(dry.body).toMatchObject({ dryRun: true, state: 'failed', error: expect.stringMatching(/404/) });
    expect(await server.catalog.store.listRuns({ sourceId: source.id as string, limit: 10 })).toEqual([]);
  });
});

describe('changing a source', () => {
  it('PATCH changes the settings a publisher may change, checks them like a registration, and keeps the id', async () => {
    const created = (await api('POST', '/api/sources', { url: agency.url('/patch.ttl'), publisher: '974760673', name: 'Before' }, orgAdmin)).body;
    const id = created.id as string;
    const patched = await api('PATCH', `/api/sources/${id}`, { name: 'After', url: agency.url('/patch-v2.ttl'), accept: 'text/turtle', intervalMs: 3_600_000, profile: 'dcat-ap-no-3', quarantineInvalid: true }, orgAdmin);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: 'After', url: agency.url('/patch-v2.ttl'), accept: 'text/turtle', intervalMs: 3_600_000, profile: 'dcat-ap-no-3', quarantineInvalid: true, active: true, publisher: '974760673', createdAt: created.createdAt });
    const removed = await api('PATCH', `/api/sources/${id}`, { accept: null, intervalMs: null }, orgAdmin);
    expect(removed.body).not.toHaveProperty('accept');
    expect(removed.body).not.toHaveProperty('intervalMs');

    const bad = await api('PATCH', `/api/sources/${id}`, { publisher: '971040238', url: 'ftp://x', intervalMs: 5, quarantineInvalid: null }, orgAdmin);
    expect(bad.status).toBe(400);
    const problems = bad.body.problems as string[];
    expect(problems.join('\n')).toMatch(/publisher cannot be changed/);
    expect(problems.join('\n')).toMatch(/quarantineInvalid cannot be removed/);
    expect(problems.join('\n')).toMatch(/must use http or https/);
    expect(problems.join('\n')).toMatch(/intervalMs must be/);
    expect((await api('GET', `/api/sources/${id}`)).body).toMatchObject({ name: 'After', quarantineInvalid: true });

    // Settings in another media type are 415, as the API description says; a harvest's wait is true or false.
    for (const [method, pathname] of [['PATCH', `/api/sources/${id}`], ['POST', '/api/sources']] as const) {
      const res = await fetch(`${server.url}${pathname}`, { method, headers: { Authorization: `Bearer ${orgAdmin}`, 'Content-Type': 'text/plain' }, body: '{"name": "x"}' });
      expect(res.status, method).toBe(415);
      expect(((await res.json()) as { type: string }).type).toMatch(/unsupported-media-type$/);
    }
    const maybe = await api('POST', `/api/sources/${id}/harvest?wait=maybe`, undefined, orgAdmin);
    expect(maybe.status).toBe(400);
    expect(maybe.body.detail).toBe('wait must be true or false.');
    expect((await api('GET', `/api/sources/${id}/runs`)).body.runs).toEqual([]);
  });

  it('pause stops harvests (a dry run still works) until resume', async () => {
    agency.set('/paused.ttl', { body: readFileSync(path.join(FIXTURES, 'catalog-v1.ttl')) });
    const id = (await api('POST', '/api/sources', { url: agency.url('/paused.ttl'), publisher: '974760673' })).body.id as string;
    expect((await api('POST', `/api/sources/${id}/pause`, undefined, orgAdmin)).body).toMatchObject({ id, active: false });
    const refused = await api('POST', `/api/sources/${id}/harvest?wait=true`, undefined, orgAdmin);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('https://w3id.org/datakatalog/problems/source-paused');
    expect((await api('POST', `/api/sources/${id}/harvest?dryRun=true`, undefined, orgAdmin)).body).toMatchObject({ state: 'succeeded' });
    expect(await server.catalog.store.listRuns({ sourceId: id, limit: 10 })).toEqual([]);
    expect((await api('POST', `/api/sources/${id}/resume`, undefined, orgAdmin)).body).toMatchObject({ active: true });
    expect((await api('POST', `/api/sources/${id}/harvest?wait=true`, undefined, orgAdmin)).body).toMatchObject({ state: 'succeeded' });
  });
});

describe('a protected source', () => {
  it('keeps its authentication header sealed, never shows it, and sends it only to the source origin', async () => {
    const seen: { path: string; auth: string | undefined }[] = [];
    agency.set('/protected.ttl', (req, res) => {
      seen.push({ path: '/protected.ttl', auth: req.headers.authorization });
      if (req.headers.authorization !== SECRET) {
        res.writeHead(401, { 'Content-Type': 'text/plain' }).end('who are you?');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/turtle' }).end(readFileSync(path.join(FIXTURES, 'catalog-v1.ttl')));
    });
    const created = await api('POST', '/api/sources', { url: agency.url('/protected.ttl'), publisher: '974760673', authentication: { value: SECRET } }, orgAdmin);
    expect(created.status).toBe(201);
    expect(created.body.authentication).toEqual({ header: 'Authorization', set: true });
    const id = created.body.id as string;
    for (const view of [created.body, (await api('GET', `/api/sources/${id}`)).body, (await api('GET', '/api/sources')).body]) {
      expect(JSON.stringify(view)).not.toContain('agency-secret');
      expect(JSON.stringify(view)).not.toContain('sealed');
    }
    // At rest: the value is in neither the database file nor its write-ahead log.
    for (const file of ['catalog.db', 'catalog.db-wal']) {
      const bytes = await readFile(path.join(dataDir, file)).catch(() => Buffer.alloc(0));
      expect(bytes.includes(Buffer.from('agency-secret')), file).toBe(false);
    }
    expect((await server.catalog.store.getSource(id))?.authentication?.sealed).toMatch(/^v1\./);

    // Succeeds only with the header: the agency answers 401 without it.
    expect((await api('POST', `/api/sources/${id}/harvest?wait=true`, undefined, orgAdmin)).body).toMatchObject({ state: 'succeeded' });
    expect(seen.at(-1)).toEqual({ path: '/protected.ttl', auth: SECRET });

    // A redirect to another origin: the header stays behind.
    let elsewhereAuth: string | undefined = 'not asked';
    elsewhere.set('/moved.ttl', (req, res) => {
      elsewhereAuth = req.headers.authorization;
      res.writeHead(401).end();
    });
    agency.set('/protected.ttl', (req, res) => {
      seen.push({ path: '/protected.ttl', auth: req.headers.authorization });
      res.writeHead(302, { Location: elsewhere.url('/moved.ttl') }).end();
    });
    const moved = await api('POST', `/api/sources/${id}/harvest?wait=true`, undefined, orgAdmin);
    expect(moved.body).toMatchObject({ state: 'failed' });
    expect(seen.at(-1)?.auth).toBe(SECRET);
    expect(elsewhereAuth).toBeUndefined();

    // Removed with PATCH null: the next request carries none.
    expect((await api('PATCH', `/api/sources/${id}`, { authentication: null }, orgAdmin)).body).not.toHaveProperty('authentication');
    await api('POST', `/api/sources/${id}/harvest?wait=true`, undefined, orgAdmin);
    expect(seen.at(-1)?.auth).toBeUndefined();
  });

  it('refuses a header the harvester sets itself, or a value on several lines', async () => {
    const res = await api('POST', '/api/sources', { url: agency.url('/x.ttl'), publisher: '974760673', authentication: { header: 'Host', value: 'a\r\nb' } });
    expect(res.status).toBe(400);
    expect((res.body.problems as string[]).join('\n')).toMatch(/may not be Host[\s\S]*single-line/);
  });
});
