import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import { RemoteSparqlIndex } from '../../src/sparql/remote/remote-sparql-index.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../support/postgres.js';
import { expectServerEqualsStore } from '../sparql/remote/server-graph.js';
import { testSparqlServer } from '../sparql/remote/virtuoso-env.js';

// Server mode end to end: two service processes on one PostgreSQL (store and search) and one Virtuoso (the
// published graph), nothing shared but those. A harvest through the scheduling node is read through the
// other's search, SPARQL and record URIs within 5 s; then the scheduling node is killed with SIGKILL and
// the other takes over the schedule: it harvests a newly registered source by itself, nobody asking.
// One node at a time (the holder of the projection writer lease) writes the change log into Virtuoso; the other
// only reads it. When the writer is killed, the other takes the lease, resumes from the cursor (a change committed
// while nobody held it included), and the graph in the server equals the store's.
// Lease timings are short through the configuration (SCHEDULER_LEASE_TTL, PROJECTION_LEASE_TTL); every wait is a poll with a deadline.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
type Json = any;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'test/harvest/fixtures');
const TOKEN = 'server-mode-token';
const VISIBLE_WITHIN_MS = 5_000;
const sparqlServer = testSparqlServer();

interface Node {
  readonly url: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<number | null>;
  output(): string;
}

let documents: FixtureServer;
let schema: string;
const baseUrl = `https://katalog-${randomUUID()}.example.no`;
const dirs: string[] = [];
const nodes: Node[] = [];

async function startNode(): Promise<Node> {
  const s = sparqlServer!;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-server-node-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      BASE_URL: baseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'info',
      ADMIN_TOKEN: TOKEN,
      VALIDATION_WORKERS: '1',
      HARVEST_ALLOWED_HOSTS: new URL(documents.origin).host,
      // Every source is harvested once at registration by the scheduler and then not for an hour.
      HARVEST_INTERVAL: '1h',
      SCHEDULER_LEASE_TTL: '3s',
      PROJECTION_LEASE_TTL: '3s',
      // No URL checks: their results would re-score the datasets while the server's graph is compared with the store's.
      URL_CHECK_INTERVAL: '0',
      DATABASE_URL: TEST_DATABASE_URL!,
      DATABASE_SCHEMA: schema,
      SPARQL_STORE_URL: s.queryUrl,
      ...(s.updateUrl !== undefined ? { SPARQL_STORE_UPDATE_URL: s.updateUrl } : {}),
      ...(s.gspUrl !== undefined ? { SPARQL_STORE_GSP_URL: s.gspUrl } : {}),
      ...(s.credentials !== undefined ? { SPARQL_STORE_USER: s.credentials.user, SPARQL_STORE_PASSWORD: s.credentials.password } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const look = (): void => {
      const m = /running at (http:\/\/\S+) /.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', look);
    void exited.then((code) => reject(new Error(`the node exited (${code}) before it listened:\n${out}`)));
  });
  const node = { url, child, exited, output: () => out };
  nodes.push(node);
  return node;
}

