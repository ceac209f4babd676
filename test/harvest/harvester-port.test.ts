import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDcatApNoHarvester } from '../../harvesters/dcat-ap-no/index.js';
import type { HarvestSource } from '../../src/core/harvest-source.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { runHarvest, type PipelineDeps } from '../../src/harvest/harvest-pipeline.js';
import { buildSource, sourceKindsOf } from '../../src/harvest/source-registration.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ShaclValidator } from '../../src/validation/shacl-validator.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { createLinkedNotesHarvester, type LinkedNotes } from './support/linked-notes-harvester.js';

const A = 'https://notes.example.no/a';
const B = 'https://notes.example.no/b';

let server: FixtureServer;
let validator: ShaclValidator;
let dir: string;
let store: SqliteStore;
let deps: PipelineDeps;

beforeAll(async () => {
  server = await startFixtureServer();
  validator = new ShaclValidator({ workers: 0 });
});
afterAll(async () => {
  await server.close();
  await validator.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dk-port-'));
  store = SqliteStore.open({ dataDir: dir });
  deps = withHarvesters([createDcatApNoHarvester(), createLinkedNotesHarvester()]);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function withHarvesters(harvesters: PipelineDeps['harvesters'] extends ReadonlyMap<string, infer H> ? H[] : never): PipelineDeps {
  return {
    store,
    validator,
    harvesters: new Map(harvesters.map((h) => [h.kind, h])),
    policy: { allowedHosts: ['127.0.0.1'], maxBytes: 1_000_000, connectTimeoutMs: 2000, idleTimeoutMs: 2000, totalTimeoutMs: 5000, maxRedirects: 3, userAgent: 'test' },
    maxPages: 20,
    baseUrl: 'https://katalog.test',
    defaultProfile: 'dcat-ap-no-2',
    logger: silentLogger,
  };
}

async function register(url: string, extra: Record<string, unknown> = {}): Promise<HarvestSource> {
  const source = buildSource({ url, publisher: '974760673', kind: 'linked-notes', ...extra }, { allowLocalPath: false, sourceKinds: sourceKindsOf(deps.harvesters), now: () => new Date() });
  await store.saveSource(source);
  return source;
}

/** The run's problems other than validation reports (the test records are deliberately thin). */
const notInvalid = (run: { problems: readonly { kind: string }[] }): unknown[] => run.problems.filter((p) => p.kind !== 'invalid');

function serveNotes(file: string, notes: LinkedNotes): void {
  server.set(file, { body: JSON.stringify(notes), contentType: 'application/json' });
}

describe('the harvester port', () => {
  it('lets a harvester read a non-RDF source with its own reader and fetch the documents it references', async () => {
    server.set('/p1/a.txt', { body: 'Om A', contentType: 'text/plain' });
    serveNotes('/p1/notes.json', { items: [{ iri: A, title: 'A', describedBy: server.url('/p1/a.txt') }, { iri: B, title: 'B' }] });
    const run = await runHarvest(await register(server.url('/p1/notes.json')), deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ added: 2, changed: 0 });
    expect((await store.getRecordByIri(A))!.graph).toContain('"Om A"@nb');
    expect(server.requests('/p1/a.txt')).toBe(1);
  });

  it('keeps a record whose referenced document cannot be read, with a problem naming the record and the cause', async () => {
    serveNotes('/p2/notes.json', { items: [{ iri: A, title: 'A', describedBy: server.url('/p2/missing.txt') }, { iri: B, title: 'B' }] });
    const run = await runHarvest(await register(server.url('/p2/notes.json')), deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts.added).toBe(2);
    expect(notInvalid(run)).toEqual([{ kind: 'fetch', resource: A, message: expect.stringMatching(/^The document describing this resource could not be read: .*404/) }]);
    expect(await store.getRecordByIri(A)).toMatchObject({ status: 'published' });
  });

  it('fetches referenced documents through the SSRF guard', async () => {
    serveNotes('/p3/notes.json', { items: [{ iri: A, title: 'A', describedBy: 'http://localhost:9/secret' }] });
    const run = await runHarvest(await register(server.url('/p3/notes.json')), deps);
    expect(notInvalid(run)).toHaveLength(1);
    expect(notInvalid(run)[0]).toMatchObject({ kind: 'fetch', resource: A, message: expect.stringMatching(/localhost/) });
  });

  it('never lets a harvester read a local file, whatever it references', async () => {
    serveNotes('/p7/notes.json', { items: [{ iri: A, title: 'A', describedBy: 'file:///etc/passwd' }] });
    const run = await runHarvest(await register(server.url('/p7/notes.json')), deps);
    expect(notInvalid(run)).toEqual([{ kind: 'fetch', resource: A, message: expect.stringMatching(/file:\/\/\/etc\/passwd is not an http or https URL/) }]);
    expect((await store.getRecordByIri(A))!.graph).not.toContain('root:');
  });

  it('costs one conditional request per document when neither the source nor what it references changed', async () => {
    server.set('/p4/a.txt', { body: 'Om A', contentType: 'text/plain' });
    serveNotes('/p4/notes.json', { items: [{ iri: A, title: 'A', describedBy: server.url('/p4/a.txt') }] });
    const source = await register(server.url('/p4/notes.json'));
    await runHarvest(source, deps);
    const run = await runHarvest(source, deps);
    expect(run).toMatchObject({ state: 'succeeded', notModified: true });
    expect(run.counts).toMatchObject({ unchanged: 1, added: 0, changed: 0 });
    expect([server.requests('/p4/notes.json'), server.requests('/p4/a.txt')]).toEqual([2, 2]);
  });

  it('splits again when the source is unchanged but a document it references changed', async () => {
    server.set('/p5/a.txt', { body: 'Om A', contentType: 'text/plain' });
    serveNotes('/p5/notes.json', { items: [{ iri: A, title: 'A', describedBy: server.url('/p5/a.txt') }] });
    const source = await register(server.url('/p5/notes.json'));
    await runHarvest(source, deps);
    server.set('/p5/a.txt', { body: 'Om A, rettet', contentType: 'text/plain' });
    const run = await runHarvest(source, deps);
    expect(run.notModified).toBeUndefined();
    expect(run.counts).toMatchObject({ changed: 1 });
    expect((await store.getRecordByIri(A))!.graph).toContain('"Om A, rettet"@nb');
  });

  it('hands a harvester back what it remembered when a referenced document answers 304 while the source changed', async () => {
    server.set('/p6/a.txt', { body: 'Om A', contentType: 'text/plain' });
    serveNotes('/p6/notes.json', { items: [{ iri: A, title: 'A', describedBy: server.url('/p6/a.txt') }] });
    const source = await register(server.url('/p6/notes.json'));
    await runHarvest(source, deps);
    serveNotes('/p6/notes.json', { items: [{ iri: A, title: 'A, ny tittel', describedBy: server.url('/p6/a.txt') }] });
    const run = await runHarvest(source, deps);
    expect(run.counts).toMatchObject({ changed: 1 });
    expect(server.requests('/p6/a.txt')).toBe(2);
    const graph = (await store.getRecordByIri(A))!.graph;
    expect(graph).toContain('"A, ny tittel"@nb');
    expect(graph).toContain('"Om A"@nb');
  });
});

describe('validation profile per record kind', () => {
  it("validates each record against its kind's profile, or the stricter one its source chose", async () => {
    serveNotes('/v1/notes.json', { items: [{ iri: A, title: 'A' }] });
    await runHarvest(await register(server.url('/v1/notes.json')), deps);
    expect((await store.getRecordByIri(A))!.validation!.profile).toBe('dcat-ap-no-2');
    serveNotes('/v2/notes.json', { items: [{ iri: B, title: 'B' }] });
    await runHarvest(await register(server.url('/v2/notes.json'), { profile: 'dcat-ap-no-3' }), deps);
    expect((await store.getRecordByIri(B))!.validation!.profile).toBe('dcat-ap-no-3');
  });

  it('never publishes a record of a kind its harvester declares no profile for', async () => {
    serveNotes('/v3/notes.json', { items: [{ iri: A, title: 'A' }, { iri: B, title: 'B', kind: 'concept' }] });
    const run = await runHarvest(await register(server.url('/v3/notes.json')), deps);
    expect(run.counts.added).toBe(1);
    expect(notInvalid(run)).toEqual([{ kind: 'internal', resource: B, message: expect.stringMatching(/declares no validation profile for records of kind "concept"/) }]);
    expect(await store.getRecordByIri(B)).toBeUndefined();
  });
});
