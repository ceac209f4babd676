import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { NOTIFIED_POLL_MS } from '../../src/projection/projector.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../support/postgres.js';

// Two service nodes on one PostgreSQL (store and search), each with its own data directory and its own
// in-process SPARQL index: a harvest through one is read through the other's search, record URIs and
// SPARQL. The other node's SPARQL index follows the change log through LISTEN/NOTIFY: it polls only every
// NOTIFIED_POLL_MS (30 s), so seeing the change well before that shows the notification carried it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
type Json = any;

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../harvest/fixtures');
const TOKEN = 'two-nodes-token';
/** Well below the safety poll: only a notification brings a change this fast. */
const VISIBLE_WITHIN_MS = NOTIFIED_POLL_MS / 2;

let documents: FixtureServer;
let a: RunningServer;
let b: RunningServer;
const dirs: string[] = [];

async function node(schema: string): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-node-'));
  dirs.push(dataDir);
  const config = loadConfig({
    DATABASE_URL: TEST_DATABASE_URL!,
    DATABASE_SCHEMA: schema,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'false',
    HARVEST_INTERVAL: '0',
    HARVEST_ALLOWED_HOSTS: new URL(documents.origin).host,
    VALIDATION_WORKERS: '1',
    SPARQL_WORKERS: '1',
    ADMIN_TOKEN: TOKEN,
  });
  return startServer(config, silentLogger);
}

