import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { Parser, type Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldesRouter } from '../../../src/http/routes/ldes.js';
import { LDES, RDF, TREE, XSD } from '../../../src/rdf/namespaces.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

// The retention policy the LDES states (issue 11: "paged by time, with the retention policy stated"),
// in the terms of LDES 1.0: on the view, `ldes:retentionPolicy` naming an `ldes:RetentionPolicy` with
// `ldes:fullLogDuration` (every member younger than HISTORY_RETENTION is kept) and `ldes:versionAmount 1`
// (beyond it, the latest version of each record); the view is then an `ldes:EventSource`.

const BASE = 'https://katalog.test';
const YEAR_MS = 365 * 24 * 3600 * 1000;

let dir: string;
let store: SqliteStore;
const servers: Server[] = [];

async function serve(retentionMs: number): Promise<string> {
  const app = express();
  app.use(ldesRouter({ store, baseUrl: BASE, retentionMs }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function viewOf(origin: string): Promise<{ quads: Quad[]; view: string; of: (s: string, p: string) => Quad['object'][] }> {
  const res = await fetch(`${origin}/ldes`, { headers: { Accept: 'application/trig' } });
  expect(res.status).toBe(200);
  const quads = new Parser({ format: 'application/trig' }).parse(await res.text());
  const of = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
  const stream = quads.find((q) => q.predicate.value === RDF.type && q.object.value === LDES.EventStream)!.subject.value;
  return { quads, view: of(stream, TREE.view)[0]!.value, of };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dk-ldes-retention-'));
  store = SqliteStore.open({ dataDir: dir });
});

afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the LDES retention policy', () => {
  it('states HISTORY_RETENTION on the view as an LDES 1.0 retention policy', async () => {
    const { view, of } = await viewOf(await serve(YEAR_MS));
    expect(of(view, RDF.type).map((t) => t.value)).toEqual(expect.arrayContaining([TREE.Node, LDES.EventSource]));
    const [policy] = of(view, LDES.retentionPolicy);
    expect(policy).toBeDefined();
    expect(of(policy!.value, RDF.type).map((t) => t.value)).toEqual([LDES.RetentionPolicy]);
    const [duration] = of(policy!.value, LDES.fullLogDuration);
    expect(duration).toMatchObject({ termType: 'Literal', value: 'PT31536000S', datatype: { value: XSD.duration } });
    const [amount] = of(policy!.value, LDES.versionAmount);
    expect(amount).toMatchObject({ termType: 'Literal', value: '1', datatype: { value: XSD.integer } });
  });

  it('states no policy when everything is kept (the default), and says so', async () => {
    const { view, of } = await viewOf(await serve(0));
    expect(of(view, LDES.retentionPolicy)).toEqual([]);
    expect(of(view, RDF.type).map((t) => t.value)).not.toContain(LDES.EventSource);
  });
});