async function json(node: Node, pathAndQuery: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${node.url}${pathAndQuery}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

/** Polls `read` until `ok` holds; returns how long it took, or fails with the last answer after `withinMs`. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, withinMs: number, what: string): Promise<number> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < withinMs) {
    last = await read();
    if (ok(last)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not seen within ${withinMs} ms; last answer: ${JSON.stringify(last)}`);
}

async function sparqlTitles(node: Node, iri: string): Promise<string[]> {
  const res = await fetch(`${node.url}/sparql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: `SELECT ?t WHERE { <${iri}> <http://purl.org/dc/terms/title> ?t }`,
  });
  if (res.status !== 200) return [`HTTP ${res.status}`];
  return ((await res.json()) as Json).results.bindings.map((b: Json) => b.t.value);
}

const isScheduler = async (node: Node): Promise<boolean> => (await json(node, '/health')).body.scheduler === true;
const isWriter = async (node: Node): Promise<boolean> => (await json(node, '/health')).body.projectionWriter === true;
const WRITES = 'this node projects the change log into the shared indexes';
const runsOf = async (node: Node, sourceId: string): Promise<Json[]> => (await json(node, `/api/sources/${sourceId}/runs`)).body.runs;
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

describe.skipIf(TEST_DATABASE_URL === undefined || sparqlServer === undefined)('two service nodes on PostgreSQL and Virtuoso (server mode)', () => {
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    documents = await startFixtureServer();
    documents.set('/catalog.ttl', { body: await readFile(path.join(FIXTURES, 'catalog-v1.ttl'), 'utf8') });
    schema = freshSchema('server');
    a = await startNode();
    // The first node takes the scheduler lease; the second starts once it has.
    await eventually(() => isScheduler(a), (held) => held, 30_000, 'the first node schedules');
    await eventually(() => isWriter(a), (held) => held, 30_000, 'the first node writes the shared indexes');
    b = await startNode();
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes) n.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.exited));
    await documents?.close();
    await dropTestSchemas();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
    // Leave the shared SPARQL server as found: drop this run's graphs.
    if (sparqlServer !== undefined) {
      const index = new RemoteSparqlIndex({ server: sparqlServer, graphPrefix: `${baseUrl}/` });
      await index.rebuild((async function* () {})());
      await index.close();
    }
  }, 60_000);

  it('reads a harvest through the scheduling node via the other node\'s search, SPARQL and record URIs within 5 s', async () => {
    expect(await isScheduler(b)).toBe(false);
    expect([await isWriter(a), await isWriter(b)]).toEqual([true, false]);
    const registered = await json(b, '/api/sources', { method: 'POST', headers: auth, body: JSON.stringify({ url: documents.url('/catalog.ttl'), publisher: '974760673', name: 'Testetaten' }) });
    expect(registered.status).toBe(201);
    const sourceId = registered.body.id as string;
    // Never harvested, so due at once: the scheduling node harvests it by itself.
    await eventually(() => runsOf(b, sourceId), (runs) => runs.length > 0 && runs[0].state !== 'running', 60_000, 'the scheduled first harvest');
    const [first] = await runsOf(b, sourceId);
    expect(first).toMatchObject({ state: 'succeeded', counts: { added: 4 } });

    // Seen through the other node within 5 s of the run's end being visible.
    await eventually(() => json(b, '/api/search?q=sn%C3%B8skred'), (r) => r.body.hits?.some((h: Json) => h.title === 'Snøskredvarsel'), VISIBLE_WITHIN_MS, 'search on the other node');
    await eventually(() => sparqlTitles(b, 'https://data.testetaten.no/datasett/snoskred'), (t) => t.includes('Snøskredvarsel'), VISIBLE_WITHIN_MS, 'SPARQL on the other node');
    const hit = (await json(b, '/api/search?q=sn%C3%B8skred')).body.hits.find((h: Json) => h.title === 'Snøskredvarsel');
    expect(hit.uri.startsWith(`${baseUrl}/`)).toBe(true);
    const record = await fetch(`${b.url}${new URL(hit.uri).pathname}`, { headers: { Accept: 'text/turtle' } });
    expect(record.status).toBe(200);
    expect(await record.text()).toContain('Snøskredvarsel');

    // A change harvested through the scheduling node: within 5 s the other node's SPARQL, search and record URI show it.
    documents.set('/catalog.ttl', { body: await readFile(path.join(FIXTURES, 'catalog-v2.ttl'), 'utf8') });
    const second = await json(a, `/api/sources/${sourceId}/harvest?wait=true`, { method: 'POST', headers: auth });
    expect(second.body).toMatchObject({ state: 'succeeded', counts: { changed: 2, removed: 1, added: 1 } });
    await eventually(
      () => sparqlTitles(b, 'https://data.testetaten.no/datasett/snoskred'),
      (t) => t.length === 1 && t[0] !== 'Snøskredvarsel' && !t[0]!.startsWith('HTTP'),
      VISIBLE_WITHIN_MS,
      'the changed title in SPARQL on the other node',
    );
    await eventually(() => json(b, '/api/search?q=barnehager'), (r) => !r.body.hits.some((h: Json) => h.iri === 'https://data.testetaten.no/datasett/barnehager'), VISIBLE_WITHIN_MS, 'the removal in search');
    const gone = await fetch(`${b.url}/resources?uri=${encodeURIComponent('https://data.testetaten.no/datasett/barnehager')}`, { redirect: 'manual' });
    const tombstone = await fetch(new URL(new URL(gone.headers.get('location')!).pathname, b.url), { headers: { Accept: 'text/turtle' } });
    expect(tombstone.status).toBe(410);
    // All of it was written into Virtuoso by the writer alone: the other node never took the lease.
    expect([await isWriter(a), await isWriter(b)]).toEqual([true, false]);
    expect(a.output()).toContain(WRITES);
    expect(b.output()).not.toContain(WRITES);
  }, 180_000);

  it('the other node takes over the scheduled harvests and the writing of the shared indexes when the first node is killed with SIGKILL', async () => {
    a.child.kill('SIGKILL');
    await a.exited;
    // A change committed through the survivor right away, perhaps before it holds the writer lease: the writer resumes from the cursor and loses none.
    const [first] = (await json(b, '/api/sources')).body.sources as Json[];
    documents.set('/catalog.ttl', { body: (await readFile(path.join(FIXTURES, 'catalog-v2.ttl'), 'utf8')).replace('"Snøskredvarsel for hele landet"', '"Snøskredvarsel etter overtakelsen"') });
    const changed = await json(b, `/api/sources/${first.id}/harvest?wait=true`, { method: 'POST', headers: auth });
    expect(changed.body.state).toBe('succeeded');
    expect(changed.body.counts.changed).toBeGreaterThan(0);
    await eventually(() => isWriter(b), (held) => held, 30_000, 'the surviving node takes the projection writer lease');
    await eventually(() => sparqlTitles(b, 'https://data.testetaten.no/datasett/snoskred'), (t) => t.join() === 'Snøskredvarsel etter overtakelsen', VISIBLE_WITHIN_MS, 'the change made during the takeover in SPARQL');
    // PostgreSQL lets the dead node's liveness lock go with its connection: the lease is free before it expires.
    await eventually(() => isScheduler(b), (held) => held, 30_000, 'the surviving node takes the scheduler lease');
    documents.set('/second.ttl', { body: await readFile(path.join(FIXTURES, 'catalog-v1.ttl'), 'utf8').then((t) => t.replaceAll('data.testetaten.no', 'data.andreetaten.no')) });
    const registered = await json(b, '/api/sources', { method: 'POST', headers: auth, body: JSON.stringify({ url: documents.url('/second.ttl'), publisher: '974760673', name: 'Andre etaten' }) });
    expect(registered.status).toBe(201);
    await eventually(() => runsOf(b, registered.body.id), (runs) => runs.length > 0 && runs[0].state !== 'running', 60_000, 'the scheduled harvest on the surviving node');
    const [run] = await runsOf(b, registered.body.id);
    expect(run).toMatchObject({ state: 'succeeded', counts: { added: 4 } });
    await eventually(() => sparqlTitles(b, 'https://data.andreetaten.no/datasett/snoskred'), (t) => t.includes('Snøskredvarsel'), VISIBLE_WITHIN_MS, 'SPARQL after the takeover');
    expect(b.output()).toContain('this process schedules the harvests');
    expect(b.output()).toContain(WRITES);

    // The survivor caught up: the shared cursor is at the end of the change log, and every record's graph in the server is the store's.
    await eventually(() => json(b, '/readyz'), (r) => r.body.indexLag?.sparql === 0, 30_000, 'the SPARQL index caught up');
    const store = await PostgresStore.open({ url: TEST_DATABASE_URL!, schema, logger: silentLogger });
    const index = new RemoteSparqlIndex({ server: sparqlServer!, graphPrefix: `${baseUrl}/` });
    try {
      expect(await store.getCursor('sparql')).toBe(await store.latestChangeSeq());
      expect(await expectServerEqualsStore(store, index, baseUrl)).toBe(8);
    } finally {
      await index.close();
      await store.close();
    }
  }, 180_000);
});