async function json(server: RunningServer, pathAndQuery: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${server.url}${pathAndQuery}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

/** Polls `read` until `ok` holds; returns how long it took, or fails with the last answer after `withinMs`. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, withinMs: number): Promise<number> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < withinMs) {
    last = await read();
    if (ok(last)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not seen within ${withinMs} ms; last answer: ${JSON.stringify(last)}`);
}

const sparqlTitles = async (server: RunningServer): Promise<string[]> => {
  const res = await fetch(`${server.url}/sparql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: 'SELECT ?t WHERE { <https://data.testetaten.no/datasett/snoskred> <http://purl.org/dc/terms/title> ?t }',
  });
  const body = (await res.json()) as Json;
  return body.results.bindings.map((b: Json) => b.t.value);
};

describe.skipIf(TEST_DATABASE_URL === undefined)('two service nodes on one PostgreSQL', () => {
  beforeAll(async () => {
    documents = await startFixtureServer();
    documents.set('/catalog.ttl', { body: await readFile(path.join(fixtures, 'catalog-v1.ttl'), 'utf8') });
    const schema = freshSchema('nodes');
    a = await node(schema);
    b = await node(schema);
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await documents?.close();
    await dropTestSchemas();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('a harvest through one node is read through the other\'s search, record URIs and SPARQL; so is a change', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    const registered = await json(a, '/api/sources', { method: 'POST', headers: auth, body: JSON.stringify({ url: documents.url('/catalog.ttl'), publisher: '974760673', name: 'Testetaten' }) });
    expect(registered.status).toBe(201);
    const run = await json(a, `/api/sources/${registered.body.id}/harvest?wait=true`, { method: 'POST', headers: auth });
    expect(run.body).toMatchObject({ state: 'succeeded', counts: { added: 4 } });

    // The other node lists the source and its run (the store is shared) …
    expect((await json(b, '/api/sources')).body.sources.map((s: Json) => s.id)).toEqual([registered.body.id]);
    // … finds the datasets in its search, serves their records, and its SPARQL index has them.
    await eventually(() => json(b, '/api/search?q=sn%C3%B8skred'), (r) => r.body.hits.some((h: Json) => h.title === 'Snøskredvarsel'), VISIBLE_WITHIN_MS);
    const hit = (await json(b, '/api/search?q=sn%C3%B8skred')).body.hits.find((h: Json) => h.title === 'Snøskredvarsel');
    const record = await fetch(`${b.url}${new URL(hit.uri).pathname}`, { headers: { Accept: 'text/turtle' } });
    expect(record.status).toBe(200);
    expect(await record.text()).toContain('Snøskredvarsel');
    await eventually(() => sparqlTitles(b), (titles) => titles.includes('Snøskredvarsel'), VISIBLE_WITHIN_MS);

    // A change harvested through the first node: the other's SPARQL index and search follow.
    documents.set('/catalog.ttl', { body: await readFile(path.join(fixtures, 'catalog-v2.ttl'), 'utf8') });
    const second = await json(a, `/api/sources/${registered.body.id}/harvest?wait=true`, { method: 'POST', headers: auth });
    expect(second.body).toMatchObject({ state: 'succeeded', counts: { changed: 2, removed: 1, added: 1 } }); // the dataset's title and the catalog's list
    const [newTitle] = await sparqlTitlesOf(a);
    expect(newTitle).not.toBe('Snøskredvarsel');
    await eventually(() => sparqlTitles(b), (titles) => titles.length === 1 && titles[0] === newTitle, VISIBLE_WITHIN_MS);
    await eventually(() => json(b, '/api/search?q=barnehager'), (r) => !r.body.hits.some((h: Json) => h.iri === 'https://data.testetaten.no/datasett/barnehager'), VISIBLE_WITHIN_MS);
    const gone = await fetch(`${b.url}/resources?uri=${encodeURIComponent('https://data.testetaten.no/datasett/barnehager')}`, { redirect: 'manual' });
    const tombstone = await fetch(new URL(new URL(gone.headers.get('location')!).pathname, b.url), { headers: { Accept: 'text/turtle' } });
    expect(tombstone.status).toBe(410);
  }, 120_000);

  it('a node that joins with an empty data directory rebuilds nothing: it answers the relations the others wrote, and follows new ones', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    const service = (serves: string): string => `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <https://data.testetaten.no/katalog/api> a dcat:Catalog ; dct:title "API-er"@nb ;
        dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/974760673> ; dcat:service <https://data.testetaten.no/api/varsel> .
      <https://data.testetaten.no/api/varsel> a dcat:DataService ; dct:title "Varsel-API"@nb ;
        dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/974760673> ;
        dcat:endpointURL <https://api.testetaten.no/varsel> ; dcat:servesDataset <https://data.testetaten.no/datasett/${serves}> .`;
    documents.set('/service.ttl', { body: service('snoskred') });
    const registered = await json(a, '/api/sources', { method: 'POST', headers: auth, body: JSON.stringify({ url: documents.url('/service.ttl'), publisher: '974760673', name: 'Testetatens API-er' }) });
    expect((await json(a, `/api/sources/${registered.body.id}/harvest?wait=true`, { method: 'POST', headers: auth })).body).toMatchObject({ state: 'succeeded' });
    await a.catalog.projector.sync();
    const relationsOf = async (server: RunningServer, iri: string): Promise<string[]> => {
      const found = await fetch(`${server.url}/resources?uri=${encodeURIComponent(iri)}`, { redirect: 'manual' });
      const answer = (await (await fetch(`${new URL(found.headers.get('location')!).pathname.replace(/^/, server.url)}/relations`, { headers: { Accept: 'application/json' } })).json()) as Json;
      return answer.incoming.map((e: Json) => `${e.type.id} ${e.iri}`);
    };

    const c = await node(a.catalog.config.database.schema);
    try {
      // Nothing of its own to build: the relations index is the shared one in PostgreSQL, like search.
      expect([...c.catalog.projector.rebuiltAtStart]).toEqual([]);
      expect(await relationsOf(c, 'https://data.testetaten.no/datasett/snoskred')).toEqual(['servesDataset https://data.testetaten.no/api/varsel']);
      // A change harvested through the first node reaches the new node's answers through the shared index.
      documents.set('/service.ttl', { body: service('vegtrafikk') });
      expect((await json(a, `/api/sources/${registered.body.id}/harvest?wait=true`, { method: 'POST', headers: auth })).body).toMatchObject({ state: 'succeeded' });
      await eventually(() => relationsOf(c, 'https://data.testetaten.no/datasett/vegtrafikk'), (r) => r.length === 1, VISIBLE_WITHIN_MS);
      expect(await relationsOf(c, 'https://data.testetaten.no/datasett/snoskred')).toEqual([]);
    } finally {
      await c.close();
    }
  }, 120_000);
});

async function sparqlTitlesOf(server: RunningServer): Promise<string[]> {
  await server.catalog.projector.sync();
  return sparqlTitles(server);
}
