import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordWrite } from '../../../src/core/catalog-record.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { WritesFencedError } from '../../../src/core/ports/sparql-index.js';
import { Projector } from '../../../src/projection/projector.js';
import { SparqlProjection } from '../../../src/projection/sparql-projection.js';
import { WriterLease } from '../../../src/projection/writer-lease.js';
import { recordUri } from '../../../src/rdf/catalog-record.js';
import { FENCE_GRAPH, RemoteSparqlIndex } from '../../../src/sparql/remote/remote-sparql-index.js';
import { SparqlServer } from '../../../src/sparql/remote/sparql-server.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { syntheticRecord } from '../../search/fixtures/synthetic-records.js';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../../support/postgres.js';
import { NO_SERVER_MESSAGE, testSparqlServer } from './virtuoso-env.js';

// A node that lost the projection writer lease without noticing (paused, cut off from PostgreSQL, its lease
// expired while its own clock still counts it) must not write the shared SPARQL server any more. The node that
// takes the lease claims the server's graphs for itself (claimWrites), and Virtuoso refuses, whole, every write
// that carries an older claim.

const server = testSparqlServer();
if (server === undefined) console.warn(`skipping the write fence tests: ${NO_SERVER_MESSAGE}`);

const VERSION = 'urn:test:fence:version';

/** The one value of VERSION in `graph` (undefined when the graph is absent). */
async function versionIn(index: RemoteSparqlIndex, graph: string): Promise<string | undefined> {
  const r = await index.query({ query: `SELECT ?v { GRAPH <${graph}> { <${graph}> <${VERSION}> ?v } }`, form: 'SELECT', mediaType: 'application/sparql-results+json', timeoutMs: 30_000 });
  const rows = JSON.parse(r.body).results.bindings as { v: { value: string } }[];
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0]?.v.value;
}

const content = (graph: string, version: string): string => `<${graph}> <${VERSION}> "${version}" .\n<${graph}> <urn:test:fence:other> "æøå ${version}" .\n`;

describe.skipIf(server === undefined || server.updateUrl === undefined)('the write fence on the SPARQL server (Virtuoso)', () => {
  const base = `https://fence-${randomUUID()}.example.no/`;
  // Built only when a server is configured: a skipped suite's body still runs to collect its tests.
  const index = (graphPrefix: string): RemoteSparqlIndex => (server === undefined ? (undefined as unknown as RemoteSparqlIndex) : new RemoteSparqlIndex({ server, graphPrefix }));
  const a = index(base);
  const b = index(base);
  const other = index(`https://fence-${randomUUID()}.example.no/`);

  afterAll(async () => {
    await b.rebuild((async function* () {})());
    for (const index of [a, b, other]) await index.close();
  });

  it('refuses, whole, every write carrying an older claim once another writer has claimed the graphs', async () => {
    const kept = `${base}r/kept`;
    const dropped = `${base}r/dropped`;
    const added = `${base}r/added`;
    await a.claimWrites('A:1');
    await a.apply([{ graph: kept, ntriples: content(kept, 'A1') }, { graph: dropped, ntriples: content(dropped, 'A1') }], { fence: 'A:1' });
    expect(await versionIn(a, kept)).toBe('A1');

    await b.claimWrites('B:1');
    // The old writer goes on as if it still held the lease: a replacement, a drop and a new graph, in one batch.
    const refused = a.apply(
      [
        { graph: kept, ntriples: content(kept, 'A2 stale') },
        { graph: dropped, ntriples: null },
        { graph: added, ntriples: content(added, 'A2 stale') },
      ],
      { fence: 'A:1' },
    );
    await expect(refused).rejects.toThrow(WritesFencedError);
    await expect(refused).rejects.toMatchObject({ holder: 'B:1' });
    expect(await versionIn(b, kept)).toBe('A1');
    expect(await versionIn(b, dropped)).toBe('A1');
    expect(await versionIn(b, added)).toBeUndefined();

    // The new writer's writes go through; so do the old writer's, once it has taken the lease (and claimed) again.
    await b.apply([{ graph: kept, ntriples: content(kept, 'B1') }], { fence: 'B:1' });
    expect(await versionIn(a, kept)).toBe('B1');
    await a.claimWrites('A:2');
    await expect(b.apply([{ graph: kept, ntriples: content(kept, 'B2 stale') }], { fence: 'B:1' })).rejects.toThrow(WritesFencedError);
    await a.apply([{ graph: kept, ntriples: content(kept, 'A3') }], { fence: 'A:2' });
    expect(await versionIn(b, kept)).toBe('A3');
  });

  it("is one catalog's: another catalog's claim on the same server fences nothing of this one", async () => {
    const graph = `${base}r/own`;
    await other.claimWrites('C:1');
    await b.claimWrites('B:7');
    await b.apply([{ graph, ntriples: content(graph, 'B7') }], { fence: 'B:7' });
    expect(await versionIn(b, graph)).toBe('B7');
  });

  it('keeps the claim where the dba reads it and anonymous queries cannot', async () => {
    await b.claimWrites('B:8');
    const claimQuery = `SELECT ?o { GRAPH <${FENCE_GRAPH}> { <${base}> <urn:datakatalog:writer> ?o } }`;
    const asDba = new SparqlServer({ ...server!, queryUrl: server!.updateUrl! });
    try {
      const r = await asDba.query(new URLSearchParams({ query: claimQuery }), 'application/sparql-results+json');
      expect((JSON.parse(r.body).results.bindings as { o: { value: string } }[]).map((row) => row.o.value)).toEqual(['B:8']);
    } finally {
      asDba.close();
    }
    for (const query of [claimQuery, 'SELECT ?s ?o { ?s <urn:datakatalog:writer> ?o }']) {
      const r = await b.query({ query, form: 'SELECT', mediaType: 'application/sparql-results+json', timeoutMs: 30_000 });
      expect(JSON.parse(r.body).results.bindings).toEqual([]);
    }
  });
});

