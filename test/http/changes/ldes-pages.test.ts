import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { DataFactory, Parser, type Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordWrite } from '../../../src/core/catalog-record.js';
import type { Store } from '../../../src/core/ports/store.js';
import { ldesRouter } from '../../../src/http/routes/ldes.js';
import { DCAT, DCT, RDF, TREE } from '../../../src/rdf/namespaces.js';
import { canonicalNTriples, graphHash } from '../../../src/rdf/ntriples.js';
import { uuidV3 } from '../../../src/rdf/uuid-v3.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

// LDES pages bounded by what they hold, not only by their count of members: a page ends once its member
// graphs pass the page's triple budget (always with one member at least), and each record's versions are
// replayed once per page, not once per member (a page of 240 versions of one record took 56 s).

const { namedNode, literal, quad } = DataFactory;
const BASE = 'https://katalog.test';
const IRI = 'https://data.example.no/datasett/vipp';
const KEYWORDS = 50;

let dir: string;
let store: SqliteStore;
const servers: Server[] = [];

/** Version i of the record: a title and KEYWORDS keywords that all change from one version to the next. */
function version(i: number): RecordWrite {
  const s = namedNode(IRI);
  const quads: Quad[] = [quad(s, namedNode(RDF.type), namedNode(DCAT.Dataset)), quad(s, namedNode(DCT.title), literal(`Vipp ${i}`, 'nb'))];
  for (let k = 0; k < KEYWORDS; k++) quads.push(quad(s, namedNode(DCAT.keyword), literal(`ord ${i}-${k}`, 'nb')));
  const graph = canonicalNTriples(quads);
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return { id: uuidV3(IRI), iri: IRI, kind: 'dataset', sourceId: 'agency', catalogId: null, hash: graphHash(graph), status: 'published', issued: at, modified: at, graph, validation: null };
}

/** The store, counting the calls that read a record's deltas. */
function counting(inner: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key === 'versionDeltas' || key === 'versionGraph') {
        return (...args: unknown[]) => {
          reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { store, reads: () => reads };
}

async function serve(s: Store, options: { pageSize?: number; pageTriples?: number }): Promise<string> {
  const app = express();
  app.use(ldesRouter({ store: s, baseUrl: BASE, retentionMs: 0, ...options }));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Page {
  readonly members: string[];
  readonly next: string | undefined;
  readonly graphOf: (member: string) => string;
}

async function pageAt(origin: string, url: string): Promise<Page> {
  const res = await fetch(`${origin}${new URL(url).pathname}${new URL(url).search}`, { headers: { Accept: 'application/n-quads' } });
  expect(res.status).toBe(200);
  const quads = new Parser({ format: 'application/n-quads' }).parse(await res.text());
  const members = quads.filter((q) => q.predicate.value === TREE.member).map((q) => q.object.value);
  const relation = quads.find((q) => q.predicate.value === TREE.relation)?.object;
  const next = relation === undefined ? undefined : quads.find((q) => q.subject.equals(relation) && q.predicate.value === TREE.node)!.object.value;
  const graphOf = (member: string) => canonicalNTriples(quads.filter((q) => q.graph.value === member).map((q) => quad(q.subject, q.predicate, q.object)));
  return { members, next, graphOf };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dk-ldes-pages-'));
  store = SqliteStore.open({ dataDir: dir });
  for (let i = 1; i <= 40; i++) await store.writeRecords([version(i)]);
});

afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('LDES pages', () => {
  it("replay each record's versions once per page, and give each member the graph of its version", async () => {
    const { store: watched, reads } = counting(store);
    const origin = await serve(watched, { pageSize: 40 });
    const page = await pageAt(origin, `${BASE}/ldes/page?after=0`);
    expect(page.members).toHaveLength(40);
    expect(reads()).toBe(1);
    for (const i of [1, 17, 40]) expect(page.graphOf(`${BASE}/datasets/${uuidV3(IRI)}?version=${i}`)).toBe(version(i).graph);
  });

  it('end once their member graphs pass the triple budget, and the next page begins after the last member', async () => {
    const perVersion = KEYWORDS + 2;
    const origin = await serve(store, { pageSize: 40, pageTriples: 5 * perVersion - 1 });
    const seen: string[] = [];
    let url: string | undefined = `${BASE}/ldes/page?after=0`;
    const sizes: number[] = [];
    while (url !== undefined) {
      const page = await pageAt(origin, url);
      sizes.push(page.members.length);
      seen.push(...page.members);
      url = page.next;
    }
    // Five members take a page past the budget: each page holds five, the last the rest.
    expect(sizes).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
    // Every version once, in order from page to page (the writer sorts the quads within a page).
    const versions = seen.map((m) => Number(/version=(\d+)$/.exec(m)![1]));
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (let p = 0; p < 8; p++) expect(Math.min(...versions.slice(p * 5, p * 5 + 5))).toBe(p * 5 + 1);
    // A budget below one member still gives one per page.
    const one = await pageAt(await serve(store, { pageSize: 40, pageTriples: 1 }), `${BASE}/ldes/page?after=0`);
    expect(one.members).toHaveLength(1);
    expect(one.next).toBeDefined();
  });
});