afterAll(() => dropTestSchemas());

function publishedRecord(n: number, version: string): RecordWrite {
  const { status: _s, removedAt: _r, ...rest } = syntheticRecord(n, 11).record;
  return { ...rest, status: 'published' as const, graph: `${rest.graph}<urn:test:fence:subject> <${VERSION}> "${version}" .\n` };
}

describe.skipIf(server === undefined || server.updateUrl === undefined || TEST_DATABASE_URL === undefined)('a node that lost the projection writer lease without noticing (PostgreSQL and Virtuoso)', () => {
  it('writes nothing to the SPARQL server once the node that took the lease has claimed it', async () => {
    const schema = freshSchema('fence');
    const baseUrl = `https://fence-${randomUUID()}.example.no`;
    const startNode = async () => {
      const store = await PostgresStore.open({ url: TEST_DATABASE_URL!, schema, logger: silentLogger });
      const index = new RemoteSparqlIndex({ server: server!, graphPrefix: `${baseUrl}/` });
      // The lease lasts a minute by each node's own clock: only the store's row says when it was taken over.
      const lease: WriterLease = new WriterLease(store, silentLogger, 60_000);
      const projector = new Projector(store, [new SparqlProjection(index, baseUrl)], silentLogger, 0, lease);
      await projector.start();
      return { store, index, lease, projector };
    };
    // One after the other, so A is the node that takes the lease (started at once, either could).
    const a = await startNode();
    const b = await startNode();
    const nodes = [a, b];
    try {
      expect([a.projector.writesShared, b.projector.writesShared]).toEqual([true, false]);
      const first = publishedRecord(1, 'v1');
      await a.store.writeRecords([first]);
      await a.projector.sync();
      const graph = recordUri(baseUrl, first.kind, first.id);
      const versionOf = async (): Promise<string | undefined> => {
        const r = await b.index.query({ query: `SELECT ?v { GRAPH <${graph}> { <urn:test:fence:subject> <${VERSION}> ?v } }`, form: 'SELECT', mediaType: 'application/sparql-results+json', timeoutMs: 30_000 });
        return (JSON.parse(r.body).results.bindings as { v: { value: string } }[])[0]?.v.value;
      };
      expect(await versionOf()).toBe('v1');

      // The store counts A's lease as over (as when A was paused past its expiry); A's own clock does not yet.
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
      await admin.connect();
      await admin.query(`UPDATE "${schema}".node_leases SET expires_at = 0 WHERE name = 'projection-writer'`);
      await admin.end();
      await b.store.writeRecords([publishedRecord(1, 'v2')]);
      await b.projector.sync();
      expect(b.projector.writesShared).toBe(true);
      expect(a.projector.writesShared).toBe(true);
      expect(await versionOf()).toBe('v2');

      // A change B has not applied yet: A's pass (it still counts itself the writer) is refused by Virtuoso, whole.
      await a.store.writeRecords([publishedRecord(1, 'v3 from the old writer')]);
      await expect(a.projector.sync()).rejects.toThrow(WritesFencedError);
      expect(await versionOf()).toBe('v2');
      // Its renewal was refused on the way: it knows now, and writes no more.
      expect(a.projector.writesShared).toBe(false);
      await b.projector.sync();
      expect(await versionOf()).toBe('v3 from the old writer');
    } finally {
      await b.index.rebuild((async function* () {})());
      for (const n of nodes) {
        await n.projector.close();
        await n.index.close();
        await n.store.close();
      }
    }
  });
});
